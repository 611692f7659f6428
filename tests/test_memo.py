"""What is kept between runs (publisher/memo.py) is never stale and never fails a build."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from publisher import batch, memo, styles
from publisher.renderers import cover

from helpers import MANUSCRIPTS, Project

ENGLISH = cover.CoverText("Keep the Transmitters On", "Nadia Rahimi", "The Test Desk", "en")


def _age(path: Path, seconds: int = 60) -> None:
    """Date a file back, as one edited a while ago is (a fresh one is always hashed again)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def test_style_digests_follow_every_change_of_a_file(project: Project, tmp_path: Path) -> None:
    sheet = project.write("styles/css/base.css", "p { color: black; }\n")
    _age(sheet)
    cache = tmp_path / "cache"
    first = styles.load(project.root, cache)
    assert first.digests["css/base.css"] == hashlib.sha256(sheet.read_bytes()).hexdigest()
    assert (cache / "digests").is_dir()
    assert styles.load(project.root, cache).digests == first.digests
    # Same size, new words, an older time than before: a new digest all the same.
    sheet.write_text("p { color: white; }\n")
    _age(sheet, 120)
    again = styles.load(project.root, cache)
    assert again.digests["css/base.css"] == hashlib.sha256(sheet.read_bytes()).hexdigest()
    assert again.digests["css/base.css"] != first.digests["css/base.css"]
    assert again.digests == styles.load(project.root).digests  # as with no cache at all


def test_a_torn_entry_is_made_again(tmp_path: Path) -> None:
    memo.write(tmp_path, "covers", "k", b"<svg/>")
    assert memo.read(tmp_path, "covers", "k") == b"<svg/>"
    entry = next((tmp_path / "covers").glob("*.bin"))
    entry.write_bytes(entry.read_bytes()[:-2])  # a crash cut it short
    assert memo.read(tmp_path, "covers", "k") is None


def test_a_kind_keeps_only_the_most_recent_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "KEEP", 3)
    for n in range(5):
        memo.write(tmp_path, "covers", f"k{n}", b"x")
        entry = tmp_path / "covers" / f"k{n}.bin"
        os.utime(entry, ns=(n * 10**9, n * 10**9))
    memo.write(tmp_path, "covers", "k5", b"x")
    assert sorted(p.stem for p in (tmp_path / "covers").glob("*.bin")) == ["k3", "k4", "k5"]


def test_a_cover_is_drawn_once_for_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    house = styles.load(tmp_path, tmp_path / "cache")
    drawn = cover.render(ENGLISH, "ltr", house)
    assert drawn.startswith(b"<?xml") and b"<path" in drawn
    calls: list[cover.CoverText] = []
    real = cover._svg

    def counting(text: cover.CoverText, direction: str, house: styles.StyleSet) -> bytes:
        calls.append(text)
        return real(text, direction, house)

    monkeypatch.setattr(cover, "_svg", counting)
    assert cover.render(ENGLISH, "ltr", house) == drawn
    assert calls == []
    other = cover.CoverText("Another Title", ENGLISH.authors, ENGLISH.publication, "en")
    assert cover.render(other, "ltr", house) != drawn
    assert cover.render(ENGLISH, "rtl", house) != drawn
    assert len(calls) == 2


def test_a_template_edited_between_runs_is_compiled_again(project: Project, tmp_path: Path) -> None:
    template = project.write("styles/templates/memo-test.txt", "Hello {{ name }}\n")
    cache = tmp_path / "cache"

    def rendered() -> str:
        styles._environment.cache_clear()  # as a new process would start
        house = styles.load(project.root, cache)
        return house.environment().get_template("memo-test.txt").render(name="desk")

    assert rendered() == "Hello desk\n"
    assert list((cache / "templates").glob("*.bin"))  # compiled once, kept
    assert rendered() == "Hello desk\n"
    template.write_text("Goodbye {{ name }}\n", encoding="utf-8")
    assert rendered() == "Goodbye desk\n"


def test_a_cache_that_cannot_be_written_fails_nothing(project: Project) -> None:
    source = project.write("article.txt", (MANUSCRIPTS / "000_7ffa8be738bcf72b.txt").read_bytes())
    config = project.config()
    config.out_dir.mkdir()
    (config.out_dir / memo.FOLDER).write_text("not a folder")
    [result] = batch.build([source], config, ("epub",))
    assert result.error is None, result.error
    assert (config.out_dir / "article.epub").is_file()
    assert (config.out_dir / "index.html").is_file()


def test_a_thumbnail_is_kept_by_its_text_and_width(tmp_path: Path) -> None:
    house = styles.load(tmp_path, tmp_path / "cache")
    small = cover.thumbnail(ENGLISH, "ltr", house, 200)
    assert small[:3] == b"\xff\xd8\xff"  # a JPEG
    assert cover.thumbnail(ENGLISH, "ltr", house, 200) == small
    assert len(list((tmp_path / "cache" / "thumbnails").glob("*.bin"))) == 1
    assert cover.thumbnail(ENGLISH, "ltr", house, 300) != small


