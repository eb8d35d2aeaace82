"""A cache of loaded articles, so that a second start needs neither PyYAML nor dateutil.

After a file loads cleanly, its model is stored as plain JSON (never pickle: a cache file is
data, not code), keyed by a SHA-256 of the file's bytes, the package version and the cache
format, under the user's cache directory. What `check` printed and each export's text are
kept beside it, so that a warm `export` is a file read: it is the same output, since both
are functions of those bytes and this version only. A stale key is simply never asked for;
an unreadable or damaged entry counts as a miss and is written afresh; a directory that
cannot be written to is skipped without a word (`-v` tells).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import __version__
from .names import APP_NAME, NO_CACHE_VARIABLE

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 1  # raise when the model or its encoding changes
MAX_ENTRIES = 32  # the least recently written go first


def cache_directory() -> Path:
    """platformdirs' user cache path, computed directly on Linux (its import costs 7 ms)."""
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs follows: an absolute XDG_CACHE_HOME, else ~/.cache.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
        return root / APP_NAME
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME)


def cache_disabled() -> bool:
    return bool(os.environ.get(NO_CACHE_VARIABLE))


def cache_key(data: bytes) -> str:
    import hashlib

    digest = hashlib.sha256(data)
    digest.update(f"\0{__version__}\0{CACHE_FORMAT}".encode())
    return digest.hexdigest()


class CacheEntry:
    """One article's entry: its model and the outputs made from it so far."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: caching is off
        self._document: dict[str, Any] | None = None
        self.problem: str | None = None  # why the last write failed, for -v

    @classmethod
    def for_bytes(cls, data: bytes, *, enabled: bool = True) -> CacheEntry:
        if not enabled or cache_disabled():
            return cls(None)
        return cls(cache_directory() / f"{cache_key(data)}.json")

    def _read(self) -> dict[str, Any] | None:
        if self._document is None and self.path is not None:
            try:
                document = json.loads(self.path.read_bytes())
            except (OSError, ValueError):  # missing, unreadable or damaged: a miss
                return None
            if isinstance(document, dict) and document.get("format") == CACHE_FORMAT:
                self._document = document
        return self._document

    def output(self, name: str) -> str | None:
        """An output stored earlier ("check", "markdown", "text", "json"), if any."""
        document = self._read()
        value = (document or {}).get("outputs", {}).get(name)
        return value if isinstance(value, str) else None

    def article(self) -> Any:
        """The stored model, or None; a damaged one counts as a miss."""
        document = self._read()
        if document is None:
            return None
        try:
            return decode(document["article"])
        except (KeyError, TypeError, ValueError):
            self._document = None
            return None

    def store(self, article: Any, outputs: dict[str, str] | None = None) -> None:
        """Keep the model (if not kept yet) and `outputs`; failures are only noted."""
        if self.path is None:
            return
        document = self._read() or {"format": CACHE_FORMAT, "article": encode(article)}
        document.setdefault("outputs", {}).update(outputs or {})
        self._document = document
        from .writing import ExportError, write_atomically

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(document, separators=(",", ":")), force=True)
            _prune(self.path.parent)
        except (OSError, ExportError) as error:
            self.problem = str(error)


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


# -- the model as plain data ----------------------------------------------------------------
# dataclasses and datetime are imported where used: a warm `export` needs neither.
def _model_classes() -> dict[str, type]:
    from dataclasses import is_dataclass

    from . import model

    return {
        cls.__name__: cls
        for cls in vars(model).values()
        if isinstance(cls, type) and is_dataclass(cls) and cls.__module__ == model.__name__
    }


def encode(value: Any) -> Any:
    """A model object as JSON-ready data: dataclasses tagged by class name, tuples as lists."""
    from dataclasses import fields, is_dataclass
    from datetime import date

    if is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"~": type(value).__name__}
        for item in fields(value):
            if item.init:
                data[item.name] = encode(getattr(value, item.name))
        return data
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, date):
        return {"~": "date", "iso": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The inverse of `encode`; only the model's own classes can be made."""
    from datetime import date

    classes: dict[str, Any] = {**_model_classes(), "date": None}
    plain = (str, int, float, bool, type(None))

    # One closure, its names local: a 100x article is tens of thousands of objects to make.
    def make(value: Any) -> Any:
        kind = type(value)
        if kind in plain:
            return value
        if kind is list:
            return tuple([make(item) for item in value])
        if kind is not dict:
            raise ValueError(f"not model data: {kind.__name__}")
        cls = classes[value["~"]]  # an unknown tag is a KeyError: a damaged entry
        if cls is None:
            return date.fromisoformat(value["iso"])
        # A new dict: the document stays JSON, as the cache writes it again with new outputs.
        return cls(
            **{
                key: item if type(item) in plain else make(item)
                for key, item in value.items()
                if key != "~"
            }
        )

    return make(data)
