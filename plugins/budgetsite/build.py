"""The build plan: everything that happens between a data folder and the first rendered page.

A site build (the MkDocs plugin), ``budgetsite check`` and ``budgetsite freeze``
all call :func:`plan_build`, so they load, review and verify the data the same
way. The plan loads and checks every record, runs the review, reads the frozen
years and verifies them against their manifests, makes the manifests the site
publishes and, for a site build, holds the job of the other open-data files, which
:meth:`BuildPlan.start_writing` starts in the background, writing straight into the
site folder. Any problem raises :class:`~budgetsite.errors.RecordsInvalid`
listing every problem at once, before anything is written.
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .collection import Archive, RecordCache, load_archive
from .errors import RecordError, RecordsInvalid, display_path
from .evaluation_match import NO_MATCHES, MatchCounts
from .export import DocumentPieces, Download, build_downloads
from .export.parallel import Pending, start
from .export.written import WrittenFile
from .frozen_registry import check_replaced_site
from .provenance import (
    Frozen,
    FrozenYear,
    check_frozen,
    check_records,
    frozen_dates,
    frozen_years,
    publishable_manifests,
    read_frozen,
    stale_years,
    write_manifest,
)
from .review import INFO, Finding, FrameworkChoice, review_archive
from .routes import manifest_file

REVIEW_LOG_LIMIT = 200  # findings logged one by one per build; the rest are counted


@dataclass(frozen=True)
class LogLine:
    level: Literal["info", "warning"]
    message: str


@dataclass(frozen=True)
class PlanOptions:
    review: FrameworkChoice | None = None  # None: no review
    downloads: bool = False  # a site build: every open-data file not made for the checks is to be written (start_writing)
    keep_pieces: bool = False  # keep the worker's per-document pieces for the next build (mkdocs serve)
    refreeze: int | None = None  # budgetsite freeze: the year being (re)frozen, whose new records are welcome
    data_label: str = "data"  # the data folder as the clerk names it, for hints in the log
    years: frozenset[int] | None = None  # one shard of a sharded build: only these years, and no archive-wide file
    replacing: Path | None = None  # `mkdocs build`: the published site this build replaces, whose frozen years must stay frozen
    # Told the archive as soon as it is read, before the review and checks: a shard hands its summary on at once.
    loaded: Callable[[Archive], None] | None = field(default=None, compare=False)


@dataclass
class BuildPlan:
    archive: Archive
    findings: dict[tuple[int, str], list[Finding]]
    frozen: dict[int, Frozen]  # committed manifests, by year
    downloads: list[Download]  # made while checking: those of the frozen years (and of the year being frozen)
    manifests: dict[str, bytes]  # published path -> the manifest the site publishes
    frozen_years: tuple[FrozenYear, ...]
    stale: list[int]  # frozen years whose committed manifest lags behind recorded revisions
    log: list[LogLine] = field(default_factory=list)
    writer: Callable[..., Pending] | None = None  # a site build: starts writing the other open-data files (start_writing)
    pending: Pending | None = None  # the other open-data files, being written into the site folder

    def start_writing(self, site_dir: Path) -> None:
        """Begin writing every open-data file not made for the checks into ``site_dir``, in the background.

        Only once nothing will empty ``site_dir`` any more: MkDocs cleans it after ``on_pre_build``.
        """
        if self.writer is not None:
            self.pending, self.writer = self.writer(site_dir=site_dir), None

    def written_downloads(self) -> list[WrittenFile]:
        """Wait for the files being written; each one's path, SHA-256 and size (their bytes are in the site folder only)."""
        if self.pending is None:
            return []
        written = self.pending.result()
        self.pending = None
        return written

    def close(self) -> None:
        """Stop writing files (a build that failed)."""
        self.writer = None
        if self.pending is not None:
            self.pending.close()
            self.pending = None


Progress = Callable[[int, int], None]


