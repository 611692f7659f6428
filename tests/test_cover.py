"""The generated cover: an SVG of outlines in the house proportion, same text same bytes;
right-to-left titles set from the right, joined and in visual order; mixed scripts drawn from
the face that has them; its thumbnail; a manuscript's own cover used only when it is a picture
in the project."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import resvg_py
from lxml import etree
from PIL import Image, ImageChops

from publisher import batch, styles
from publisher.errors import ManuscriptError, RenderError
from publisher.renderers import cover, cover_bidi
from publisher.renderers.cover_shaping import Run, Style, Typeset, runs, visual
from publisher.styles import StyleSet

from epub_helpers import NS, Book
from helpers import REPO_ROOT, Project

SVG = "{http://www.w3.org/2000/svg}"
PERSIAN = cover.CoverText("با تبریک سال نو", "ستاره درخشش", "The Test Desk", "fa")
ENGLISH = cover.CoverText("Keep the Transmitters On", "Nadia Rahimi", "The Test Desk", "en")
GEORGIAN = cover.CoverText("მოკლე ტალღის რადიო კვლავ საჭიროა", "ნინო ბერიძე", "ამერიკის ხმა", "ka")
LONG = cover.CoverText(
    "Khamenei’s ‘No To Talks With U.S.’, Sign Of Authority Or Lack Of Self-Confidence? "
    "A Very Long Headline Indeed",
    "A, B and C",
    None,
    "en",
)


@pytest.fixture(scope="module")
def house() -> StyleSet:
    return styles.load(REPO_ROOT)


def _picture(svg: bytes, width: int = cover.SIZE[0]) -> Image.Image:
    """The cover as a reader's screen shows it: the SVG rasterised (by resvg)."""
    png = resvg_py.svg_to_bytes(svg_string=svg.decode(), width=width, skip_system_fonts=True)
    return Image.open(io.BytesIO(bytes(png))).convert("RGB")


def _ink(image: Image.Image) -> tuple[int, int, int, int]:
    """The box around the dark (title and author) pixels between the two red bands."""
    scale = image.size[0] / cover.SIZE[0]
    top, bottom = round((cover.BAND + 1) * scale), round((cover.SIZE[1] - 60) * scale)
    body = image.convert("L").crop((0, top, image.size[0], bottom))
    box = body.point(lambda v: 255 if v < 110 else 0).getbbox()
    assert box is not None, "no text on the cover"
    left, up, right, down = box
    return left, up + top, right, down + top


def _difference(one: Image.Image, other: Image.Image) -> float:
    """The mean difference of two pictures' grey levels (0 to 255)."""
    histogram = ImageChops.difference(one, other).convert("L").histogram()
    return sum(n * v for v, n in enumerate(histogram)) / (one.size[0] * one.size[1])


def _drawing(svg: bytes) -> list[bytes]:
    """What the cover draws: every element but its (unseen) title."""
    root = etree.fromstring(svg)
    return [etree.tostring(e) for e in root.iter() if e.tag != f"{SVG}title"]


# --- the file ----------------------------------------------------------------------------------


def test_cover_is_an_svg_of_outlines_in_the_house_proportion(house: StyleSet) -> None:
    data = cover.render(PERSIAN, "rtl", house)
    root = etree.fromstring(data)  # well-formed, or this raises
    assert root.tag == f"{SVG}svg"
    _x, _y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert width * 3 == height * 2
    tags = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
    assert tags <= {"svg", "title", "rect", "g", "path"}, tags  # no text, font, image, style
    assert root.findtext(f"{SVG}title") == PERSIAN.alt()
    assert len(root.findall(f".//{SVG}path")) > 10  # the letters are there, as outlines
    # Nothing outside the file: no links, no url(), no stylesheets or fonts to fetch.
    attributes = " ".join(v for e in root.iter() for k, v in e.attrib.items())
    assert "href" not in data.decode() and "url(" not in attributes


def test_bands_and_paper_are_the_house_colours(house: StyleSet) -> None:
    image = _picture(cover.render(ENGLISH, "ltr", house), 400)
    assert image.getpixel((5, 5)) == cover.RED  # the masthead band
    assert image.getpixel((5, 598)) == cover.RED  # the foot band
    assert image.getpixel((390, 300)) == cover.PAPER


