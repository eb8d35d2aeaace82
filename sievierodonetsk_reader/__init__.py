"""sievierodonetsk-reader: a terminal reader for one war-news report."""

__version__ = "0.1.0"
