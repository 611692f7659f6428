"""The OPDS catalogue for reading apps: valid OPDS 1.2 and Atom (RELAX NG, the specs' own
schemas), every link resolves, and a real feed client finds every edition."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import feedparser
import pytest
from lxml import etree

from helpers import FIXTURES, MANUSCRIPTS
from shelf_helpers import Shelf, build_shelf

SCHEMAS = FIXTURES / "opds"
ATOM = "{http://www.w3.org/2005/Atom}"
OPDS = "{http://opds-spec.org/2010/catalog}"
ACQUIRE = "http://opds-spec.org/acquisition"
IMAGES = ("http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail")


def schema(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / name)))


def feeds_of(dist: Path) -> list[Path]:
    return [dist / "opds.xml", *sorted((dist / "opds").glob("*.xml"))]


def problems(feed: Any, name: str = "opds.rng") -> list[str]:
    validator = schema(name)
    return [] if validator.validate(feed) else [str(e) for e in validator.error_log]


def links(feed: Any, rel: str) -> list[Any]:
    return feed.findall(f".//{ATOM}link[@rel='{rel}']")


def test_every_feed_is_valid_opds_and_atom(shelf: Shelf) -> None:
    found = feeds_of(shelf.dist)
    assert len(found) >= 6  # the root, the languages' navigation feed, one per language
    for path in found:
        feed = etree.parse(str(path))
        assert problems(feed) == [], path.name
        assert problems(feed, "atom.rng") == [], path.name


def test_the_schemas_are_not_easy_to_please(shelf: Shelf) -> None:
    """A feed with a fault in it fails: the validation above means something."""

    def broken(change: str) -> Any:
        feed = etree.parse(str(shelf.dist / "opds.xml"))
        entry = feed.find(f"{ATOM}entry")
        if change == "no id":
            entry.remove(entry.find(f"{ATOM}id"))
        elif change == "space in a link":
            links(entry, ACQUIRE)[0].set("href", "a book.epub")
        elif change == "html summary":
            entry.find(f"{ATOM}summary").set("type", "html")
        elif change == "a buy link without a price":
            links(entry, ACQUIRE)[0].set("rel", ACQUIRE + "/buy")
        return feed

    assert problems(etree.parse(str(shelf.dist / "opds.xml"))) == []
    for change in ("no id", "space in a link", "html summary", "a buy link without a price"):
        assert problems(broken(change)), change


def test_each_link_resolves_to_a_file_with_its_length_and_type(shelf: Shelf) -> None:
    types = {
        ".epub": "application/epub+zip",
        ".pdf": "application/pdf",
        ".jpg": "image/jpeg",
        ".svg": "image/svg+xml",
    }
    for path in feeds_of(shelf.dist):
        feed = etree.parse(str(path))
        acquired = links(feed, ACQUIRE)
        for link in acquired + [x for rel in IMAGES for x in links(feed, rel)]:
            href = link.get("href")
            assert "://" not in href and not href.startswith("/"), href
            target = path.parent / unquote(href)
            assert target.resolve().parent in (shelf.dist, shelf.dist / "covers"), href
            assert target.is_file(), href
            assert link.get("type") == types[target.suffix]
            if link.get("rel") == ACQUIRE:
                assert int(link.get("length")) == target.stat().st_size
        for entry in feed.findall(f"{ATOM}entry"):
            if path.name != "index.xml":  # an acquisition feed: every entry can be had
                assert links(entry, ACQUIRE), path.name


def test_a_feed_client_finds_every_edition(shelf: Shelf) -> None:
    parsed = feedparser.parse((shelf.dist / "opds.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    by_slug = {r["slug"]: r for r in shelf.records}
    assert len(parsed.entries) == len(by_slug)
    titles = {r["display_title"] for r in by_slug.values()}
    assert {e.title for e in parsed.entries} == titles
    for item in parsed.entries:
        record = next(r for r in by_slug.values() if r["display_title"] == item.title)
        kinds = {link.type for link in item.links if link.rel == ACQUIRE}
        assert kinds == {"application/epub+zip", "application/pdf"}
        assert item.id == record["identifier"]
        assert {a.name for a in item.get("authors", [])} >= set(record["authors"])
        if record["published"]:
            assert item.get("dc_issued", item.get("issued")) == record["published"]


def test_several_languages_get_a_feed_each_and_a_navigation_feed(shelf: Shelf) -> None:
    languages = {r["language"] for r in shelf.records}
    navigation = etree.parse(str(shelf.dist / "opds" / "index.xml"))
    nav_entries = navigation.findall(f"{ATOM}entry")
    assert {links(e, "subsection")[0].get("href") for e in nav_entries} == {
        f"{tag}.xml" for tag in languages
    }
    root = etree.parse(str(shelf.dist / "opds.xml"))
    facets = links(root, "http://opds-spec.org/facet")
    assert {f.get("href") for f in facets} == {f"opds/{tag}.xml" for tag in languages}
    assert {f.get(f"{OPDS}facetGroup") for f in facets} == {"Language"}
    for tag in languages:
        feed = etree.parse(str(shelf.dist / "opds" / f"{tag}.xml"))
        ids = {e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")}
        wanted = {r["identifier"] for r in shelf.records if r["language"] == tag}
        assert ids == wanted, tag
        active = [
            f
            for f in links(feed, "http://opds-spec.org/facet")
            if f.get(f"{OPDS}activeFacet") == "true"
        ]
        assert [f.get("href") for f in active] == [f"{tag}.xml"]
        assert (
            posixpath.normpath(posixpath.join("opds", links(feed, "start")[0].get("href")))
            == "opds.xml"
        )


def test_entries_carry_language_date_summary_and_the_build_time(shelf: Shelf) -> None:
    feed = etree.parse(str(shelf.dist / "opds.xml"))
    dc = "{http://purl.org/dc/terms/}"
    for entry in feed.findall(f"{ATOM}entry"):
        record = next(r for r in shelf.records if r["identifier"] == entry.findtext(f"{ATOM}id"))
        assert entry.findtext(f"{dc}language") == record["language"]
        assert entry.findtext(f"{dc}issued") == record["published"]
        assert entry.findtext(f"{ATOM}updated") == "2023-11-14T22:13:20Z"
        assert entry.findtext(f"{ATOM}summary") == record["summary"]
        assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == record["language"]


def test_one_language_one_feed_and_a_language_that_leaves_takes_its_feed(tmp_path: Path) -> None:
    root = tmp_path / "desk"
    (root / "manuscripts").mkdir(parents=True)
    shutil.copy(MANUSCRIPTS / "keep-the-transmitters-on.md", root / "manuscripts")
    shutil.copytree(MANUSCRIPTS / "images", root / "manuscripts" / "images")
    (root / "pyproject.toml").write_text('[tool.publisher]\npublication = "Desk"\n')
    dist = build_shelf(root, ("epub",)).dist
    assert not (dist / "opds").exists()
    assert problems(etree.parse(str(dist / "opds.xml"))) == []
    persian = root / "manuscripts" / "nowruz.txt"
    shutil.copy(FIXTURES / "corpus" / "05-fa-nowruz-signed-message.txt", persian)
    build_shelf(root, ("epub",))
    assert sorted(p.name for p in (dist / "opds").iterdir()) == ["en.xml", "fa.xml", "index.xml"]
    persian.unlink()
    build_shelf(root, ("epub",), prune=True)
    assert not list((dist / "opds").glob("*.xml"))


@pytest.mark.parametrize("identifier", ["urn:isbn:9780000000002", "desk-2024-017"])
def test_ids_come_from_the_edition_identifier(tmp_path: Path, identifier: str) -> None:
    root = tmp_path / "desk"
    (root / "manuscripts").mkdir(parents=True)
    (root / "manuscripts" / "note.md").write_text(
        f"---\ntitle: A Note\nidentifier: {identifier}\nlanguage: en\n---\n\nText.\n"
    )
    (root / "pyproject.toml").write_text('[tool.publisher]\npublication = "Desk"\n')
    dist = build_shelf(root, ("epub",)).dist
    first = etree.parse(str(dist / "opds.xml")).findtext(f"{ATOM}entry/{ATOM}id")
    assert first == identifier if ":" in identifier else first.startswith("urn:uuid:")
    shutil.rmtree(dist)
    again = build_shelf(root, ("epub",)).dist
    assert etree.parse(str(again / "opds.xml")).findtext(f"{ATOM}entry/{ATOM}id") == first
