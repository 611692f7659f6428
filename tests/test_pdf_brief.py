"""The printed brief as a reader and their software see it: masthead, page furniture, back
matter, house fonts, tags, metadata and bookmarks; and `publisher check` on PDFs."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, StreamObject
from typer.testing import CliRunner

from publisher import config as config_module
from publisher import styles as styles_module
from publisher.checks.pdf import check, check_many
from publisher.cli import app
from publisher.errors import ConfigError
from publisher.renderers import pdf as pdf_renderer

from helpers import FIXTURES, REPO_ROOT, Edition, sample_manuscripts
from pdf_helpers import (
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

LONG_TITLE = (
    "Keep the Transmitters On: Why a Newsroom That Lives Online Still Needs "
    "Shortwave Radio for Its Worst Night"
)
AUTHORS = (
    "Nadia Rahimi, Jonathan Alexander Whitfield-Montgomery, Tamar Chikovani, "
    "Oleksandr Kovalenko, and María José Fernández de la Cruz"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("briefs"))


@pytest.fixture(scope="module")
def built(project: Path) -> tuple[dict[str, Edition], list[str]]:
    """Every sample, every corpus page and the PDF fixtures, with the font warnings raised."""
    samples, sample_warnings = build_pdfs(sample_manuscripts(), REPO_ROOT, project / "samples")
    sources = sorted((FIXTURES / "corpus").glob("*.txt"))
    sources += [
        project / name
        for name in ("long-brief.md", "persian-zwnj.md", "arabic-brief.md", "georgian-brief.md")
    ]
    editions, warnings = build_pdfs(sources, project, project / "dist")
    return {**samples, **editions}, sample_warnings + warnings


@pytest.fixture(scope="module")
def long_brief(built: tuple[dict[str, Edition], list[str]]) -> Path:
    return built[0]["long-brief"].pdf


def test_every_brief_passes_check(built: tuple[dict[str, Edition], list[str]]) -> None:
    results = check_many([e.pdf for e in built[0].values()])
    assert len(results) >= 15
    assert [(r.path.name, r.errors) for r in results if not r.ok] == []


def test_no_missing_glyph_and_no_machine_font(built: tuple[dict[str, Edition], list[str]]) -> None:
    assert built[1] == []


def test_fonts_are_the_house_faces_subset_and_embedded(
    built: tuple[dict[str, Edition], list[str]],
) -> None:
    for edition in built[0].values():
        rows = subprocess.run(
            ["pdffonts", str(edition.pdf)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert rows
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            assert re.fullmatch(r"[A-Z]{6}\+House-[A-Za-z-]+", name), (edition.pdf.name, row)
            assert (emb, sub, uni) == ("yes", "yes", "yes"), (edition.pdf.name, row)
            assert "Oblique" not in name, "a slant was synthesised: the face has no italic"
    georgian = subprocess.run(
        ["pdffonts", str(built[0]["georgian-brief"].pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "House-Georgian-Bold" in georgian  # the headline, in the Georgian face's bold


def test_tagged_accessible_pdf(long_brief: Path) -> None:
    reader = PdfReader(long_brief)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_metadata(built: tuple[dict[str, Edition], list[str]], long_brief: Path) -> None:
    info = PdfReader(long_brief).metadata
    assert info is not None
    assert info.title == LONG_TITLE
    assert info.author == (
        "Nadia Rahimi, Jonathan Alexander Whitfield-Montgomery, "
        "Tamar Chikovani, Oleksandr Kovalenko, María José Fernández de la Cruz"
    )
    # An unsigned editorial is the publication's.
    editorial = PdfReader(built[0]["01-en-editorial-cuba-dissidents"].pdf).metadata
    assert editorial is not None and editorial.author == "The Test Desk"


def test_bookmarks_are_the_title_and_its_sections(long_brief: Path) -> None:
    def titles(outline: list) -> list:  # type: ignore[type-arg]
        return [titles(o) if isinstance(o, list) else o.title for o in outline]

    assert titles(PdfReader(long_brief).outline) == [
        LONG_TITLE,
        [
            "The night the screens went dark",
            ["What listeners told us"],
            "What it costs, and what it buys",
            ["The hidden costs of switching off"],
            "A modest proposal",
        ],
    ]


def test_masthead_on_page_one(long_brief: Path) -> None:
    first = page_text(long_brief, 1)
    assert first.startswith(f"THE OPINION DESK {LONG_TITLE} When a government switches off")
    assert f"{AUTHORS} · March 14, 2024" in first
    assert "…" not in first  # no running header on the masthead page


def test_page_n_of_m_at_the_outer_foot(long_brief: Path) -> None:
    pages = page_count(long_brief)
    assert pages >= 3  # the fixture is long enough to test page furniture
    width, height = page_size(long_brief)
    for n in range(1, pages + 1):
        folio = [w for w in words(long_brief, n) if w.y0 > height - 26 / 25.4 * 72]
        assert " ".join(w.text for w in folio) == f"Page {n} of {pages}"
        assert min(w.x0 for w in folio) > width / 2  # bottom right, beside the text block


def test_running_header_from_page_two(long_brief: Path) -> None:
    """The publication at the left margin, the shortened title ending at the right one."""
    width, _ = page_size(long_brief)
    margin = 36 / 25.4 * 72
    for n in range(2, page_count(long_brief) + 1):
        top = sorted((w for w in words(long_brief, n) if w.y1 < 22 / 25.4 * 72), key=lambda w: w.x0)
        assert " ".join(w.text for w in top) == (
            "THE OPINION DESK Keep the Transmitters On: Why a Newsroom That Lives Online…"
        )
        assert abs(top[0].x0 - margin) < 2 and abs(top[-1].x1 - (width - margin)) < 2


def test_bio_then_disclaimer_at_the_end(long_brief: Path) -> None:
    last = page_text(long_brief, page_count(long_brief))
    closing = last.index("the night the screens go dark.")
    bio = last.index("ABOUT THE AUTHOR Nadia Rahimi is a former shortwave engineer")
    disclaimer = last.index("do not necessarily reflect those of The Opinion Desk or RFE/RL.")
    assert closing < bio < disclaimer


def test_figure_image_alt_text_and_caption(long_brief: Path) -> None:
    reader = PdfReader(long_brief)
    alts = []

    def walk(node: object) -> None:
        node = node.get_object()  # type: ignore[attr-defined]
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object"):
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert alts == ["Three transmitter sites and the rings of their night-time coverage"]
    assert "Night-time coverage of three transmitter sites, simplified" in page_text(long_brief)


def test_caption_only_figure_keeps_its_caption(built: tuple[dict[str, Edition], list[str]]) -> None:
    text = page_text(built[0]["000_7ffa8be738bcf72b"].pdf, 1)
    assert "Ayatollah Khamenei, Iranian leader, met with IRGC generals" in text


def test_english_title_ink_starts_at_the_left(built: tuple[dict[str, Edition], list[str]]) -> None:
    """What a person sees first: a short headline set flush left, the right of the line empty."""
    image = picture(built[0]["keep-the-transmitters-on"].pdf, 1)
    title = next(w for w in words(built[0]["keep-the-transmitters-on"].pdf, 1) if w.text == "Keep")
    _, height = page_size(built[0]["keep-the-transmitters-on"].pdf)
    left, right = ink_columns(image, title.y0 / height, title.y1 / height)
    width = image.size[0]
    assert abs(left - width * 36 / 210) < width * 0.02  # on the left margin
    assert right < width * (1 - 36 / 210) - width * 0.1  # well short of the right one


def test_letter_pages_keep_text_on_the_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "letter", extra='page_size = "Letter"\n')
    editions, warnings = build_pdfs([project / "long-brief.md"], project, project / "dist")
    pdf = editions["long-brief"].pdf
    assert page_size(pdf) == (612, 792)
    assert check(pdf).ok, check(pdf).errors
    assert warnings == []


@pytest.mark.parametrize(("variant", "claim"), [("pdf/a-3b", 'pdfaid:part="3"'), ("none", None)])
def test_other_pdf_variants_stay_tagged(tmp_path: Path, variant: str, claim: str | None) -> None:
    project = make_project(tmp_path / "variant", extra=f'pdf_variant = "{variant}"\n')
    pdf = build_pdfs([project / "long-brief.md"], project, project / "dist")[0]["long-brief"].pdf
    catalog = PdfReader(pdf).trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode() if "/Metadata" in catalog else ""
    assert "pdfuaid" not in xmp
    if claim:
        assert claim in xmp and 'pdfaid:conformance="B"' in xmp
    assert check(pdf).ok, check(pdf).errors


def test_pdf_variant_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "cli")
    monkeypatch.chdir(project)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        result = CliRunner().invoke(
            app, ["build", "long-brief.md", "-f", "pdf", "--pdf-variant", "PDF/A-3B"]
        )
        assert result.exit_code == 0, result.output
        xmp = PdfReader(project / "dist" / "long-brief.pdf").trailer["/Root"]["/Metadata"]
        assert 'pdfaid:part="3"' in xmp.get_object().get_data().decode()
        bad = CliRunner().invoke(app, ["build", "long-brief.md", "--pdf-variant", "pdf/x"])
        assert bad.exit_code == 2
        assert all(v in bad.stderr for v in ("pdf/x", "pdf/ua-1", "pdf/a-3b", "none"))
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_pdf_variant_config_is_checked(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.publisher]\npdf_variant = "pdf/x-4"\n')
    with pytest.raises(ConfigError, match="pdf_variant 'pdf/x-4' is not one of pdf/ua-1"):
        config_module.load(tmp_path)
    assert config_module.load(REPO_ROOT).pdf_variant == "pdf/ua-1"


# --- glyphs no house font draws -------------------------------------------------------------


def test_missing_glyph_is_reported_even_when_weasyprint_is_quiet(tmp_path: Path) -> None:
    """The CLI turns WeasyPrint's logger down to errors; a box in print must still be told."""
    project = make_project(tmp_path / "glyph")
    source = project / "odd.md"
    source.write_text(
        "---\ntitle: Odd\nlanguage: en\n---\n\nA private sign: \U000f0001.\n", encoding="utf-8"
    )
    weasyprint_logger = logging.getLogger("weasyprint")
    level = weasyprint_logger.level
    weasyprint_logger.setLevel(logging.ERROR)
    try:
        _, warnings = build_pdfs([source], project, project / "dist")
    finally:
        weasyprint_logger.setLevel(level)
    assert len(warnings) == 1
    assert "U+F0001" in warnings[0] or "machine's fonts" in warnings[0]