def test_same_text_same_bytes(house: StyleSet) -> None:
    assert cover.render(PERSIAN, "rtl", house) == cover.render(PERSIAN, "rtl", house)
    other = cover.CoverText("با تبریک سال نو!", PERSIAN.authors, PERSIAN.publication, "fa")
    assert _drawing(cover.render(PERSIAN, "rtl", house)) != _drawing(
        cover.render(other, "rtl", house)
    )
    assert cover.render(PERSIAN, "rtl", house) != cover.render(ENGLISH, "ltr", house)


def test_alt_text_is_what_the_cover_says() -> None:
    assert PERSIAN.alt() == "با تبریک سال نو — ستاره درخشش — The Test Desk"
    assert cover.CoverText("Title", "", None, "en").alt() == "Title"


# --- where the text stands -------------------------------------------------------------------


def test_left_to_right_title_starts_at_the_left_margin(house: StyleSet) -> None:
    left, _top, right, _bottom = _ink(_picture(cover.render(ENGLISH, "ltr", house)))
    assert abs(left - cover.MARGIN) < 20
    assert right < cover.SIZE[0] - cover.MARGIN


def test_right_to_left_title_starts_at_the_right_margin(house: StyleSet) -> None:
    left, _top, right, _bottom = _ink(_picture(cover.render(PERSIAN, "rtl", house)))
    assert abs(right - (cover.SIZE[0] - cover.MARGIN)) < 20
    assert left > cover.MARGIN + 200  # a short title leaves the left side empty


def test_georgian_title_starts_at_the_left_margin(house: StyleSet) -> None:
    left, top, right, bottom = _ink(_picture(cover.render(GEORGIAN, "ltr", house)))
    assert abs(left - cover.MARGIN) < 20
    assert right <= cover.SIZE[0] - cover.MARGIN + 10
    assert bottom - top > 300  # two lines or more: the Georgian letters are drawn


def test_long_title_is_wrapped_inside_the_margins(house: StyleSet) -> None:
    left, top, right, bottom = _ink(_picture(cover.render(LONG, "ltr", house)))
    assert left >= cover.MARGIN - 10
    assert right <= cover.SIZE[0] - cover.MARGIN + 10
    assert bottom - top > 700  # several lines, not one line shrunk to nothing


@pytest.mark.parametrize(
    "title",
    [
        "Shortwave radio is still needed when the internet goes dark",
        "Keep the Transmitters On",
        LONG.title,
        "چرا رسانه‌ها هنوز به موج کوتاه نیاز دارند و چرا هنوز",
    ],
)
def test_title_lines_are_balanced(house: StyleSet, title: str) -> None:
    """No short last line left alone: the lines are about as long as one another."""
    base = "rtl" if "ر" in title else "ltr"
    typeset = _title(house, "fa" if base == "rtl" else "en")
    style, lines, _leading = cover._fit_title(title, typeset, base, 1300)
    widths = [style.width(line) for line in lines]
    assert len(lines) >= 2 and min(widths) >= 0.5 * max(widths), lines


def test_without_a_publication_the_band_is_empty(house: StyleSet) -> None:
    text = cover.CoverText(ENGLISH.title, ENGLISH.authors, None, "en")
    band = _picture(cover.render(text, "ltr", house)).crop((0, 0, cover.SIZE[0], cover.BAND))
    assert band.getcolors() == [(cover.SIZE[0] * cover.BAND, cover.RED)]
    masthead = _picture(cover.render(ENGLISH, "ltr", house)).crop((0, 0, 1600, cover.BAND))
    assert cover.WHITE in {colour for _n, colour in masthead.getcolors(1 << 20) or []}


# --- mixed scripts: one font per run, runs in visual order ------------------------------------


def _title(house: StyleSet, language: str) -> Typeset:
    return cover._typeset(house, "title", language)


