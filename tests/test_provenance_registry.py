"""A published year cannot lose its manifest silently: the registry of frozen years, and the site a build replaces.

An editor who deletes a frozen year's manifest, its store of frozen versions, the registry
(data/frozen-years.json) or any two of them, or edits the registry, is stopped by
`bin/budgetsite check`, `bin/budgetsite freeze` and `bin/mkdocs build`, each naming the file and
line and the command that restores it; with all three deleted, the data no longer says the year
was frozen, and the site the build would replace does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from budgetsite import names
from budgetsite.build import PlanOptions, freeze_year, plan_build
from budgetsite.errors import RecordsInvalid
from budgetsite.frozen_registry import REGISTRY_FORMAT, registry_file
from budgetsite.frozen_store import store_dir
from budgetsite.provenance import sha256
from budgetsite.routes import manifest_file
from conftest import REVISION, make_data_dir, plan_errors, run_build, run_cli, write_site_config

SEED = "2021/711001.yaml"
CHANGED = ("      total: 5.00\n", "      total: 6.00\n")  # a frozen record changed without a revision


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = make_data_dir(tmp_path)
    freeze_year(data, 2021, "2024-03-01")
    return data


def change_record(data: Path) -> None:
    path = data / SEED
    text = path.read_text(encoding="utf-8")
    assert text.count(CHANGED[0]) == 1
    path.write_text(text.replace(*CHANGED), encoding="utf-8")


def registry_line(data: Path, year: int) -> int:
    return next(n for n, line in enumerate(registry_file(data).read_text(encoding="utf-8").splitlines(), start=1) if f'"{year}"' in line)


def refused_everywhere(data: Path) -> list[str]:
    """`check` and `freeze` both exit 1 and write nothing: their reports."""
    manifest = manifest_file(data, 2021)
    before = manifest.read_bytes() if manifest.exists() else None
    check = run_cli("check", str(data), "--no-review")
    freeze = run_cli("freeze", "2021", "--data", str(data), "--date", "2024-05-01")
    assert check.returncode == 1 and freeze.returncode == 1, (check.stdout, check.stderr)
    assert "Traceback" not in check.stderr + freeze.stderr
    assert (manifest.read_bytes() if manifest.exists() else None) == before
    return [check.stderr, freeze.stderr]


def test_freeze_registers_each_frozen_year_with_its_manifests_sha256_one_line_each(data: Path) -> None:
    doc = json.loads(registry_file(data).read_text(encoding="utf-8"))
    assert doc == {"format": REGISTRY_FORMAT, "years": {"2021": sha256(manifest_file(data, 2021).read_bytes())}}
    freeze_year(data, 2022, "2024-03-02")
    text = registry_file(data).read_text(encoding="utf-8")
    assert json.loads(text)["years"] == {str(y): sha256(manifest_file(data, y).read_bytes()) for y in (2021, 2022)}
    assert registry_line(data, 2021) + 1 == registry_line(data, 2022)
    # A re-freeze moves its own line only.
    before = text.splitlines()
    path = data / SEED
    path.write_text(path.read_text(encoding="utf-8").replace(*CHANGED) + REVISION, encoding="utf-8")
    freeze_year(data, 2021, "2024-04-02")
    after = registry_file(data).read_text(encoding="utf-8").splitlines()
    assert [n for n, (a, b) in enumerate(zip(before, after), start=1) if a != b] == [registry_line(data, 2021)]
    assert plan_errors(data) == []
    # The registry is a file the data folder expects, not a stray one.
    _, errors = names.data_files(data)
    assert errors == []


def test_a_deleted_manifest_is_refused_by_check_and_freeze_naming_the_registry_line(data: Path) -> None:
    manifest_file(data, 2021).unlink()
    change_record(data)  # what the deletion would otherwise let through
    line = registry_line(data, 2021)
    for report in refused_everywhere(data):
        assert f"{registry_file(data)}:{line}:1: 2021 年已冻结" in report
        assert "冻结清单不见了" in report and f"git checkout -- {data}/2021" in report
        assert report.count("冻结清单不见了") == 1  # one cause, one message (frozen/ is still there)


def test_a_deleted_manifest_and_store_are_refused_the_same_way(data: Path) -> None:
    manifest_file(data, 2021).unlink()
    shutil.rmtree(store_dir(data, 2021))
    change_record(data)
    for report in refused_everywhere(data):
        assert f"{registry_file(data)}:{registry_line(data, 2021)}:1:" in report and "冻结清单不见了" in report
    # Without the registry, nothing in the data would say 2021 was frozen: the change would publish.
    registry_file(data).unlink()
    assert plan_errors(data) == []


@pytest.mark.parametrize("edit", ["digest", "drop year", "delete", "garbage"])
def test_an_edited_or_deleted_registry_is_refused(data: Path, edit: str) -> None:
    path = registry_file(data)
    doc = json.loads(path.read_text(encoding="utf-8"))
    if edit == "digest":  # someone edits the manifest and "fixes" the registry by hand, but not to the manifest's hash
        doc["years"]["2021"] = "0" * 64
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        expected = [f"{path}:{registry_line(data, 2021)}:1:", "SHA-256 与登记的不同", f"git checkout -- {manifest_file(data, 2021)} {path}"]
    elif edit == "drop year":
        doc["years"] = {}
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        expected = [f"{manifest_file(data, 2021)}:1:1:", "冻结年度登记表", "中没有它", f"git checkout -- {path}"]
    elif edit == "delete":
        path.unlink()
        expected = [f"{manifest_file(data, 2021)}:1:1:", "中没有它", f"git checkout -- {path}"]
    else:
        path.write_text('{"format": "budgetsite-frozen-years/1", "years": {"2021": "abc"}}', encoding="utf-8")
        expected = [f"{path}:1:1:", "不是 bin/budgetsite freeze 写出的冻结年度登记表", f"git checkout -- {path}"]
    check = run_cli("check", str(data), "--no-review")
    assert check.returncode == 1 and len(check.stderr.strip().splitlines()) == 2, check.stderr  # the report's head and one error: one cause, one message
    for fragment in expected:
        assert fragment in check.stderr, check.stderr
    freeze = run_cli("freeze", "2021", "--data", str(data), "--date", "2024-05-01")
    if edit in ("drop year", "delete"):
        # A year frozen before the registry existed is registered by freezing it again; the
        # records are checked against its manifest as on every freeze, so nothing is laundered.
        assert freeze.returncode == 0, freeze.stderr
        assert json.loads(path.read_text(encoding="utf-8"))["years"] == {"2021": sha256(manifest_file(data, 2021).read_bytes())}
        assert run_cli("check", str(data), "--no-review").returncode == 0
    else:
        assert freeze.returncode == 1 and expected[1] in freeze.stderr


def test_a_hand_edited_manifest_is_refused_even_when_it_still_reads(data: Path) -> None:
    """Dropping a record's entry would make a changed record look new; the registry sees the edit first, and freeze refuses it."""
    path = manifest_file(data, 2021)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"] = [e for e in doc["records"] if e["file"] != SEED]
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    change_record(data)
    for report in refused_everywhere(data):
        assert "SHA-256 与登记的不同" in report


