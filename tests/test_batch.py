"""Whole archives: parallel and incremental builds, the manifest, pruning, a Dask cluster."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from publisher import batch
from publisher.batch import Result

from helpers import REPO_ROOT, Project

ARTICLE = "---\ntitle: {title}\nauthor: Jane Doe\ndate: 2024-03-14\nlanguage: en\n---\n\n{body}\n"


def article(n: int, body: str = "The council met again on Monday.") -> str:
    return ARTICLE.format(title=f"Article number {n}", body=body)


def build(
    project: Project,
    *,
    formats: tuple[str, ...] = ("epub",),
    **options: object,
) -> dict[str, Result]:
    config = project.config(out_dir=project.root / "dist")
    results = batch.build([project.root / "manuscripts"], config, formats, **options)
    return {r.source.name: r for r in results}


def statuses(results: dict[str, Result]) -> dict[str, str]:
    return {name: r.status for name, r in results.items()}


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix in (".epub", ".pdf")
    }


@pytest.fixture
def archive(project: Project) -> Project:
    for n in range(3):
        project.write(f"manuscripts/a{n}.md", article(n))
    project.write(
        "manuscripts/images/dot.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
    )
    project.write("manuscripts/a2.md", article(2, "![A dot](images/dot.svg)\n\nText."))
    return project


# --- incremental ---------------------------------------------------------------------------


def test_second_build_changes_nothing(archive: Project) -> None:
    assert set(statuses(build(archive)).values()) == {"built"}
    before = digests(archive.root / "dist")
    assert set(statuses(build(archive)).values()) == {"unchanged"}
    assert digests(archive.root / "dist") == before


@pytest.mark.parametrize(
    ("change", "rebuilt"),
    [
        ("source", {"a0.md"}),
        ("sidecar", {"a1.md"}),
        ("picture", {"a2.md"}),
        ("config", {"a0.md", "a1.md", "a2.md"}),
        ("style", {"a0.md", "a1.md", "a2.md"}),
        ("edition deleted", {"a1.md"}),
        ("edition tampered", {"a0.md"}),
    ],
)
def test_each_input_rebuilds_exactly_what_it_affects(
    archive: Project, change: str, rebuilt: set[str]
) -> None:
    build(archive)
    root = archive.root
    if change == "source":
        archive.write("manuscripts/a0.md", article(0, "A different body."))
    elif change == "sidecar":
        archive.write("manuscripts/a1.meta.yaml", "title: Corrected title\n")
    elif change == "picture":
        archive.write(
            "manuscripts/images/dot.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>',
        )
    elif change == "config":
        archive.configure('publication = "Another Desk"\nlanguage = "en"')
    elif change == "style":
        archive.write("styles/css/epub.css", "p { margin: 0; }\n")
    elif change == "edition deleted":
        (root / "dist" / "a1.epub").unlink()
    elif change == "edition tampered":
        (root / "dist" / "a0.epub").write_bytes(b"not the edition")
    results = statuses(build(archive))
    assert {name for name, s in results.items() if s == "built"} == rebuilt
    assert {name for name, s in results.items() if s == "unchanged"} == {
        "a0.md",
        "a1.md",
        "a2.md",
    } - rebuilt


def _epub_member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as book:
        return book.read(name).decode("utf-8")


def test_editing_a_stylesheet_between_builds_of_one_process_rebuilds(archive: Project) -> None:
    house = REPO_ROOT / "styles" / "css" / "base.css"
    archive.write("styles/css/base.css", house.read_text(encoding="utf-8"))
    build(archive)
    archive.write(
        "styles/css/base.css", house.read_text(encoding="utf-8") + "\n.byline { color: #123456; }\n"
    )
    results = build(archive)  # the same process: nothing may remember the old file
    assert set(statuses(results).values()) == {"built"}
    assert "#123456" in _epub_member(archive.root / "dist" / "a0.epub", "EPUB/css/base.css")


def test_editing_the_labels_between_builds_of_one_process_rebuilds(archive: Project) -> None:
    house = (REPO_ROOT / "styles" / "labels.toml").read_text(encoding="utf-8")
    archive.write("styles/labels.toml", house)
    build(archive)
    archive.write(
        "styles/labels.toml",
        house.replace('contents = "Contents"', 'contents = "In this edition"', 1),
    )
    assert set(statuses(build(archive)).values()) == {"built"}
    assert "In this edition" in _epub_member(archive.root / "dist" / "a0.epub", "EPUB/nav.xhtml")


def test_format_specific_config_rebuilds_only_that_format(archive: Project) -> None:
    build(archive, formats=("epub", "pdf"))
    archive.configure('publication = "The Test Desk"\nlanguage = "en"\npage_size = "Letter"')
    results = build(archive, formats=("epub", "pdf"))
    assert {r.status for r in results.values()} == {"built"}
    assert all([p.suffix for p in r.outputs] == [".pdf"] for r in results.values())


def test_force_rebuilds_everything(archive: Project) -> None:
    build(archive)
    assert set(statuses(build(archive, force=True)).values()) == {"built"}


def test_crash_before_recording_leaves_the_edition_stale(
    archive: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(archive)
    archive.write("manuscripts/a0.md", article(0, "A new body."))
    from publisher import cache

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # killed after the edition was written, before it was recorded

    monkeypatch.setattr(cache.State, "record", crash)
    with pytest.raises(KeyboardInterrupt):
        build(archive)
    monkeypatch.undo()
    assert statuses(build(archive))["a0.md"] == "built"


# --- manifest and prune --------------------------------------------------------------------


def test_manifest_lists_every_edition_sorted_and_stable(archive: Project) -> None:
    build(archive, formats=("epub", "pdf"))
    manifest_path = archive.root / "dist" / "manifest.json"
    first = manifest_path.read_bytes()
    editions = json.loads(first)["editions"]
    assert [(e["slug"], e["format"]) for e in editions] == [
        (f"a{n}", fmt) for n in range(3) for fmt in ("epub", "pdf")
    ]
    one = editions[0]
    assert one["title"] == "Article number 0"
    assert one["authors"] == ["Jane Doe"]
    assert (one["language"], one["direction"], one["published"]) == ("en", "ltr", "2024-03-14")
    assert one["source"] == "manuscripts/a0.md"
    edition = archive.root / "dist" / one["file"]
    assert one["size"] == edition.stat().st_size
    assert one["sha256"] == hashlib.sha256(edition.read_bytes()).hexdigest()
    build(archive, formats=("epub", "pdf"))
    assert manifest_path.read_bytes() == first


def test_removed_manuscript_leaves_the_manifest_and_prune_removes_its_editions(
    archive: Project,
) -> None:
    build(archive)
    (archive.root / "manuscripts" / "a1.md").unlink()
    build(archive)
    manifest = json.loads((archive.root / "dist" / "manifest.json").read_text())
    assert [e["slug"] for e in manifest["editions"]] == ["a0", "a2"]
    assert (archive.root / "dist" / "a1.epub").exists()  # kept without --prune
    build(archive, prune=True)
    assert not (archive.root / "dist" / "a1.epub").exists()
    assert (archive.root / "dist" / "a0.epub").exists()


# --- parallel and distributed --------------------------------------------------------------


@pytest.mark.slow
def test_parallel_build_is_identical_to_serial(archive: Project, tmp_path: Path) -> None:
    serial = build(archive, formats=("epub", "pdf"), jobs=1)
    serial_digests = digests(archive.root / "dist")
    parallel = build(archive, formats=("epub", "pdf"), jobs=2, force=True)
    assert {r.status for r in serial.values()} == {r.status for r in parallel.values()} == {"built"}
    assert digests(archive.root / "dist") == serial_digests


@pytest.mark.slow
def test_one_article_on_two_cores_is_identical_to_serial(project: Project) -> None:
    # One edition on two cores: the parent makes the brief's HTML and hyphenation patterns
    # while a worker loads WeasyPrint; the brief must be the one a single process makes.
    long_words = " ".join(["Internationalisation and telecommunications infrastructure"] * 60)
    project.write("manuscripts/one.md", article(0, long_words))
    serial = build(project, formats=("epub", "pdf"), jobs=1)
    serial_digests = digests(project.root / "dist")
    split = build(project, formats=("epub", "pdf"), jobs=2, force=True)
    assert statuses(serial) == statuses(split) == {"one.md": "built"}
    assert digests(project.root / "dist") == serial_digests
    assert set(serial_digests) == {"one.epub", "one.pdf"}


@pytest.mark.slow
def test_parallel_build_reports_each_failure(archive: Project) -> None:
    archive.write("manuscripts/broken.md", "---\ntitle: [unclosed\n---\nbody\n")
    results = build(archive, jobs=2)
    assert results["broken.md"].status == "failed"
    assert "broken.md" in str(results["broken.md"].error)
    assert results["a0.md"].status == "built"


@pytest.mark.slow
def test_dask_cluster_build_is_byte_identical(archive: Project) -> None:
    distributed = pytest.importorskip("dask.distributed")
    local = build(archive, formats=("epub", "pdf"), jobs=1)
    local_digests = digests(archive.root / "dist")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = build(
            archive,
            formats=("epub", "pdf"),
            executor="dask",
            scheduler=cluster.scheduler_address,
            force=True,
        )
    assert {r.status for r in local.values()} == {r.status for r in remote.values()} == {"built"}
    assert digests(archive.root / "dist") == local_digests