def test_a_latin_word_in_a_persian_title_gets_its_own_run(house: StyleSet) -> None:
    typeset = _title(house, "fa")
    line = typeset.runs("گزارش VOA از")
    assert [(r.text, r.script, r.direction) for r in line] == [
        ("گزارش", "arabic", "rtl"),
        (" ", "arabic", None),
        ("VOA", "latin", "ltr"),
        (" ", "latin", None),
        ("از", "arabic", "rtl"),
    ]
    # Set on the cover left to right: the last Persian word first, the Latin word in its order,
    # and the line ends at the right margin.
    placed = Style(typeset, 120, "rtl").set("گزارش VOA از", 900, 1470, 130)
    assert [p.face.path.name for p in placed if p.shaped.glyphs and p.shaped.advance > 400] == [
        "NotoNaskhArabic-Bold.ttf",
        "NotoSerif-Bold.ttf",
        "NotoNaskhArabic-Bold.ttf",
    ]
    end = placed[-1].x + placed[-1].shaped.advance * placed[-1].scale
    assert abs(end - 1470) < 0.01
    assert [r.text for r in visual(line, "rtl")] == ["از", " ", "VOA", " ", "گزارش"]


def test_persian_letters_join_and_run_right_to_left(house: StyleSet) -> None:
    typeset = _title(house, "fa")
    alone = typeset.shape(Run("ب", "arabic", "rtl"), "rtl").glyphs[0][0]
    two = sorted(typeset.shape(Run("بب", "arabic", "rtl"), "rtl").glyphs, key=lambda g: g[1])
    three = sorted(typeset.shape(Run("ببب", "arabic", "rtl"), "rtl").glyphs, key=lambda g: g[1])
    # Final, medial and initial forms from left to right, none the letter standing alone: the
    # word begins at the right, and its letters join.
    forms = [g for g, _x, _y in three]
    assert len(set(forms)) == 3 and alone not in forms
    assert (forms[0], forms[-1]) == (two[0][0], two[-1][0])


@pytest.mark.parametrize("number", ["2024", "۱۴۰۳"])
def test_numbers_in_a_persian_title_read_left_to_right(house: StyleSet, number: str) -> None:
    """The run is right to left, its number is not: 2024 is drawn 2, 0, 2, 4 from the left."""
    typeset = _title(house, "fa")
    run = typeset.shape(Run(f"سال {number} میلادی", "arabic", "rtl"), "rtl").glyphs
    digits = [g for g, _x, _y in typeset.shape(Run(number, "arabic", "ltr"), "ltr").glyphs]
    drawn = [g for g, _x, _y in sorted(run, key=lambda g: g[1]) if g in digits]
    assert drawn == digits
    assert cover_bidi.display(f"سال {number} میلادی", "rtl") == [
        (" میلادی", "rtl"),
        (number, "ltr"),
        ("سال ", "rtl"),
    ]


def test_a_latin_word_keeps_its_order_in_a_right_to_left_run_of_one_face(
    house: StyleSet,
) -> None:
    """Hebrew has no house face, so it shares the serif with a Latin word; "Test" stays Test."""
    typeset = _title(house, "en")
    run = typeset.shape(Run("שלום Test", "latin", "rtl"), "rtl").glyphs
    word = [g for g, _x, _y in typeset.shape(Run("Test", "latin", "ltr"), "ltr").glyphs]
    assert [g for g, _x, _y in sorted(run, key=lambda g: g[1]) if g in word] == word