def test_the_house_families_kept_are_those_read(tmp_path: Path) -> None:
    from publisher.renderers import pdf

    house = styles.load(tmp_path)
    args = (
        tuple(house.file(n) for n in styles.STYLESHEETS["pdf"]),
        house.file("fonts/fonts.conf"),
        house.digest("pdf"),
    )
    read = pdf._families(*args, None)
    assert {"House Serif", "House Naskh"} <= read
    assert pdf._families(*args, tmp_path / "cache") == read  # made, and kept
    assert list((tmp_path / "cache" / "families").glob("*.bin"))
    assert pdf._families(*args, tmp_path / "cache") == read  # read back


def test_the_catalogue_finds_the_thumbnails_the_editions_drew(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edition's worker draws its cover's thumbnail too; the catalogue, made after the
    build in one process, then draws none."""
    from publisher import catalogue
    from publisher.renderers import cover_raster

    source = project.write("article.txt", (MANUSCRIPTS / "000_7ffa8be738bcf72b.txt").read_bytes())
    config = project.config()
    [result] = batch.build([source], config, ("epub",), catalogue=False)
    assert result.error is None

    def no_drawing(*args: object) -> bytes:
        raise AssertionError("the catalogue drew a thumbnail")

    monkeypatch.setattr(cover_raster, "jpeg", no_drawing)
    catalogue.write(config, styles.load(config.project_dir, config.out_dir / memo.FOLDER))
    thumbnail = config.out_dir / "covers" / "article.jpg"
    assert thumbnail.read_bytes()[:3] == b"\xff\xd8\xff"


# --- hyphenation patterns ---------------------------------------------------------------------


def _words(patterns: object) -> list[str]:
    """Words made of a dictionary's own pattern pieces: every pattern gets a chance to apply."""
    pieces = sorted(tag.strip(".") for tag in patterns.patterns)  # type: ignore[attr-defined]
    return [
        a + b + c for a, b, c in zip(pieces, pieces[7::3], pieces[3::5], strict=False) if a and b
    ][:300]


def test_kept_hyphenation_patterns_hyphenate_as_pyphens_own(tmp_path: Path) -> None:
    """Every dictionary pyphen has, kept and read back, breaks the same words at the same
    places, nonstandard breaks (Hungarian `ssz` = `sz-sz`) and their data included."""
    import pyphen

    from publisher.renderers import hyphenation

    for path in sorted(set(pyphen.LANGUAGES.values())):
        parsed = pyphen.HyphDict(path)
        kept = hyphenation._decoded(hyphenation._encoded(parsed))
        assert kept.maxlen == parsed.maxlen
        for word in _words(parsed):
            mine, theirs = kept.positions(word), parsed.positions(word)
            assert mine == theirs, (path.name, word)
            assert [p.data for p in mine] == [p.data for p in theirs], (path.name, word)


def test_hyphenation_patterns_are_parsed_once_per_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyphen

    from publisher.renderers import hyphenation

    monkeypatch.setattr(pyphen, "hdcache", {})
    [(path, first)] = hyphenation.load(["en-GB"], tmp_path)
    assert path == pyphen.LANGUAGES["en_GB"] and pyphen.hdcache[path] is first
    assert (tmp_path / "hyphenation").is_dir()
    monkeypatch.setattr(pyphen, "hdcache", {})  # a new worker: pyphen's table is empty

    def refused(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", refused)
    [(_, again)] = hyphenation.load(["en-GB"], tmp_path)
    assert again.positions("hyphenation") == first.positions("hyphenation")
    assert hyphenation.load(["ka", "fa"], tmp_path) == ()  # no patterns: nothing to load


def test_a_hyphenation_entry_of_another_shape_is_parsed_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyphen

    from publisher.renderers import hyphenation

    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenation.load(["de"], tmp_path)
    [entry] = (tmp_path / "hyphenation").glob("*.bin")
    data = b'{"patterns": 3}'
    entry.write_bytes(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
    monkeypatch.setattr(pyphen, "hdcache", {})
    [(path, patterns)] = hyphenation.load(["de"], tmp_path)
    parsed = pyphen.HyphDict(path)
    assert patterns.positions("Silbentrennung") == parsed.positions("Silbentrennung") != []
    # ...and kept anew: the next worker reads it without parsing.
    monkeypatch.setattr(pyphen, "hdcache", {})

    def refused(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", refused)
    [(_, again)] = hyphenation.load(["de"], tmp_path)
    assert again.positions("Silbentrennung") == parsed.positions("Silbentrennung")
