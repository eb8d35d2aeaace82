"""What the reader remembers between runs: where each article was left, its tab, its bookmarks.

The state is one small JSON file under the user's state directory (XDG_STATE_HOME on Linux),
written atomically and versioned, under a lock: readers that quit together each keep their
articles, and a bookmark made in one window survives another window of the same article. A
file that cannot be understood never stops the reader: it is moved aside as
`NAME.corrupt-<time>`, the reader says so once and starts fresh; one that cannot be read (or
is not a regular file) is left alone, said so, and not written.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .controls import for_message
from .keptfiles import KeptFileError, TooLarge, locked, read_kept, write_kept
from .names import NO_STATE_VARIABLE, switched_on, user_directory
from .writing import ExportError

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:  # annotations only: the first screen is drawn before the model is imported
    from .model import Article

STATE_VERSION = 1
MAX_ARTICLES = 200  # articles remembered; the least recently read are forgotten first
MAX_BOOKMARKS = 200  # per article
# The most the reader writes is about 200 articles of 200 bookmarks (250 KB): a larger file
# is not its own, and is not read (a 200 MB one took 22 s to draw and 4 GB).
MAX_STATE_BYTES = 1024 * 1024
DAMAGED = (ValueError, TypeError, KeyError, AttributeError, RecursionError)


def state_path() -> Path:
    return user_directory("state") / "state.json"


def state_disabled() -> bool:
    return switched_on(os.environ.get(NO_STATE_VARIABLE))


def article_key(article: Article) -> str:
    """The article's id and a hash of its paragraphs: an edited text is a different article."""
    import hashlib  # not on the way to `check` and `export`

    digest = hashlib.sha256()
    for paragraph in article.paragraphs:
        digest.update(paragraph.text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return f"{article.metadata.id}:{digest.hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Position:
    """A reading position: a paragraph and a character offset in it, never a screen line."""

    paragraph: int
    offset: int = 0


@dataclass(slots=True)
class ArticleState:
    position: Position | None = None
    tab: str | None = None
    bookmarks: list[int] = field(default_factory=list)  # paragraph numbers, in order


@dataclass(slots=True)
class StateStore:
    """The state file, read once at start and written on quit (or when a bookmark changes)."""

    path: Path | None  # None: --no-state, nothing is read or written
    articles: dict[str, ArticleState] = field(default_factory=dict)
    problem: str | None = None  # what went wrong reading or writing, to say once
    touched: set[str] = field(default_factory=set)  # articles this reader has been at
    # Each article's bookmarks as last read or saved: what this reader added and removed
    # since is applied to what is saved then, so that another window's bookmarks stay.
    baseline: dict[str, frozenset[int]] = field(default_factory=dict)
    writable: bool = True  # False when the file could not be read: it is left as it is

    @classmethod
    def open(cls, path: Path | None) -> StateStore:
        store = cls(path)
        if path is not None:
            store._read(path)
        return store

    def _read(self, path: Path) -> None:
        shown = for_message(str(path))
        try:
            raw = read_kept(path, MAX_STATE_BYTES)
        except TooLarge as error:
            self._set_aside(path, f"The saved state {shown} {error}")
            return
        except KeptFileError as error:
            self.writable = False
            self.problem = f"The saved state {shown} {error}: not using it, nor saving to it."
            return
        if raw is None:
            return
        try:
            self.articles = _parse(raw)
        except DAMAGED:
            self._set_aside(path, "The saved state was damaged")
            return
        self.baseline = {key: frozenset(state.bookmarks) for key, state in self.articles.items()}

    def _set_aside(self, path: Path, why: str) -> None:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
        except OSError:
            self.writable = False
            self.problem = f"{why}; not using it, nor saving to it."
        else:
            self.problem = f"{why}: moved to {for_message(str(aside))}; starting fresh."

    def article(self, article: Article) -> ArticleState:
        """What is remembered of `article`: this reader is at it, and will save it."""
        key = article_key(article)
        self.touched.add(key)
        return self.articles.setdefault(key, ArticleState())

    def replaced(self, old: Article, new: Article) -> ArticleState:
        """The file of `old` now holds `new` (a reload): this reader reads `new` from now on,
        and leaves what is saved for `old` as it was (another reader may have it open)."""
        old_key = article_key(old)
        if old_key != article_key(new):
            self.touched.discard(old_key)
        return self.article(new)

    def save(self) -> None:
        """Write the state; a failure is remembered in `problem`, never raised."""
        if self.path is None or not self.writable:
            return
        try:
            with locked(self.path):
                self._save(self.path)
        except KeptFileError as error:
            self.problem = f"Could not save the reading state: {error}"
        except (OSError, ExportError) as error:
            self.problem = f"Could not save the reading state: {for_message(str(error))}"

    def _save(self, path: Path) -> None:
        # Under the lock: what other readers saved since this one started is read again, and
        # this reader's articles are put over it, last, as the most recently read.
        try:
            raw = read_kept(path, MAX_STATE_BYTES)
            saved = _parse(raw) if raw is not None else {}
        except (KeptFileError, *DAMAGED):
            saved = {}  # damaged since it was read: what this reader knows is all there is
        ours: dict[str, frozenset[int]] = {}
        for key in self.touched:
            mine = self.articles[key]
            ours[key] = frozenset(mine.bookmarks)  # as this reader shows them
            before = self.baseline.get(key, frozenset())
            theirs = saved.pop(key, None)
            if theirs is not None:
                added, removed = ours[key] - before, before - ours[key]
                merged = (set(theirs.bookmarks) | added) - removed
                mine.bookmarks = sorted(merged)[:MAX_BOOKMARKS]
            saved[key] = mine  # last: the most recently read
        # Dicts keep order: the oldest go first when the file is full.
        kept = list(saved.items())[-MAX_ARTICLES:]
        document = {
            "version": STATE_VERSION,
            "articles": {key: _dump(state) for key, state in kept},
        }
        write_kept(path, json.dumps(document, indent=1) + "\n")
        # What this reader showed, not what was merged: its next save changes only what it
        # changes itself (a bookmark it never showed is not one it removed).
        self.baseline.update(ours)

    def touch(self, article: Article) -> None:
        """Mark the article as the most recently read one, to be saved."""
        key = article_key(article)
        self.articles[key] = self.articles.pop(key, ArticleState())
        self.touched.add(key)


def _parse(raw: bytes) -> dict[str, ArticleState]:
    document = json.loads(raw)
    if not isinstance(document, dict) or document.get("version") != STATE_VERSION:
        raise ValueError("not a state file of this version")
    articles = document["articles"]
    if not isinstance(articles, dict):
        raise ValueError("articles is not a table")
    return {str(key): _load(value) for key, value in articles.items()}


def _load(value: Any) -> ArticleState:
    position = value.get("position")
    tab = value.get("tab")
    bookmarks = value.get("bookmarks", [])
    if not isinstance(bookmarks, list) or not all(is_count(n) for n in bookmarks):
        raise ValueError("bookmarks are not paragraph numbers")
    if tab is not None and not isinstance(tab, str):
        raise ValueError("tab is not a name")
    return ArticleState(
        position=None if position is None else _load_position(position),
        tab=tab,
        bookmarks=sorted(set(bookmarks))[:MAX_BOOKMARKS],
    )


def _load_position(value: Any) -> Position:
    paragraph, offset = value["paragraph"], value.get("offset", 0)
    if not is_count(paragraph) or not is_count(offset):
        raise ValueError("a position is a paragraph and an offset")
    return Position(paragraph, offset)


def is_count(value: object) -> bool:
    """A paragraph number, an offset or a bookmark as a kept file may give it."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31


def _dump(state: ArticleState) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if state.position is not None:
        where = state.position
        document["position"] = {"paragraph": where.paragraph, "offset": where.offset}
    if state.tab is not None:
        document["tab"] = state.tab
    if state.bookmarks:
        document["bookmarks"] = state.bookmarks
    return document
