"""A cache of loaded articles, so that a second start needs neither PyYAML nor dateutil.

After a file loads cleanly, its model is stored as plain JSON (never pickle: a cache file is
data, not code), keyed by a SHA-256 of the file's bytes, the package version and the cache
format, under the user's cache directory. What `check` printed and each export's text are
kept beside it, each in a file of its own, so that a warm `export` reads one small file: it
is the same output, since both are functions of those bytes and this version only. A stale
key is simply never asked for; an unreadable or damaged entry counts as a miss and is
written afresh; a directory that cannot be written to is skipped without a word (`-v`
tells).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from . import __version__
from .names import APP_NAME, NO_CACHE_VARIABLE

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 3  # raise when the encoding changes (a new model is a miss by itself)
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
    """One article's entry: its model (KEY.json) and the outputs made from it so far, each
    in a file of its own (KEY.NAME.out), so that reading one reads nothing else."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # the model's file; None: caching is off
        self._model_read = False  # the model file held a good model: it need not be written
        self.problem: str | None = None  # why the last write failed, for -v

    @classmethod
    def for_bytes(cls, data: bytes, *, enabled: bool = True) -> CacheEntry:
        if not enabled or cache_disabled():
            return cls(None)
        return cls(cache_directory() / f"{cache_key(data)}.json")

    def output_path(self, name: str) -> Path | None:
        """Where output `name` is kept beside the model; None when caching is off."""
        return None if self.path is None else _output_file(self.path, name)

    def output(self, name: str) -> str | None:
        """An output stored earlier ("check", "markdown", "text", "json"), if any."""
        path = self.output_path(name)
        if path is None:
            return None
        try:
            # A JSON string: it holds any text the exports can make, lone surrogates too.
            value = json.loads(path.read_bytes())
        except (OSError, ValueError):  # missing, unreadable or damaged: a miss
            return None
        return value if isinstance(value, str) else None

    def article(self) -> Any:
        """The stored model, or None; a damaged one counts as a miss."""
        if self.path is None:
            return None
        try:
            header, _, body = self.path.read_bytes().partition(b"\n")
            document = json.loads(header)
            if document["format"] != CACHE_FORMAT:
                return None
            article = decode(body, document["fields"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        from .model import Article

        self._model_read = isinstance(article, Article)
        return article if self._model_read else None

    def store(self, article: Any, outputs: dict[str, str] | None = None) -> None:
        """Keep the model (if not kept yet) and `outputs`; failures are only noted."""
        if self.path is None:
            return
        from .writing import ExportError, write_atomically

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self._model_read:
                write_atomically(self.path, model_document(article), force=True)
                self._model_read = True
            for name, value in (outputs or {}).items():
                write_atomically(_output_file(self.path, name), json.dumps(value), force=True)
            _prune(self.path.parent)
        except (OSError, ExportError) as error:
            self.problem = str(error)


def _output_file(model: Path, name: str) -> Path:
    return model.with_name(f"{model.stem}.{name}.out")


def _prune(directory: Path) -> None:
    """Keep the MAX_ENTRIES entries written last (an entry: a model and its outputs)."""
    files: dict[str, list[Path]] = {}
    written: dict[str, float] = {}
    for path in directory.iterdir():
        if path.name.startswith(".") or path.suffix not in (".json", ".out"):
            continue  # a write under way, or not ours
        key = path.name.split(".", 1)[0]
        files.setdefault(key, []).append(path)
        with contextlib.suppress(OSError):
            written[key] = max(written.get(key, 0.0), path.stat().st_mtime)
    for key in sorted(files, key=lambda k: written.get(k, 0.0), reverse=True)[MAX_ENTRIES:]:
        for path in files[key]:
            path.unlink(missing_ok=True)


# -- the model as plain data ----------------------------------------------------------------
# An entry's model file is two lines of JSON: {"format": ..., "fields": ...}, then the article.
# Each model object is {"ClassName": [values]}, its values in the order of the class's fields,
# which the first line records: an entry written for fields in another order (or other
# fields) is a miss, never a mix-up; a date is {"date": "2022-06-24"}; a tuple is an array.
# json's C encoder walks the model, asking `encode` only for each object's record, and the
# parser hands each record to `decode` as it reads it: no tree of plain data is built on the
# way (100x: encoding 31 -> 24 ms, decoding 38 -> 31 ms; a 480,000-mention file's first check
# peaked at twice the memory of the parse while the tree existed).
# dataclasses and datetime are imported where used: a warm `export` needs neither.
def _model_classes() -> dict[str, type]:
    from dataclasses import is_dataclass

    from . import model

    return {
        cls.__name__: cls
        for cls in vars(model).values()
        if isinstance(cls, type) and is_dataclass(cls) and cls.__module__ == model.__name__
    }


def _init_fields(cls: type) -> list[str]:
    """The fields a model class is made from, in the order `encode` writes their values."""
    from dataclasses import fields

    return [item.name for item in fields(cls) if item.init]


def model_fields() -> dict[str, list[str]]:
    """Each model class's fields, in the order that `encode` writes their values."""
    return {name: _init_fields(cls) for name, cls in _model_classes().items()}


def model_document(article: Any) -> str:
    """The text of an entry's model file (see above)."""
    header = {"format": CACHE_FORMAT, "fields": model_fields()}
    return f"{json.dumps(header, separators=(',', ':'))}\n{encode(article)}"


def encode(article: Any) -> str:
    """A model object as JSON text (see above)."""
    from dataclasses import is_dataclass
    from datetime import date

    names: dict[type, list[str]] = {}  # each class's fields, looked up once

    def record(value: Any) -> dict[str, Any]:
        kind = type(value)
        if kind is date:
            return {"date": value.isoformat()}
        fields_of = names.get(kind)
        if fields_of is None:
            if not is_dataclass(kind):
                raise TypeError(f"cannot cache a {kind.__name__}")
            fields_of = names[kind] = _init_fields(kind)
        return {kind.__name__: [getattr(value, name) for name in fields_of]}

    return json.dumps(article, default=record, separators=(",", ":"))


def decode(text: str | bytes, stored_fields: Any) -> Any:
    """The inverse of `encode`: only the model's own classes, with the fields they have now,
    can be made; anything else raises ValueError."""
    from datetime import date

    classes: dict[Any, Any] = {
        name: cls
        for name, cls in _model_classes().items()
        if isinstance(stored_fields, dict) and stored_fields.get(name) == _init_fields(cls)
    }

    def tupled(values: list[Any]) -> tuple[Any, ...]:
        return tuple([tupled(item) if type(item) is list else item for item in values])

    # Every JSON object comes here, innermost first: each must be one record.
    def make(record: dict[str, Any]) -> Any:
        if len(record) != 1:
            raise ValueError("not model data: an object that is not one record")
        ((tag, values),) = record.items()
        if tag == "date":
            return date.fromisoformat(values)
        if type(values) is not list:
            raise ValueError("not model data: a record without a list of values")
        # An unknown tag is a KeyError, a wrong number of values a TypeError: a damaged entry.
        return classes[tag](*[tupled(item) if type(item) is list else item for item in values])

    try:
        return json.loads(text, object_hook=make)
    except (KeyError, TypeError, IndexError, RecursionError) as error:
        raise ValueError(f"not model data: {error!r}") from None
