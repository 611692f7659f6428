"""The scraped-page reader on whole pages: a body among menus, tag clouds, tables, teaser
lists, comment threads and footers, in at least three scripts per rule.

Every page here is an invented string literal in the shape a browser's copy of a page takes.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publisher import config as config_module
from publisher import pipeline
from publisher.cli import app
from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import Document, Figure, Heading, List, Metadata, Paragraph, Text, plain_text
from publisher.normalize import normalize as normalize_with
from publisher.normalize import persian_letters
from publisher.readers import disclaimers, text
from publisher.renderers.html import punctuation_spacing


def read(page: str) -> Document:
    return text.read(page, Path("page.txt"))


def paragraphs(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]


def captions(doc: Document) -> list[str]:
    return [plain_text(b.caption) for b in doc.blocks if isinstance(b, Figure)]


def kept(doc: Document) -> str:
    """Every word the body keeps: paragraphs, subheads and list items."""
    parts = [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph | Heading)]
    parts += [
        plain_text(i.blocks[0].content) for b in doc.blocks if isinstance(b, List) for i in b.items
    ]  # type: ignore[union-attr]
    return "\n".join(parts)


# Three articles, each a headline and three paragraphs, in three scripts.
ARTICLES = {
    "en": (
        "Floods cut off northern villages as rain falls for a third day",
        [
            "Rain fell for a third day across the northern hills on Monday, cutting the road to "
            "a dozen villages and forcing schools in the valley to close until further notice.",
            "Emergency crews reached the first villages by tractor in the afternoon, carrying "
            "drinking water and medicine for families who had spent the night on their roofs.",
            "Forecasters said the rain should ease by Wednesday, but warned that rivers would "
            "keep rising for several days as water drained from the saturated hillsides.",
        ],
    ),
    "ru": (
        "Наводнение отрезало северные деревни от мира",
        [
            "Третий день подряд в северных районах идут дожди, в понедельник вода размыла дорогу "
            "к десятку деревень, а школы в долине закрылись до особого распоряжения.",
            "Спасатели добрались до первых деревень на тракторах только днем и привезли питьевую "
            "воду и лекарства семьям, которые провели ночь на крышах своих домов.",
            "Синоптики обещают, что к среде дожди ослабнут, но предупреждают, что уровень воды в "
            "реках будет расти еще несколько дней, пока вода стекает со склонов.",
        ],
    ),
    "fa": (
        "سیل راه روستاهای شمالی را بست",
        [
            "باران برای سومین روز پیاپی در ارتفاعات شمالی بارید و روز دوشنبه جاده دست کم ده "
            "روستا را قطع کرد و مدرسه‌های دره تا اطلاع بعدی تعطیل شدند.",
            "امدادگران بعدازظهر با تراکتور به نخستین روستاها رسیدند و برای خانواده‌هایی که شب را "
            "روی بام خانه‌هایشان گذرانده بودند آب آشامیدنی و دارو بردند.",
            "هواشناسان می‌گویند باران تا چهارشنبه کم می‌شود اما هشدار می‌دهند که سطح آب رودخانه‌ها "
            "تا چند روز دیگر بالا می‌رود چون آب از دامنه‌های خیس سرازیر است.",
        ],
    ),
}
MENUS = {
    "en": "Skip to content\nThe Valley Courier\nHome\nNews\nSport\nBusiness\nOpinion\nCulture\n"
    "Weather\nSubscribe\nSign in",
    "ru": "Перейти к содержанию\nСеверный вестник\nГлавная\nНовости\nПолитика\nЭкономика\n"
    "Спорт\nКультура\nПодписаться\nВойти",
    "fa": "پرش به محتوای اصلی\nخبرنامه شمال\nصفحه اصلی\nایران\nجهان\nاقتصاد\nورزش\nفرهنگ\n"
    "عضویت\nورود",
}
RELATED = {
    "en": "Most read\nCouncil approves budget for new fire station\nIce storm knocks out power to "
    "12,000 homes\nSchool gets go-ahead for new sports hall",
    "ru": "Самое читаемое\nМост через Двину закроют на ремонт\nВ регионе выросли цены на молоко\n"
    "Школьники победили на олимпиаде по физике",
    "fa": "پربازدیدترین‌ها\nبارش برف راه‌های کوهستانی را بست\nقیمت برنج در بازار افزایش یافت\n"
    "تیم ملی والیبال به فینال رسید",
}
FOOTERS = {
    "en": "About us\nContact\nPrivacy policy\n© 2024 The Valley Courier. All rights reserved.",
    "ru": "О нас\nКонтакты\nРеклама\n© 2024 «Северный вестник». Все права защищены.",
    "fa": "درباره ما\nتماس با ما\nتبلیغات\nکلیه حقوق این سایت محفوظ است. © ۱۴۰۲",
}
LANGUAGES = sorted(ARTICLES)


def article(lang: str, *, above: str = "", between: str = "", below: str = "") -> str:
    title, body = ARTICLES[lang]
    parts = [
        MENUS[lang],
        above,
        title,
        between,
        "\n\n".join(body),
        below,
        RELATED[lang],
        FOOTERS[lang],
    ]
    return "\n\n".join(p for p in parts if p)


# --- 1. the body among chrome --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_menus_lists_and_footers_around_the_body_are_left_out(lang: str) -> None:
    doc = read(article(lang))
    assert doc.metadata.title == ARTICLES[lang][0]
    assert paragraphs(doc) == ARTICLES[lang][1]


TAGS = {
    "en": "Tags: Floods Weather Northern hills Emergency services Schools Rivers Climate",
    "ru": "Теги: Наводнение Погода Север Спасатели Школы Реки Климат Дороги",
    "fa": "برچسب‌ها: سیل هوا شمال امدادگران مدرسه رودخانه اقلیم جاده",
}
SHARE = {
    "en": "Share\nFacebook\nTwitter\nEmail",
    "ru": "Поделиться\nВКонтакте\nTelegram",
    "fa": "اشتراک‌گذاری\nتلگرام\nواتس‌اپ",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tag_clouds_and_share_bars_are_left_out(lang: str) -> None:
    doc = read(article(lang, between=SHARE[lang], below=f"{TAGS[lang]}\n{SHARE[lang]}"))
    assert paragraphs(doc) == ARTICLES[lang][1]


COMMENTS = {
    "en": "3 comments\nTom Berg\nMarch 4, 2024 at 6:12 pm\nThe same happened in our valley in "
    "2019, and the council still has not fixed the bridge over the river.\nReply\nAnne\n"
    "March 4, 2024 at 7:40 pm\nThank you for covering this. The crews worked all night and "
    "nobody has thanked them properly yet.\nReply\nJim\nMarch 5, 2024 at 9:02 am\nWhy does "
    "this happen every single year when the forecasts give us a week of warning?\nReply",
    "ru": "Комментарии (3)\nИван\n5 марта, 15:02\nУ нас в деревне то же самое было в 2019 году, и "
    "мост до сих пор так и не починили, хотя обещали каждый год.\nОтветить\nОльга\n5 "
    "марта, 16:40\nСпасибо спасателям, они работали всю ночь, и никто их даже не "
    "поблагодарил.\nОтветить\nПетр\n6 марта, 09:02\nПочему это повторяется каждый год, "
    "если прогноз предупреждает за неделю?\nОтветить",
    "fa": "نظرات (۳)\nحسن\n۱۲ اسفند ۱۴۰۲\nدر روستای ما هم سال ۹۸ همین اتفاق افتاد و هنوز پل "
    "روی رودخانه را درست نکرده‌اند با اینکه هر سال قول می‌دهند.\nپاسخ\nمریم\n۱۲ اسفند "
    "۱۴۰۲\nدست امدادگران درد نکند که تمام شب کار کردند و کسی از آنها تشکر نکرد.\nپاسخ\n"
    "علی\n۱۳ اسفند ۱۴۰۲\nچرا هر سال همین اتفاق می‌افتد وقتی پیش‌بینی یک هفته زودتر هشدار "
    "می‌دهد؟\nپاسخ",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_comment_thread_after_the_body_is_left_out(lang: str) -> None:
    doc = read(article(lang, below=COMMENTS[lang]))
    assert paragraphs(doc) == ARTICLES[lang][1]
    assert doc.metadata.authors == ()  # commenters are not the author


TABLES = {
    "en": "League table\nPos\tTeam\tP\tPts\n1\tHarbour City\t27\t59\n2\tRovers\t27\t58\n3\t"
    "Castleford\t27\t51\nUpcoming fixtures\nSat 9 Mar\nCastleford v Harbour City\n15:00",
    "ru": "Турнирная таблица\nМесто\tКоманда\tИ\tО\n1\tДинамо\t27\t59\n2\tСпартак\t27\t58\n3\t"
    "Зенит\t27\t51\nБлижайшие матчи\nСб 9 марта\nЗенит — Динамо\n15:00",
    "fa": "جدول لیگ\nرتبه\tتیم\tبازی\tامتیاز\n۱\tپرسپولیس\t۲۷\t۵۹\n۲\tاستقلال\t۲۷\t۵۸\n۳\t"
    "سپاهان\t۲۷\t۵۱\nبازی‌های آینده\nشنبه ۹ مارس\nسپاهان - پرسپولیس\n۱۵:۰۰",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_and_calendars_are_never_captions_nor_body(lang: str) -> None:
    doc = read(article(lang, below=TABLES[lang]))
    assert paragraphs(doc) == ARTICLES[lang][1]
    assert captions(doc) == []


TEASERS = {
    "en": "Recommended\n\nThe secret language of elephants\nResearchers found that elephants "
    "call each other by name.\n\nWhy crows hold grudges\nCrows remember faces, and teach "
    "their young whom to avoid.\n\nHow bees vote on a new home\nScouts dance for their "
    "favourite site until a quorum agrees.",
    "ru": "Рекомендуем\n\nТайный язык слонов\nУченые выяснили, что слоны зовут друг друга по "
    "именам.\n\nПочему вороны злопамятны\nВороны запоминают лица и учат птенцов, кого "
    "избегать.\n\nКак пчелы выбирают дом\nРазведчицы танцуют, пока рой не согласится.",
    "fa": "پیشنهاد ما\n\nزبان پنهان فیل‌ها\nپژوهشگران دریافتند که فیل‌ها یکدیگر را با نام صدا "
    "می‌زنند.\n\nچرا کلاغ‌ها کینه به دل می‌گیرند\nکلاغ‌ها چهره‌ها را به یاد می‌سپارند و به "
    "جوجه‌ها یاد می‌دهند.\n\nزنبورها چگونه خانه انتخاب می‌کنند\nدیده‌بان‌ها می‌رقصند تا "
    "کندو به توافق برسد.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_teasers_with_one_line_summaries_are_left_out(lang: str) -> None:
    doc = read(article(lang, below=TEASERS[lang]))
    assert paragraphs(doc) == ARTICLES[lang][1]


PROMOS = {
    "en": "Read more: Drought pushes maize prices to a ten-year high",
    "ru": "Читайте также: Жители требуют вернуть раздельный сбор мусора",
    "fa": "مطالب مرتبط: افت سطح آب‌های زیرزمینی در دشت‌های شمالی",
}
ADVERTS = {"en": "Advertisement", "ru": "Реклама", "fa": "تبلیغات"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_promos_and_adverts_inside_the_body_are_left_out(lang: str) -> None:
    title, body = ARTICLES[lang]
    page = (
        f"{MENUS[lang]}\n\n{title}\n\n{body[0]}\n\n{ADVERTS[lang]}\n\n{body[1]}\n\n"
        f"{PROMOS[lang]}\n\n{body[2]}\n\n{FOOTERS[lang]}"
    )
    assert paragraphs(read(page)) == body


SUBHEADS = {
    "en": "What the hydrologists fear",
    "ru": "Чего боятся гидрологи",
    "fa": "نگرانی کارشناسان آب",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_short_line_between_paragraphs_is_a_subhead(lang: str) -> None:
    title, body = ARTICLES[lang]
    doc = read(f"{title}\n\n{body[0]}\n\n{SUBHEADS[lang]}\n\n{body[1]}\n\n{body[2]}")
    headings = [plain_text(b.content) for b in doc.blocks if isinstance(b, Heading)]
    assert headings == [SUBHEADS[lang]]
    assert paragraphs(doc) == body


@pytest.mark.parametrize(
    ("lead", "items"),
    [
        ("Households should:", ["- Store drinking water for three days", "- Charge phones"]),
        ("Жителям следует:", ["- запасти питьевую воду на три дня", "- зарядить телефоны"]),
        ("خانواده‌ها باید:", ["- آب آشامیدنی سه روز را ذخیره کنند", "- تلفن‌ها را شارژ کنند"]),
    ],
)
def test_a_bulleted_run_under_a_lead_in_is_a_list(lead: str, items: list[str]) -> None:
    lang = "en" if lead.isascii() else "ru" if lead[0] in "Жж" else "fa"
    title, body = ARTICLES[lang]
    doc = read(f"{title}\n\n{body[0]}\n\n{body[1]}\n{lead}\n" + "\n".join(items))
    lists = [b for b in doc.blocks if isinstance(b, List)]
    assert len(lists) == 1 and len(lists[0].items) == 2
    assert paragraphs(doc)[-1] == lead


# --- 2. title, dek, dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chrome", "lang"),
    [("Accessibility links", "en"), ("Линки доступности", "ru"), ("لینک‌های دسترسی", "fa")],
)
def test_the_repeated_headline_beats_a_chrome_line(chrome: str, lang: str) -> None:
    title, body = ARTICLES[lang]
    doc = read(
        f"{chrome}\n\nBreaking News\n\n{title}\n\n\n{title}\nplease wait\n\n"
        f"0:00 0:02:13 0:00\n\n" + "\n\n".join(body)
    )
    assert doc.metadata.title == title
    assert title not in paragraphs(doc) and captions(doc) == []


@pytest.mark.parametrize(
    ("kicker", "lang"), [("World", "en"), ("Общество", "ru"), ("اقتصاد", "fa")]
)
def test_a_section_label_over_the_headline_is_not_the_title(kicker: str, lang: str) -> None:
    title, body = ARTICLES[lang]
    doc = read(f"{kicker}\n\n{title}\n\n" + "\n\n".join(body))
    assert doc.metadata.title == title
    assert kicker not in kept(doc)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_machine_timestamp_glued_to_the_headline_is_split_off(lang: str) -> None:
    title, body = ARTICLES[lang]
    doc = read(
        f"{MENUS[lang]}\n{title} | Example\n2024-03-05T09:14:00Z {title}\n" + "\n".join(body)
    )
    assert doc.metadata.title == title
    assert doc.metadata.published == date(2024, 3, 5)


DEKS = {
    "en": "Villagers say the road has not been repaired since the last floods, and officials "
    "promise a new bridge",
    "ru": "Жители говорят, что дорогу не ремонтировали с прошлого наводнения, а власти обещают "
    "новый мост",
    "fa": "روستاییان می‌گویند جاده از سیل گذشته تعمیر نشده و مسئولان وعده پل تازه می‌دهند",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_standfirst_is_the_subtitle_not_the_title_nor_body(lang: str) -> None:
    doc = read(article(lang, between=DEKS[lang]))
    assert doc.metadata.title == ARTICLES[lang][0]
    assert doc.metadata.subtitle == DEKS[lang]
    assert paragraphs(doc) == ARTICLES[lang][1]


CLOCKS = {
    "en": ("Tuesday, March 5, 2024", "Monday, March 4, 2024"),
    "ru": ("вторник, 5 марта 2024", "понедельник, 4 марта 2024"),
    "fa": ("سه‌شنبه ۱۵ اسفند ۱۴۰۲", "دوشنبه ۱۴ اسفند ۱۴۰۲"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_clock_above_the_headline_is_not_the_date_but_one_under_it_is(lang: str) -> None:
    clock, dated = CLOCKS[lang]
    assert read(article(lang, above=clock)).metadata.published is None
    assert read(article(lang, between=dated)).metadata.published == date(2024, 3, 4)


@pytest.mark.parametrize(
    ("banner", "lang"),
    [
        (
            "An official website of the city\n\nOfficial websites use .gov\n\nA .gov website "
            "belongs to an official government organization.\n\nSecure websites use HTTPS\n\nA "
            "lock means you have safely connected to the website. Share information only on "
            "secure websites.",
            "en",
        ),
        (
            "Официальный сайт города\n\nОфициальные сайты используют .gov\n\nСайт .gov "
            "принадлежит государственной организации.\n\nБезопасные сайты используют HTTPS\n\n"
            "Замок означает, что вы безопасно подключились к сайту.",
            "ru",
        ),
        (
            "وب‌سایت رسمی شهر\n\nوب‌سایت‌های رسمی از .gov استفاده می‌کنند\n\nیک وب‌سایت .gov به "
            "یک سازمان دولتی تعلق دارد.\n\nوب‌سایت‌های امن از HTTPS استفاده می‌کنند\n\nقفل یعنی "
            "با امنیت به وب‌سایت وصل شده‌اید.",
            "fa",
        ),
    ],
)
def test_a_banner_of_notices_over_an_untitled_body_is_neither_title_nor_body(
    banner: str, lang: str
) -> None:
    body = ARTICLES[lang][1]
    doc = read(f"{banner}\n\n" + "\n\n".join(body))
    assert doc.metadata.title is None
    assert paragraphs(doc) == body


# --- 3. captions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "caption", "credit"),
    [
        ("en", "Rescue crews bring water to a village cut off by the floods", "Photo: Jane Doe"),
        ("ru", "Спасатели привозят воду в деревню, отрезанную наводнением", "Фото: Анна Петрова"),
        ("fa", "امدادگران به روستای سیل‌زده آب می‌رسانند", "عکس: مریم احمدی"),
    ],
)
def test_a_caption_over_its_credit_or_doubled_is_a_figure(
    lang: str, caption: str, credit: str
) -> None:
    assert captions(read(article(lang, between=f"{caption}\n{credit}"))) == [caption]
    assert captions(read(article(lang, between=f"{caption}\n{caption}"))) == [caption]
    assert caption not in paragraphs(read(article(lang, between=f"{caption}\n{credit}")))


# --- 4. around the body: bylines, cards, signatures ----------------------------------------


@pytest.mark.parametrize(
    ("lang", "byline", "names"),
    [
        ("en", "By Jane Doe and Ahmed Karimi in Kisumu", ("Jane Doe", "Ahmed Karimi")),
        ("ru", "Автор: Анна Петрова", ("Анна Петрова",)),
        ("fa", "نویسنده: مریم احمدی", ("مریم احمدی",)),
    ],
)
def test_the_byline_under_the_headline_names_the_authors(
    lang: str, byline: str, names: tuple[str, ...]
) -> None:
    doc = read(article(lang, between=f"{byline}\n{SHARE[lang]}"))
    assert doc.metadata.authors == names
    assert byline not in kept(doc)


@pytest.mark.parametrize(
    ("lang", "byline", "names"),
    [
        ("en", "By Jane Doe and John Smith, Reuters", ("Jane Doe", "John Smith")),
        ("ru", "Автор: Анна Петрова", ("Анна Петрова",)),
        ("fa", "نویسنده: مریم احمدی", ("مریم احمدی",)),
    ],
)
def test_a_byline_run_into_the_last_paragraph_is_split_off(
    lang: str, byline: str, names: tuple[str, ...]
) -> None:
    title, body = ARTICLES[lang]
    doc = read(f"{title}\n\n{body[0]}\n\n{body[1]} {byline}")
    assert doc.metadata.authors == names
    assert paragraphs(doc) == body[:2]


BLOG_BOXES = {
    "en": "About This Blog\nNotes from a small garden on a windy hillside, written since 2009 "
    "by a retired teacher and her patient husband.",
    "ru": "О блоге\nЗаметки о маленьком саде на ветреном склоне, которые пишет учительница на "
    "пенсии с 2009 года.",
    "fa": "درباره وبلاگ\nاین وبلاگ روزنوشت‌های یک معلم در یک روستای کوچک است و از سال ۱۳۹۵ "
    "نوشته می‌شود.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_box_about_the_blog_is_not_a_bio(lang: str) -> None:
    doc = read(article(lang, below=BLOG_BOXES[lang]))
    assert doc.metadata.authors == () and doc.metadata.author_bio is None


@pytest.mark.parametrize(
    ("lang", "name", "position"),
    [
        ("en", "Margaret Hughes", "Retired nurse, Brookside"),
        ("ru", "Анна Петрова", "Учительница, Архангельск"),
        ("fa", "ستاره درخشش", "رئیس بخش فارسی رادیو"),
    ],
)
def test_a_signature_names_the_author_and_its_position_is_the_bio(
    lang: str, name: str, position: str
) -> None:
    title, body = ARTICLES[lang]
    doc = read(f"{title}\n\n" + "\n\n".join(body) + f"\n\n{name}\n{position}\n\n{FOOTERS[lang]}")
    assert doc.metadata.authors == (name,)
    assert doc.metadata.author_bio == position
    assert name not in kept(doc) and position not in kept(doc)


@pytest.mark.parametrize(
    ("lang", "widget"),
    [("en", "No comments yet"), ("ru", "Комментариев пока нет"), ("fa", "هنوز نظری ثبت نشده")],
)
def test_a_line_that_names_nobody_is_no_author(lang: str, widget: str) -> None:
    doc = read(article(lang, below=f"{widget}\nBe the first to comment"))
    assert doc.metadata.authors == ()


def test_an_organisations_card_names_no_author() -> None:
    title, body = ARTICLES["en"]
    doc = read(
        f"{title}\n\n" + "\n\n".join(body) + "\n\n  • 16x9 Image\n\n    Valley Radio\n\n"
        '    "Valley Radio" - a community station broadcasting in four languages since '
        "1982, with a newsroom of six and volunteers across the valley.\n"
    )
    assert doc.metadata.authors == () and doc.metadata.author_bio is None
    assert paragraphs(doc) == body


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Statement by Secretary of State Jane Doe", ("Jane Doe",)),
        ("بيان لوزير الخارجية أنتوني ج. بلينكن", ("أنتوني ج. بلينكن",)),
        ("پاکستان کے یومِ آزادی پر امریکی وزیر خارجہ مائک پومپیو کا بیان", ("مائک پومپیو",)),
    ],
)
def test_a_statement_heading_names_its_issuer(line: str, names: tuple[str, ...]) -> None:
    body = ARTICLES["fa" if not line.isascii() else "en"][1]
    doc = read(f"Office of the Spokesperson\n{line}\n\n" + "\n\n".join(body))
    assert doc.metadata.authors == names


def test_two_different_bylines_warn() -> None:
    diagnostics = Diagnostics()
    doc = text.read(
        "Floods Cut Off Villages\n\nBy Jane Doe\n\nRain fell for days. It stopped."
        "\n\nBy John Roe\n",
        Path("page.txt"),
        diagnostics,
    )
    assert doc.metadata.authors == ("Jane Doe",)
    assert any(d.text().startswith("authors: two bylines") for d in diagnostics.items)


def test_wire_credit_names_reporters_not_editors() -> None:
    doc = read(
        "Floods Cut Off Villages\n\nDUBAI (Reuters) - Rain fell for days. It stopped.\n\n"
        "Reporting by Jane Doe and Ali Rezaei; Editing by John Roe\n"
    )
    assert doc.metadata.authors == ("Jane Doe", "Ali Rezaei")
    assert paragraphs(doc) == ["DUBAI (Reuters) - Rain fell for days. It stopped."]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_disclaimer_after_the_body_is_read_and_left_out(lang: str) -> None:
    said = {
        "en": "The views expressed in this article are the author's own and do not "
        "necessarily reflect those of the Valley Courier.",
        "ru": "Мнения, высказанные в этой статье, принадлежат автору и могут не совпадать с "
        "позицией редакции.",
        "fa": "دیدگاه‌های مطرح شده در این مقاله لزوما بازتاب دیدگاه این رسانه نیست.",
    }[lang]
    doc = read(article(lang, below=f"({said})"))
    assert doc.metadata.disclaimer == said
    assert paragraphs(doc) == ARTICLES[lang][1]


# --- 5. structure inside the body ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_hard_wrapped_post_comes_out_in_paragraphs(lang: str) -> None:
    title, body = ARTICLES[lang]

    def wrap(paragraph: str, width: int = 64) -> str:
        out, line = [], ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return "\n".join([*out, line])

    doc = read(f"{title}\n\n" + "\n\n".join(wrap(p) for p in body))
    assert paragraphs(doc) == body


def test_untitled_page_has_no_title() -> None:
    doc = read("\n\n".join(ARTICLES["en"][1]))
    assert doc.metadata.title is None
    assert paragraphs(doc) == ARTICLES["en"][1]


def test_single_newlines_separate_paragraphs() -> None:
    title, body = ARTICLES["ru"]
    doc = read(f"{title}\n" + "\n".join(body))
    assert doc.metadata.title == title
    assert paragraphs(doc) == body


# --- 9. script-aware typography ------------------------------------------------------------


def normalize(doc: Document) -> Document:
    return normalize_with(doc, Diagnostics())


def _doc(language: str, sentence: str) -> Document:
    return Document(Metadata(title="t", language=language), (Paragraph((Text(sentence),)),))


def test_arabic_yeh_and_kaf_become_persian_in_persian_text() -> None:
    doc = persian_letters(_doc("fa", "ايران و كشورهاي همسايه"), Diagnostics())
    assert plain_text(doc.blocks[0].content) == "ایران و کشورهای همسایه"


def test_arabic_text_keeps_its_letters() -> None:
    doc = persian_letters(_doc("ar", "في كل يوم"), Diagnostics())
    assert plain_text(doc.blocks[0].content) == "في كل يوم"


def test_persian_keeps_zwnj_and_russian_keeps_guillemets() -> None:
    fa = normalize(_doc("fa", 'می\u200cخواهم "کتاب" را بخوانم.'))
    ru = normalize(_doc("ru", "Он сказал: «Да» -- и ушёл."))
    assert "\u200c" in plain_text(fa.blocks[0].content)
    assert "\u201c" not in plain_text(fa.blocks[0].content)
    assert "«Да»" in plain_text(ru.blocks[0].content)
    assert "\u201c" not in plain_text(ru.blocks[0].content)


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("fa", "آمریکا ، که", "آمریکا، که"),
        ("fa", "سلام،دنیا", "سلام، دنیا"),
        ("prs", "چه شد ؟", "چه شد؟"),
        ("ar", "نعم ، قال", "نعم، قال"),
        ("en", "yes , he said", "yes , he said"),
    ],
)
def test_persian_punctuation_spacing_in_editions(language: str, before: str, after: str) -> None:
    assert punctuation_spacing(before, language) == after


# --- 10. sidecar corrections and 11. warnings ----------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.publisher]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


UNTITLED = (
    "امدادگران در ایران تلاش‌های خود را برای کمک به بازماندگان زلزله متمرکز می‌کنند و "
    "به خانمان برباد رفته‌ها و مجروحان کمک می‌رسانند.\n\nمحموله‌های کمک به طرف ایران "
    "سرازیر شده است.\n"
)


def test_sidecar_overrides_fields_one_by_one(project: Path) -> None:
    (project / "bam.txt").write_text(UNTITLED, encoding="utf-8")
    (project / "bam.meta.yaml").write_text("title: زلزله بم\ndate: 2003-12-31\n", encoding="utf-8")
    doc = pipeline.prepare(project / "bam.txt", config_module.load(project)).edition
    assert doc.metadata.title == "زلزله بم"
    assert doc.metadata.published == date(2003, 12, 31)
    assert doc.metadata.language == "fa"  # not in the sidecar: still detected
    assert doc.metadata.direction == "rtl"


def test_bad_sidecar_is_one_error_naming_it(project: Path) -> None:
    (project / "bam.txt").write_text(UNTITLED, encoding="utf-8")
    (project / "bam.meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ManuscriptError) as caught:
        pipeline.prepare(project / "bam.txt", config_module.load(project))
    assert "bam.meta.yaml" in str(caught.value)


def test_missing_title_warns_naming_file_and_field(project: Path) -> None:
    (project / "bam.txt").write_text(UNTITLED, encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", "bam.txt"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metadata"]["title"] is None
    [line] = [w for w in result.stderr.splitlines() if ": warning: title:" in w]
    assert line.startswith("bam.txt: warning: title: no headline found")


def test_strict_turns_warnings_into_a_failure(project: Path) -> None:
    (project / "bam.txt").write_text(UNTITLED, encoding="utf-8")
    config = config_module.load(project, strict=True)
    with pytest.raises(ManuscriptError, match="--strict"):
        pipeline.prepare(project / "bam.txt", config)


def test_page_of_nothing_but_chrome_is_an_error(project: Path) -> None:
    (project / "chrome.txt").write_text(
        "Accessibility links\n\nBreaking News\n\nXS\nSM\nMD\nLG\n", encoding="utf-8"
    )
    with pytest.raises(ManuscriptError, match="no text to publish"):
        pipeline.prepare(project / "chrome.txt", config_module.load(project))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("generals-- 30 Jun 18", "generals \u2014 30 Jun 18"),
        ("talks -- and more", "talks \u2014 and more"),
        ("well--known", "well\u2014known"),
    ],
)
def test_double_hyphens_become_evenly_spaced_em_dashes(before: str, after: str) -> None:
    doc = normalize(_doc("en", before))
    assert plain_text(doc.blocks[0].content) == after


# --- the disclaimer's quick test -------------------------------------------------------------


@pytest.mark.parametrize("wording", range(len(disclaimers.DISCLAIMER_WORDINGS)))
def test_every_line_a_disclaimer_wording_matches_has_a_needed_word(wording: int) -> None:
    """`states_disclaimer` skips the pattern for lines with none of the NEEDED words; lines
    made from each wording (in any case, with anything where it allows anything) have one."""
    import re

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    pattern = re.compile(disclaimers.DISCLAIMER_WORDINGS[wording], re.IGNORECASE)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern))
    def check(line: str) -> None:
        if disclaimers.DISCLAIMER.search(line):
            assert disclaimers.states_disclaimer(line), line

    check()


def test_the_quick_test_tells_disclaimers_as_the_pattern_does() -> None:
    lines_ = [
        "The views expressed here are the author's own.",
        "THE VIEWS AND OPINIONS EXPRESSED DO NOT NECESSARILY REFLECT THOSE OF THE STATION.",
        "ÇEVİRİ: Bu metin bir çeviridir; ORİJİNAL metin esas alınır.",
        "دیدگاه‌های مطرح شده لزوماً بازتاب دیدگاه رادیو نیست.",
        "The minister said the report does not necessarily reflect policy.",
        "A paragraph about the transmitters and their own power supply.",
    ]
    for line in lines_:
        assert disclaimers.states_disclaimer(line) == bool(disclaimers.DISCLAIMER.search(line))
    assert disclaimers.states_disclaimer(lines_[0]) and not disclaimers.states_disclaimer(lines_[5])