def plan_build(data_dir: Path, options: PlanOptions = PlanOptions(), *, cache: RecordCache | None = None,
               pieces: DocumentPieces | None = None, progress: Progress | None = None) -> BuildPlan:
    """Load, review and verify ``data_dir``; raise :class:`RecordsInvalid` with every problem found."""
    cache = cache if cache is not None else RecordCache()
    pieces = pieces if pieces is not None else DocumentPieces()
    parsed_before = cache.parsed
    archive = load_archive(data_dir, cache, progress=progress, years=options.years)
    if options.loaded is not None:
        options.loaded(archive)
    log = [LogLine("info", f"budgetsite: {len(archive.records)} records, {len(archive.years())} years "
                           f"({cache.parsed - parsed_before} parsed, the rest unchanged since the last build)")]
    if archive.evaluations:
        log.append(LogLine("info", f"budgetsite: {len(archive.evaluations)} 份绩效自评，{evaluation_counts(archive).describe()}"))
    findings = review_archive(archive, options.review) if options.review else {}
    log += _review_log(findings, options.data_label)

    # A frozen year must not change silently: its files are made now, to check them against
    # the committed manifest; every other file can wait (see provenance.py).
    frozen, errors = read_frozen(data_dir, refreeze=options.refreeze)
    errors += check_replaced_site(options.replacing, data_dir) if options.replacing is not None else []
    if options.years is not None:
        frozen = {y: f for y, f in frozen.items() if y in options.years}
    dates = frozen_dates(frozen)
    checked_years = set(dates) | ({options.refreeze} if options.refreeze is not None else set())
    downloads = build_downloads(archive, dates, checked_years, pieces)
    errors += check_records(archive.records)
    errors += check_frozen(archive, frozen, downloads, data_dir, refreeze=options.refreeze)
    stale = stale_years(archive, frozen, downloads) if not errors else []
    # The site would publish a manifest other than the committed one, which docs/verify.md
    # promises the public is in version control: refuse, and say exactly what to run.
    errors += [stale_manifest_error(data_dir, y, options.data_label) for y in stale if y != options.refreeze]
    if errors:
        raise RecordsInvalid(errors)
    manifests = publishable_manifests(archive, frozen, downloads)
    plan = BuildPlan(archive, findings, frozen, downloads, manifests, frozen_years(frozen, manifests), stale, log)
    if options.downloads:
        groups = [] if options.years is not None else [None]  # a shard leaves the archive-wide files to the assembly
        plan.writer = functools.partial(start, archive, dates, [*groups, *(y for y in archive.all_years() if y not in checked_years)],
                                        pieces=pieces, keep_pieces=options.keep_pieces)
    return plan


def freeze_command(year: int, data_label: str = "data") -> str:
    """The command a clerk types, spelled as in README and the staff manual."""
    return f"bin/budgetsite freeze {year}" + (f" --data {data_label}" if data_label != "data" else "")


def stale_manifest_error(data_dir: Path, year: int, data_label: str) -> RecordError:
    manifest = display_path(manifest_file(data_dir, year))
    return RecordError(manifest, 1, 1, "", f"{year} 年有修订尚未写入冻结清单，网站发布的清单将与版本库中的不一致；"
                                           f"请运行 {freeze_command(year, data_label)}，再提交 {manifest} 和修改过的记录文件。")


def evaluation_counts(archive: Archive) -> MatchCounts:
    """Matched and unmatched projects and indicator rows over every self-evaluation."""
    return sum((m.counts() for m in archive.matches()), NO_MATCHES)


def _review_log(findings: dict[tuple[int, str], list[Finding]], data_label: str) -> list[LogLine]:
    """The first findings one by one; a province-size archive can have 100,000, so the rest are counted."""
    every = [f for record_findings in findings.values() for f in record_findings]
    # 提示 (how a value was read) is information: a build of correct data prints no WARNING.
    log = [LogLine("info" if f.severity == INFO else "warning", f"budgetsite 审核: {f.format()}") for f in every[:REVIEW_LOG_LIMIT]]
    if len(every) > REVIEW_LOG_LIMIT:
        log.append(LogLine("warning", f"budgetsite 审核: 另有 {len(every) - REVIEW_LOG_LIMIT} 条审核意见未在此列出；"
                                      f"运行 bin/budgetsite check {data_label} 查看全部。"))
    return log


def freeze_year(data_dir: Path, year: int, today: str | None = None) -> Path:
    """``budgetsite freeze``: check the data as a build would, then write (or bring up to date) the year's manifest."""
    plan = plan_build(data_dir, PlanOptions(refreeze=year))
    if year not in plan.archive.years():
        raise RecordsInvalid([RecordError(display_path(Path(data_dir) / str(year)), 1, 1, "", f"{year} 年没有任何记录，无法冻结。")])
    return write_manifest(data_dir, plan.archive, plan.frozen, plan.downloads, year, today or datetime.date.today().isoformat())


class ProgressLog:
    """A log line every 10 % of a long phase (only when there are at least ``minimum`` items)."""

    def __init__(self, say: Callable[[str], None], what: str, total: int = 0, minimum: int = 200) -> None:
        self.say, self.what, self.done, self.minimum = say, what, 0, minimum
        self._total(total)
        self.start = time.perf_counter()

    def _total(self, total: int) -> None:
        self.total = total
        self.step = -(-total // 10) if total >= self.minimum else 0

    def __call__(self, done: int | None = None, total: int | None = None) -> None:
        if total is not None and total != self.total:
            self._total(total)
        self.done = self.done + 1 if done is None else done
        if self.step and (self.done % self.step == 0 or self.done == self.total):
            self.say(f"budgetsite: {self.what} {self.done}/{self.total} ({100 * self.done / max(1, self.total):.0f}%, "
                     f"{time.perf_counter() - self.start:.1f} s)")
