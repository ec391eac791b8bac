"""Issue 12, done when: a new user on a copy of the repository follows README and the staff manual to add a
department, make the four classic mistakes and fix each from one run of `check`, publish, freeze, publish a
correction with a reason, and see the public page and the manifest agree. Every command run here is taken
from the documents (manual/data-entry.md, manual/corrections.md) and run as written, from a new shell
(no activated environment), through the bin/ wrappers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED_RECORD

pytestmark = pytest.mark.slow

MANUAL = REPO / "manual"
FILE = "data/2021/799001.yaml"  # 示例县示例局: the fictional department of the manual
IN_VENV = sys.prefix != sys.base_prefix  # outside a virtual environment sys.prefix is /usr: PATH is kept whole


def blocks(page: str) -> list[list[str]]:
    """The ```bash blocks of a manual page, in order, as lists of command lines."""
    text = (MANUAL / page).read_text(encoding="utf-8")
    return [[ln.strip() for ln in block.strip().splitlines()] for block in re.findall(r"```bash\n(.*?)```", text, re.S)]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The repository's files as a fresh clone has them (committed, one commit), with its .venv."""
    root = tmp_path / "budgetsite"
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file():
            dst = root / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
            dst.chmod(src.stat().st_mode)
    (root / ".venv").symlink_to(Path(sys.prefix))  # what `bash scripts/site.sh` installs
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "clone"]):
        run(root, "git " + " ".join(args))
    return root


def run(root: Path, command: str, *, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """A command as a clerk types it in a new shell: no virtual environment on PATH."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if not (IN_VENV and p.startswith(sys.prefix)))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PATH=path, GIT_AUTHOR_NAME="示例", GIT_AUTHOR_EMAIL="clerk@example.invalid", GIT_COMMITTER_NAME="示例",
               GIT_COMMITTER_EMAIL="clerk@example.invalid", SITE_URL="http://127.0.0.1:8000/")
    result = subprocess.run(command, shell=True, cwd=root, env=env, capture_output=True, text=True)
    if ok:
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def new_department() -> str:
    """The seed copied as the manual says, names changed to the fictional 示例县示例局, with the four classic mistakes."""
    text = SEED_RECORD.read_text(encoding="utf-8")
    text = (text.replace("status: 草案", "status: 正式").replace("承德县总工会", "示例县示例局")
            .replace("name: 破产、改制企业退休劳动模范荣誉津贴", "name: 示例项目一").replace("name: 市级劳动模范春节慰问资金", "name: 示例项目二")
            .replace("code: 130821212EHVWVXYA137X", "code: 799001A01"))
    # 1. unit.code left as in the copied file; 2. 万元 typed into an amount; 3. the first project's code kept for
    # the second; 4. 财政资金 + 其他资金 ≠ 预算数.
    text = text.replace("      total: 5.00\n", "      total: 5万元\n", 1)
    text = text.replace("code: 130821215ZG8SLNX0HFWL", "code: 799001A01")
    return text.replace("      fiscal: 20.00\n", "      fiscal: 18.00\n", 1)


def fixed(text: str) -> str:
    """Each mistake fixed as its message says."""
    return (text.replace('code: "711001"', 'code: "799001"').replace("total: 5万元", "total: 5.00")
            .replace("code: 799001A01\n    name: 示例项目二", "code: 799001A02\n    name: 示例项目二").replace("fiscal: 18.00", "fiscal: 20.00"))


def shape(output: str) -> list[str]:
    """Check output with line and column numbers taken out (the manual says they depend on the file)."""
    return [re.sub(r"第 \d+ 行", "第 N 行", re.sub(r":\d+:\d+:", ":L:C:", ln)).rstrip() for ln in output.strip().splitlines()]


def test_a_clerks_day_from_the_documents(clone: Path) -> None:
    entry = blocks("data-entry.md")
    assert entry == [["bin/budgetsite check data"], ["bin/mkdocs build"]]
    check, build = entry[0][0], entry[1][0]
    # A new shell knows no bare `budgetsite`: the documents never use it, the bin/ wrappers work.
    if IN_VENV:
        assert run(clone, "budgetsite --help", ok=False).returncode != 0
    assert "检查通过" in run(clone, check).stdout

    # Add a department with the four classic mistakes: one run of check names all four.
    (clone / FILE).write_text(new_department(), encoding="utf-8")
    first = run(clone, check, ok=False)
    assert first.returncode == 1
    report = first.stderr
    assert f"{FILE}:7:9: 字段 unit.code：单位编码（unit.code）为“711001”，但文件名是 799001.yaml" in report
    assert "字段 projects[0].budget.total（第 1 个项目“示例项目一”）" in report and "去掉“万元”" in report
    assert "字段 projects[1].code（第 2 个项目“示例项目二”）：项目编码“799001A01”与第" in report
    assert "错误 [budget-sum] projects[1].budget.total（第 2 个项目“示例项目二”）" in report
    # The manual shows this very output (line numbers aside).
    sample = re.search(r"一次 `bin/budgetsite check data` 也会全部列出.*?```\n(.*?)```", (MANUAL / "data-entry.md").read_text(encoding="utf-8"), re.S)
    assert sample is not None and shape(sample.group(1)) == shape(report)

    # Fixed from that one run: the next run passes.
    (clone / FILE).write_text(fixed(new_department()), encoding="utf-8")
    assert run(clone, check).stdout.startswith("检查通过：2 个文件，1 个年度，4 个项目。")

    # Publish.
    run(clone, build)
    page = (clone / "site" / "2021" / "799001" / "index.html").read_text(encoding="utf-8")
    assert "示例县示例局" in page and "示例项目二" in page

    # Freeze, then publish a correction, each command taken from manual/corrections.md in its order.
    freeze, commit_freeze, revise, publish, commit_fix = blocks("corrections.md")
    assert freeze == ["bin/budgetsite freeze 2021"]
    frozen = run(clone, freeze[0])
    assert "状态（status）是“草案”：2021/711001.yaml" in frozen.stderr  # point 8: the seed is a 草案
    for command in commit_freeze:
        run(clone, command)
    steps = (MANUAL / "corrections.md").read_text(encoding="utf-8")
    assert "把第 1 个项目 `budget` 下的 `total: 5.00` 和 `fiscal: 5.00` 都改为 `6.00`" in steps
    record = clone / FILE
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("      total: 5.00\n      fiscal: 5.00\n", "      total: 6.00\n      fiscal: 6.00\n", 1), encoding="utf-8")
    refused = run(clone, check, ok=False)
    assert refused.returncode == 1 and "没有新增修订记录" in refused.stderr  # as the page says
    assert revise[0].startswith("bin/budgetsite revise data/2021/799001.yaml --reason ")
    written = run(clone, revise[0])
    assert "projects[799001A01].budget.total：“5.00” → “6.00”" in written.stdout
    assert "note: \"根据县财政局批复调整预算数\"" in record.read_text(encoding="utf-8")
    for command in publish:
        run(clone, command)
    for command in commit_fix:
        run(clone, command)

    # The public page and the manifest agree with the data, and with each other.
    page = (clone / "site" / "2021" / "799001" / "index.html").read_text(encoding="utf-8")
    assert "根据县财政局批复调整预算数" in page and "6.00" in page
    published = (clone / "site" / "2021" / "manifest.json").read_bytes()
    assert published == (clone / "data" / "2021" / "manifest.json").read_bytes()
    manifest = json.loads(published)
    entry_799001 = next(e for e in manifest["records"] if e["file"] == "2021/799001.yaml")
    import hashlib

    assert entry_799001["sha256"] == hashlib.sha256(record.read_bytes()).hexdigest() and entry_799001["revisions"] == 1
    files = {f["path"]: f["sha256"] for f in manifest["files"]}
    for path, digest in files.items():
        assert hashlib.sha256((clone / "site" / path).read_bytes()).hexdigest() == digest, path
    assert run(clone, "git status --porcelain").stdout.strip() == ""  # everything the clerk changed is committed


def test_revise_refuses_placeholder_reasons_and_writes_nothing(clone: Path) -> None:
    (clone / FILE).write_text(fixed(new_department()), encoding="utf-8")
    run(clone, "git add -A && git commit -qm add")
    record = clone / FILE
    changed = record.read_text(encoding="utf-8").replace("      total: 5.00\n      fiscal: 5.00\n", "      total: 6.00\n      fiscal: 6.00\n", 1)
    record.write_text(changed, encoding="utf-8")
    for reason in ("修改", "无", "xxx", "TODO", ""):
        refused = run(clone, f'bin/budgetsite revise {FILE} --reason "{reason}"', ok=False)
        assert refused.returncode == 1 and "未写入修订记录" in refused.stderr and "为什么修改" in refused.stderr
        assert record.read_text(encoding="utf-8") == changed
    unchanged = run(clone, 'bin/budgetsite revise data/2021/711001.yaml --reason "根据县财政局批复调整预算数"', ok=False)
    assert unchanged.returncode == 1 and "没有不同" in unchanged.stderr
