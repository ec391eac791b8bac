"""The page ``mkdocs serve`` shows in place of the site while the data cannot be built.

A clerk who saves a bad edit looks at the browser, not at the terminal: the page names
every problem (file, line, field, what to do) and reloads itself once the file is fixed.
"""

from __future__ import annotations

from ..errors import RecordError
from .escape import h

# MkDocs' live-reload endpoint answers /livereload/<epoch>/<id> once the site's epoch
# passes <epoch>. Epoch 0 answers at once with the current one; waiting on that one
# answers after the next successful build, and the page reloads into the fixed site.
RELOAD_SCRIPT = """(function () {
  var epoch = 0;
  function poll() {
    fetch("/livereload/" + epoch + "/0").then(function (r) { return r.text(); }).then(function (text) {
      var now = parseInt(text, 10);
      if (epoch && now > epoch) { location.reload(); return; }
      epoch = now || epoch;
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();"""


def render_error_page(errors: list[RecordError], *, reload: bool = True) -> str:
    """A standalone HTML page (no theme, no other file needed) listing every error."""
    files = len({e.file for e in errors})
    rows = "\n".join(
        f"<tr><td><code>{h(e.file)}</code></td><td>{e.line}</td><td>{e.column}</td>"
        f"<td><code>{h(e.field)}</code>{'<br>' + h(e.context) if e.context else ''}</td><td>{h(e.message)}</td></tr>"
        for e in errors
    )
    script = f"<script>{RELOAD_SCRIPT}</script>" if reload else ""
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>网站未能生成：数据文件有 {len(errors)} 处错误</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; line-height: 1.6; color: #222; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
</style>
</head>
<body>
<h1 id="bs-build-error">网站未能生成：数据文件有 {len(errors)} 处错误（涉及 {files} 个文件）</h1>
<p>请按下表逐条修改数据文件并保存；保存后网站自动重新生成，本页会自动刷新。终端中运行 <code>bin/budgetsite check data</code> 可看到同样的清单。</p>
<table>
<thead><tr><th>文件</th><th>行</th><th>列</th><th>字段</th><th>说明</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
{script}
</body>
</html>
"""
