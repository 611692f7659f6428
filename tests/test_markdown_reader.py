"""The Markdown reader: YAML front matter into metadata, CommonMark into model blocks."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from publisher import pipeline, styles
from publisher.diagnostics import Diagnostics
from publisher.errors import ManuscriptError
from publisher.model import (
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    List,
    Paragraph,
    Quote,
    SectionBreak,
    Strong,
    Text,
    plain_text,
)
from publisher.readers import markdown
from publisher.readers.source import Source

from helpers import Project

SOURCE = Path("op-ed.md")


def read(text: str) -> Document:
    return markdown.read(Source(SOURCE, text.encode("utf-8"), Path(".")), Diagnostics())


def walk(node: Any) -> list[Any]:
    """Every node under `node` (blocks and inlines), depth first."""
    found = [node]
    for name in ("blocks", "items", "content", "caption"):
        for child in getattr(node, name, ()) or ():
            found += walk(child)
    return found


FULL_FRONT_MATTER = """---
title: Keep the Lights On
subtitle: Why old transmitters still matter
author: Jane Doe
author_bio: Jane Doe is a former engineer who writes about censorship.
date: 2024-03-14
language: en
disclaimer: The views expressed are the author's own.
publication: The Test Desk
source_url: https://example.org/opinion/keep-the-lights-on
---

Body text.
"""


def test_front_matter_fields() -> None:
    meta = read(FULL_FRONT_MATTER).metadata
    assert meta.title == "Keep the Lights On"
    assert meta.subtitle == "Why old transmitters still matter"
    assert meta.authors == ("Jane Doe",)
    assert meta.author_bio == "Jane Doe is a former engineer who writes about censorship."
    assert meta.published == date(2024, 3, 14)
    assert meta.language == "en"
    assert meta.disclaimer == "The views expressed are the author's own."
    assert meta.publication == "The Test Desk"
    assert meta.source_url == "https://example.org/opinion/keep-the-lights-on"


def test_authors_as_a_list_and_date_as_a_string() -> None:
    meta = read(
        '---\ntitle: T\nauthors:\n  - Jane Doe\n  - Ali Rezaei\ndate: "2024-03-14"\n---\n\nBody.\n'
    ).metadata
    assert meta.authors == ("Jane Doe", "Ali Rezaei")
    assert meta.published == date(2024, 3, 14)


def test_date_with_a_time_keeps_the_day() -> None:
    assert read(
        "---\ntitle: T\ndate: 2024-03-14 10:30:00\n---\n\nBody.\n"
    ).metadata.published == date(2024, 3, 14)


def test_no_front_matter_and_a_level_one_heading_gives_the_title() -> None:
    doc = read("# The Title\n\nThe body.\n")
    assert doc.metadata.title == "The Title"
    assert doc.blocks == (Paragraph((Text("The body."),)),)


def test_manuscript_without_date_or_language_leaves_them_unset() -> None:
    meta = read("---\ntitle: T\n---\n\nBody.\n").metadata
    assert meta.published is None
    assert meta.language is None
    assert meta.authors == ()


BODY = """---
title: T
---

## A section

