"""The scraped-page reader's line rules, each on its own, in several scripts.

Whole invented pages (menus, comment threads, tables around a body) are in
test_scraped_rules.py; real pages against their answer keys in test_corpus.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from publisher.readers import body, dates, lines, names, segment, stoplists
from publisher.readers.shape import main_script, measure


def shapes_of(*texts: str):  # type: ignore[no-untyped-def]
    found = [segment.Line(t, n) for n, t in enumerate(texts, start=1)]
    langs = stoplists.languages_of(list(texts))
    return measure(found, list(langs.stoplists), main_script(found))


# --- segment: lines and hard wrapping ------------------------------------------------------


@pytest.mark.parametrize(
    "wrapped",
    [
        "Residents of the capital will receive piped water on alternate days\n"
        "from Monday, the utility said, after the driest winter in forty years\n"
        "left the main reservoir at a fifth of its capacity and engineers said\n"
        "that the pumps could fail if levels fell any further this month.",
        "Жители столицы будут получать воду по водопроводу через день начиная\n"
        "с понедельника, сообщила компания, после самой сухой зимы за сорок лет,\n"
        "когда главное водохранилище заполнилось лишь на пятую часть объема и\n"
        "инженеры предупредили, что насосы могут выйти из строя совсем скоро.",
        "ساکنان پایتخت از روز دوشنبه یک روز در میان آب لوله‌کشی دریافت می‌کنند\n"
        "و شرکت آب گفت که پس از خشک‌ترین زمستان چهل سال گذشته سد اصلی شهر تنها\n"
        "یک پنجم ظرفیت خود را دارد و مهندسان هشدار داده‌اند که پمپ‌ها ممکن است\n"
        "از کار بیفتند اگر سطح آب باز هم پایین‌تر برود و باران نبارد در ماه آینده.",
    ],
)
def test_hard_wrapped_paragraph_is_one_line(wrapped: str) -> None:
    page = f"{wrapped}\n\n{wrapped}\n"
    joined = segment.split_lines(page)
    assert [line.text for line in joined] == [" ".join(wrapped.split())] * 2


@pytest.mark.parametrize(
    "text",
    [
        "Home\nNews\nSport\nWeather",
        "Главная\nНовости\nСпорт\nПогода",
        "მთავარი\nახალი ამბები\nსპორტი\nამინდი",
    ],
)
def test_menus_stay_one_item_a_line(text: str) -> None:
    assert [line.text for line in segment.split_lines(text)] == text.split("\n")


def test_lower_case_line_carries_on_only_in_cased_scripts() -> None:
    latin = "The minister said on Monday that the talks would go\non until the end of the week."
    georgian = "მინისტრმა ორშაბათს განაცხადა, რომ მოლაპარაკებები\nგაგრძელდება კვირის ბოლომდე."
    assert len(segment.split_lines(latin)) == 1
    assert len(segment.split_lines(georgian)) == 2


def test_table_rows_count_their_cells() -> None:
    rows = segment.split_lines("Pos\tTeam\tPts\n1\tHarbour City\t59")
    assert [row.cells for row in rows] == [3, 3]


@pytest.mark.parametrize("line", ["Прошло два года.", "چه شد؟", "ተናግረዋል፡፡", "结束了。", "Yes!"])
def test_sentence_ends_in_many_scripts(line: str) -> None:
    assert segment.ends_sentence(line)


# --- stoplists and shapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The government said on Monday that the talks with the union would resume next week, "
        "after a month in which neither side had met the other.",
        "Правительство заявило в понедельник, что переговоры с профсоюзом возобновятся на "
        "следующей неделе, после месяца, в течение которого стороны не встречались.",
        "دولت روز دوشنبه اعلام کرد که گفتگو با اتحادیه از هفته آینده از سر گرفته می‌شود، پس از "
        "یک ماه که هیچ یک از دو طرف با دیگری دیدار نکرده بود.",
    ],
)
def test_prose_has_stopwords_and_sentences_and_a_glued_menu_has_neither(sentence: str) -> None:
    menu = {
        "LATIN": "Home News Sport Business Technology Science Health Culture Travel Weather",
        "CYRILLIC": "Главная Новости Политика Экономика Общество Культура Спорт Наука Мнения",
        "ARABIC": "صفحه اصلی ایران جهان اقتصاد ورزش فرهنگ و هنر دانش ویدیو عکس جستجو ورود",
    }
    prose, items = shapes_of(sentence, menu[main_script([segment.Line(sentence, 1)]) or ""])
    assert prose.stop is not None and prose.stop >= body.PROSE
    assert body.is_prose(prose)
    assert not body.is_prose(items)


def test_a_bilingual_page_gets_both_stoplists() -> None:
    english = "On behalf of the government of the United States, congratulations to the people."
    portuguese = "Em nome do governo dos Estados Unidos, parabéns ao povo pela sua independência."
    langs = stoplists.languages_of([english] * 3 + [portuguese] * 3)
    assert len(langs.stoplists) == 2


def test_words_are_looked_up_folded_and_with_one_yeh_and_kaf() -> None:
    # Arabic-script sites mix Arabic and Persian yeh and kaf; a Turkish İ stays in its word.
    assert stoplists.words("كتاب يكي، İstanbul'da ŞEHİR") == [
        "کتاب",
        "یکی",
        "i\u0307stanbul'da",
        "şehi\u0307r",
    ]
    from hypothesis import given
    from hypothesis import strategies as st

    letters = st.text(st.sampled_from("aİıIßŉΣςσ ك ي ى ک ی’'-1_ \u0307\u200c"), max_size=40)

    @given(letters)
    def folded_word_by_word(text: str) -> None:
        found = [w.casefold() for w in stoplists._WORD.findall(text)]
        assert stoplists.words(text) == [stoplists._one_yeh(w) for w in found]

    folded_word_by_word()


def test_a_language_without_a_list_has_no_stopword_share() -> None:
    somali = (
        "Xildhibaannada Baarlamaanka Soomaaliya, ayaa walaac ka muujinaya xaaladaha "
        "amnidarro ee sii kordhaya magaalada."
    )
    (shape,) = shapes_of(somali)
    assert shape.stop is None
    assert body.is_prose(shape)  # read by its punctuation alone


def test_chinese_characters_weigh_like_words() -> None:
    (shape,) = shapes_of("在云南西部的一所山区小学里，学生们第一次在自己的电脑教室里上课。")
    assert shape.words >= 10
    assert shape.length >= body.LOW


def test_repeats_and_foreign_script_are_measured() -> None:
    found = [
        segment.Line(t, n)
        for n, t in enumerate(
            ["Reply", "Сегодня в городе открылся новый мост через реку.", "Reply", "Home"], 1
        )
    ]
    shapes = measure(found, [], "CYRILLIC")
    assert shapes[0].repeats == 2
    assert shapes[3].foreign and not shapes[1].foreign


# --- body: scores and the run --------------------------------------------------------------


def test_the_best_run_bridges_a_caption_but_not_a_comment_thread() -> None:
    article, caption, comment = 40.0, -6.0, 12.0
    scores = [-6, -6, article, caption, article, -10, -15, comment, body.STOP, -15, comment]
    assert body.best_run(scores) == (2, 4)


def test_a_repeated_label_stops_the_run() -> None:
    assert body.best_run([30.0, body.STOP, 50.0, 5.0]) == (2, 3)


@pytest.mark.parametrize(
    "pairs",
    [
        [
            (
                "The secret language of elephants",
                "Researchers found that elephants call each other by name.",
            ),
            (
                "Why crows hold grudges",
                "Crows remember faces, and teach their young whom to avoid.",
            ),
        ],
        [
            ("Тайный язык слонов", "Ученые выяснили, что слоны зовут друг друга по именам."),
            ("Почему вороны злопамятны", "Вороны запоминают лица и учат птенцов, кого избегать."),
        ],
        [
            ("زبان پنهان فیل‌ها", "پژوهشگران دریافتند که فیل‌ها یکدیگر را با نام صدا می‌زنند."),
            (
                "چرا کلاغ‌ها کینه به دل می‌گیرند",
                "کلاغ‌ها چهره‌ها را به یاد می‌سپارند و به جوجه‌ها یاد می‌دهند.",
            ),
        ],
    ],
)
def test_headline_and_summary_pairs_are_a_teaser_list(pairs: list[tuple[str, str]]) -> None:
    texts = [t for pair in pairs for t in pair]
    assert body.teasers(shapes_of(*texts)) == set(range(len(texts)))


# --- lines: furniture, headlines, disclaimers ----------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "XS",
        "LG",
        "ENG",
        "РУС",
        "0:00 0:02:13 0:00",
        "• 16x9 Image",
        "<!-- IMAGE -->",
        "###",
        "- end -",
        "https://example.org/a/b",
        "Home > News & Policies > June 2002",
        "tomberg.example | home | writing | photos | about",
        "© 2024 Northern Ledger Media Ltd.",
        "Copyright 2024 The Associated Press. All rights reserved.",
        "© 2024 «Северный вестник». Все права защищены.",
        "جميع الحقوق محفوظة © 2024",
        "© 2024 ყველა უფლება დაცულია",
        "WASHINGTON. DC —",
        "አዲስ አበባ —",
    ],
)
def test_furniture_by_shape(line: str) -> None:
    assert lines.is_chrome_shape(line)


@pytest.mark.parametrize(
    "line",
    [
        "Floods Cut Off Northern Villages",
        "Парламент одобрил новый бюджет",
        "باران سیل آسا در شمال کشور",
        "Jane Doe",
        "Copyright law is changing, the minister said.",
    ],
)
def test_words_are_not_furniture_by_shape(line: str) -> None:
    assert not lines.is_chrome_shape(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "(The views expressed in this commentary are the author's own and do not necessarily "
            "reflect those of Radio Example.)",
            "The views expressed in this commentary are the author's own and do not necessarily "
            "reflect those of Radio Example.",
        ),
        (
            "The preceding was an editorial reflecting the views of the Government of Freedonia.",
            None,
        ),
        (
            "Мнения, высказанные в этой статье, принадлежат автору и могут не совпадать с позицией "
            "редакции.",
            None,
        ),
        ("دیدگاه های مطرح شده در این مقاله لزوما بازتاب دیدگاه این رسانه نیست.", None),
        (
            "Las opiniones expresadas en esta tribuna son responsabilidad exclusiva de su autora.",
            None,
        ),
        (
            "Nous vous proposons cette traduction à titre gracieux. Seul le texte original en "
            "anglais fait foi.",
            None,
        ),
        (
            "Esta traducción se proporciona como una cortesía y únicamente debe considerarse "
            "fidedigna la fuente original en inglés.",
            None,
        ),
        (
            "이 페이지의 정보에는 2024년 3월 22일 이후에 선포된 재난에 대한 개별 지원 업데이트가 "
            "반영되어 있지 않습니다.",
            None,
        ),
    ],
)
def test_disclaimers_in_many_languages(line: str, expected: str | None) -> None:
    assert lines.disclaimer_text(line) == (expected or line)


@pytest.mark.parametrize(
    "line",
    [
        "The minister said the views of farmers had been ignored for years.",
        "Мнения жителей разделились, показал опрос.",
        "نظر مردم درباره این طرح متفاوت است.",
        "A ministry spokesman told reporters that the views expressed by the ambassador in his "
        "speech do not necessarily reflect the position of the government, and that an inquiry "
        "had begun.",
    ],
)
def test_ordinary_sentences_are_not_disclaimers(line: str) -> None:
    assert lines.disclaimer_text(line) is None


@pytest.mark.parametrize(
    ("line", "title", "when"),
    [
        ("Floods Cut Off Villages | Example News", "Floods Cut Off Villages", None),
        ("Президенты обсудили договор - Голос Америки", "Президенты обсудили договор", None),
        ("قتل پنج نفر در جنگ عراق - ۱۳۸۳/۰۱/۰۷", "قتل پنج نفر در جنگ عراق", date(2004, 3, 26)),
        (
            "2024-03-05T09:14:00Z How a small town rebuilt its library",
            "How a small town rebuilt its library",
            date(2024, 3, 5),
        ),
        (
            "Headlines, Wednesday, January 13, 2016",
            "Headlines, Wednesday, January 13, 2016",
            date(2016, 1, 13),
        ),
        ("Remembering September 11, 2001", "Remembering September 11, 2001", None),
    ],
)
def test_split_title(line: str, title: str, when: date | None) -> None:
    assert lines.split_title(line) == (title, when)


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("Published: March 3, 2020", date(2020, 3, 3)),
        ("Published March 5, 2024 at 10:32 a.m. GMT", date(2024, 3, 5)),
        ("March 6, 2024 • 5 min read", date(2024, 3, 6)),
        ("Опубликовано: 13 января 2016", date(2016, 1, 13)),
        ("تاریخ انتشار: ۱۴ فروردین ۱۴۰۳", date(2024, 4, 2)),
        ("نشر في 5/3/2024 - 11:45", date(2024, 3, 5)),
        ("Updated: March 4, 2020", None),
    ],
)
def test_published_date_lines(line: str, when: date | None) -> None:
    day_first = not line.isascii()
    assert lines.published_date(line, day_first) == (True, when)


@pytest.mark.parametrize(
    ("line", "clock"),
    [
        ("Tuesday, March 5, 2024", True),
        ("سه‌شنبه ۱۵ اسفند ۱۴۰۲ - ۱۰:۳۰", True),
        ("вторник, 5 марта 2024", True),
        ("March 5, 2024", False),
        ("5 მარტი, 2024", False),
    ],
)
def test_weekday_dates_are_the_shape_of_a_clock(line: str, clock: bool) -> None:
    assert lines.starts_with_weekday(line) is clock


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["Jane Doe", "Jean-Luc Martin", "Mary O'Neil", "Анна Петрова", "ستاره درخشش", "李明"]
)
def test_person_names(line: str) -> None:
    assert names.looks_like_person_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "VOA News",
        "Associated Press",
        "Local Democracy Reporter",
        "Secretary of State",
        "Office of the Press Secretary",
        "وزارت امور خارجه ایالات متحده",
        "john smith",
        "The minister resigned on Monday.",
        "Born in 1970",
    ],
)
def test_not_person_names(line: str) -> None:
    assert not names.looks_like_person_name(line)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("By JOHN SMITH and MARIA LOPEZ Associated Press", ("John Smith", "Maria Lopez")),
        ("By Chris Evans, Local Democracy Reporter", ("Chris Evans",)),
        ("Posted on March 3, 2024 by Maria Lindqvist", ("Maria Lindqvist",)),
        ("Veröffentlicht am 5. März 2024 von Klaus Weber", ("Klaus Weber",)),
        ("Por Lucía Fernández", ("Lucía Fernández",)),
        ("Автор: Анна Петрова и Иван Сидоров", ("Анна Петрова", "Иван Сидоров")),
        ("بقلم: خالد منصور", ("خالد منصور",)),
        ("نوشته شده توسط مریم سلطانی در ۱۴ اسفند ۱۴۰۲ ساعت ۱۰:۳۰", ("مریم سلطانی",)),
        ("记者 李明", ("李明",)),
        ("Reporting by Jane Doe and Ali Rezaei; Editing by John Roe", ("Jane Doe", "Ali Rezaei")),
        ("By VOA News", ()),
    ],
)
def test_byline_names(line: str, found: tuple[str, ...]) -> None:
    stop = stoplists.languages_of([line]).function_words
    assert names.byline_names(line, stop) == found


@pytest.mark.parametrize(
    "line", ["By nightfall the harbour was empty.", "Byzantine Empire Exhibition Opens"]
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert names.byline_names(line) is None


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Statement by the President", ()),
        ("Tamko la Balozi Mark B. Childress kuhusu uamuzi wa Shirika", ("Mark B. Childress",)),
        ("DECLARAÇÃO DO SECRETÁRIO TILLERSON", ("TILLERSON",)),
        ("Secrétaire d’État, Michael R. Pompeo", ("Michael R. Pompeo",)),
        (
            "Las declaraciones a continuación deben atribuirse al Portavoz, Ned Price:",
            ("Ned Price",),
        ),
        (
            "Aşağıdakiler ABD Dışişleri Bakanlığı Sözcüsü John Kirby’ye atıfla kullanılabilir:",
            ("John Kirby",),
        ),
        ("بيان لوزير الخارجية أنتوني ج. بلينكن", ("أنتوني ج. بلينكن",)),
        ("پاکستان کے یومِ آزادی پر امریکی وزیر خارجہ مائک پومپیو کا بیان", ("مائک پومپیو",)),
        ("اعلامیۀ وزیر خارجه پومپیو در بارۀ روز استقلال افغانستان", ("پومپیو",)),
    ],
)
def test_statement_issuers(line: str, found: tuple[str, ...]) -> None:
    stop = stoplists.languages_of([line]).function_words
    assert names.issuer_names(line, stop) == found


@pytest.mark.parametrize(
    "line",
    [
        "The president said in a statement on Monday that talks would resume.",
        "Президент выступил с заявлением в понедельник.",
        "Home News Sport",
    ],
)
def test_sentences_and_menus_name_no_issuer(line: str) -> None:
    assert names.issuer_names(line) is None


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (
            "Wariyaha VOA-da Sahra Cabdi Axmed ayaa warbixintan ka diyaarisay.",
            ("Sahra Cabdi Axmed",),
        ),
        ("VOA correspondent Jane Doe prepared this report.", ("Jane Doe",)),
        ("Корреспондент Анна Петрова подготовила этот материал.", ("Анна Петрова",)),
    ],
)
def test_closing_credits_name_the_reporter(line: str, found: tuple[str, ...]) -> None:
    assert names.credit_names(line) == found


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day_first", "when"),
    [
        ("Tuesday, March 5, 2024", False, date(2024, 3, 5)),
        ("Mar 5, 2024", False, date(2024, 3, 5)),
        ("5 March 2024", False, date(2024, 3, 5)),
        ("mardi 5 mars 2024", True, date(2024, 3, 5)),
        ("Le 19 mars 2020", True, date(2020, 3, 19)),
        ("martes, 5 de marzo de 2024", True, date(2024, 3, 5)),
        ("18 de enero de 2022.", True, date(2022, 1, 18)),
        ("12 de julho de 2017", True, date(2017, 7, 12)),
        ("вторник, 5 марта 2024", True, date(2024, 3, 5)),
        ("5 მარტი, 2024 14:20", True, date(2024, 3, 5)),
        ("22 تشرين الثاني/نوفمبر 2021", True, date(2021, 11, 22)),
        ("۱۲ اسفند ۱۴۰۲ - ۰۹:۱۵", True, date(2024, 3, 2)),
        ("2024年3月5日 10:20", True, date(2024, 3, 5)),
        ("2024년 3월 22일", True, date(2024, 3, 22)),
        ("5/3/2024", True, date(2024, 3, 5)),
        ("5/3/2024", False, None),
        ("30 Jun 18", False, None),
        ("March 2020", False, None),
    ],
)
def test_dates_in_many_forms(written: str, day_first: bool, when: date | None) -> None:
    assert dates.parse(written, day_first) == when


def test_search_finds_the_last_date_inside_text() -> None:
    found = dates.search("between 2001-02-03 and 2004-05-06")
    assert found is not None and found[0] == date(2004, 5, 6)
    assert dates.search("Встреча прошла 13 января 2016 года.") == (date(2016, 1, 13), 15)
    assert dates.search("no date here") is None


def test_the_stoplist_table_is_what_cldr_says() -> None:
    """stoplists.LISTS is written out for speed; CLDR's English names are its source."""
    from publisher.readers import stoplists

    assert stoplists.lists_from_cldr() == stoplists.LISTS
