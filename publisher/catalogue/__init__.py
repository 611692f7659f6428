"""The downloads shelf made from the manifest: dist/index.html with cover thumbnails, and the
OPDS feeds that reading apps subscribe to."""

from __future__ import annotations

import hashlib
from pathlib import Path

from publisher import __version__
from publisher.cache import MANIFEST_FILE
from publisher.catalogue import covers, opds, page, shelf
from publisher.config import BuildConfig
from publisher.output import fault, sweep_leftovers, write_atomically
from publisher.styles import StyleSet


def _files(config: BuildConfig, styles: StyleSet) -> dict[str, bytes]:
    """Every file of the shelf but the covers, by path relative to the output folder."""
    out = config.out_dir
    records = shelf.read_manifest(out)
    entries = shelf.entries(records, config.language, covers.update(out, records, styles))
    labels = styles.labels(config.language)
    title = labels["catalogue_title"]
    site = opds.Site(
        title=f"{config.publication}: {title}" if config.publication else title,
        publication=config.publication,
        ui=config.language,
        updated=config.build_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        facet_group=labels["catalogue_language"],
    )
    files = {
        "index.html": page.render(entries, styles, config.language, config.publication),
        "catalogue.css": styles.read(page.STYLESHEET),
        "catalogue.js": styles.read(page.SCRIPT),
    }
    files.update(opds.feeds(site, entries, labels["catalogue_languages"]))
    return files


KEY_FILE = ".catalogue-key"


def _key(config: BuildConfig, styles: StyleSet) -> str:
    """What the shelf is made from: the manifest, the styles, the config it reads. Equal keys
    give equal files, so a build that changed nothing does not make the shelf again."""
    digest = hashlib.sha256(f"publisher {__version__}\0".encode())
    digest.update((config.out_dir / MANIFEST_FILE).read_bytes())
    digest.update(styles.digest().encode())
    # The clock is an input only when SOURCE_DATE_EPOCH sets it; otherwise an unchanged shelf
    # keeps the time it last changed.
    when = config.build_time.isoformat() if config.build_time_fixed else ""
    digest.update(f"{config.language}\0{config.publication}\0{when}".encode())
    return digest.hexdigest()


def _unchanged(config: BuildConfig, key: str) -> bool:
    out = config.out_dir
    try:
        recorded = (out / KEY_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return False
    return recorded == key and all((out / n).is_file() for n in ("index.html", "opds.xml"))


def write(config: BuildConfig, styles: StyleSet) -> list[Path]:
    """Write the catalogue from the manifest; the files that changed."""
    out = config.out_dir
    try:
        key = _key(config, styles)
        if _unchanged(config, key):
            return []
        files = _files(config, styles)
        changed = [
            out / name for name, data in files.items() if shelf.write_if_changed(out / name, data)
        ]
        # A language that left the shelf takes its feed with it.
        feeds = out / opds.FOLDER
        sweep_leftovers(feeds)
        for stale in sorted(feeds.glob("*.xml")) if feeds.is_dir() else []:
            if f"{opds.FOLDER}/{stale.name}" not in files:
                stale.unlink()
        write_atomically(out / KEY_FILE, (key + "\n").encode())
    except OSError as e:
        raise fault(e, out / "index.html", "writing the catalogue") from e
    return changed