def test_house_styles_are_parsed_once(long_brief: Path, project: Path) -> None:
    first, second = styles_module.load(project), styles_module.load(project)
    assert pdf_renderer.house_styles(first, "A4") is pdf_renderer.house_styles(second, "A4")


# --- publisher check on PDFs ----------------------------------------------------------------


def _bare_pdf(path: Path) -> Path:
    """A PDF a careless tool makes: a font left out, no tags, no metadata, text off the page."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = StreamObject()
    content.set_data(
        b"BT /F1 12 Tf 20 100 Td (Inside) Tj ET BT /F1 12 Tf 180 20 Td (Outside) Tj ET"
    )
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.write(path)
    return path


def test_check_reports_what_a_careless_pdf_lacks(tmp_path: Path) -> None:
    result = check(_bare_pdf(tmp_path / "bare.pdf"))
    assert not result.ok
    problems = " | ".join(result.errors)
    for expected in (
        "font Helvetica is not embedded",
        "not tagged",
        "no document title",
        "no document language",
        "page 1: text at x 180-",
    ):
        assert expected in problems
    assert "no author (Info /Author)" in result.warnings
    assert result.summary == "1 page, 1 font (1 not embedded), untagged, language unset"


def test_check_finds_a_line_running_off_the_page(tmp_path: Path) -> None:
    from weasyprint import HTML

    words_ = "an unbreakable line " * 20
    html = (
        f'<html lang="en"><head><title>T</title><meta name="author" content="A"/></head>'
        f'<body><p style="white-space: nowrap">{words_}</p></body></html>'
    )
    HTML(string=html).write_pdf(tmp_path / "wide.pdf", pdf_variant="pdf/ua-1")
    result = check(tmp_path / "wide.pdf")
    assert [e.split(":")[0] for e in result.errors] == ["page 1"]
    assert "runs off the page (595 x 842 pt)" in result.errors[0]


def test_check_reports_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    result = check(tmp_path / "broken.pdf")
    assert not result.ok and result.errors[0].startswith("not a readable PDF")


SCRIPTS = {
    "am": "ጠቅላይ ሚኒስትሩ ዛሬ በአዲስ አበባ ከውጭ ጉዳይ ሚኒስትሮች ጋር ተወያይተዋል።",
    "he": "ראש הממשלה נפגש היום עם שרי החוץ בירושלים.",
    "hi": "प्रधानमंत्री ने आज नई दिल्ली में विदेश मंत्रियों से मुलाकात की।",
    "hy": "Վարչապետն այսօր Երևանում հանդիպել է արտաքին գործերի նախարարների հետ։",
    "th": "นายกรัฐมนตรีพบกับรัฐมนตรีต่างประเทศที่กรุงเทพฯ วันนี้",
    "my": "ဝန်ကြီးချုပ်သည် ယနေ့ ရန်ကုန်တွင် နိုင်ငံခြားရေးဝန်ကြီးများနှင့် တွေ့ဆုံခဲ့သည်။",
    "km": "នាយករដ្ឋមន្ត្រីបានជួបជាមួយរដ្ឋមន្ត្រីការបរទេសនៅភ្នំពេញថ្ងៃនេះ។",
    "bn": "প্রধানমন্ত্রী আজ ঢাকায় পররাষ্ট্রমন্ত্রীদের সঙ্গে বৈঠক করেছেন।",
    "ko": "총리는 오늘 서울에서 외무장관들과 만났습니다.",
    "zh": "总理今天在北京会见了各国外交部长。",
    "ja": "首相は今日、東京で外務大臣たちと会談した。",
}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_the_desks_other_scripts_print_in_house_faces(tmp_path: Path, language: str) -> None:
    project = make_project(tmp_path / language)
    sentence = SCRIPTS[language]
    source = project / f"{language}.md"
    source.write_text(
        f"---\ntitle: {sentence[:24]}\nlanguage: {language}\n---\n\n{sentence}\n\n**{sentence}**\n",
        encoding="utf-8",
    )
    editions, warnings = build_pdfs([source], project, project / "dist")
    assert warnings == []  # no box, no machine font
    fonts = subprocess.run(
        ["pdffonts", str(editions[language].pdf)], capture_output=True, text=True, check=True
    ).stdout
    faces = [line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:]]
    # The script's own face from the house folder (NotoSans<Script>), or a named house face.
    assert faces and all(
        face.startswith(("House-", "Noto-Sans", "Noto-Serif", "Droid-Sans-Fallback"))
        for face in faces
    )
    assert any(not face.startswith("House-") for face in faces) or language == "he", faces
    if language in ("ko", "zh", "ja"):  # drawn, so the text comes back out of the page
        assert sentence in page_text(editions[language].pdf).replace("\n", "")


def test_korean_lines_break_between_words_not_syllables(tmp_path: Path) -> None:
    project = make_project(tmp_path / "ko")
    title = "백악관 북한 핵보유국 지위 인정한 적 없어 북한 도발 미한 동맹 강화 발표"
    sentence = "집을 수리하는 동안 또는 영구 주거지를 마련하기 전까지 거주할 장소가 필요합니다."
    source = project / "ko.md"
    source.write_text(
        f"---\ntitle: {title}\nlanguage: ko\n---\n\n{' '.join([sentence] * 12)}\n",
        encoding="utf-8",
    )
    editions, warnings = build_pdfs([source], project, project / "dist")
    assert warnings == []
    words = set(title.split()) | set(sentence.split())
    printed = page_text(editions["ko"].pdf)
    hangul = [w for w in printed.split() if any("가" <= c <= "힣" for c in w)]
    assert len(hangul) > 100 and set(hangul) <= words  # no word cut at a line's end


def test_a_project_fonts_css_naming_missing_files_still_prints(tmp_path: Path) -> None:
    """With no face registered, Pango once had no font at all and crashed the process; the
    house folder's faces are always there."""
    project = make_project(tmp_path / "fonts")
    (project / "styles" / "css").mkdir(parents=True)
    (project / "styles" / "css" / "fonts.css").write_text(
        '@font-face { font-family: "House Serif"; src: url(../fonts/Missing.ttf); }\n',
        encoding="utf-8",
    )
    source = project / "plain.md"
    source.write_text(
        "---\ntitle: Plain\nlanguage: en\n---\n\nThe council met.\n", encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "publisher", "build", "plain.md", "-f", "pdf"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "The council met." in page_text(project / "dist" / "plain.pdf")
