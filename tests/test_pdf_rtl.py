"""Right-to-left briefs as a reader sees them: Persian, Dari and Arabic laid out from the right,
page furniture mirrored, native digits, ZWNJ honoured, Latin runs in their own order."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from publisher.checks.pdf import check_many

from helpers import FIXTURES, Edition
from pdf_helpers import (
    Word,
    build_pdfs,
    ink_columns,
    make_project,
    page_count,
    page_size,
    page_text,
    picture,
    words,
)

pytestmark = pytest.mark.slow

MARGIN = 36 / 25.4 * 72  # the side margins, in points
RTL_CORPUS = (
    "05-fa-nowruz-signed-message",
    "06-fa-amp-khalilzad-iranians",
    "07-fa-untitled-bam-earthquake",
    "09-prs-dari-fallujah-dated-title",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Edition], list[str]]:
    project = make_project(tmp_path_factory.mktemp("rtl"))
    sources = [FIXTURES / "corpus" / f"{name}.txt" for name in RTL_CORPUS]
    sources += [project / "persian-zwnj.md", project / "arabic-brief.md"]
    return build_pdfs(sources, project, project / "dist")


@pytest.fixture(scope="module")
def persian(built: tuple[dict[str, Edition], list[str]]) -> Path:
    return built[0]["persian-zwnj"].pdf


def logical(word: Word) -> str:
    """pdftotext -bbox gives a right-to-left word's letters in drawing order: turn it back."""
    text = word.text
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return text[::-1]
    return text


def line(pdf: Path, page: int, near: Word) -> list[Word]:
    """The words on the same line as `near`, in drawing order (left to right)."""
    middle = (near.y0 + near.y1) / 2
    return sorted((w for w in words(pdf, page) if w.y0 < middle < w.y1), key=lambda w: w.x0)


def test_every_rtl_brief_passes_check_without_font_trouble(
    built: tuple[dict[str, Edition], list[str]],
) -> None:
    results = check_many([e.pdf for e in built[0].values()])
    assert [(r.path.name, r.errors) for r in results if not r.ok] == []
    assert built[1] == []  # no missing glyph, no machine font


def test_arabic_script_in_naskh_with_a_bold_for_titles(persian: Path) -> None:
    fonts = {
        f["/BaseFont"].split("+")[1]
        for page in PdfReader(persian).pages
        for f in (x.get_object() for x in page["/Resources"]["/Font"].values())
    }
    assert {"House-Naskh", "House-Naskh-Bold"} <= fonts
    assert not any("Oblique" in f for f in fonts)  # no slanted Naskh


def test_persian_title_ink_is_at_the_right(built: tuple[dict[str, Edition], list[str]]) -> None:
    """What a person sees first: a short Persian headline set flush right, its left empty."""
    pdf = built[0]["05-fa-nowruz-signed-message"].pdf
    _, height = page_size(pdf)
    title = max(words(pdf, 1), key=lambda w: w.y1 - w.y0)  # the largest type on the page
    image = picture(pdf, 1)
    left, right = ink_columns(image, title.y0 / height, title.y1 / height)
    width = image.size[0]
    assert abs(right - width * (1 - 36 / 210)) < width * 0.02  # on the right margin
    assert left > width * 0.5


def test_title_reads_from_the_right(persian: Path) -> None:
    title = next(w for w in words(persian, 1) if logical(w) == "چرا")
    shown = " ".join(logical(w) for w in reversed(line(persian, 1, title)))
    # The text layer keeps the letters but not the ZWNJ (WeasyPrint draws it as no glyph).
    assert shown == "چرا رسانهها هنوز به موج کوتاه نیاز دارند"
    assert abs(title.x1 - (page_size(persian)[0] - MARGIN)) < 2


