"""The catalogue page, dist/index.html: what a reader sees and downloads, in every script,
and how it behaves in a real browser (Debian's Chromium, with axe-core run inside the page)."""

from __future__ import annotations

import io
import os
import re
import shutil
import tomllib
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html
from PIL import Image
from typer.testing import CliRunner

from publisher import catalogue, languages
from publisher import config as config_module
from publisher import styles as styles_module
from publisher.catalogue import covers
from publisher.catalogue.page import file_size
from publisher.cli import app
from publisher.errors import EXIT_RENDER

from helpers import MANUSCRIPTS, REPO_ROOT, Project
from shelf_helpers import AXE, Shelf, browser, build_shelf

PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")


def page_of(dist: Path) -> Any:
    return lxml_html.fromstring((dist / "index.html").read_bytes())


def entries_of(dist: Path) -> list[Any]:
    return page_of(dist).xpath("//li[@data-entry]")


def entry(dist: Path, slug: str) -> Any:
    found = page_of(dist).xpath(f"//li[@data-entry][@data-slug='{slug}']")
    assert len(found) == 1, slug
    return found[0]


def small_project(project: Project, *names: str) -> None:
    """Samples copied into a throw-away project's manuscripts/."""
    (project.root / "manuscripts").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(MANUSCRIPTS / name, project.root / "manuscripts" / name)
    shutil.copytree(
        MANUSCRIPTS / "images", project.root / "manuscripts" / "images", dirs_exist_ok=True
    )


# --- the page ------------------------------------------------------------------------------


def test_one_entry_per_edition_with_a_download_link_per_format(shelf: Shelf) -> None:
    slugs = [e.get("data-slug") for e in entries_of(shelf.dist)]
    assert len(slugs) == len(set(slugs)) == len(shelf.slugs()) >= 14
    assert set(slugs) == shelf.slugs()
    for record in shelf.records:
        links = entry(shelf.dist, record["slug"]).xpath(".//ul[@class='downloads']//a")
        link = next(a for a in links if unquote(a.get("href")) == record["file"])
        assert (shelf.dist / unquote(link.get("href"))).stat().st_size == record["size"]
        assert link.text_content() == record["format"].upper() + file_size(record["size"], "en")
        assert (
            link.get("type")
            == {"epub": "application/epub+zip", "pdf": "application/pdf"}[record["format"]]
        )


def test_sizes_read_as_people_read_them() -> None:
    assert file_size(183_102, "en") == "183 kB"
    assert file_size(400, "en") == "1 kB"
    assert file_size(1_450_000, "en") == "1.4 MB"
    assert file_size(183_102, "fa") == "۱۸۳ kB"
    assert "МБ" in file_size(2_300_000, "ru")


def test_entries_speak_their_own_language_and_direction(shelf: Shelf) -> None:
    root = page_of(shelf.dist)
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    for record in shelf.records:
        item = entry(shelf.dist, record["slug"])
        assert (item.get("lang"), item.get("dir")) == (record["language"], record["direction"])
    rtl = {r["language"] for r in shelf.records if r["direction"] == "rtl"}
    assert {"fa", "ar", "prs"} <= rtl
    assert {r["language"] for r in shelf.records if r["direction"] == "ltr"} >= {"en", "ru", "ka"}
    # The words about an entry are the page's: its language named in English.
    dari = entry(shelf.dist, "09-prs-dari-fallujah-dated-title")
    named = dari.xpath(".//p[@class='language']/span")[0]
    assert (named.get("lang"), named.text) == ("en", "Dari")


def test_dates_are_in_the_entry_language(shelf: Shelf) -> None:
    dated = {r["slug"]: r for r in shelf.records if r["published"]}
    persian = [s for s, r in dated.items() if r["language"] in ("fa", "prs")]
    assert persian, "the shelf has a dated Persian-script entry"
    for slug in persian:
        time = entry(shelf.dist, slug).xpath(".//time")[0]
        assert time.get("datetime") == dated[slug]["published"]
        assert set(time.text) & PERSIAN_DIGITS and not set(time.text) & set("0123456789")
    english = entry(shelf.dist, "keep-the-transmitters-on").xpath(".//time")[0]
    assert english.text == "March 14, 2024"


def test_newest_first_and_undated_last(shelf: Shelf) -> None:
    order = [
        (e.get("data-slug"), (e.xpath(".//p[@class='byline']/time/@datetime") or [None])[0])
        for e in entries_of(shelf.dist)
    ]
    dates = [d for _, d in order]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + [None] * (len(dates) - len(dated)), "undated entries come last"
    assert None in dates and dated
    for when in set(dates):  # ties in a stable order
        slugs = [s for s, d in order if d == when]
        assert slugs == sorted(slugs)


