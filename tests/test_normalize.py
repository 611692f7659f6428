"""Normalisation: clean text, typographic quotes for Latin script only, language and direction."""

from __future__ import annotations

import pytest

from publisher.diagnostics import Diagnostics
from publisher.model import Document, Figure, Metadata, Paragraph, Text, plain_text
from publisher.normalize import clean
from publisher.normalize import normalize as normalize_with

ENGLISH = (
    "The council voted on Tuesday to extend the night bus service to the outer "
    "districts after a year of petitions from shift workers."
)
RUSSIAN = (
    "Депутаты во вторник одобрили бюджет на следующий год, несмотря на возражения "
    "оппозиции, которая требовала увеличить расходы на здравоохранение."
)
PERSIAN = (
    "باران شدید در روزهای اخیر باعث جاری شدن سیل در چند شهر شمالی شد و صدها خانه را "
    "زیر آب برد و مقامات محلی می گویند امدادگران در حال کمک هستند."
)


def normalize(doc: Document) -> Document:
    return normalize_with(doc, Diagnostics())


def document(*paragraphs: str, **metadata: object) -> Document:
    return Document(
        Metadata(**metadata),  # type: ignore[arg-type]
        tuple(Paragraph((Text(p),)) for p in paragraphs),
    )


def texts(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]


# --- clean ---------------------------------------------------------------------------------


def test_nfc() -> None:
    decomposed = "Cafe\u0301"
    assert clean(decomposed) == "Caf\u00e9"
    assert texts(normalize(document(decomposed + " au lait, s'il vous plaît, dit-il.")))[
        0
    ].startswith("Caf\u00e9 ")


@pytest.mark.parametrize("control", ["\x00", "\x0b", "\x1f", "\x0c", "\x7f", "\ufffe"])
def test_xml_illegal_characters_are_removed(control: str) -> None:
    assert clean(f"a{control}b") in ("ab", "a b")
    doc = normalize(document(f"Line one{control}continues here.", title=f"Ti{control}tle"))
    assert control not in texts(doc)[0]
    assert control not in (doc.metadata.title or "")


def test_white_space_runs_become_one_space() -> None:
    assert clean("a  b\t\tc\n d \u2028 e") == "a b c d e"
    doc = normalize(document("Two  spaces and\ta tab.", title="  A   Title  "))
    assert texts(doc) == ["Two spaces and a tab."]
    assert doc.metadata.title == "A Title"


def test_paragraph_left_empty_is_dropped() -> None:
    doc = normalize(document(" \x00 ", ENGLISH))
    assert texts(doc) == [ENGLISH]


# --- typography ----------------------------------------------------------------------------


def test_english_gets_typographic_quotes_dashes_and_ellipses() -> None:
    doc = normalize(
        document(
            "\"Hello,\" she said -- it's the '90s... 'Really'. " + ENGLISH, title='It\'s "here"'
        )
    )
    out = texts(doc)[0]
    assert out.startswith(
        "\u201cHello,\u201d she said \u2014 it\u2019s the \u201990s\u2026 \u2018Really\u2019."
    )
    assert doc.metadata.title == "It\u2019s \u201chere\u201d"


def test_typography_keeps_markup_like_text_as_text() -> None:
    doc = normalize(document('Use <b> & "quotes" in x < y comparisons. ' + ENGLISH))
    assert texts(doc)[0].startswith("Use <b> & \u201cquotes\u201d in x < y comparisons.")


@pytest.mark.parametrize(
    "body",
    [
        'Президент сказал: "Это важно" -- и ушёл. ' + RUSSIAN,
        'او گفت: "این مهم است" -- و رفت. ' + PERSIAN,
    ],
)
def test_non_latin_text_gets_no_english_quotes(body: str) -> None:
    out = texts(normalize(document(body)))[0]
    assert not {"\u201c", "\u201d", "\u2018", "\u2019"} & set(out)
    assert out == body