def test_freezing_killed_between_manifest_and_registry_is_not_mistaken_for_a_legitimate_state(data: Path) -> None:
    before = registry_file(data).read_bytes()
    path = data / SEED
    path.write_text(path.read_text(encoding="utf-8").replace(*CHANGED) + REVISION, encoding="utf-8")
    freeze_year(data, 2021, "2024-04-02")
    registry_file(data).write_bytes(before)  # as if the freeze had died before writing the registry
    assert any("SHA-256 与登记的不同" in m for m in plan_errors(data))


# -- the site a build replaces -----------------------------------------------------------------

@pytest.fixture
def published(data: Path) -> tuple[Path, Path]:
    """2021 frozen and published: the data folder and its mkdocs.yml (site/ beside it)."""
    config = write_site_config(data.parent, data)
    result = run_build(config)
    assert result.returncode == 0, result.stderr
    assert (data.parent / "site" / "2021" / "manifest.json").is_file()
    return data, config


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("deleted", ["manifest", "manifest and store", "all three"])
def test_a_build_refuses_to_publish_unfrozen_a_year_the_site_it_replaces_published_frozen(published: tuple[Path, Path], deleted: str) -> None:
    data, config = published
    site = data.parent / "site"
    old = files_of(site)
    manifest_file(data, 2021).unlink()
    if deleted != "manifest":
        shutil.rmtree(store_dir(data, 2021))
    if deleted == "all three":
        registry_file(data).unlink()
        assert run_cli("check", str(data), "--no-review").returncode == 0  # the data alone no longer says 2021 was frozen
    change_record(data)
    result = run_build(config)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    # The build runs in the folder of mkdocs.yml: paths are shown relative to it, as the clerk types them there.
    if deleted == "all three":
        assert "site/2021/manifest.json:1:1: 当前网站（site）发布的 2021 年是冻结的" in result.stderr, result.stderr
        assert "git checkout -- data/2021 data/frozen-years.json" in result.stderr
    else:
        assert f"data/frozen-years.json:{registry_line(data, 2021)}:1:" in result.stderr and "冻结清单不见了" in result.stderr
    assert files_of(site) == old  # the published site is left as it was


@pytest.mark.slow
def test_the_old_site_guard_passes_a_frozen_year_and_a_build_into_a_new_folder(published: tuple[Path, Path]) -> None:
    data, config = published
    # Still frozen: the build replaces the site as usual.
    assert run_build(config).returncode == 0
    # Deleting all three is visible to no check of the data; another output folder has no old site to compare with,
    # which is why the folder that is published is the one the build must replace (manual/corrections.md).
    manifest_file(data, 2021).unlink()
    shutil.rmtree(store_dir(data, 2021))
    registry_file(data).unlink()
    other = data.parent / "elsewhere"
    assert run_build(config, "-d", str(other)).returncode == 0
    assert not (other / "2021" / "manifest.json").exists()


