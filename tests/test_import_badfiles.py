"""Files that are not a document give a clear Chinese reason and exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_TEXT, run_cli


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty.txt: 文件是空的，没有可导入的内容。"),
    ("blank.txt", b"\n \n\t\n", "blank.txt: 文件是空的，没有可导入的内容。"),
    ("binary.txt", bytes(range(256)) * 4, "binary.txt: 不是文本文件（第 2 行起是二进制内容），也不是 Word .docx；请导入 .docx 或 UTF-8 文本导出。"),
    ("gbk.txt", SEED_TEXT.read_text(encoding="utf-8").encode("gbk"),
     "gbk.txt: 文件不是 UTF-8 编码（看起来是 GBK（GB2312/GB18030）编码，第 3 行起无法按 UTF-8 读取）；请用记事本等编辑器“另存为”UTF-8 编码后再导入。"),
    ("utf16.txt", SEED_TEXT.read_text(encoding="utf-8").encode("utf-16"), "utf16.txt: 文件是 UTF-16 编码，请另存为 UTF-8 编码的文本后再导入。"),
    ("fake.docx", "承德县总工会部门".encode(),
     "fake.docx: 不是有效的 Word .docx 文件（文件不是 zip 格式，可能已损坏或只是改了扩展名）；请在 Word 中“另存为”.docx 后再导入。"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "old.doc: 这是旧版 Word .doc 文件，无法直接读取；请在 Word 中“另存为”.docx 或 UTF-8 文本后再导入（旧版 Excel 文件请使用 .xls 扩展名）。"),
    ("damaged.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "damaged.xls: Excel 文件已损坏或无法读取（CalamineError: Cannot detect file format）；请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。"),
    ("cut.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
     "cut.pdf: PDF 文件已损坏、加密或无法读取（PdfminerException）；请导入原始的 Word/Excel 文件，或其文本导出。"),
    ("notes.txt", "会议纪要\n\n今天讨论了预算。\n".encode(),
     "notes.txt: 找不到正文“第一部分”标题（部门整体绩效目标），也找不到单独的项目表（“项目名称”栏和“一级指标”表头），无法确定文本结构；"
     "请确认导入的是部门预算绩效文本或项目支出绩效目标表"),
])
def test_bad_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    write(tmp_path, name, data)
    result = run_cli("import", name, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[1:] == [f"  {message}"]
    assert not (tmp_path / "data").exists()


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("import", "nowhere.docx", cwd=tmp_path)
    assert result.returncode == 1 and "nowhere.docx: 文件不存在，请检查文件名和所在文件夹。" in result.stderr


def test_a_damaged_docx(tmp_path: Path) -> None:
    # A zip that ends early (a truncated download).
    import docx

    path = tmp_path / "ok.docx"
    docx.Document().save(str(path))
    cut = write(tmp_path, "cut.docx", path.read_bytes()[:200])
    result = run_cli("import", cut.name, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cut.docx: " in result.stderr and "docx" in result.stderr.splitlines()[1]