def test_without_fribidi_a_mixed_run_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ctypes

    def missing(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    cover_bidi._fribidi.cache_clear()
    try:
        with pytest.raises(RenderError, match="libfribidi0"):
            cover_bidi.display("سال 2024", "rtl")
        assert cover_bidi.display("سال نو", "rtl") == [("سال نو", "rtl")]  # one direction
    finally:
        cover_bidi._fribidi.cache_clear()


def test_a_mark_the_persian_font_lacks_is_drawn_from_another(house: StyleSet) -> None:
    """Noto Naskh has no ellipsis: it comes from the serif and sits at the line's end (left)."""
    line = runs("برای کمک…", _title(house, "fa").faces)
    assert [(r.text, r.script) for r in line] == [("برای کمک", "arabic"), ("…", "latin")]
    assert [r.text for r in visual(line, "rtl")] == ["…", "برای کمک"]
    assert 0x2026 not in _title(house, "fa").faces["arabic"].letters


def test_a_persian_comma_after_a_latin_word_comes_from_the_naskh(house: StyleSet) -> None:
    """The serif has no Arabic comma: the face that has it is found, and it joins the Persian."""
    line = runs("گزارش VOA، امروز", _title(house, "fa").faces)
    assert [(r.text, r.script) for r in line if r.text.strip()] == [
        ("گزارش", "arabic"),
        ("VOA", "latin"),
        ("، امروز", "arabic"),
    ]


def test_georgian_and_latin_in_one_title(house: StyleSet) -> None:
    """Noto Serif Georgian has Georgian letters only: brackets and digits come from the serif."""
    line = runs("კანონი (2024) NATO", _title(house, "ka").faces)
    assert [(r.text, r.script) for r in line if r.text.strip()] == [
        ("კანონი", "georgian"),
        ("(2024) NATO", "latin"),
    ]
    assert [r.text for r in visual(line, "ltr")] == [r.text for r in line]


@pytest.mark.parametrize(
    ("title", "language", "face"),
    [
        ("백악관 “북한 ‘핵보유국 지위’ 인정한 적 없어”", "ko", "NotoSansKR-Hangul-Bold.otf"),
        ("VOA连线：美国国会为何紧盯中国？", "zh", "DroidSansFallbackFull.ttf"),
        ("短波ラジオはなぜ今も大切なのか", "ja", "DroidSansFallbackFull.ttf"),
    ],
)
def test_korean_chinese_and_japanese_titles_are_drawn_not_boxed(
    house: StyleSet, title: str, language: str, face: str
) -> None:
    typeset = _title(house, language)
    style, lines, _leading = cover._fit_title(title, typeset, "ltr", 1300)
    assert len(lines) >= 2 and "".join(lines).replace(" ", "") == title.replace(" ", "")
    width = cover.SIZE[0] - 2 * cover.MARGIN
    assert all(style.width(line) <= width for line in lines)
    placed = [p for line in lines for p in Style(typeset, style.size, "ltr").set(line, 0, 1400, 0)]
    assert face in {p.face.path.name for p in placed}
    assert all(glyph != 0 for p in placed for glyph, _x, _y in p.shaped.glyphs)  # no .notdef


def test_chinese_lines_break_between_characters_but_not_before_a_closing_mark() -> None:
    pieces = cover._breaks("我们为您连线了美国之音。记者说：「好。」")
    assert ("", "音。") in pieces and ("", "「好。」") in pieces
    assert not any(text.startswith(("。", "」", "：")) for _joiner, text in pieces)
    assert cover._breaks("Keep the Transmitters On") == [
        (" ", "Keep"),
        (" ", "the"),
        (" ", "Transmitters"),
        (" ", "On"),
    ]


def test_a_projects_own_font_is_used_and_a_replaced_one_is_read_again(project: Project) -> None:
    """The outlines are kept per font file and its change time, so an edited font shows."""
    fonts = REPO_ROOT / "styles" / "fonts"
    own = project.root / "styles" / "fonts" / "NotoSerif-Bold.ttf"
    own.parent.mkdir(parents=True)
    shutil.copyfile(fonts / "NotoSerif-Bold.ttf", own)
    house = cover.render(ENGLISH, "ltr", styles.load(project.root))
    shutil.copyfile(fonts / "NotoSans-Bold.ttf", own)
    later = own.stat().st_mtime_ns + 2_000_000_000
    os.utime(own, ns=(later, later))
    replaced = cover.render(ENGLISH, "ltr", styles.load(project.root))
    assert _drawing(replaced) != _drawing(house)
    shutil.copyfile(fonts / "NotoSerif-Bold.ttf", own)
    os.utime(own, ns=(later + 10**9, later + 10**9))
    assert cover.render(ENGLISH, "ltr", styles.load(project.root)) == house


# --- the thumbnail ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction"), [(ENGLISH, "ltr"), (PERSIAN, "rtl"), (GEORGIAN, "ltr"), (LONG, "ltr")]
)
def test_thumbnail_is_a_small_picture_of_the_same_cover(
    house: StyleSet, text: cover.CoverText, direction: str
) -> None:
    """FreeType's thumbnail and resvg's picture of the SVG agree, pixel for pixel nearly."""
    data = cover.thumbnail(text, direction, house, 300)
    small = Image.open(io.BytesIO(data))
    assert (small.format, small.size) == ("JPEG", (300, 450))
    small = small.convert("RGB")
    large = _picture(cover.render(text, direction, house), 300)
    # Nearer to resvg's picture than half of what moving that picture by a pixel changes.
    moved = large.transform(large.size, Image.Transform.AFFINE, (1, 0, 1, 0, 1, 0))
    assert _difference(small, large) < 0.5 * _difference(large, moved)
    assert all(abs(a - b) <= 2 for a, b in zip(_ink(small), _ink(large), strict=True))
    assert cover.thumbnail(text, direction, house, 300) == data