A paragraph with *emphasis*, **strong** words and a [link](https://example.org/x).
A soft break
and a hard one,\\
then the rest.

> A quoted paragraph.
>
> A second one.

- first bullet
- second bullet

3. third
4. fourth

![A bar chart of reach](images/chart.svg "Reach during a shutdown")

![Only alt text](images/photo.jpg)

---

Last words.
"""


def test_body_blocks_in_order() -> None:
    kinds = [type(b).__name__ for b in read(BODY).blocks]
    assert kinds == [
        "Heading",
        "Paragraph",
        "Quote",
        "List",
        "List",
        "Figure",
        "Figure",
        "SectionBreak",
        "Paragraph",
    ]


def test_heading_keeps_its_level() -> None:
    heading = read(BODY).blocks[0]
    assert heading == Heading(2, (Text("A section"),))


def test_inline_markup() -> None:
    paragraph = read(BODY).blocks[1]
    assert isinstance(paragraph, Paragraph)
    content: tuple[Inline, ...] = paragraph.content
    assert Emphasis((Text("emphasis"),)) in content
    assert Strong((Text("strong"),)) in content
    assert Link("https://example.org/x", (Text("link"),)) in content
    assert LineBreak() in content
    assert plain_text(content) == (
        "A paragraph with emphasis, strong words and a link. "
        "A soft break and a hard one,\nthen the rest."
    )


def test_block_quote() -> None:
    quote = read(BODY).blocks[2]
    assert quote == Quote(
        (Paragraph((Text("A quoted paragraph."),)), Paragraph((Text("A second one."),)))
    )


def test_bullet_and_ordered_lists() -> None:
    bullets, ordered = read(BODY).blocks[3:5]
    assert isinstance(bullets, List)
    assert isinstance(ordered, List)
    assert not bullets.ordered
    assert [plain_text(walk(i)[1].content) for i in bullets.items] == [
        "first bullet",
        "second bullet",
    ]
    assert ordered.ordered
    assert ordered.start == 3
    assert [plain_text(walk(i)[1].content) for i in ordered.items] == ["third", "fourth"]


def test_image_alone_in_a_paragraph_is_a_figure() -> None:
    with_title, alt_only = read(BODY).blocks[5:7]
    assert isinstance(with_title, Figure)
    assert with_title.src == "images/chart.svg"
    assert with_title.alt == "A bar chart of reach"
    assert plain_text(with_title.caption) == "Reach during a shutdown"
    assert isinstance(alt_only, Figure)
    assert alt_only.src == "images/photo.jpg"
    assert alt_only.alt == "Only alt text"
    assert plain_text(alt_only.caption) == "Only alt text"


def test_thematic_break_is_a_section_break() -> None:
    assert isinstance(read(BODY).blocks[7], SectionBreak)


HOSTILE = """---
title: Hostile input
---

Hello <script>alert(1)</script> world.

<script>alert(2)</script>

<div onclick="steal()">A block of raw HTML.</div>

[click me](javascript:alert(3))
"""


def test_raw_html_is_not_markup() -> None:
    nodes = [n for b in read(HOSTILE).blocks for n in walk(b)]
    # Raw HTML survives only as text, never as a node that a renderer would emit as markup.
    assert {type(n) for n in nodes} <= {Paragraph, Text, Link}
    shown = " ".join(n.text for n in nodes if isinstance(n, Text))
    assert "<script>alert(1)</script>" in shown
    assert '<div onclick="steal()">' in shown


def test_script_link_is_not_a_link_in_the_prepared_document(project: Project) -> None:
    """The reader may keep what the author wrote; the document `inspect` shows may not link it."""
    doc = project.prepare("hostile.md", HOSTILE)
    links = [n for b in doc.blocks for n in walk(b) if isinstance(n, Link)]
    assert not [link for link in links if "script" in link.href.lower()]
    assert "click me" in " ".join(
        plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)
    )


def test_raw_html_never_reaches_the_edition(project: Project) -> None:
    source = project.write("hostile.md", HOSTILE)
    config = project.config()
    [(_, data)] = pipeline.render(
        pipeline.prepare(source, config), ("epub",), config, styles.load(project.root)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        pages = [n for n in book.namelist() if n.endswith(".xhtml")]
        for name in pages:
            raw = book.read(name)
            tree = etree.fromstring(raw)
            assert tree.xpath("//*[local-name()='script']") == [], name
            assert not tree.xpath("//@onclick"), name
            assert not [h for h in tree.xpath("//@href") if h.startswith("javascript:")], name
            assert b"<script" not in raw, name


def test_invalid_yaml_names_the_file_and_a_line() -> None:
    with pytest.raises(ManuscriptError) as caught:
        read("---\ntitle: [unclosed\n---\nbody\n")
    message = str(caught.value)
    assert message.startswith("op-ed.md:")
    line = message.split(":")[1]
    assert line.isdigit()
    assert 2 <= int(line) <= 3  # the bad value, or the line where YAML noticed it
    assert "front matter" in message


def test_yaml_error_line_is_the_line_in_the_file() -> None:
    with pytest.raises(ManuscriptError) as caught:
        read("---\ntitle: ok\nauthor: Jane Doe\n  bad: indent\n---\nbody\n")
    assert str(caught.value).startswith("op-ed.md:4:")


@pytest.mark.parametrize("value", ["next week", "14/03/2024", "2024-02-30"])
def test_bad_date_string(value: str) -> None:
    with pytest.raises(ManuscriptError, match="date") as caught:
        read(f'---\ntitle: T\ndate: "{value}"\n---\n\nBody.\n')
    assert str(caught.value).startswith("op-ed.md")


def test_impossible_yaml_date() -> None:
    with pytest.raises(ManuscriptError, match="date"):
        read("---\ntitle: T\ndate: 2024-13-45\n---\n\nBody.\n")


@pytest.mark.parametrize("front", ["- a\n- b", "title Keep the Lights On"])
def test_front_matter_that_is_not_a_mapping(front: str) -> None:
    with pytest.raises(ManuscriptError, match="front matter"):
        read(f"---\n{front}\n---\n\nBody.\n")


def test_title_that_is_not_text() -> None:
    with pytest.raises(ManuscriptError, match="title"):
        read("---\ntitle: [a, b]\n---\n\nBody.\n")
