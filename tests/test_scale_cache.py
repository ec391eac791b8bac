"""A rebuild re-parses only the records that changed, also across `mkdocs serve` rebuilds."""

from __future__ import annotations

from pathlib import Path

from budgetsite import synth
from budgetsite.collection import RecordCache, load_archive


def test_second_load_parses_only_the_changed_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    paths = synth.write(data, 12, seed=2)
    cache = RecordCache()
    first = load_archive(data, cache)
    assert cache.parsed == 12
    load_archive(data, cache)
    assert cache.parsed == 12  # nothing changed, nothing parsed
    changed = paths[5]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("  title: ", "  title: （修订）", 1), encoding="utf-8")
    second = load_archive(data, cache)
    assert cache.parsed == 13  # exactly one more: the changed file
    record = second.get(int(changed.parent.name), changed.stem)
    assert record is not None and record.cover.title.startswith("（修订）")
    assert len(second.records) == len(first.records) == 12


def test_progress_is_reported_for_every_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    synth.write(data, 7, seed=1)
    seen: list[tuple[int, int]] = []
    load_archive(data, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 7) for i in range(1, 8)]


def test_plugin_instances_of_successive_serve_builds_share_one_cache(tmp_path: Path) -> None:
    """`mkdocs serve` loads the config, and so a new plugin instance, for every rebuild."""
    from mkdocs.config import load_config

    from conftest import make_data_dir, write_site_config

    data = make_data_dir(tmp_path)
    config_file = write_site_config(tmp_path, data)
    caches = []
    for _ in range(2):
        config = load_config(str(config_file))
        config.plugins.on_config(config)
        caches.append(config.plugins["budgetsite"].cache)
    assert caches[0] is caches[1]
