"""sievierodonetsk-reader: a terminal reader for one war-news report."""
