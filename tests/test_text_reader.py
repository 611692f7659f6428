"""The scraped-page reader: each heuristic on its own, then whole invented pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from publisher.model import Document, Figure, List, Paragraph, plain_text
from publisher.readers import dates, text

LATIN, CYRILLIC, ARABIC = "LATIN", "CYRILLIC", "ARABIC"


def paragraphs(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]


def read(page: str) -> Document:
    return text.read(page, Path("x.txt"))


# --- is_chrome -----------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "script"), [
    ("Accessibility links", LATIN),
    ("Skip to main content", LATIN),
    ("Breaking News", LATIN),
    ("Share on Facebook", LATIN),
    ("No media source currently available", LATIN),
    ("please wait", LATIN),
    ("Direct link", LATIN),
    ("Линки доступности", CYRILLIC),
    ("Поделиться", CYRILLIC),
    ("لینک های دسترسی", ARABIC),
    ("Breaking News", ARABIC),  # an English banner on a Persian page
    ("XS", LATIN),
    ("SM", LATIN),
    ("MD", CYRILLIC),
    ("LG", ARABIC),
    ("0:00 0:02:13 0:00", LATIN),
    ("0:00 0:01:17 0:00", ARABIC),
    ("• 16x9 Image", LATIN),
    ("16x9 Image", LATIN),
    ("Page 2 of 5", LATIN),
    # a menu in the site's own language on a page whose article is in another script
    ("صفحه اصلی", LATIN),
    ("მთავარი გვერდი", LATIN),
    ("Главная страница", LATIN),
])
def test_page_furniture_is_chrome(line: str, script: str) -> None:
    assert text.is_chrome(line, script)


@pytest.mark.parametrize(("line", "script"), [
    ("Breaking News: Monk Self-immolates in Tibet", LATIN),
    ("Breaking News: Floods Cut Off Northern Villages", LATIN),
    ("Radio Example's reporters were the first to reach the flooded villages on Monday.", LATIN),
    ("Voice of the Coast, the regional station, said its transmitter was back on air.", LATIN),
    ("Farmers Turn to Solar Pumps as Diesel Prices Climb", LATIN),
    ("Парламент одобрил новый бюджет", CYRILLIC),
    ("باران سیل آسا در شمال کشور", ARABIC),
    ("Morteza Kazemian", LATIN),
    # a short line in the article's own script is not a foreign-language menu
    ("Jane Doe", LATIN),
])
def test_titles_and_body_are_not_chrome(line: str, script: str) -> None:
    assert not text.is_chrome(line, script)


def test_foreign_script_line_is_chrome_only_when_short() -> None:
    long_persian = " ".join(["کلمه"] * 12)
    assert text.is_chrome("صفحه اصلی", LATIN)
    assert not text.is_chrome(long_persian, LATIN)


# --- disclaimer_text -----------------------------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [
    ("(The views expressed in this commentary are the author's own and do not necessarily "
     "reflect those of Radio Example.)",
     "The views expressed in this commentary are the author's own and do not necessarily "
     "reflect those of Radio Example."),
    ("The preceding was an editorial reflecting the views of the Government of Freedonia.",
     "The preceding was an editorial reflecting the views of the Government of Freedonia."),
    ("*The opinions expressed here are solely those of the author.*",
     "The opinions expressed here are solely those of the author."),
    ("(Мнения, высказанные в этой статье, принадлежат автору и могут не совпадать с позицией "
     "редакции.)",
     "Мнения, высказанные в этой статье, принадлежат автору и могут не совпадать с позицией "
     "редакции."),
    ("Точка зрения автора может не совпадать с позицией редакции.",
     "Точка зрения автора может не совпадать с позицией редакции."),
    ("دیدگاه های مطرح شده در این مقاله لزوما بازتاب دیدگاه این رسانه نیست.",
     "دیدگاه های مطرح شده در این مقاله لزوما بازتاب دیدگاه این رسانه نیست."),
    ("(مطالب این یادداشت لزوماً بیانگر دیدگاه رادیو نیست)",
     "مطالب این یادداشت لزوماً بیانگر دیدگاه رادیو نیست"),
])
def test_disclaimer_text_without_its_brackets(line: str, expected: str) -> None:
    assert text.disclaimer_text(line) == expected


@pytest.mark.parametrize("line", [
    "The minister said the views of farmers had been ignored for years.",
    "Residents expressed their views at a public meeting on Tuesday.",
    "Мнения жителей разделились, показал опрос.",
    "نظر مردم درباره این طرح متفاوت است.",
])
def test_ordinary_sentence_is_not_a_disclaimer(line: str) -> None:
    assert text.disclaimer_text(line) is None


def test_reported_speech_about_views_is_not_a_disclaimer() -> None:
    line = ("A ministry spokesman told reporters that the views expressed by the ambassador in "
            "his speech do not necessarily reflect the position of the government, and that an "
            "inquiry had begun.")
    assert text.disclaimer_text(line) is None


# --- looks_like_headline -------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Cuban Dissidents Harassed",
    "Will the Talks Resume?",
    "Президенты США и РФ обсудили дату подписания договора",
    "قتل پنج نفر در جنگ عراق",
    "آیا مذاکرات از سر گرفته می شود؟",
])
def test_headlines(line: str) -> None:
    assert text.looks_like_headline(line)


@pytest.mark.parametrize("line", [
    "The government is harassing the opposition in advance of a gathering.",
    "Премьер подал в отставку.",
    "The city council voted on Tuesday to extend the night bus service to the outer districts, "
    "after a year of petitions from shift workers who said they had no safe way home at night "
    "and that taxis were too expensive for anyone on a night-shift wage in the city",
])
def test_sentences_are_not_headlines(line: str) -> None:
    assert not text.looks_like_headline(line)


# --- looks_like_person_name ----------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Morteza Kazemian", "Jane Doe", "Jean-Luc Martin", "Ludwig van Beethoven", "Mary O'Neil",
    "Анна Петрова", "ستاره درخشش", "محمد علی حسینی",
])
def test_person_names(line: str) -> None:
    assert text.looks_like_person_name(line)


@pytest.mark.parametrize("line", [
    "VOA News", "Reuters Staff", "Associated Press", "Voice of America Studio 7",
    "The minister resigned on Monday.", "Morteza", "john smith", "Jane Doe: the interview",
    "Born in 1970",
])
def test_not_person_names(line: str) -> None:
    assert not text.looks_like_person_name(line)


# --- byline_names --------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Doe and John Smith, Reuters", ("Jane Doe", "John Smith")),
    ("By Jane Doe", ("Jane Doe",)),
    ("Written by: Ana Lima & Tom Berg", ("Ana Lima", "Tom Berg")),
    ("Reporting by Jane Doe; Editing by John Smith", ("Jane Doe",)),
    ("Reporting by Jane Doe and Ali Rezaei; Additional reporting by Maria Lopez; "
     "Editing by John Smith", ("Jane Doe", "Ali Rezaei", "Maria Lopez")),
    ("Автор: Анна Петрова", ("Анна Петрова",)),
    ("نویسنده: ستاره درخشش", ("ستاره درخشش",)),
    ("By VOA News", ()),
])
def test_byline_names(line: str, names: tuple[str, ...]) -> None:
    assert text.byline_names(line) == names


@pytest.mark.parametrize("line", [
    "The minister resigned on Monday.",
    "Byzantine Empire Exhibition Opens",
])
def test_not_a_byline(line: str) -> None:
    assert text.byline_names(line) is None


# --- split_title ---------------------------------------------------------------------------


def test_dated_title_suffix_is_split_off() -> None:
    assert text.split_title("Five Killed in Clashes - 2004-03-26") == (
        "Five Killed in Clashes", date(2004, 3, 26))
    assert text.split_title("قتل پنج نفر در جنگ عراق - 2004-03-26") == (
        "قتل پنج نفر در جنگ عراق", date(2004, 3, 26))
    assert text.split_title("قتل پنج نفر - ۲۰۰۴-۰۳-۲۶") == ("قتل پنج نفر", date(2004, 3, 26))


def test_site_name_suffix_is_split_off() -> None:
    assert text.split_title("Storm Hits Coast | Example News") == ("Storm Hits Coast", None)


@pytest.mark.parametrize(("title", "when"), [
    ("Headlines, Wednesday, January 13, 2016", date(2016, 1, 13)),
    ("Morning Report, Monday, March 2, 2020", date(2020, 3, 2)),
    ("Новости, 13 января 2016", date(2016, 1, 13)),
])
def test_programme_title_keeps_its_date_and_gives_it(title: str, when: date) -> None:
    assert text.split_title(title) == (title, when)


@pytest.mark.parametrize("title", [
    "Remembering September 11, 2001",
    "The Legacy of March 1, 1919",
    "Kyiv - Moscow Talks Resume",
    "Plan for 2020-2025 Approved",
])
def test_title_about_a_date_gives_no_date(title: str) -> None:
    assert text.split_title(title) == (title, None)


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "when"), [
    ("2016-01-13", date(2016, 1, 13)),
    ("January 13, 2016", date(2016, 1, 13)),
    ("Jan. 5, 2019", date(2019, 1, 5)),
    ("5 Jan 2019", date(2019, 1, 5)),
    ("Wednesday, January 13, 2016", date(2016, 1, 13)),
    ("13 января 2016", date(2016, 1, 13)),
    ("13.01.2016", date(2016, 1, 13)),
    ("۲۰۰۴-۰۳-۲۶", date(2004, 3, 26)),
    ("٢٠٠٤/٠٣/٢٦", date(2004, 3, 26)),
    ("14 March 2024 10:30", date(2024, 3, 14)),
])
def test_parse_dates(written: str, when: date) -> None:
    assert dates.parse(written) == when


@pytest.mark.parametrize("written", [
    "30 Jun 18",  # two-digit year: never guess the century
    "2016-02-30",
    "March 2020",
    "Published on the 13th",
    "no date here",
])
def test_parse_refuses_what_is_not_a_whole_date(written: str) -> None:
    assert dates.parse(written) is None


def test_parse_wants_the_whole_text_to_be_a_date() -> None:
    assert dates.parse("The vote took place on January 13, 2016.") is None


def test_search_finds_a_date_inside_text() -> None:
    found = dates.search("The vote took place on January 13, 2016, in the capital.")
    assert found is not None
    assert found[0] == date(2016, 1, 13)
    assert "The vote took place on January 13, 2016"[found[1]:].startswith("January")
    assert dates.search("Встреча прошла 13 января 2016 года.") == (date(2016, 1, 13), 15)
    assert dates.search("Sent 30 Jun 18") is None
    assert dates.search("no date here") is None


def test_search_returns_the_last_date() -> None:
    found = dates.search("between 2001-02-03 and 2004-05-06")
    assert found is not None
    assert found[0] == date(2004, 5, 6)


def test_ascii_digits() -> None:
    assert dates.ascii_digits("۲۰۰۴ ٣۰ 12") == "2004 30 12"


# --- whole pages ---------------------------------------------------------------------------


OP_ED_PAGE = """Skip to main content

