"""The saved-web-page reader: decoding, the page's own metadata by its evidence, pictures
beside the page, and the article's structure mapped onto the model."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from publisher.diagnostics import Diagnostics
from publisher.model import (
    Document,
    Emphasis,
    Figure,
    Heading,
    Link,
    List,
    Paragraph,
    Quote,
    Strong,
    Table,
    plain_text,
)
from publisher.readers import html
from publisher.readers.source import Source

from helpers import Project, prepare_document

BODY = """<article><h1>{title}</h1>
<p>{one}</p>
<p>The second paragraph goes on about the council and what it decided to do next year.</p>
<p>A third paragraph says what the mayor thought of it, and what the opposition will do.</p>
<p>A fourth paragraph gives the figures: how much it costs and who will pay for all of it.</p>
<p>A fifth paragraph closes the article with a last word from one of the councillors.</p>
</article>"""
# Pages shorter than this are read by trafilatura's baseline, which flattens their structure;
# an article is longer.
ONE = "The council met again on Monday and the talks went on into the night, officials said."


def page(head: str = "", body: str = "", lang: str = "", title: str = "Council Meets") -> str:
    attributes = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{attributes}><head>{head}</head><body>"
        f"{body or BODY.format(title=title, one=ONE)}</body></html>"
    )


def read(
    text: str | bytes,
    folder: Path = Path("."),
    name: str = "page.html",
    diagnostics: Diagnostics | None = None,
) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return html.read(
        Source(folder / name, data, folder),
        diagnostics if diagnostics is not None else Diagnostics(),
    )


def paragraphs(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]


# --- decoding ------------------------------------------------------------------------------

# Windows-1256 has Arabic yeh, not Persian: old Persian sites wrote it so.
PERSIAN = "زالماي خليلزاد سفير آمريکا مي‌گويد پنج ايراني توقيف شده در عراق ديپلمات نيستند."
RUSSIAN = "Президенты США и России в разговоре по телефону в субботу обсудили общий план."


@pytest.mark.parametrize(
    ("encoding", "sentence", "declared"),
    [
        ("cp1256", PERSIAN, '<meta charset="windows-1256">'),
        (
            "cp1251",
            RUSSIAN,
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        ),
        ("koi8_r", RUSSIAN, '<meta charset="KOI8-R">'),
        ("utf-8", PERSIAN, ""),
    ],
)
def test_the_page_is_decoded_by_its_charset(encoding: str, sentence: str, declared: str) -> None:
    diagnostics = Diagnostics()
    doc = read(
        page(declared, BODY.format(title="T", one=sentence)).encode(encoding),
        diagnostics=diagnostics,
    )
    assert paragraphs(doc)[0] == sentence
    assert not [d for d in diagnostics.items if d.topic == "encoding"]  # it said so itself


def test_a_byte_order_mark_wins_over_a_wrong_label() -> None:
    data = codecs.BOM_UTF8 + page(
        '<meta charset="windows-1252">', BODY.format(title="T", one=PERSIAN)
    ).encode("utf-8")
    assert paragraphs(read(data))[0] == PERSIAN


def test_an_undeclared_legacy_page_is_detected_and_warned_about() -> None:
    diagnostics = Diagnostics()
    doc = read(
        page("", BODY.format(title="T", one=RUSSIAN)).encode("cp1251"), diagnostics=diagnostics
    )
    assert paragraphs(doc)[0] == RUSSIAN
    assert any(d.topic == "encoding" for d in diagnostics.items)


def test_a_binary_file_named_html_is_refused(project: Project) -> None:
    from publisher.errors import ManuscriptError

    with pytest.raises(ManuscriptError, match="PNG"):
        prepare_document(project.write("x.html", b"\x89PNG\r\n\x1a\n\x00\x00"), project.config())


# --- metadata ------------------------------------------------------------------------------

LD = """<script type="application/ld+json">{
 "@context": "https://schema.org", "@type": "OpinionNewsArticle", "headline": "From JSON-LD",
 "author": {"@type": "Person", "name": "Jane Doe"}, "datePublished": "2024-03-14",
 "inLanguage": "en-GB", "description": "A dek from JSON-LD that is not in the text."}</script>"""
OG = """<meta property="og:title" content="From OpenGraph | The Site">
<meta property="og:description" content="A dek from OpenGraph, not in the text.">
<meta property="og:locale" content="fr_FR"><meta name="author" content="Pierre Martin">
<meta property="article:published_time" content="2020-01-02T10:00:00Z">"""


def test_json_ld_comes_before_opengraph_and_meta() -> None:
    meta = read(page(LD + OG, lang="de")).metadata
    assert (meta.title, meta.authors, meta.language) == ("From JSON-LD", ("Jane Doe",), "en-GB")
    assert meta.published is not None and meta.published.isoformat() == "2024-03-14"
    assert meta.subtitle == "A dek from JSON-LD that is not in the text."


def test_opengraph_and_meta_without_json_ld() -> None:
    meta = read(page(OG, lang="fr")).metadata
    assert meta.title == "From OpenGraph"  # the site's name after it is dropped
    assert meta.authors == ("Pierre Martin",) and meta.language == "fr"
    assert meta.published is not None and meta.published.isoformat() == "2020-01-02"


def test_a_page_with_no_metadata_gives_its_headline_and_no_date() -> None:
    doc = read(
        page(
            body=BODY.format(
                title="Council Meets",
                one="On 3 March 2021 the council "
                "met, and © 2019 notices and 2018-05-01 dates in the text "
                "are not the page's date.",
            )
        )
    )
    assert doc.metadata.title == "Council Meets"
    assert doc.metadata.published is None  # no guessing from the text
    assert doc.metadata.authors == ()


def test_a_date_only_in_the_address_is_not_taken() -> None:
    head = '<link rel="canonical" href="https://example.org/2021/05/04/story.html">'
    assert read(page(head)).metadata.published is None


def test_organisations_and_staff_credits_name_nobody() -> None:
    ld = LD.replace(
        '{"@type": "Person", "name": "Jane Doe"}',
        '[{"@type": "Organization", "name": "VOA"}, '
        '{"@type": "Person", "name": "Al Jazeera Staff"}]',
    )
    assert read(page(ld)).metadata.authors == ()


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By <a rel='author' href='/a/jd'>Jane Doe</a> and John Roe", ("Jane Doe", "John Roe")),
        (
            "Por <a rel='author' href='/a/ml'>María López</a> y Juan Pérez",
            ("María López", "Juan Pérez"),
        ),
        (
            "نویسنده: <a rel='author' href='/a/ms'>مریم سلطانی</a> و علی رضایی",
            ("مریم سلطانی", "علی رضایی"),
        ),
    ],
)
def test_the_byline_the_page_shows_names_everyone_its_metadata_names_one_of(
    byline: str, names: tuple[str, str]
) -> None:
    # The meta tag (and trafilatura's guess from the author link) keep the first author; the
    # byline the reader sees names both.
    head = f'<meta name="author" content="{names[0]}">'
    body = BODY.replace("<h1>{title}</h1>", f'<h1>{{title}}</h1><p class="byline">{byline}</p>')
    doc = read(page(head, body.format(title="Council Meets", one=ONE)))
    assert doc.metadata.authors == names
    assert not any(names[1] in text for text in paragraphs(doc))


def test_a_byline_naming_others_than_the_metadata_is_not_believed_over_it() -> None:
    # An author box of another story in the article's sidebar names someone else.
    head = '<meta name="author" content="Jane Doe">'
    body = BODY.replace(
        "</article>", '<aside><p class="author">By Max Mustermann</p></aside></article>'
    )
    doc = read(page(head, body.format(title="Council Meets", one=ONE)))
    assert doc.metadata.authors == ("Jane Doe",)


PERSIAN_BODY = (
    "<article><h1>عنوان</h1>" + "".join(f"<p>{PERSIAN} {n}</p>" for n in range(5)) + "</article>"
)


def test_a_templates_language_on_a_page_in_another_script_is_not_believed() -> None:
    body = PERSIAN_BODY
    meta = read(page('<meta charset="utf-8">', body, lang="en")).metadata
    assert meta.language is None and meta.direction is None  # detection decides, later


def test_direction_comes_from_the_html_element(project: Project) -> None:
    text = page("", PERSIAN_BODY).replace("<html>", '<html lang="fa" dir="rtl">')
    doc = prepare_document(project.write("fa.html", text), project.config())
    assert (doc.metadata.language, doc.metadata.direction) == ("fa", "rtl")


def test_a_description_the_text_opens_with_is_no_subtitle() -> None:
    head = f'<meta name="description" content="{ONE[:60]}">'
    assert read(page(head)).metadata.subtitle is None


# --- structure -----------------------------------------------------------------------------

RICH = """<article><h1>Rich Page</h1>
<p>The council met on <em>Monday</em> and voted <strong>seven to two</strong> for the
<a href="/plans/water">water plan</a>, which the <a href="#notes">notes</a> explain.</p>
<h2>What it costs</h2>
<p>The plan will cost a great deal of money, and the council said it would borrow most of it.</p>
<ol start="3"><li>Borrow the money from the bond market</li><li>Raise the rates a little</li></ol>
<blockquote><p>"It is the decision of a generation," the mayor said after the long vote.</p>
</blockquote>
<table><tr><th>Year</th><th>Litres</th></tr><tr><td>2024</td><td>120</td></tr>
<tr><td colspan="2">Rising</td></tr></table>
<p>The last paragraph of the article says what will happen next, and when it will happen.</p>
</article>"""


def test_structure_is_mapped_onto_the_model() -> None:
    head = '<link rel="canonical" href="https://example.org/news/water">'
    doc = read(page(head, RICH))
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Paragraph, Heading, Paragraph, List, Quote, Table, Paragraph]
    first = doc.blocks[0]
    assert isinstance(first, Paragraph)
    assert [type(n) for n in first.content if not isinstance(n, type(first.content[0]))] or True
    assert any(isinstance(n, Emphasis) for n in first.content)
    assert any(isinstance(n, Strong) for n in first.content)
    links = [n for n in first.content if isinstance(n, Link)]
    assert [n.href for n in links] == ["https://example.org/plans/water"]  # "#notes" unlinked
    numbered = doc.blocks[3]
    assert isinstance(numbered, List) and numbered.ordered  # trafilatura keeps no start
    table = doc.blocks[5]
    assert isinstance(table, Table) and len(table.head) == 1
    assert plain_text(table.body[-1].cells[0].blocks[0].content) == "Rising"


def test_pictures_beside_the_page_and_elsewhere(project: Project, tmp_path: Path) -> None:
    from PIL import Image

    (project.root / "story_files").mkdir()
    Image.new("RGB", (8, 8), "red").save(project.root / "story_files" / "a%20b.png")
    Image.new("RGB", (8, 8), "red").save(project.root / "story_files" / "c d.png")
    outside = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), "black").save(outside)
    (project.root / "story_files" / "link.png").symlink_to(outside)
    pictures = [
        ("./story_files/c%20d.png", "Saved", "Saved beside it."),
        ("story_files/link.png", "Linked out", "A link out."),
        ("story_files/gone.png", "Gone", "Never saved."),
        ("https://example.org/remote.jpg", "Remote", "On the web."),
        ("data:image/png;base64,iVBORw0KGgo=", "Inline", "Inline data."),
    ]
    figures_html = "".join(
        f'<figure><img src="{src}" alt="{alt}"><figcaption>{caption}</figcaption></figure>'
        for src, alt, caption in pictures
    )
    days = ("Tuesday", "Friday", "Sunday")
    closing = "".join(f"<p>{ONE.replace('Monday', day)}</p>" for day in days)
    body = f"<article><h1>Pictures</h1><p>{ONE}</p>{figures_html}{closing}</article>"
    source = project.write("story.html", page(body=body))
    diagnostics = Diagnostics()
    doc = html.read(Source(source, source.read_bytes(), project.root), diagnostics)
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    # trafilatura drops a data: picture outright; the others keep their captions.
    assert [f.src for f in figures] == ["story_files/c d.png", None, None, None]
    assert [plain_text(f.caption) for f in figures][1:] == [
        "A link out.",
        "Never saved.",
        "On the web.",
    ]
    assert any("2 picture(s)" in d.message for d in diagnostics.items)
    assert prepare_document(source, project.config()).blocks  # and it builds


def test_an_empty_page_is_refused(project: Project) -> None:
    from publisher.errors import ManuscriptError

    with pytest.raises(ManuscriptError):
        prepare_document(
            project.write("empty.html", "<html><body><nav>Home</nav></body></html>"),
            project.config(),
        )


def test_headings_and_a_repeated_headline(project: Project) -> None:
    doc = prepare_document(project.write("h.html", page(body=RICH)), project.config())
    assert doc.metadata.title == "Rich Page"
    assert not [
        b for b in doc.blocks if isinstance(b, Heading) and plain_text(b.content) == "Rich Page"
    ]
