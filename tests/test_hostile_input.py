"""No traceback anywhere: every command, fed hostile file contents and file-system states, answers with located Chinese messages.

Each case writes one hostile thing beside the real seed record and says which file the
message must name and what it must say. ``check`` runs every case in-process (the
command's own ``main``, as the console script calls it); ``mkdocs build`` runs a selection
in a subprocess, as a maintainer would; ``diff``, ``freeze``, ``import`` and ``generate``
get the cases that reach them.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from budgetsite import cli, limits
from conftest import SEED_RECORD, run_build, write_site_config

SEED = SEED_RECORD.read_text(encoding="utf-8")
PROJECT = "130821212EHVWVXYA137X"
LOCATED = re.compile(r"\S+:\d+:\d+: ")


def other(code: str, text: str | None = None) -> str:
    """A second, fictional record of 2021 with unit code ``code``."""
    out = (text or SEED).replace('code: "711001"', f'code: "{code}"')
    return out.replace("130821212", f"X{code}"[:9].ljust(9, "0"))


def bomb() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


Setup = Callable[[Path], None]


def write(rel: str, content: str | bytes) -> Setup:
    def setup(data: Path) -> None:
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return setup


def symlink(rel: str, target: str) -> Setup:
    def setup(data: Path) -> None:
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else data / target, data / rel)
    return setup


def mkdir(rel: str) -> Setup:
    return lambda data: (data / rel).mkdir(parents=True)


def remove_data(data: Path) -> None:
    shutil.rmtree(data)


# (id, setup, the file the message names, what it says)
CASES: list[tuple[str, Setup, str, str]] = [
    ("binary", write("2021/712001.yaml", b"\x00\x01\x02\xffPK\x03\x04" * 100), "2021/712001.yaml:1:1", "二进制"),
    ("gbk", write("2021/712001.yaml", "department: 示例县财政局\n".encode("gbk")), "2021/712001.yaml:1:1", "GBK"),
    ("utf16", write("2021/712001.yaml", "department: 示例\n".encode("utf-16")), "2021/712001.yaml:1:1", "UTF-16"),
    ("empty", write("2021/712001.yaml", b""), "2021/712001.yaml:1:1", "文件为空"),
    ("huge file", write("2021/712001.yaml", b"department: " + b"x" * 10_000_000), "2021/712001.yaml:1:1", "文件过大"),
    ("long field", write("2021/712001.yaml", other("712001").replace("department: 承德县总工会", "department: " + "长" * 100_000)),
     "2021/712001.yaml:5:13", f"超过单个字段的上限 {limits.MAX_TEXT_CHARS:,} 个字符"),
    ("deep flow", write("2021/712001.yaml", "a: " + "[" * 1000 + "]" * 1000 + "\n"), "2021/712001.yaml:1:", "嵌套过深"),
    ("deep block", write("2021/712001.yaml", "".join("  " * i + f"k{i}:\n" for i in range(1000))), "2021/712001.yaml:", "嵌套层次过深"),
    ("alias bomb", write("2021/712001.yaml", bomb()), "2021/712001.yaml:1:4", "不允许锚点和别名"),
    ("huge year", write("2021/712001.yaml", other("712001").replace("year: 2021", "year: " + "9" * 4400)), "2021/712001.yaml:3:7", "超过数字的上限 24 个字符"),
    ("ansi", write("2021/712001.yaml", other("712001").replace("department: 承德县总工会", "department: \x1b[2J\x1b[32m检查通过")),
     "2021/712001.yaml:5:13", "ESC"),
    ("escaped ansi", write("2021/712001.yaml", other("712001").replace("department: 承德县总工会", 'department: "\\e[2J检查通过"')),
     "2021/712001.yaml:5:13", "ESC"),
    ("bidi", write("2021/712001.yaml", other("712001").replace("department: 承德县总工会", "department: 承德\u202e县总工会")),
     "2021/712001.yaml:5:15", "U+202E"),
    ("zero width", write("2021/712001.yaml", other("712001").replace("department: 承德县总工会", "department: 承德\u200b县总工会")),
     "2021/712001.yaml:5:15", "零宽空格"),
    ("lone cr", write("2021/712001.yaml", other("712001").replace("department: 承德县总工会", "department: 承德\r县总工会")),
     "2021/712001.yaml:5:15", "回车符"),
    ("symlinked file", symlink("2021/712001.yaml", "/etc/passwd"), "2021/712001.yaml:1:1", "符号链接"),
    ("symlinked year", symlink("2020", "2021"), "2020:1:1", "符号链接"),
    ("folder named like a file", mkdir("2021/712001.yaml"), "2021/712001.yaml:1:1", "是文件夹"),
    (".yml beside .yaml", write("2021/711001.yml", SEED), "2021/711001.yml:1:1", "扩展名“.yml”不对"),
    (".YAML", write("2021/712001.YAML", other("712001")), "2021/712001.YAML:1:1", "扩展名“.YAML”不对"),
    ("second extension", write("2021/712001.bak.yaml", other("712001")), "2021/712001.bak.yaml:1:1", "两个扩展名"),
    ("stray file", write("README.txt", "说明"), "README.txt:1:1", "不在年度文件夹中"),
    ("non-ASCII year", write("\u0662\u0660\u0662\u0661/712001.yaml", other("712001")), ":1:1", "不是年度文件夹"),
    ("undecodable name", lambda data: (data / "2021" / os.fsdecode(b"\xff.yaml")).write_text(SEED, encoding="utf-8"),
     "2021/\\udcff.yaml:1:1", "不是合法的单位编码"),
    ("unit code index", write("2021/index.yaml", other("index")), "2021/index.yaml:1:1", "网站自用的名称"),
    ("unit code is a year", write("2021/2021.yaml", other("2021")), "2021/2021.yaml:1:1", "四位数字"),
    ("codes differing in case", lambda data: [write("2021/ab1.yaml", other("ab1"))(data), write("2021/AB1.yaml", other("AB1"))(data)],
     "2021/ab1.yaml:", "不区分大小写"),
    ("project code takes a section anchor", lambda data: (data / "2021" / "711001.yaml").write_text(SEED.replace(PROJECT, "part-1"), encoding="utf-8"),
     "2021/711001.yaml:", "冲突"),
    ("missing data dir", remove_data, "data:1:1", "数据文件夹不存在"),
]
IDS = [c[0] for c in CASES]
# A selection for the slower end-to-end build: one of each kind of refusal.
BUILD_CASES = {"binary", "deep flow", "alias bomb", "ansi", "symlinked file", "folder named like a file", "unit code index", "missing data dir"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "2021").mkdir(parents=True)
    shutil.copy(SEED_RECORD, data / "2021" / "711001.yaml")
    return data


def assert_refused(output: str, where: str, fragment: str) -> None:
    assert "Traceback" not in output, output
    assert "\x1b" not in output and "\u202e" not in output and "\r" not in output, repr(output)
    assert LOCATED.search(output), output
    line = next((x for x in output.splitlines() if where in x and fragment in x), None)
    assert line is not None, f"no line with {where!r} and {fragment!r} in:\n{output}"


@pytest.mark.parametrize(("setup", "where", "fragment"), [c[1:] for c in CASES], ids=IDS)
def test_check_refuses_with_a_located_message(data: Path, setup: Setup, where: str, fragment: str,
                                               capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data.parent)
    setup(data)
    code = cli.main(["check", "data", "--no-review"])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "检查通过" not in out
    if setup is remove_data:  # no line to point at: the folder is named, with the command to type
        assert "Traceback" not in err and "找不到数据文件夹“data”" in err and "bin/budgetsite check data" in err
        return
    assert_refused(err, where, fragment)


def test_check_of_the_seed_alone_passes(data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases above fail because of what they add: the same folder without it passes."""
    monkeypatch.chdir(data.parent)
    assert cli.main(["check", "data", "--no-review"]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_an_unreadable_record_is_named(data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, whom file permissions do not stop: the refusal the kernel would give is simulated.
    real_open = os.open

    def deny(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("711001.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.chdir(data.parent)
    monkeypatch.setattr(os, "open", deny)
    assert cli.main(["check", "data"]) == 1
    assert_refused(capsys.readouterr().err, "data/2021/711001.yaml:1:1", "没有读取权限")


@pytest.mark.parametrize(("setup", "where", "fragment"), [c[1:] for c in CASES if c[0] in BUILD_CASES],
                         ids=[i for i in IDS if i in BUILD_CASES])
def test_mkdocs_build_refuses_with_a_located_message_and_leaves_no_site(tmp_path: Path, data: Path, setup: Setup, where: str, fragment: str) -> None:
    config = write_site_config(tmp_path, data)
    setup(data)
    result = run_build(config)
    assert result.returncode == 1, result.stderr[-2000:]
    assert_refused(result.stderr, where.removeprefix("data"), fragment)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("case", ["binary", "alias bomb", "huge file", "folder named like a file", "symlinked file", "ansi"])
def test_diff_refuses_with_a_located_message(data: Path, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, setup, where, fragment = CASES[IDS.index(case)]
    monkeypatch.chdir(data.parent)
    setup(data)
    assert cli.main(["diff", "data/2021/711001.yaml", "data/2021/712001.yaml"]) == 1
    assert_refused(capsys.readouterr().err, where, fragment)


def test_diff_of_a_missing_file_is_a_message(data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data.parent)
    assert cli.main(["diff", "data/2021/711001.yaml", "nope.yaml"]) == 1
    assert_refused(capsys.readouterr().err, "nope.yaml:1:1", "文件不存在")


def test_freeze_refuses_hostile_data_and_a_read_only_folder_without_half_a_manifest(
        data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data.parent)
    write("2021/712001.yaml", bomb())(data)
    assert cli.main(["freeze", "2021", "--data", "data"]) == 1
    assert_refused(capsys.readouterr().err, "2021/712001.yaml:1:4", "不允许锚点和别名")
    (data / "2021" / "712001.yaml").unlink()

    import budgetsite.frozen_store as store

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EROFS, "Read-only file system", str(data / "2021"))

    monkeypatch.setattr(store.tempfile, "mkstemp", read_only)
    assert cli.main(["freeze", "2021", "--data", "data"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "文件系统是只读的" in err and "data/2021" in err
    assert not (data / "2021" / "manifest.json").exists()
    assert sorted(p.name for p in (data / "2021").iterdir() if p.name != "frozen") == ["711001.yaml"]
    assert not any((data / "2021" / "frozen").glob("*"))


def test_freeze_of_a_year_without_records_or_a_missing_folder(data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data.parent)
    assert cli.main(["freeze", "2030", "--data", "data"]) == 1
    assert_refused(capsys.readouterr().err, "data/2030:1:1", "没有任何记录")
    assert cli.main(["freeze", "2021", "--data", "nowhere"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "找不到数据文件夹“nowhere”" in err  # a folder that is not there has no line to point at


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "无法导入"),
    (b"\x00\x01binary\xff" * 50, "无法导入"),
    ("部门预算绩效文本".encode("gbk"), "无法导入"),
])
def test_import_refuses_hostile_files_without_a_traceback(tmp_path: Path, content: bytes, fragment: str,
                                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "文本.txt"
    path.write_bytes(content)
    assert cli.main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and fragment in err and "文本.txt" in err
    assert not (tmp_path / "data").exists()


def test_import_refuses_a_huge_file_by_its_size_and_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(cli.MAX_IMPORT_BYTES + 1)  # sparse: the size is refused before a byte is read
    assert cli.main(["import", str(huge)]) == 1
    assert "超过上限" in capsys.readouterr().err
    assert cli.main(["import", str(tmp_path)]) == 1
    assert "不是普通文件" in capsys.readouterr().err


def test_generate_refuses_a_file_as_its_folder_and_absurd_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    assert cli.main(["generate", "--docs", "2", "--out", str(target)]) == 1
    assert "不是文件夹" in capsys.readouterr().err
    assert cli.main(["generate", "--docs", "-5", "--out", str(tmp_path / "out")]) == 1
    assert cli.main(["generate", "--docs", str(10**12), "--out", str(tmp_path / "out")]) == 1
    assert "--docs 应在" in capsys.readouterr().err


def test_an_unexpected_failure_is_a_sentence_not_a_traceback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(args: object) -> int:
        raise RecursionError("maximum recursion depth exceeded")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["check"].set_defaults(func=broken)  # type: ignore[union-attr]
    assert cli.main(["check", "data"]) == 3
    err = capsys.readouterr().err
    assert "程序内部错误（RecursionError" in err and "Traceback" not in err


def test_every_limit_is_documented_for_the_staff() -> None:
    manual = (Path(__file__).parent.parent / "manual" / "data-entry.md").read_text(encoding="utf-8")
    section = manual.split("## 输入限制", 1)[1].split("\n## ", 1)[0]
    for value in (f"{limits.MAX_FILE_BYTES:,} 字节", f"{limits.MAX_TEXT_CHARS:,} 个字符", f"| {limits.MAX_CODE_CHARS} 个字符",
                  f"| {limits.MAX_DEPTH} 层", "| 0 个", f"| {limits.MAX_NUMBER_CHARS} 个字符"):
        assert value in section, value
