"""An article file read once, and its cache entry: the model and the outputs made from it.

The command line and the reader's reload both load through here, so that a file whose bytes
were seen before (by this version) comes from the cache, and one parsed now is cached.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from .cache import CacheEntry
from .controls import for_message
from .loader import bundled_article_path, file_stamp, read_article_bytes

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from typing import BinaryIO

    from .model import Article


class Loaded:
    """An article file read, and its cache entry: the model and outputs made from it."""

    def __init__(self, article: str | None, *, use_cache: bool) -> None:
        self.name = article if article is not None else str(bundled_article_path())
        # Before reading: an edit made while the file is read and parsed shows at once.
        self.stamp = file_stamp(self.name)
        self.data = read_article_bytes(self.name)
        self.cache = CacheEntry.for_bytes(self.data, enabled=use_cache)
        self._article: Article | None = None
        self.from_cache = False
        self._served_from: Path | None = None  # the cache file that answered, for -v

    @property
    def article(self) -> Article:
        """The model: from the cache when it holds it, else parsed (and then cached)."""
        article, store = self.article_and_store()
        if store is not None:
            store()
        return article

    def article_and_store(self) -> tuple[Article, Callable[[], None] | None]:
        """The model, and what caches it if it was parsed just now (else None): the reader
        writes the cache once its first frame is up."""
        article, parsed = self._model()
        return article, (partial(self.cache.store, article) if parsed else None)

    def _model(self) -> tuple[Article, bool]:
        """The model, and whether it was parsed just now (and so is not in the cache yet)."""
        if self._article is not None:
            return self._article, False
        cached = self.cache.article()
        if cached is not None:
            self._article, self.from_cache = cached, True
            self._served_from = self.cache.path
            return cached, False
        from .loader import article_from_bytes

        self._article = article_from_bytes(self.data, self.name)
        return self._article, True

    def output(self, name: str, make: Callable[[Article], str]) -> str:
        """An output of the article, as stored in the cache, or made now and stored (with the
        model, if it was parsed for it: one write)."""
        stored = self.cache.output(name)
        if stored is not None:
            self.from_cache = True
            self._served_from = self.cache.output_path(name)
            return stored
        article, _ = self._model()
        made = make(article)
        self.cache.store(article, {name: made})
        return made

    def copy_stored_output(self, name: str, out: BinaryIO) -> bool:
        """Copy output `name` as stored in the cache (UTF-8) to `out`; False, with nothing
        written, if it is not stored."""
        if not self.cache.copy_output(name, out):
            return False
        self.from_cache = True
        self._served_from = self.cache.output_path(name)
        return True

    def says_where(self) -> str:
        """For -v: where the result came from."""
        if self.cache.path is None:
            if self.cache.problem:  # a directory that is not safe to use
                return f"parsed; the cache is {for_message(self.cache.problem)}"
            return "parsed (the cache is off)"
        if self.from_cache:
            return f"from the cache ({self._served_from})"
        if self.cache.problem:
            return f"parsed; not cached: {for_message(self.cache.problem)}"
        return f"parsed and validated; cached in {self.cache.path}"