def test_a_collection_lists_its_articles_and_links_to_their_entries(shelf: Shelf) -> None:
    brief = entry(shelf.dist, "monday")
    assert "collection" in brief.get("class")
    assert brief.xpath(".//p[@class='kind']")[0].text_content() == "Collection"
    links = brief.xpath(".//section[@class='members']//ol/li/a")
    assert [a.get("href") for a in links] == [
        "#e-keep-the-transmitters-on",
        "#e-05-fa-nowruz-signed-message",
        "#e-08-ru-start-treaty-phone-call",
    ]
    ids = set(page_of(shelf.dist).xpath("//li[@data-entry]/@id"))
    assert {a.get("href")[1:] for a in links} <= ids
    persian = links[1]
    assert (persian.get("lang"), persian.get("dir")) == ("fa", "rtl")
    assert persian.text == entry(shelf.dist, "05-fa-nowruz-signed-message").xpath(".//h2")[0].text


def test_thumbnails_are_small_pictures_of_each_cover_with_alt_text(shelf: Shelf) -> None:
    for item in entries_of(shelf.dist):
        image = item.xpath(".//img[@class='cover']")[0]
        title = item.xpath(".//h2")[0].text
        assert image.get("alt").endswith(title)
        thumb = shelf.dist / unquote(image.get("src"))
        assert thumb.parent == shelf.dist / "covers"
        with Image.open(thumb) as picture:
            assert picture.format == "JPEG" and picture.size[0] <= 200
            assert picture.size == (int(image.get("width")), int(image.get("height")))
        assert thumb.stat().st_size < 40_000
    persian = entry(shelf.dist, "05-fa-nowruz-signed-message").xpath(".//img")[0]
    assert persian.get("alt").startswith("جلد: ")


def test_the_page_loads_nothing_from_anywhere_else(shelf: Shelf) -> None:
    root = page_of(shelf.dist)
    addresses = root.xpath("//@src | //@href")
    assert addresses
    for address in addresses:
        parts = urlsplit(address)
        assert not parts.scheme and not parts.netloc and not address.startswith("/"), address
        if parts.path:
            assert (shelf.dist / unquote(parts.path)).is_file(), address
    css = (shelf.dist / "catalogue.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_without_javascript_the_page_is_the_whole_list(shelf: Shelf) -> None:
    root = page_of(shelf.dist)
    assert root.xpath("//form[@id='find']")[0].get("hidden") is not None
    assert not root.xpath("//li[@data-entry][@hidden]")


def test_same_sources_same_bytes_and_a_rebuild_touches_nothing(tmp_path: Path) -> None:
    made = []
    for name in ("a", "b"):
        root = tmp_path / name
        (root / "manuscripts").mkdir(parents=True)
        shutil.copy(MANUSCRIPTS / "keep-the-transmitters-on.md", root / "manuscripts")
        shutil.copytree(MANUSCRIPTS / "images", root / "manuscripts" / "images")
        shutil.copy(
            REPO_ROOT / "tests" / "fixtures" / "pdf" / "arabic-brief.md", root / "manuscripts"
        )
        (root / "pyproject.toml").write_text('[tool.publisher]\npublication = "Desk"\n')
        made.append(build_shelf(root, ("epub",)))
    files = [
        "index.html",
        "catalogue.css",
        "catalogue.js",
        "opds.xml",
        "opds/ar.xml",
        "opds/index.xml",
        *(f"covers/{p.name}" for p in (made[0].dist / "covers").iterdir()),
    ]
    assert len(files) > 8
    for name in files:
        assert (made[0].dist / name).read_bytes() == (made[1].dist / name).read_bytes(), name
    stamps = {n: (made[0].dist / n).stat().st_mtime_ns for n in files}
    build_shelf(made[0].root, ("epub",))
    assert {n: (made[0].dist / n).stat().st_mtime_ns for n in files} == stamps


def test_a_changed_edition_remakes_its_own_thumbnail_only(project: Project) -> None:
    small_project(project, "keep-the-transmitters-on.md", "000_7ffa8be738bcf72b.txt")
    dist = build_shelf(project.root, ("epub",)).dist
    other = dist / "covers" / "000_7ffa8be738bcf72b.jpg"
    mine = dist / "covers" / "keep-the-transmitters-on.jpg"
    before, stamp = mine.read_bytes(), other.stat().st_mtime_ns
    source = project.root / "manuscripts" / "keep-the-transmitters-on.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "title: Keep the Transmitters On", "title: Switch the Transmitters Back On"
        ),
        encoding="utf-8",
    )
    build_shelf(project.root, ("epub",))
    assert mine.read_bytes() != before
    assert other.stat().st_mtime_ns == stamp
    source.unlink()
    build_shelf(project.root, ("epub",), prune=True)
    assert not mine.exists() and other.exists()
    assert "keep-the-transmitters-on" not in (dist / "index.html").read_text(encoding="utf-8")