def test_captions_are_typeset_too() -> None:
    doc = normalize(
        Document(
            Metadata(),
            (
                Figure(src=None, caption=(Text("The minister's car -- outside"),)),
                Paragraph((Text(ENGLISH),)),
            ),
        )
    )
    figure = doc.blocks[0]
    assert isinstance(figure, Figure)
    assert plain_text(figure.caption) == "The minister\u2019s car \u2014 outside"


# --- language and direction ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "language", "direction"),
    [
        (ENGLISH, "en", "ltr"),
        (RUSSIAN, "ru", "ltr"),
        (PERSIAN, "fa", "rtl"),
    ],
)
def test_language_and_direction_are_detected(body: str, language: str, direction: str) -> None:
    meta = normalize(document(body)).metadata
    assert meta.language == language
    assert meta.direction == direction


def test_stated_language_is_kept() -> None:
    meta = normalize(document(ENGLISH, language="fr")).metadata
    assert meta.language == "fr"
    assert meta.direction == "ltr"


@pytest.mark.parametrize(
    ("language", "body", "direction"),
    [
        ("fa", ENGLISH, "rtl"),  # the stated language decides, not the script guess
        ("ru", PERSIAN, "ltr"),
        ("ar", "Short", "rtl"),
        ("prs", PERSIAN, "rtl"),  # no CLDR locale for Dari: the Arabic script decides
        ("prs", ENGLISH, "rtl"),  # ... or Persian, which Dari falls back on
        ("pa-PK", ENGLISH, "rtl"),  # Punjabi in Pakistan is written in Arabic script
        ("pa", ENGLISH, "ltr"),  # and in India in Gurmukhi
        ("az-Arab", ENGLISH, "rtl"),  # a script subtag says it outright
        ("xx", PERSIAN, "rtl"),  # a language nobody knows: the text's script decides
    ],
)
def test_direction_follows_the_stated_language(language: str, body: str, direction: str) -> None:
    assert normalize(document(body, language=language)).metadata.direction == direction


def test_direction_agrees_with_cldr_character_order_for_every_locale() -> None:
    """The direction comes from the language's likely script (one small table), not from each
    locale's whole CLDR data; for every locale Babel ships the two must agree."""
    from babel import Locale, localedata

    from publisher import languages

    tags = localedata.locale_identifiers()
    assert len(tags) > 500
    wrong = [
        tag
        for tag in tags
        if languages.direction(tag.replace("_", "-"))
        != ("rtl" if Locale.parse(tag).character_order == "right-to-left" else "ltr")
    ]
    assert wrong == []


def test_stated_direction_is_kept() -> None:
    assert normalize(document(PERSIAN, direction="ltr")).metadata.direction == "ltr"


def test_too_little_text_leaves_language_unset() -> None:
    assert normalize(document("Yes.")).metadata.language is None


def test_normalize_is_idempotent() -> None:
    once = normalize(document('"Quoted" -- text... ' + ENGLISH, title="It's"))
    assert normalize(once) == once


def test_runs_smartypants_would_leave_alone_are_not_given_to_it() -> None:
    """typeset() skips smartypants for a run with none of what it changes: over every line
    of the fixtures, smartypants gives such a line back as it was."""
    import html
    from pathlib import Path

    import smartypants

    from publisher import normalize

    attrs = smartypants.Attr.q | smartypants.Attr.d | smartypants.Attr.e | smartypants.Attr.u
    fixtures = Path(__file__).parent / "fixtures"
    lines = {
        line
        for path in [*fixtures.rglob("*.txt"), *fixtures.rglob("*.md")]
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    skipped = [line for line in lines if not normalize._SMARTYPANTS_CHANGES.search(line)]
    assert len(skipped) > 500
    for line in skipped:
        assert html.unescape(smartypants.smartypants(html.escape(line, quote=False), attrs)) == line
    assert normalize.typeset('He said "no" -- twice...', "en") == "He said “no” — twice…"