def test_the_old_site_guard_in_the_plan(data: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "2021").mkdir(parents=True)
    (site / "2021" / "manifest.json").write_text("{}", encoding="utf-8")
    (site / "2020").mkdir()  # a year the old site did not freeze
    plan_build(data, PlanOptions(replacing=site))
    plan_build(data, PlanOptions(replacing=tmp_path / "no-site-yet"))
    manifest_file(data, 2021).unlink()
    shutil.rmtree(store_dir(data, 2021))
    registry_file(data).unlink()
    plan_build(data)  # no site to replace: nothing to compare with
    with pytest.raises(RecordsInvalid) as info:
        plan_build(data, PlanOptions(replacing=site))
    (error,) = info.value.errors
    assert error.file == f"{site}/2021/manifest.json" and "已公开的年度不能解冻" in error.message
    assert "bin/mkdocs build -d <文件夹>" in error.message


def test_the_registry_is_the_only_file_expected_beside_the_year_folders(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "2021").mkdir(parents=True)
    (data / "frozen-years.json").write_text("{}", encoding="utf-8")
    assert names.data_files(data)[1] == []
    (data / "2021" / "frozen-years.json").write_text("{}", encoding="utf-8")  # in a year folder it is a stray file
    (data / "frozen-years.json").unlink()
    (data / "frozen-years.json").mkdir()  # and a folder of that name is not the registry
    errors = names.data_files(data)[1]
    assert sorted(Path(e.file).relative_to(data).as_posix() for e in errors) == ["2021/frozen-years.json", "frozen-years.json"]


def test_the_registry_is_committed_with_the_freeze_in_a_git_repository(tmp_path: Path) -> None:
    """What the manual's steps commit is what a restore brings back: `git checkout -- data/2021` undoes a deletion."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    data = make_data_dir(tmp_path)

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    assert run_cli("freeze", "2021", "--data", "data", "--date", "2024-03-01", cwd=tmp_path).returncode == 0
    git("add", "data")
    git("commit", "-qm", "freeze")
    manifest_file(data, 2021).unlink()
    shutil.rmtree(store_dir(data, 2021))
    report = run_cli("check", "data", "--no-review", cwd=tmp_path).stderr
    assert "git checkout -- data/2021" in report  # relative, as the clerk types it in the project folder
    git("checkout", "--", "data/2021")
    assert run_cli("check", "data", "--no-review", cwd=tmp_path).returncode == 0


@pytest.mark.slow
def test_a_sharded_build_refuses_in_the_shard_and_in_the_assembly(tmp_path: Path) -> None:
    """`budgetsite build --shards`: the year's shard holds its last build; a fresh shard folder (a CI matrix) has none, the assembly's site/ does."""
    data = make_data_dir(tmp_path)
    freeze_year(data, 2021, "2024-03-01")
    config = write_site_config(tmp_path, data)
    first = run_cli("build", "--shards", "-f", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    site = tmp_path / "site"
    old = files_of(site)
    manifest_file(data, 2021).unlink()
    shutil.rmtree(store_dir(data, 2021))
    registry_file(data).unlink()
    change_record(data)
    again = run_cli("build", "--shards", "-f", str(config), cwd=tmp_path)
    assert again.returncode != 0 and "2021/manifest.json:1:1: 当前网站" in again.stderr and "Traceback" not in again.stderr, again.stderr
    fresh = run_cli("build", "--shards", "-f", str(config), "--shard-dir", str(tmp_path / "fresh"), cwd=tmp_path)
    assert fresh.returncode != 0 and "site/2021/manifest.json:1:1: 当前网站（site）发布的 2021 年是冻结的" in fresh.stderr, fresh.stderr
    assert files_of(site) == old


def test_years_frozen_before_the_registry_existed_are_registered_one_freeze_at_a_time(data: Path) -> None:
    freeze_year(data, 2022, "2024-03-02")
    registry_file(data).unlink()  # as in a repository frozen by an older version of the program
    assert sorted(m.split(":")[0] for m in plan_errors(data)) == [str(manifest_file(data, 2021)), str(manifest_file(data, 2022))]
    freeze_year(data, 2021, "2024-05-01")  # not stopped by 2022, still waiting
    (waiting,) = plan_errors(data)
    assert waiting.startswith(f"{manifest_file(data, 2022)}:1:1:") and "bin/budgetsite freeze 2022" in waiting
    freeze_year(data, 2022, "2024-05-01")
    assert plan_errors(data) == []
    assert sorted(json.loads(registry_file(data).read_text(encoding="utf-8"))["years"]) == ["2021", "2022"]
