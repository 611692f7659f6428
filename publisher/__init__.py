"""publisher: newsroom manuscripts in, EPUB 3 and PDF editions out."""

__version__ = "0.1.0"