def test_an_svg_cover_is_its_own_thumbnail(project: Project) -> None:
    small_project(project, "keep-the-transmitters-on.md")
    source = project.root / "manuscripts" / "keep-the-transmitters-on.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "language: en", "language: en\ncover: images/shortwave-reach.svg"
        ),
        encoding="utf-8",
    )
    dist = build_shelf(project.root, ("epub",)).dist
    thumb = dist / "covers" / "keep-the-transmitters-on.svg"
    assert thumb.read_bytes() == (MANUSCRIPTS / "images" / "shortwave-reach.svg").read_bytes()
    image = entry(dist, "keep-the-transmitters-on").xpath(".//img")[0]
    assert image.get("src") == "covers/keep-the-transmitters-on.svg"
    assert image.get("width") is None


def test_a_transparent_cover_is_set_on_white_and_scaled_down() -> None:
    picture = Image.new("RGBA", (800, 1200), (0, 0, 0, 0))
    picture.paste((139, 26, 26, 255), (0, 0, 800, 300))
    data = io.BytesIO()
    picture.save(data, "PNG")
    small = covers.thumbnail(covers.Picture("image/png", data.getvalue()))
    assert small.media_type == "image/jpeg" and small.size == (200, 300)
    with Image.open(io.BytesIO(small.data)) as made:
        assert made.getpixel((100, 250))[0] > 245  # was transparent: now paper white
        assert made.getpixel((100, 20))[0] < 180  # the red band is still red


def test_the_cover_is_read_from_the_epub_manifest(shelf: Shelf) -> None:
    book = (shelf.dist / "keep-the-transmitters-on.epub").read_bytes()
    cover = covers.cover_image(book)
    assert cover is not None and cover.media_type == "image/svg+xml"
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        assert cover.data == z.read("EPUB/images/cover.svg")


def test_a_drawn_cover_s_thumbnail_is_a_jpeg_of_the_same_design(shelf: Shelf) -> None:
    """Reading apps do not all draw SVG: the drawn cover is drawn again, small, as a JPEG."""
    thumb = shelf.dist / "covers" / "keep-the-transmitters-on.jpg"
    with Image.open(thumb) as image:
        assert image.format == "JPEG" and image.size == (200, 300)
        assert image.getpixel((100, 10))[0] > 120 > image.getpixel((100, 10))[1]  # the band


# --- the build -----------------------------------------------------------------------------


def test_no_catalogue_builds_only_the_editions(project: Project) -> None:
    small_project(project, "keep-the-transmitters-on.md")
    runner = CliRunner()
    result = runner.invoke(app, ["build", "--format", "epub", "--no-catalogue"])
    assert result.exit_code == 0, result.output
    dist = project.root / "dist"
    assert (dist / "keep-the-transmitters-on.epub").is_file()
    assert not any((dist / n).exists() for n in ("index.html", "opds.xml", "covers"))
    assert runner.invoke(app, ["build", "--format", "epub"]).exit_code == 0
    assert (dist / "index.html").is_file() and (dist / "opds.xml").is_file()


def test_a_project_template_replaces_the_house_one(project: Project) -> None:
    small_project(project, "keep-the-transmitters-on.md")
    project.write(
        "styles/templates/catalogue/entry.html",
        '<li data-entry data-slug="{{ entry.slug }}">{{ entry.title }}: ours</li>\n',
    )
    assert CliRunner().invoke(app, ["build", "-f", "epub"]).exit_code == 0
    assert "Keep the Transmitters On: ours" in (project.root / "dist" / "index.html").read_text()


def test_a_broken_template_is_one_line_naming_it_and_the_editions_stay(project: Project) -> None:
    small_project(project, "keep-the-transmitters-on.md")
    project.write("styles/templates/catalogue/index.html", "{% for x in %}\n")
    result = CliRunner().invoke(app, ["build", "-f", "epub"])
    assert result.exit_code == EXIT_RENDER
    lines = [line for line in result.stderr.splitlines() if "catalogue" in line]
    assert len(lines) == 1 and "styles/templates/catalogue/index.html" in lines[0]
    assert "Traceback" not in result.stderr
    assert (project.root / "dist" / "keep-the-transmitters-on.epub").is_file()
    assert (project.root / "dist" / "manifest.json").is_file()


def test_the_catalogue_styles_leave_the_editions_fresh(project: Project) -> None:
    small_project(project, "keep-the-transmitters-on.md")
    assert CliRunner().invoke(app, ["build", "-f", "epub"]).exit_code == 0
    project.write("styles/css/catalogue.css", "body { color: #000; }\n")
    result = CliRunner().invoke(app, ["build", "-f", "epub"])
    assert "0 built, 0 failed, 1 unchanged" in result.stdout
    assert (project.root / "dist" / "catalogue.css").read_text() == "body { color: #000; }\n"