Breaking News

Share

Farmers Turn to Solar Pumps as Diesel Prices Climb

A solar pump near Kisumu, Kenya
A solar pump near Kisumu, Kenya

Across western Kenya, smallholders are swapping diesel generators for solar-powered \
irrigation pumps, a change that began slowly a decade ago.

The pumps cost more to buy but almost nothing to run, and lenders now offer payment plans \
spread over three harvests.

"We used to spend half of every sale on fuel," one grower said.

Agronomists warn that cheap water can also drain shallow wells faster, and urge counties to \
measure groundwater before handing out subsidies.

(The views expressed in this commentary are the author's own and do not necessarily reflect \
those of Radio Example.)

  • 16x9 Image

    Amina Wanjiru

    Amina Wanjiru is an agricultural economist in Nairobi who writes about energy and food prices.

XS
SM
MD
LG
"""

OP_ED_CHROME = ["Skip to main content", "Breaking News", "Share", "• 16x9 Image", "16x9 Image",
                "XS", "SM", "MD", "LG"]


def test_op_ed_page_metadata() -> None:
    doc = read(OP_ED_PAGE)
    meta = doc.metadata
    assert meta.title == "Farmers Turn to Solar Pumps as Diesel Prices Climb"
    assert meta.authors == ("Amina Wanjiru",)
    assert meta.author_bio == ("Amina Wanjiru is an agricultural economist in Nairobi who "
                               "writes about energy and food prices.")
    assert meta.disclaimer == ("The views expressed in this commentary are the author's own and "
                               "do not necessarily reflect those of Radio Example.")
    assert meta.published is None


def test_op_ed_page_body() -> None:
    doc = read(OP_ED_PAGE)
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert [plain_text(f.caption) for f in figures] == ["A solar pump near Kisumu, Kenya"]
    assert figures[0].src is None
    body = paragraphs(doc)
    assert body[0].startswith("Across western Kenya, smallholders")
    assert body[-1].startswith("Agronomists warn")
    assert len(body) == 4
    for line in [*OP_ED_CHROME, "A solar pump near Kisumu, Kenya", "Amina Wanjiru"]:
        assert line not in body
    assert not any("views expressed" in p for p in body)
    assert not any("agricultural economist" in p for p in body)


def test_chrome_in_other_languages_is_dropped() -> None:
    ru = read("Линки доступности\n\nПоделиться\n\nПарламент одобрил новый бюджет\n\n"
              "Депутаты во вторник одобрили бюджет на следующий год, несмотря на возражения "
              "оппозиции.\n\nМинистр финансов заявил, что дефицит сократится.\n\nXS\nSM\nMD\nLG\n")
    assert ru.metadata.title == "Парламент одобрил новый бюджет"
    assert paragraphs(ru) == [
        "Депутаты во вторник одобрили бюджет на следующий год, несмотря на возражения "
        "оппозиции.",
        "Министр финансов заявил, что дефицит сократится."]
    fa = read("لینک های دسترسی\n\nBreaking News\n\nباران سیل آسا در شمال کشور\n\n"
              "باران شدید در روزهای اخیر باعث جاری شدن سیل در چند شهر شمالی شد.\n\n"
              "مقامات محلی می گویند امدادگران در حال کمک به ساکنان هستند.\n")
    assert fa.metadata.title == "باران سیل آسا در شمال کشور"
    assert paragraphs(fa) == ["باران شدید در روزهای اخیر باعث جاری شدن سیل در چند شهر شمالی شد.",
                              "مقامات محلی می گویند امدادگران در حال کمک به ساکنان هستند."]


def test_untitled_page_has_no_title() -> None:
    doc = read("The city council voted on Tuesday to extend the night bus service to the outer "
               "districts, after a year of petitions from shift workers who said they had no "
               "safe way home.\n\nThe new routes start next month and will run until two in "
               "the morning.\n")
    assert doc.metadata.title is None
    assert paragraphs(doc)[0].startswith("The city council voted on Tuesday")
    assert len(paragraphs(doc)) == 2


def test_signed_message() -> None:
    doc = read("Greetings for the New Year\n\nTo all of our listeners: thank you for a year of "
               "letters, calls and messages that shaped our programmes.\n\nWe will keep "
               "listening to you in the year ahead, and we wish you health and peace.\n\n"
               "Maria Lopez\n\nDirector of the Spanish Service\n")
    assert doc.metadata.title == "Greetings for the New Year"
    assert doc.metadata.authors == ("Maria Lopez",)
    assert doc.metadata.author_bio == "Director of the Spanish Service"
    assert paragraphs(doc)[-1] == ("We will keep listening to you in the year ahead, and we "
                                   "wish you health and peace.")
    assert "Maria Lopez" not in paragraphs(doc)


def test_byline_and_dateline_under_the_headline() -> None:
    doc = read("Accessibility links\n\nRail Strike Ends After Nine Days\n\n"
               "By Jane Doe and Ali Rezaei, Example News\n\nMarch 14, 2024\n\n"
               "Train drivers returned to work on Thursday after their union accepted a pay "
               "offer.\n\nCommuters crowded the first morning services.\n\n"
               "Reporting by Jane Doe; Editing by John Smith\n")
    assert doc.metadata.authors == ("Jane Doe", "Ali Rezaei")
    assert doc.metadata.published == date(2024, 3, 14)
    assert paragraphs(doc) == [
        "Train drivers returned to work on Thursday after their union accepted a pay offer.",
        "Commuters crowded the first morning services."]


def test_hard_wrapped_paragraph_is_joined() -> None:
    doc = read("Water Rationing Begins\n\n"
               "Residents of the capital will receive piped water on alternate days from\n"
               "Monday, the utility said, after the driest winter in forty years left the\n"
               "main reservoir at a fifth of its capacity and engineers warned that pumps\n"
               "could fail if levels fell any further.\n\n"
               "The utility asked households to store water only in covered containers.\n")
    assert paragraphs(doc) == [
        "Residents of the capital will receive piped water on alternate days from Monday, the "
        "utility said, after the driest winter in forty years left the main reservoir at a "
        "fifth of its capacity and engineers warned that pumps could fail if levels fell any "
        "further.",
        "The utility asked households to store water only in covered containers."]


def test_short_lines_in_one_block_are_not_joined() -> None:
    doc = read("Market Report\n\nPrices rose on Monday across the region's grain markets.\n\n"
               "- Wheat rose 4 percent.\n- Maize rose 2 percent.\n")
    lists = [b for b in doc.blocks if isinstance(b, List)]
    assert len(lists) == 1
    assert [plain_text(i.blocks[0].content) for i in lists[0].items  # type: ignore[union-attr]
            ] == ["Wheat rose 4 percent.", "Maize rose 2 percent."]


def test_sentence_starting_with_by_stays_in_the_body() -> None:
    doc = read("Port Closed Ahead of Storm\n\nOfficials closed the main harbour on Friday as a "
               "tropical storm approached the coast.\n\nBy nightfall the harbour was empty.\n\n"
               "Forecasters expect the storm to weaken before it reaches land.\n")
    assert "By nightfall the harbour was empty." in paragraphs(doc)


def test_body_paragraph_about_views_stays_in_the_body() -> None:
    sentence = ("A ministry spokesman told reporters that the views expressed by the ambassador "
                "in his speech do not necessarily reflect the position of the government.")
    doc = read(f"Envoy Recalled After Remarks\n\nThe foreign ministry recalled its envoy on "
               f"Tuesday after a speech.\n\n{sentence}\n\nThe envoy returns this week.\n")
    assert sentence in paragraphs(doc)
    assert doc.metadata.disclaimer is None


def test_numbered_lines_keep_their_order_numbers() -> None:
    doc = read("How to Prepare for the Storm\n\nOfficials published a checklist for households "
               "on the coast.\n\n1. Store drinking water for three days.\n2. Charge phones and "
               "radios.\n3. Move vehicles to higher ground.\n\nShelters open on Saturday.\n")
    lists = [b for b in doc.blocks if isinstance(b, List)]
    assert len(lists) == 1
    assert lists[0].ordered
    assert lists[0].start in (None, 1)


def test_long_caption_repeated_on_the_next_line_is_one_caption() -> None:
    caption = "A farmer inspects a new solar pump near Kisumu in western Kenya"
    doc = read(f"Farmers Turn to Solar Pumps\n\n{caption}\n{caption}\n\nAcross western Kenya, "
               f"smallholders are swapping diesel generators for solar pumps.\n\nThe pumps "
               f"cost almost nothing to run.\n")
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert [plain_text(f.caption) for f in figures] == [caption]


def test_caption_ending_in_a_full_stop_is_a_caption() -> None:
    caption = "Farmers inspect a solar pump near Kisumu, Kenya, March 2, 2023."
    doc = read(f"Farmers Turn to Solar Pumps\n\n{caption}\n\n{caption}\n\nAcross western "
               f"Kenya, smallholders are swapping diesel generators for solar pumps.\n\nThe "
               f"pumps cost almost nothing to run.\n")
    assert caption not in paragraphs(doc)
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert [plain_text(f.caption) for f in figures] == [caption]
