"""The newsroom passes on structured documents: furniture leaves the body for the metadata,
and the article's own text is never taken, in several scripts."""

from __future__ import annotations

import pytest

from publisher.model import (
    Block,
    Document,
    Heading,
    Link,
    List,
    ListItem,
    Metadata,
    Paragraph,
    Text,
    plain_text,
)
from publisher.readers import newsroom

PROSE = [
    "The council met again on Monday and the talks went on into the night, officials said.",
    "Most of the money will come from a bond issue, and rates will rise by four percent.",
    "Construction is due to begin next spring, the mayor told reporters after the vote.",
]
PERSIAN = [
    "زالمای خلیلزاد سفیر آمریکا می‌گوید پنج ایرانی توقیف شده در عراق دیپلمات نیستند.",
    "آقای خلیلزاد گفت ایران فراهم کردن تسلیحات برای شبه نظامیان را تکذیب کرده است.",
]


def p(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def run(*blocks: Block, **meta: object) -> Document:
    return newsroom.apply(Document(Metadata(**meta), tuple(blocks)))  # type: ignore[arg-type]


def texts(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph | Heading)]


def test_a_byline_above_the_text_becomes_the_authors() -> None:
    doc = run(p("By Jane Doe and John Roe"), *map(p, PROSE))
    assert doc.metadata.authors == ("Jane Doe", "John Roe")
    assert texts(doc) == PROSE


def test_a_byline_does_not_replace_the_pages_own_authors() -> None:
    doc = run(p("By Someone Else"), *map(p, PROSE), authors=("Jane Doe",))
    assert doc.metadata.authors == ("Jane Doe",) and texts(doc) == PROSE


def test_persian_and_russian_bylines() -> None:
    assert run(p("نوشته نادیا رحیمی"), *map(p, PERSIAN)).metadata.authors == ("نادیا رحیمی",)
    russian = run(p("Автор: Иван Петров"), *map(p, PROSE))
    assert russian.metadata.authors == ("Иван Петров",)


def test_a_dateline_gives_the_date_and_an_updated_line_none() -> None:
    doc = run(p("Published: June 4, 2024"), *map(p, PROSE))
    assert doc.metadata.published is not None and doc.metadata.published.isoformat() == "2024-06-04"
    assert texts(doc) == PROSE
    assert run(p("Updated: June 5, 2024"), *map(p, PROSE)).metadata.published is None


def test_the_headline_again_is_dropped() -> None:
    doc = run(
        Heading(1, (Text("Council Approves Plan"),)), *map(p, PROSE), title="Council Approves Plan"
    )
    assert texts(doc) == PROSE


def test_disclaimers_in_several_languages_leave_the_body() -> None:
    english = "The views expressed in this article are the author's own."
    persian = "دیدگاه‌های مطرح‌شده در این مقاله لزوماً بازتاب دیدگاه صدای آمریکا نیست."
    for notice, body in ((english, PROSE), (persian, PERSIAN)):
        doc = run(*map(p, body), p(notice))
        assert doc.metadata.disclaimer == notice
        assert texts(doc) == body


def test_an_author_card_closing_the_article_becomes_authors_and_bio() -> None:
    bio = "Jane Doe is a former shortwave engineer who writes about censorship."
    doc = run(*map(p, PROSE), p("Jane Doe"), p(bio))
    assert doc.metadata.authors == ("Jane Doe",) and doc.metadata.author_bio == bio
    assert texts(doc) == PROSE


def test_a_closing_bio_by_a_known_author() -> None:
    bio = "Jane Doe is the Courier's city hall reporter."
    doc = run(*map(p, PROSE), p(bio), authors=("Jane Doe",))
    assert doc.metadata.author_bio == bio and texts(doc) == PROSE


def test_a_closing_sentence_about_someone_else_stays() -> None:
    last = "John Smith is expected to appear in court on Monday, his lawyer said."
    doc = run(*map(p, PROSE), p(last), authors=("Jane Doe",))
    assert texts(doc) == [*PROSE, last] and doc.metadata.author_bio is None


def test_a_wire_credit_closing_the_article() -> None:
    doc = run(*map(p, PROSE), p("Reporting by Jane Doe; Editing by John Roe"))
    assert doc.metadata.authors == ("Jane Doe",) and texts(doc) == PROSE


def _links(*titles: str) -> List:
    return List(
        False,
        tuple(
            ListItem((Paragraph((Link(f"https://example.org/{n}", (Text(t),)),)),))
            for n, t in enumerate(titles)
        ),
    )


@pytest.mark.parametrize(
    ("label", "stories"),
    [
        ("Related stories", ("Drought hits farms", "Rates to rise")),
        ("مطالب مرتبط", ("خشکسالی مزارع را گرفت", "نرخ‌ها بالا می‌رود")),
        ("Читайте также", ("Засуха на фермах", "Тарифы растут")),
    ],
)
def test_share_bars_and_lists_of_other_stories_are_dropped(
    label: str, stories: tuple[str, ...]
) -> None:
    """By shape: a list of nothing but links, under a short label, is the site's."""
    share = _links("Share", "Tweet", "Email")
    doc = run(share, *map(p, PROSE), Heading(3, (Text(label),)), _links(*stories))
    assert texts(doc) == PROSE and not any(isinstance(b, List) for b in doc.blocks)


def test_a_list_in_the_text_stays() -> None:
    points = List(
        False,
        (
            ListItem((p("A bond issue of 200 million dollars"),)),
            ListItem((p("A grant from the region"),)),
        ),
    )
    doc = run(p(PROSE[0]), points, p(PROSE[1]))
    assert points in doc.blocks


def test_prose_that_mentions_chrome_words_stays() -> None:
    body = [
        "Share prices fell sharply on Monday after the central bank raised its rates.",
        "Print newspapers have lost half their readers in ten years, the survey found.",
    ]
    assert texts(run(*map(p, body))) == body


def test_nothing_but_furniture_is_left_as_it_was() -> None:
    only = (p("Share"),)
    assert run(*only).blocks == only


def test_person_names_drop_organisations() -> None:
    assert newsroom.person_names(("Al Jazeera Staff", "Jane Doe", "VOA News")) == ("Jane Doe",)
    assert newsroom.person_names(("python-docx",)) == ()


def test_headline_drops_the_site_name() -> None:
    assert (
        newsroom.headline("Council Approves New Water Plan | The Riverside Courier")
        == "Council Approves New Water Plan"
    )
