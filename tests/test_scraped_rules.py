"""The rules that make the scraped-page reader hold on pages from other outlets and scripts.

Each rule is tried in at least three scripts, on invented pages (string literals).
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
from publisher.model import Document, Figure, Heading, Metadata, Paragraph, Text, plain_text
from publisher.normalize import normalize as normalize_with
from publisher.normalize import persian_letters
from publisher.readers import dates, text
from publisher.renderers.html import punctuation_spacing


def read(page: str) -> Document:
    return text.read(page, Path("page.txt"))


def paragraphs(doc: Document) -> list[str]:
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]


def captions(doc: Document) -> list[str]:
    return [plain_text(b.caption) for b in doc.blocks if isinstance(b, Figure)]


# --- 1. chrome, in any language ------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "4 Min Read", "Updated 2 hours ago", "Our Standards: The Thomson Reuters Trust Principles.",
    "We use cookies to improve your experience on our site.", "Subscribe to our newsletter",
    "Follow us on Telegram", "Comments (12)", "Post a comment", "Your email *",
    "Copyright 2020 The Associated Press. All rights reserved.", "© 2024 RFE/RL, Inc.",
    "Image source, Getty Images", "منبع تصویر، Getty Images", "Фото: Reuters",
    "(AP Photo/John Doe)",
    "Поделиться", "اشتراک گذاری", "გაზიარება", "Advertisement",
])
def test_widgets_and_footers_are_chrome(line: str) -> None:
    script = text.scripts(line).most_common(1)[0][0]
    assert text.is_chrome(line, script)


@pytest.mark.parametrize("line", [
    "The station's reporters reached the flooded villages on Monday.",
    "Радио Свобода сообщило об этом в понедельник.",
    "رادیو فردا این خبر را روز دوشنبه گزارش کرد.",
    "Copyright law is changing, the minister said.",
])
def test_body_sentences_naming_the_station_are_not_chrome(line: str) -> None:
    script = text.scripts(line).most_common(1)[0][0]
    assert not text.is_chrome(line, script)


@pytest.mark.parametrize(("header", "item", "body"), [
    ("Related", "Floods Cut Off Northern Villages", "Rain fell for a third day on Monday."),
    ("Читайте также", "Президенты обсудили договор", "Переговоры продолжатся в среду."),
    ("مطالب مرتبط", "سیل در شمال کشور", "باران برای سومین روز ادامه داشت."),
])
def test_related_story_lists_are_dropped(header: str, item: str, body: str) -> None:
    doc = read(f"A Headline Of Some Length\n\n{body}\n\n{header}\n\n{item}\n\n2 March 2024\n")
    assert paragraphs(doc) == [body]


# --- 2. title ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kicker", "title", "body"), [
    ("World", "Floods Cut Off Northern Villages", "The rain fell for three days. It stopped."),
    ("Мир", "Президенты обсудили дату подписания договора", "Разговор длился час. Он был долгим."),
    ("ایران", "سیل راه روستاهای شمال را بست", "باران سه روز بارید. سپس بند آمد."),
])
def test_section_label_over_the_headline_is_not_the_title(kicker: str, title: str,
                                                          body: str) -> None:
    doc = read(f"{kicker}\n\n{title}\n\n{body}\n")
    assert doc.metadata.title == title
    assert kicker not in paragraphs(doc)


@pytest.mark.parametrize(("line", "title"), [
    ("Floods Cut Off Villages | Example News", "Floods Cut Off Villages"),
    ("Президенты обсудили договор - Голос Америки", "Президенты обсудили договор"),
    ("قتل پنج نفر در جنگ عراق - ۱۳۸۳/۰۱/۰۷", "قتل پنج نفر در جنگ عراق"),
])
def test_trailing_site_name_or_date_is_split_off(line: str, title: str) -> None:
    assert text.split_title(line)[0] == title


def test_title_repeated_as_a_player_label_is_not_body() -> None:
    doc = read("Monks Gather in Dharamsala\n\nThousands of monks gathered on Sunday.\n\n"
               "Monks Gather in Dharamsala\nplease wait\n\nNo media source currently available\n")
    assert paragraphs(doc) == ["Thousands of monks gathered on Sunday."]


# --- 3. captions ---------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "caption"), [
    ("Image caption, ", "Protesters gather in the capital on Monday"),
    ("توضیح تصویر، ", "معترضان روز دوشنبه در پایتخت جمع شدند"),
    ("Подпись к фото, ", "Протестующие собрались в столице в понедельник"),
])
def test_labelled_captions_are_figures(label: str, caption: str) -> None:
    doc = read(f"A Headline Of Some Length\n\nThe first paragraph is here. It has two sentences."
               f"\n\n{label}{caption}\n\nThe last paragraph is here.\n")
    assert captions(doc) == [caption]
    assert paragraphs(doc) == ["The first paragraph is here. It has two sentences.",
                               "The last paragraph is here."]


def test_repeated_caption_after_the_body_is_a_figure() -> None:
    doc = read("A Headline Of Some Length\n\nThe only paragraph of the story.\n\n"
               "Demonstrators in Tbilisi\nDemonstrators in Tbilisi\n")
    assert captions(doc) == ["Demonstrators in Tbilisi"]
    assert paragraphs(doc) == ["The only paragraph of the story."]


# --- 4. authors ----------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "names"), [
    ("By JOHN SMITH and MARIA LOPEZ, Associated Press", ("John Smith", "Maria Lopez")),
    ("Автор: Анна Петрова и Иван Сидоров", ("Анна Петрова", "Иван Сидоров")),
    ("نویسنده: ستاره درخشش و علی رضایی", ("ستاره درخشش", "علی رضایی")),
    ("By Jane Doe, March 3, 2020", ("Jane Doe",)),
])
def test_bylines_name_people(line: str, names: tuple[str, ...]) -> None:
    assert text.byline_names(line) == names


@pytest.mark.parametrize("line", ["By Reuters Staff", "By VOA News", "By the Editorial Board"])
def test_generic_bylines_name_nobody(line: str) -> None:
    assert text.byline_names(line) == ()


def test_two_different_bylines_warn() -> None:
    diagnostics = Diagnostics()
    doc = text.read("Floods Cut Off Villages\n\nBy Jane Doe\n\nRain fell for days. It stopped."
                    "\n\nBy John Roe\n", Path("page.txt"), diagnostics)
    assert doc.metadata.authors == ("Jane Doe",)
    assert any(d.text().startswith("authors: two bylines") for d in diagnostics.items)


def test_wire_credit_names_reporters_not_editors() -> None:
    doc = read("Floods Cut Off Villages\n\nDUBAI (Reuters) - Rain fell for days. It stopped.\n\n"
               "Reporting by Jane Doe and Ali Rezaei; Editing by John Roe\n")
    assert doc.metadata.authors == ("Jane Doe", "Ali Rezaei")
    assert paragraphs(doc) == ["DUBAI (Reuters) - Rain fell for days. It stopped."]


# --- 6. dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "when"), [
    ("۱۴ فروردین ۱۴۰۳", date(2024, 4, 2)),           # Solar Hijri, Persian digits
    ("14 فروردین 1403", date(2024, 4, 2)),           # Solar Hijri, Latin digits
    ("۱۴ حمل ۱۴۰۳", date(2024, 4, 2)),               # Afghan (Dari) month name
    ("۱۳۹۷/۰۴/۳۰", date(2018, 7, 21)),                # numeric Solar Hijri
    ("٢٦ مارس ٢٠٠٤", date(2004, 3, 26)),              # Arabic-Indic digits, Gregorian
    ("۱۴ فروردین ۱۴۰۳ - ۲ آوریل ۲۰۲۴", date(2024, 4, 2)),  # both calendars on one line
    ("13 января 2016", date(2016, 1, 13)),
    ("13 იანვარი, 2016", date(2016, 1, 13)),
])
def test_dates_in_other_languages_digits_and_calendars(written: str, when: date) -> None:
    assert dates.parse(written) == when


@pytest.mark.parametrize(("line", "when"), [
    ("Published: March 3, 2020", date(2020, 3, 3)),
    ("Опубликовано: 13 января 2016", date(2016, 1, 13)),
    ("تاریخ انتشار: ۱۴ فروردین ۱۴۰۳", date(2024, 4, 2)),
])
def test_labelled_publication_dates(line: str, when: date) -> None:
    assert text.published_date(line) == (True, when)


@pytest.mark.parametrize("line", ["Updated: March 4, 2020", "Обновлено: 14 января 2016"])
def test_an_update_time_is_not_the_publication_date(line: str) -> None:
    assert text.published_date(line) == (True, None)


def test_page_clock_above_the_headline_is_not_the_date() -> None:
    doc = read("Friday, March 29, 2024\n\nFloods Cut Off Villages\n\nRain fell. It stopped.\n")
    assert doc.metadata.published is None


def test_dateline_under_the_headline_is_the_date() -> None:
    doc = read("سیل راه روستاها را بست\n\n۱۴ فروردین ۱۴۰۳\n\nباران سه روز بارید. سپس بند آمد.\n")
    assert doc.metadata.published == date(2024, 4, 2)


def test_relative_dates_give_no_date() -> None:
    doc = read("Floods Cut Off Villages\n\nToday\n\nRain fell yesterday. It stopped today.\n")
    assert doc.metadata.published is None


# --- 8. paragraphs -------------------------------------------------------------------------


def test_single_newlines_separate_paragraphs() -> None:
    doc = read("Floods Cut Off Villages\nRain fell for three days. Roads closed.\n"
               "Officials opened shelters on Monday.\n")
    assert paragraphs(doc) == ["Rain fell for three days. Roads closed.",
                               "Officials opened shelters on Monday."]


def test_subheading_between_paragraphs_is_a_heading() -> None:
    doc = read("Floods Cut Off Villages\n\nRain fell for three days.\n\nWhat comes next\n\n"
               "Officials opened shelters on Monday.\n")
    headings = [plain_text(b.content) for b in doc.blocks if isinstance(b, Heading)]
    assert headings == ["What comes next"]


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
    fa = normalize(_doc("fa", "می\u200cخواهم \"کتاب\" را بخوانم."))
    ru = normalize(_doc("ru", "Он сказал: «Да» -- и ушёл."))
    assert "\u200c" in plain_text(fa.blocks[0].content)
    assert "\u201c" not in plain_text(fa.blocks[0].content)
    assert "«Да»" in plain_text(ru.blocks[0].content)
    assert "\u201c" not in plain_text(ru.blocks[0].content)


@pytest.mark.parametrize(("language", "before", "after"), [
    ("fa", "آمریکا ، که", "آمریکا، که"),
    ("fa", "سلام،دنیا", "سلام، دنیا"),
    ("prs", "چه شد ؟", "چه شد؟"),
    ("ar", "نعم ، قال", "نعم، قال"),
    ("en", "yes , he said", "yes , he said"),
])
def test_persian_punctuation_spacing_in_editions(language: str, before: str, after: str) -> None:
    assert punctuation_spacing(before, language) == after


# --- 10. sidecar corrections and 11. warnings ----------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.publisher]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


UNTITLED = ("امدادگران در ایران تلاش‌های خود را برای کمک به بازماندگان زلزله متمرکز می‌کنند و "
            "به خانمان برباد رفته‌ها و مجروحان کمک می‌رسانند.\n\nمحموله‌های کمک به طرف ایران "
            "سرازیر شده است.\n")


def test_sidecar_overrides_fields_one_by_one(project: Path) -> None:
    (project / "bam.txt").write_text(UNTITLED, encoding="utf-8")
    (project / "bam.meta.yaml").write_text("title: زلزله بم\ndate: 2003-12-31\n",
                                           encoding="utf-8")
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
    (project / "chrome.txt").write_text("Accessibility links\n\nBreaking News\n\nXS\nSM\nMD\nLG\n",
                                        encoding="utf-8")
    with pytest.raises(ManuscriptError, match="no text to publish"):
        pipeline.prepare(project / "chrome.txt", config_module.load(project))


@pytest.mark.parametrize(("before", "after"), [
    ("generals-- 30 Jun 18", "generals \u2014 30 Jun 18"),
    ("talks -- and more", "talks \u2014 and more"),
    ("well--known", "well\u2014known"),
])
def test_double_hyphens_become_evenly_spaced_em_dashes(before: str, after: str) -> None:
    doc = normalize(_doc("en", before))
    assert plain_text(doc.blocks[0].content) == after
