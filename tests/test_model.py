"""The document model's JSON form: a lossless round trip, in the shape the contract fixes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from publisher.model import (
    Bio,
    Byline,
    Disclaimer,
    Document,
    Edition,
    Emphasis,
    Figure,
    Heading,
    LineBreak,
    Link,
    List,
    ListItem,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    Quote,
    SectionBreak,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    edition_from_json,
    edition_to_json,
    from_json,
    to_json,
)

EVERY_KIND = {
    "text",
    "emphasis",
    "strong",
    "link",
    "line_break",
    "heading",
    "paragraph",
    "quote",
    "list",
    "list_item",
    "figure",
    "section_break",
    "byline",
    "bio",
    "disclaimer",
    "note_ref",
    "note",
    "table",
    "table_row",
    "table_cell",
}


def every_node_document() -> Document:
    metadata = Metadata(
        title="Keep the Lights On",
        subtitle="A note on resilience",
        authors=("Jane Doe", "Ali Rezaei"),
        author_bio="Jane Doe edits the opinion desk.",
        published=date(2024, 3, 14),
        language="en",
        direction="ltr",
        disclaimer="The views expressed are the author's own.",
        publication="The Test Desk",
        source_url="https://example.org/a/1",
        identifier="urn:uuid:00000000-0000-5000-8000-000000000000",
    )
    blocks = (
        Byline(authors=("Jane Doe", "Ali Rezaei"), published=date(2024, 3, 14)),
        Heading(2, (Text("Section "), Emphasis((Text("one"),)))),
        Paragraph(
            (
                Text("Plain, "),
                Emphasis((Text("emphasised"),)),
                Text(", "),
                Strong((Text("strong "), Emphasis((Text("and nested"),)))),
                LineBreak(),
                Link("https://example.org/", (Text("a link"),)),
            )
        ),
        Quote((Paragraph((Text("Quoted words."),)),)),
        List(
            ordered=True,
            start=3,
            items=(
                ListItem((Paragraph((Text("third"),)),)),
                ListItem(
                    (
                        Paragraph((Text("fourth"),)),
                        List(ordered=False, items=(ListItem((Paragraph((Text("sub"),)),)),)),
                    )
                ),
            ),
        ),
        Figure(src="images/chart.svg", caption=(Text("A chart"),), alt="Bars"),
        Figure(src=None, caption=(Text("A caption whose picture was lost"),)),
        Paragraph(
            (Text("A claim"), NoteRef("n1"), Text(".")),
        ),
        Table(
            head=(
                TableRow(
                    (
                        TableCell((Paragraph((Text("City"),)),)),
                        TableCell((Paragraph((Text("Votes"),)),)),
                    )
                ),
            ),
            body=(
                TableRow(
                    (
                        TableCell((Paragraph((Text("Kabul"),)),), rowspan=2),
                        TableCell((Paragraph((Text("1,200"),)),)),
                    )
                ),
            ),
            caption=(Text("Results"),),
        ),
        SectionBreak(),
        Bio((Text("Jane Doe edits the opinion desk."),)),
        Disclaimer((Text("The views expressed are the author's own."),)),
    )
    notes = (Note("n1", (Paragraph((Text("The source, page 3."),)),)),)
    return Document(metadata=metadata, blocks=blocks, notes=notes)


def kinds(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("kind"), str):
            found.add(node["kind"])
        for value in node.values():
            found |= kinds(value)
    elif isinstance(node, list):
        for value in node:
            found |= kinds(value)
    return found


def test_round_trip_keeps_every_node_kind() -> None:
    doc = every_node_document()
    text = to_json(doc)
    assert kinds(json.loads(text)) == EVERY_KIND
    assert from_json(text) == doc


def test_round_trip_of_empty_document() -> None:
    doc = Document(metadata=Metadata(), blocks=())
    assert from_json(to_json(doc)) == doc


def test_round_trip_gives_values_of_the_right_types() -> None:
    back = from_json(to_json(every_node_document()))
    assert back.metadata.published == date(2024, 3, 14)
    assert isinstance(back.metadata.authors, tuple)
    byline = back.blocks[0]
    assert isinstance(byline, Byline)
    assert byline.published == date(2024, 3, 14)
    assert isinstance(byline.authors, tuple)
    assert hash(back) == hash(every_node_document())  # still a value: hashable, frozen


def test_json_shape_follows_the_contract() -> None:
    text = to_json(every_node_document())
    data = json.loads(text)
    assert data["model_version"] == 2
    assert set(data) == {"model_version", "metadata", "blocks", "notes"}
    meta = data["metadata"]
    assert meta["published"] == "2024-03-14"
    assert meta["authors"] == ["Jane Doe", "Ali Rezaei"]
    assert {
        "title",
        "subtitle",
        "authors",
        "author_bio",
        "published",
        "language",
        "direction",
        "disclaimer",
        "publication",
        "source_url",
        "identifier",
    } <= set(meta)
    assert data["blocks"][0] == {
        "kind": "byline",
        "authors": ["Jane Doe", "Ali Rezaei"],
        "published": "2024-03-14",
    }
    figure = next(b for b in data["blocks"] if b["kind"] == "figure" and b["src"] is None)
    assert figure["caption"] == [{"kind": "text", "text": "A caption whose picture was lost"}]
    listing = next(b for b in data["blocks"] if b["kind"] == "list")
    assert listing["ordered"] is True
    assert listing["start"] == 3


def test_json_text_is_sorted_indented_and_ends_in_a_newline() -> None:
    text = to_json(every_node_document())
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    # Re-serialising the parsed data with the contract's settings reproduces it exactly.
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert '\n  "blocks": [\n    {\n      "authors"' in text


def test_non_ascii_is_written_unescaped() -> None:
    doc = Document(Metadata(title="Президенты — دیدگاه « é »"), (Paragraph((Text("ё"),)),))
    text = to_json(doc)
    assert "Президенты — دیدگاه « é »" in text
    assert "\\u" not in text
    assert from_json(text) == doc


def test_unknown_kind_is_rejected() -> None:
    data = json.loads(to_json(every_node_document()))
    data["blocks"].append({"kind": "carousel", "items": []})
    with pytest.raises(ValueError, match="carousel"):
        from_json(json.dumps(data))


def test_inline_of_unknown_kind_is_rejected() -> None:
    data = json.loads(to_json(Document(Metadata(), (Paragraph((Text("x"),)),))))
    data["blocks"][0]["content"][0]["kind"] = "blink"
    with pytest.raises(ValueError, match="blink"):
        from_json(json.dumps(data))


def test_node_without_kind_is_rejected() -> None:
    data = json.loads(to_json(Document(Metadata(), (Paragraph((Text("x"),)),))))
    del data["blocks"][0]["kind"]
    with pytest.raises(ValueError):
        from_json(json.dumps(data))


@pytest.mark.parametrize("version", [0, 1, 3, "2", None])
def test_other_model_version_is_rejected(version: object) -> None:
    data = json.loads(to_json(every_node_document()))
    data["model_version"] = version
    with pytest.raises(ValueError, match="model_version"):
        from_json(json.dumps(data))


def test_missing_model_version_is_rejected() -> None:
    data = json.loads(to_json(every_node_document()))
    del data["model_version"]
    with pytest.raises(ValueError, match="model_version"):
        from_json(json.dumps(data))


def test_edition_of_several_documents_round_trips() -> None:
    one = every_node_document()
    two = Document(
        Metadata(title="Second", language="fa", direction="rtl"), (Paragraph((Text("متن"),)),)
    )
    edition = Edition(
        slug="brief",
        metadata=Metadata(title="The Brief", language="en"),
        documents=(one, two),
        collection=True,
        intro=(Paragraph((Text("Five pieces."),)),),
        disclaimer=(Disclaimer((Text("House notice."),)),),
    )
    text = edition_to_json(edition)
    assert json.loads(text)["kind"] == "collection"
    assert [d["metadata"]["title"] for d in json.loads(text)["documents"]] == [
        "Keep the Lights On",
        "Second",
    ]
    assert edition_from_json(text) == edition


def test_a_single_article_edition_prints_as_its_document() -> None:
    doc = every_node_document()
    edition = Edition(slug="one", metadata=doc.metadata, documents=(doc,))
    assert edition_to_json(edition) == to_json(doc)
