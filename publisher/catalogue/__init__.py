"""The downloads shelf made from the manifest: dist/index.html with cover thumbnails, and the
OPDS feeds that reading apps subscribe to."""

from __future__ import annotations

from pathlib import Path

from publisher.catalogue import covers, opds, page, shelf
from publisher.config import BuildConfig
from publisher.output import fault, sweep_leftovers
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


def write(config: BuildConfig, styles: StyleSet) -> list[Path]:
    """Write the catalogue from the manifest; the files that changed."""
    out = config.out_dir
    try:
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
    except OSError as e:
        raise fault(e, out / "index.html", "writing the catalogue") from e
    return changed
