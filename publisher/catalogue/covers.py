"""Cover thumbnails for the catalogue, taken from the cover image inside each built EPUB.

The cover an EPUB carries is the one readers see, drawn or the manuscript's own; taking it
from the book keeps the shelf and the editions alike and costs no second drawing. A
thumbnail is remade only when its EPUB's bytes change (`covers/.thumbnails.json` records
which EPUB each was made from), and the same EPUB always gives the same thumbnail bytes.
"""

from __future__ import annotations

import io
import json
import logging
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from publisher.catalogue.shelf import Cover, write_if_changed
from publisher.output import sweep_leftovers, write_atomically
from publisher.renderers.cover import THUMBNAIL_WIDTH
from publisher.styles import StyleSet

COVERS_DIR = "covers"
STATE_FILE = ".thumbnails.json"
# The thumbnail is shown at 100x150 CSS pixels: twice that for high-density screens, a few
# kilobytes. Reading apps show the cover larger, but a tenth of the book's 1600x2400 does.
THUMBNAIL = (THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 3 // 2)
COVER = (600, 900)
# Any change to how the pictures are made must change this, so that all are remade.
RECIPE = "jpeg 200x300 600x900 q82 v3"
SUFFIXES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}
_OPF = "{http://www.idpf.org/2007/opf}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Picture:
    media_type: str
    data: bytes
    size: tuple[int, int] | None = None  # width, height; None for a vector picture


def cover_image(epub: bytes) -> Picture | None:
    """The book's cover: the manifest item with properties="cover-image", as it is stored."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        container = etree.fromstring(book.read("META-INF/container.xml"))
        rootfile = container.find(f".//{_CONTAINER}rootfile")
        opf_path = rootfile.get("full-path") if rootfile is not None else None
        if not opf_path:
            return None
        package = etree.fromstring(book.read(opf_path))
        for item in package.iter(f"{_OPF}item"):
            if "cover-image" in (item.get("properties") or "").split():
                name = posixpath.normpath(
                    posixpath.join(posixpath.dirname(opf_path), unquote(item.get("href", "")))
                )
                return Picture(item.get("media-type", ""), book.read(name))
    return None


def thumbnail(cover: Picture, box: tuple[int, int] = THUMBNAIL) -> Picture:
    """A smaller picture of a cover: an SVG is its own thumbnail, a raster is scaled down."""
    from PIL import Image

    if cover.media_type == "image/svg+xml":
        return cover
    with Image.open(io.BytesIO(cover.data)) as image:
        image.draft("RGB", box)  # a JPEG is decoded straight at a fraction of its size
        picture = image.convert("RGBA")
    flat = Image.new("RGB", picture.size, "white")  # a transparent cover sits on paper
    flat.paste(picture, mask=picture.getchannel("A"))
    flat.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    flat.save(out, "JPEG", quality=82, optimize=True)
    return Picture("image/jpeg", out.getvalue(), flat.size)


def _drawn(record: dict[str, Any], styles: StyleSet, box: tuple[int, int]) -> Picture:
    """A JPEG of the cover publisher drew (an SVG in the book), drawn again at this size:
    reading apps that show a feed's thumbnails do not all draw SVG."""
    from publisher.renderers import cover

    text = cover.CoverText(**record["cover_text"])
    data = cover.thumbnail(text, record.get("direction") or "ltr", styles, box[0])
    return Picture("image/jpeg", data, box)


def _make(
    slug: str, epub: bytes, folder: Path, record: dict[str, Any], styles: StyleSet
) -> dict[str, Any] | None:
    """Write an edition's cover and thumbnail; what to record of them, or None."""
    cover = cover_image(epub)
    if cover is None or cover.media_type not in SUFFIXES:
        return None
    if cover.media_type == "image/svg+xml" and record.get("cover_text"):
        # The SVG is the cover at any size; only the thumbnail is drawn again, as a JPEG.
        small, large = _drawn(record, styles, THUMBNAIL), cover
    else:
        small, large = thumbnail(cover), thumbnail(cover, COVER)
    thumb_name = f"{slug}{SUFFIXES[small.media_type]}"
    full_name = thumb_name if large is small else f"{slug}-cover{SUFFIXES[large.media_type]}"
    write_atomically(folder / thumb_name, small.data)
    if full_name != thumb_name:
        write_atomically(folder / full_name, large.data)
    width, height = small.size or (None, None)
    return {
        "full": full_name,
        "thumbnail": thumb_name,
        "type": large.media_type,
        "thumbnail_type": small.media_type,
        "width": width,
        "height": height,
    }


def _load(folder: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _fresh(made: dict[str, Any] | None, sha256: str, folder: Path) -> bool:
    return (
        made is not None
        and made.get("epub") == sha256
        and made.get("recipe") == RECIPE
        and all((folder / made[k]).is_file() for k in ("full", "thumbnail"))
    )


def _remove(made: dict[str, Any], keep: dict[str, Any] | None, folder: Path) -> None:
    kept = {keep[k] for k in ("full", "thumbnail")} if keep else set()
    for key in ("full", "thumbnail"):
        name = made.get(key)
        if isinstance(name, str) and name not in kept and "/" not in name:
            (folder / name).unlink(missing_ok=True)


def update(out_dir: Path, records: list[dict[str, Any]], styles: StyleSet) -> dict[str, Cover]:
    """Covers for every EPUB in the manifest: made when new or changed, removed when gone."""
    folder = out_dir / COVERS_DIR
    sweep_leftovers(folder)
    before = _load(folder)
    after: dict[str, dict[str, Any]] = {}
    for record in records:
        if record.get("format") != "epub":
            continue
        slug, sha256 = record["slug"], record.get("sha256", "")
        made = before.get(slug)
        if not _fresh(made, sha256, folder):
            try:
                made = _make(slug, (out_dir / record["file"]).read_bytes(), folder, record, styles)
            except (OSError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as e:
                log.warning("%s: no cover thumbnail (%s)", record["file"], e)
                made = None
            if made is not None:
                made.update(epub=sha256, recipe=RECIPE)
        if made is not None:
            after[slug] = made
    for slug, made in before.items():
        _remove(made, after.get(slug), folder)
    if after or before:
        body = json.dumps(after, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_if_changed(folder / STATE_FILE, body.encode())
    prefix = f"{COVERS_DIR}/"
    return {
        slug: Cover(
            prefix + m["thumbnail"],
            prefix + m["full"],
            m["type"],
            m["thumbnail_type"],
            m.get("width"),
            m.get("height"),
        )
        for slug, m in after.items()
    }
