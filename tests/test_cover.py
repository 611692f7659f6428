"""The generated cover: same text, same bytes; right-to-left titles set from the right, joined
and in visual order; a manuscript's own cover used only when it is a picture in the project."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from publisher import batch, styles
from publisher.errors import ManuscriptError, RenderError
from publisher.renderers import cover
from publisher.styles import StyleSet

from helpers import REPO_ROOT, Project

PERSIAN = cover.CoverText("با تبریک سال نو", "ستاره درخشش", "The Test Desk", "fa")
ENGLISH = cover.CoverText("Keep the Transmitters On", "Nadia Rahimi", "The Test Desk", "en")


@pytest.fixture(scope="module")
def config() -> StyleSet:
    return styles.load(REPO_ROOT)


def _ink(png: bytes) -> tuple[int, int, int, int]:
    """The box around the dark (title and author) pixels below the red masthead band."""
    with Image.open(io.BytesIO(png)) as image:
        body = image.convert("L").crop((0, cover.BAND + 1, cover.SIZE[0], cover.SIZE[1] - 60))
        box = body.point(lambda v: 255 if v < 110 else 0).getbbox()
    assert box is not None, "no text on the cover"
    return box


def test_cover_is_a_jpeg_of_the_house_size(config: StyleSet) -> None:
    with Image.open(io.BytesIO(cover.render(ENGLISH, "ltr", config))) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", cover.SIZE, "RGB")
        band = image.getpixel((5, 5))  # the masthead band, within JPEG's rounding
        assert all(abs(a - b) <= 3 for a, b in zip(band, cover.RED, strict=True))


def test_same_text_same_bytes(config: StyleSet) -> None:
    assert cover.render(PERSIAN, "rtl", config) == cover.render(PERSIAN, "rtl", config)
    assert cover.render(PERSIAN, "rtl", config) != cover.render(ENGLISH, "ltr", config)


def test_left_to_right_title_starts_at_the_left_margin(config: StyleSet) -> None:
    left, _top, right, _bottom = _ink(cover.render(ENGLISH, "ltr", config))
    assert abs(left - cover.MARGIN) < 20
    assert right < cover.SIZE[0] - cover.MARGIN


def test_right_to_left_title_starts_at_the_right_margin(config: StyleSet) -> None:
    left, _top, right, _bottom = _ink(cover.render(PERSIAN, "rtl", config))
    assert abs(right - (cover.SIZE[0] - cover.MARGIN)) < 20
    assert left > cover.MARGIN + 200  # a short title leaves the left side empty


def test_long_title_is_wrapped_inside_the_margins(config: StyleSet) -> None:
    text = cover.CoverText("Khamenei’s ‘No To Talks With U.S.’, Sign Of Authority Or Lack "
                           "Of Self-Confidence? A Very Long Headline Indeed", "A, B and C",
                           None, "en")
    left, top, right, bottom = _ink(cover.render(text, "ltr", config))
    assert left >= cover.MARGIN - 10
    assert right <= cover.SIZE[0] - cover.MARGIN + 10
    assert bottom - top > 700  # several lines, not one line shrunk to nothing


def test_alt_text_is_what_the_cover_says() -> None:
    assert PERSIAN.alt() == "با تبریک سال نو — ستاره درخشش — The Test Desk"
    assert cover.CoverText("Title", "", None, "en").alt() == "Title"


def test_cover_needs_complex_script_layout(config: StyleSet,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import features

    monkeypatch.setattr(features, "check_feature", lambda name: name != "raqm")
    with pytest.raises(RenderError, match="libraqm"):
        cover.render(PERSIAN, "rtl", config)


# --- mixed scripts: one font per run, runs in visual order ------------------------------------


def _faces(config: StyleSet) -> dict[str, Path]:
    return cover._faces(config, "title")


def test_a_latin_word_in_a_persian_title_gets_its_own_run(config: StyleSet) -> None:
    runs = cover._runs("گزارش VOA از", _faces(config))
    assert [(r.text, r.script, r.direction) for r in runs] == [
        ("گزارش", "arabic", "rtl"), (" ", "arabic", None), ("VOA", "latin", "ltr"),
        (" ", "latin", None), ("از", "arabic", "rtl")]
    # Drawn left to right: the last Persian word first, the Latin word kept in its order.
    shown = [r.text for r in cover._visual(runs, "rtl")]
    assert shown == ["از", " ", "VOA", " ", "گزارش"]


def test_a_mark_the_persian_font_lacks_is_drawn_from_another(config: StyleSet) -> None:
    """Noto Naskh has no ellipsis: it comes from the serif and sits at the line's end (left)."""
    runs = cover._runs("برای کمک…", _faces(config))
    assert [(r.text, r.script) for r in runs] == [("برای کمک", "arabic"), ("…", "latin")]
    assert [r.text for r in cover._visual(runs, "rtl")] == ["…", "برای کمک"]


def test_georgian_and_latin_in_one_title(config: StyleSet) -> None:
    """Noto Serif Georgian has Georgian letters only: brackets and digits come from the serif."""
    runs = cover._runs("კანონი (2024) NATO", _faces(config))
    assert [(r.text, r.script) for r in runs if r.text.strip()] == [
        ("კანონი", "georgian"), ("(2024) NATO", "latin")]
    assert [r.text for r in cover._visual(runs, "ltr")] == [r.text for r in runs]


# --- a manuscript's own cover ------------------------------------------------------------------


def _build(project: Project, cover_line: str) -> batch.Result:
    project.write("art/cover.png", _png())
    source = project.write("own.md", f"---\ntitle: Own Cover\nlanguage: en\n{cover_line}\n---\n\n"
                                     "Body text.\n")
    [result] = batch.build([source], project.config(out_dir=project.root / "dist"),
                              ("epub",))
    return result


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 90), (0, 90, 60)).save(out, format="PNG")
    return out.getvalue()


def test_manuscript_cover_is_used(project: Project) -> None:
    import zipfile

    result = _build(project, "cover: art/cover.png")
    assert result.error is None
    with zipfile.ZipFile(result.outputs[0]) as book:
        assert book.read("EPUB/images/cover.png") == _png()


@pytest.mark.parametrize(("cover_line", "problem"), [
    pytest.param("cover: ../outside.png", "outside the project", id="outside"),
    pytest.param("cover: /etc/hostname", "not a relative path", id="absolute"),
    pytest.param("cover: https://example.org/c.png", "not a relative path", id="url"),
    pytest.param("cover: art/missing.png", "not found", id="missing"),
    pytest.param("cover: own.md", "not a picture format", id="not-a-picture"),
])
def test_manuscript_cover_must_be_a_picture_in_the_project(
        project: Project, cover_line: str, problem: str) -> None:
    (project.root.parent / "outside.png").write_bytes(_png())
    result = _build(project, cover_line)
    assert isinstance(result.error, ManuscriptError)
    assert "cover" in str(result.error) and problem in str(result.error)
    assert not (project.root / "dist" / "own.epub").exists()