def test_every_label_language_has_the_catalogue_words() -> None:
    table = tomllib.loads((REPO_ROOT / "styles" / "labels.toml").read_text(encoding="utf-8"))
    wanted = {k for k in table["en"] if k.startswith("catalogue_")}
    assert len(wanted) >= 10
    for language, labels in table.items():
        assert wanted <= set(labels), language
        assert "{shown}" in labels["catalogue_shown"] and "{total}" in labels["catalogue_shown"]


def test_catalogue_css_names_the_arabic_script_languages_languages_py_knows() -> None:
    css = (REPO_ROOT / "styles" / "css" / "catalogue.css").read_text(encoding="utf-8")
    selectors = [rule.split("{")[0] for rule in css.split("}") if ":lang(fa)" in rule]
    assert len(selectors) >= 3
    for selector in selectors:
        assert set(re.findall(r":lang\(([\w-]+)\)", selector)) == set(languages.ARABIC_SCRIPT)


# --- in a browser --------------------------------------------------------------------------


def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: $PUBLISHER_SCREENSHOTS to keep them, else the test's folder."""
    folder = Path(os.environ.get("PUBLISHER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe_violations(page: Any) -> list[str]:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (bash .ci/install test)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations.map("
        "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)


def visible_slugs(page: Any) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-entry]",
            "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.dataset.slug)",
        )
    )


def open_page(chromium: Any, dist: Path, width: int, **options: Any) -> tuple[Any, list[str]]:
    page = chromium.new_page(viewport={"width": width, "height": 900}, **options)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto((dist / "index.html").as_uri())
    page.wait_for_load_state("load")
    return page, asked


def screenshot(page: Any, path: Path) -> None:
    """The whole page, its lazily loaded covers too (a reader scrolling would load them)."""
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000


@pytest.mark.slow
def test_in_chromium_links_resolve_search_and_filter_work_and_axe_finds_nothing(
    shelf: Shelf, tmp_path: Path
) -> None:
    with browser() as chromium:
        page, asked = open_page(chromium, shelf.dist, 1280)
        screenshot(page, screenshots(tmp_path) / "catalogue-desktop.png")
        assert all(url.startswith("file://") for url in asked), asked
        hrefs = page.eval_on_selector_all(".downloads a", "links => links.map(a => a.href)")
        assert len(hrefs) == len(shelf.records)
        for href in hrefs:
            path = Path(unquote(urlsplit(href).path))
            assert path.is_file() and path.parent == shelf.dist, href
        assert axe_violations(page) == []
        assert visible_slugs(page) == shelf.slugs()

        page.select_option("#find-language", "fa")
        assert visible_slugs(page) == shelf.slugs(language="fa")
        assert page.text_content("#find-status") == (
            f"Shown: {len(shelf.slugs(language='fa'))} of {len(shelf.slugs())}"
        )
        page.select_option("#find-language", "")
        page.fill("#find-text", "rahimi")
        assert visible_slugs(page) == {"keep-the-transmitters-on", "monday"}
        page.fill("#find-text", "تبريك")  # Arabic yeh finds the Persian title's ی
        assert visible_slugs(page) == {"05-fa-nowruz-signed-message", "monday"}
        page.fill("#find-text", "no such words anywhere")
        assert visible_slugs(page) == set() and page.is_visible("#find-none")
        page.reload()
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.className,"
            " getComputedStyle(document.activeElement).outlineStyle]"
        )
        assert focused == ["skip", "solid"]


@pytest.mark.slow
def test_in_chromium_a_phone_and_no_javascript(shelf: Shelf, tmp_path: Path) -> None:
    with browser() as chromium:
        page, _ = open_page(chromium, shelf.dist, 390)
        screenshot(page, screenshots(tmp_path) / "catalogue-phone.png")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert axe_violations(page) == []
        plain, _ = open_page(chromium, shelf.dist, 1024, java_script_enabled=False)
        assert not plain.is_visible("#find")
        assert visible_slugs(plain) == shelf.slugs()


@pytest.mark.slow
def test_in_chromium_a_persian_desk_gets_a_right_to_left_page(shelf: Shelf, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(shelf.dist, dist)
    config = replace(config_module.load(shelf.root, out_dir=dist), language="fa")
    catalogue.write(config, styles_module.load(shelf.root))
    with browser() as chromium:
        page, _ = open_page(chromium, dist, 1280)
        screenshot(page, screenshots(tmp_path) / "catalogue-rtl.png")
        assert page.evaluate("() => [document.documentElement.lang, document.dir]") == ["fa", "rtl"]
        assert page.text_content("h1") == "دریافت نسخه‌ها"
        assert axe_violations(page) == []
        page.fill("#find-text", "rahimi")
        assert set(page.text_content("#find-status")) & PERSIAN_DIGITS