def test_latin_runs_keep_their_order(persian: Path) -> None:
    """Reading from the right: the Persian names, then "John Smith" left to right, then the date."""
    john = next(w for w in words(persian, 1) if w.text == "John")
    byline = line(persian, 1, john)
    texts = [logical(w) for w in byline]
    assert texts.index("John") + 1 == texts.index("Smith")
    assert texts.index("۲۰۲۴") < texts.index("John")  # further left: read after the names
    assert texts[-1] == "نادیا"  # the first name is at the right, where reading starts
    assert any("RFE/RL" in w.text for w in words(persian, 1))
    assert "Digital Radio Mondiale" in page_text(persian)


def test_zwnj_keeps_the_letters_apart(tmp_path: Path) -> None:
    """With a ZWNJ the heh does not join: the word is drawn wider than the joined spelling."""
    project = make_project(tmp_path / "zwnj")
    spans = {}
    for name, title in (("with", "رسانه\u200cها می\u200cگویند"), ("without", "رسانهها میگویند")):
        source = project / f"{name}.md"
        source.write_text(
            f'---\ntitle: "{title}"\nlanguage: fa\n---\n\nمتن کوتاه.\n', encoding="utf-8"
        )
        pdf = build_pdfs([source], project, project / "dist")[0][name].pdf
        title_word = max(words(pdf, 1), key=lambda w: w.y1 - w.y0)
        height = page_size(pdf)[1]
        left, right = ink_columns(
            picture(pdf, 1, 100), title_word.y0 / height, title_word.y1 / height
        )
        spans[name] = right - left
    assert spans["with"] > spans["without"]


def test_running_header_and_folio_are_mirrored(persian: Path) -> None:
    width, height = page_size(persian)
    pages = page_count(persian)
    assert pages >= 2
    for n in range(1, pages + 1):
        foot = [w for w in words(persian, n) if w.y0 > height - 26 / 25.4 * 72]
        assert foot and max(w.x1 for w in foot) < width / 2  # bottom left
        assert abs(min(w.x0 for w in foot) - MARGIN) < 2
        persian_digit = chr(0x06F0 + n)
        assert sorted(w.text for w in foot if w.text.isdigit()) == sorted(["۲", persian_digit])
    top = sorted((w for w in words(persian, 2) if w.y1 < 22 / 25.4 * 72), key=lambda w: w.x0)
    publication = [w for w in top if logical(w) in ("میز", "دیدگاه")]
    assert min(w.x0 for w in publication) > width / 2  # the publication at the right
    assert abs(max(w.x1 for w in publication) - (width - MARGIN)) < 2
    assert abs(top[0].x0 - MARGIN) < 2  # the short title ends at the left margin


def test_native_digits_for_date_and_list_numbers(
    built: tuple[dict[str, Edition], list[str]], persian: Path
) -> None:
    """Persian and Dari in Persian digits, like the folio (tested above); the list's numbers
    stand at the right margin, the period on their left as Persian readers expect."""
    john = next(w for w in words(persian, 1) if w.text == "John")
    byline = " ".join(logical(w) for w in reversed(line(persian, 1, john)))
    assert byline.endswith("· ۱۴ مارس ۲۰۲۴")
    width, _ = page_size(persian)
    markers = [w for w in words(persian, 2) if w.text in (".۲", ".۳")]
    assert len(markers) == 2 and all(abs(w.x1 - (width - MARGIN)) < 8 for w in markers)
    dari = {w.text for w in words(built[0]["09-prs-dari-fallujah-dated-title"].pdf, 1)}
    assert {"۲۶", "۲۰۰۴", "۱"} <= dari
    # Arabic without a region writes Latin digits (CLDR): its folio follows its date.
    arabic = {w.text for w in words(built[0]["arabic-brief"].pdf, 1)}
    assert {"2", "2024", "1"} <= arabic and not any("١" in w for w in arabic)


def test_back_matter_in_the_brief_language(persian: Path) -> None:
    last = page_text(persian, page_count(persian))
    assert "نادیا رحیمی مهندس پیشین" in last
    assert "RFE/RL" in last  # the disclaimer's Latin run
    assert "درباره" in last  # "About the author"