# --- an independent renderer, and the EPUB ----------------------------------------------------


@pytest.mark.slow
def test_another_svg_renderer_draws_the_same_cover(house: StyleSet, tmp_path: Path) -> None:
    """WeasyPrint's SVG renderer (then pdftoppm) puts the text where resvg does."""
    from weasyprint import HTML

    (tmp_path / "cover.svg").write_bytes(cover.render(PERSIAN, "rtl", house))
    page = (
        "<style>@page { size: 400px 600px; margin: 0 } body { margin: 0 }</style>"
        '<img src="cover.svg" style="display: block; width: 400px; height: 600px">'
    )
    HTML(string=page, base_url=str(tmp_path)).write_pdf(tmp_path / "cover.pdf")
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "96", str(tmp_path / "cover.pdf")],
        check=True,
        capture_output=True,
    ).stdout
    seen = Image.open(io.BytesIO(png)).convert("RGB")
    ours = _picture(cover.render(PERSIAN, "rtl", house), 400)
    assert seen.size == (400, 600)
    assert all(abs(a - b) <= 3 for a, b in zip(_ink(seen), _ink(ours), strict=True))
    assert all(abs(a - b) <= 2 for a, b in zip(seen.getpixel((5, 5)), cover.RED, strict=True))


def test_the_epub_cover_is_the_svg(project: Project) -> None:
    source = project.write("fa.md", "---\ntitle: با تبریک سال نو\nlanguage: fa\n---\n\nمتن.\n")
    [result] = batch.build([source], project.config(out_dir=project.root / "dist"), ("epub",))
    assert result.error is None
    book = Book(result.outputs[0])
    item = book.item(properties="cover-image")
    assert (item.get("href"), item.get("media-type")) == ("images/cover.svg", "image/svg+xml")
    img = book.page(book.spine_names()[0]).xpath("//x:img", namespaces=NS)[0]
    assert img.get("src") == "images/cover.svg" and "با تبریک سال نو" in img.get("alt")
    assert etree.fromstring(book.zip.read(book.href("images/cover.svg"))).tag == f"{SVG}svg"


# --- a manuscript's own cover ------------------------------------------------------------------


def _build(project: Project, cover_line: str) -> batch.Result:
    project.write("art/cover.png", _png())
    source = project.write(
        "own.md", f"---\ntitle: Own Cover\nlanguage: en\n{cover_line}\n---\n\nBody text.\n"
    )
    [result] = batch.build([source], project.config(out_dir=project.root / "dist"), ("epub",))
    return result


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 90), (0, 90, 60)).save(out, format="PNG")
    return out.getvalue()


def test_manuscript_cover_is_used(project: Project) -> None:
    result = _build(project, "cover: art/cover.png")
    assert result.error is None
    with zipfile.ZipFile(result.outputs[0]) as book:
        assert book.read("EPUB/images/cover.png") == _png()
        assert "EPUB/images/cover.svg" not in book.namelist()


@pytest.mark.parametrize(
    ("cover_line", "problem"),
    [
        pytest.param("cover: ../outside.png", "outside the project", id="outside"),
        pytest.param("cover: /etc/hostname", "not a relative path", id="absolute"),
        pytest.param("cover: https://example.org/c.png", "not a relative path", id="url"),
        pytest.param("cover: art/missing.png", "not found", id="missing"),
        pytest.param("cover: own.md", "not a picture format", id="not-a-picture"),
    ],
)
def test_manuscript_cover_must_be_a_picture_in_the_project(
    project: Project, cover_line: str, problem: str
) -> None:
    (project.root.parent / "outside.png").write_bytes(_png())
    result = _build(project, cover_line)
    assert isinstance(result.error, ManuscriptError)
    assert "cover" in str(result.error) and problem in str(result.error)
    assert not (project.root / "dist" / "own.epub").exists()
