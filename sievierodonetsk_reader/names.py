"""The names the reader goes by on a system: its program and directory name, the
environment variables that switch its saved state and its cache off, and its export formats.

Kept apart, with few imports, so that the command line, the cache and the state all use one
spelling without the command line paying for the others' imports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "sievierodonetsk-reader"  # the command, and the directory of state, settings, cache
NO_STATE_VARIABLE = "SIEVIERODONETSK_READER_NO_STATE"  # 1 (or true, yes, on) for --no-state
NO_CACHE_VARIABLE = "SIEVIERODONETSK_READER_NO_CACHE"  # 1 (or true, yes, on) for --no-cache
_OFF = ("", "0", "false", "no", "off")
# Export formats, by name, with the extension of a file of each.
EXTENSIONS = {
    "markdown": ".md",
    "text": ".txt",
    "json": ".json",
    "csl-json": ".csl.json",
    "bibtex": ".bib",
    "ris": ".ris",
    "wikipedia": ".wiki",
    "annotations": ".jsonld",
    "geojson": ".geojson",
}
FORMATS = tuple(EXTENSIONS)


def switched_on(value: str | None) -> bool:
    """An environment switch: unset, empty, 0, false, no or off is off; anything else is on
    (NO_CACHE=0 once turned the cache off)."""
    return value is not None and value.strip().lower() not in _OFF


# Where platformdirs puts a user's cache, state and settings on Linux (the XDG rule: the
# variable if it is an absolute path, else the default under the home directory).
_XDG_DIRECTORIES = {
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "state": ("XDG_STATE_HOME", ".local/state"),
    "config": ("XDG_CONFIG_HOME", ".config"),
}


def user_directory(kind: str) -> Path:
    """The program's directory of `kind` ("cache", "state", "config"), as platformdirs
    gives it: computed directly on Linux, where importing platformdirs cost 3-7 ms on the
    way to the first screen."""
    if sys.platform.startswith("linux"):
        variable, default = _XDG_DIRECTORIES[kind]
        base = os.environ.get(variable, "").strip()
        return (Path(base) if os.path.isabs(base) else Path.home() / default) / APP_NAME
    import platformdirs

    path: Path = getattr(platformdirs, f"user_{kind}_path")(APP_NAME)
    return path
