"""Reading and validating an article file.

Every problem found is collected, with the file, line and column it comes from, and raised
together as one `ArticleError`, so that an author can fix a file in one pass.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .controls import for_message
from .problems import ArticleError, Problem, SettingError

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from .model import Article

# The parser (PyYAML, dateutil, the builder) is imported by `parse_article` only: reading the
# bytes, and a warm start from the cache, need none of it.

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_VARIABLE = "SIEVIERODONETSK_READER_MAX_BYTES"
MAX_BYTES_CEILING = 1024**3  # a gigabyte: no article is near it, and reading it stays bounded


def bundled_article_path() -> Path:
    """The article shipped with the package (or, in a checkout, the one in data/)."""
    # A plain path, not importlib.resources: that import alone costs the reader 10 ms at start.
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "article.yaml"
    return packaged if packaged.is_file() else here.parent / "data" / "article.yaml"


def file_stamp(path: str | os.PathLike[str]) -> tuple[int, int, int, int] | None:
    """What changes when a file is written or replaced (editors often save by renaming)."""
    try:
        info = os.stat(path)
    except OSError:  # gone for a moment while an editor replaces it
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev)


def max_bytes_from_environment() -> int:
    value = os.environ.get(MAX_BYTES_VARIABLE)
    if value is None or value == "":
        return DEFAULT_MAX_BYTES
    # ASCII digits only: str.isdigit() takes "²", which int() then refuses.
    if re.fullmatch(r"[0-9]{1,12}", value) and 0 < int(value) <= MAX_BYTES_CEILING:
        return int(value)
    raise SettingError(
        f"{MAX_BYTES_VARIABLE} must be a whole number of bytes from 1 to "
        f"{MAX_BYTES_CEILING:,}, not {for_message(repr(value))}"
    )


def load_article(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Article:
    """Read, parse and validate the article file at `path`."""
    name = os.fspath(path)
    return article_from_bytes(read_article_bytes(name, max_bytes=max_bytes), name)


def read_article_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """The bytes of the article file at `path`: a regular file, within the size limit, and
    neither UTF-16/32 nor binary."""
    name = os.fspath(path)
    limit = max_bytes_from_environment() if max_bytes is None else max_bytes

    def fail(message: str) -> ArticleError:
        return ArticleError([Problem(name, None, None, message)])

    try:
        data = bounded_file_bytes(name, limit, "an article file", "an article")
    except UnreadableFile as error:
        raise fail(str(error)) from None
    encoding = _wide_encoding(data)
    if encoding:
        raise fail(f"the file is {encoding} text: save it as UTF-8")
    if b"\x00" in data:
        raise fail("this is a binary file, not a YAML article")
    return data


class UnreadableFile(Exception):
    """A file that cannot be read as one of ours: the message says why, for a person."""


def bounded_file_bytes(name: str, limit: int, not_one: str, one: str) -> bytes:
    """The bytes of the regular file `name`, at most `limit` of them, or UnreadableFile
    saying why not; `not_one` and `one` name what it should be ("is a FIFO, not an article
    file", "... if it really is an article")."""
    try:
        return read_regular_file(name, limit)
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied: the file cannot be read") from None
    except NotARegularFile as error:
        raise UnreadableFile(f"is {error.kind}, not {not_one}") from None
    except FileTooLarge:
        raise UnreadableFile(
            f"the file is larger than {limit:,} bytes; raise the limit with "
            f"{MAX_BYTES_VARIABLE} if it really is {one}"
        ) from None
    except OSError as error:
        raise UnreadableFile(f"cannot read the file: {error.strerror or error}") from None


class NotARegularFile(Exception):
    """A directory, a FIFO, a device or a socket where a file was expected."""

    def __init__(self, mode: int) -> None:
        self.kind = file_kind(mode)
        super().__init__(self.kind)


class FileTooLarge(Exception):
    """A file with more bytes than the limit it was read with."""


def open_regular_file(
    path: str | os.PathLike[str], limit: int, *, follow_symlinks: bool = True
) -> tuple[int, int]:
    """A descriptor open on the regular file `path` for reading, and the size it says it has,
    at most `limit`. Opened without blocking, so that a FIFO cannot hang the open. Raises
    NotARegularFile, FileTooLarge, or the OSError of the open (ELOOP for a symlink when not
    `follow_symlinks`)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    descriptor = os.open(path, flags)
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(info.st_mode)
        raise FileTooLarge(limit)
    return descriptor, info.st_size


def read_regular_file(
    path: str | os.PathLike[str], limit: int, *, follow_symlinks: bool = True
) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them: for articles and for
    every file the reader keeps (state, settings, cache).

    Opened without blocking, so that a FIFO cannot hang the open. Raises NotARegularFile,
    FileTooLarge, or the OSError of the open or the read (FileNotFoundError,
    PermissionError; ELOOP for a symlink when not `follow_symlinks`)."""
    descriptor, size = open_regular_file(path, limit, follow_symlinks=follow_symlinks)
    # Unbuffered, asking for the size said and one byte more: a buffered read of `limit + 1`
    # (up to 336 MB for a cache entry) took 6-22 ms for a 28 MB file, this one 6 ms.
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        data = stream.read(size + 1) or b""
        if len(data) > size:  # the size said was wrong (/proc) or the file grew
            chunks, total, chunk = [data], len(data), data
            while chunk and total <= limit:
                chunk = stream.read(limit + 1 - total) or b""
                chunks.append(chunk)
                total += len(chunk)
            data = b"".join(chunks)
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data


def article_from_bytes(data: bytes, name: str) -> Article:
    """Decode and parse an article file's bytes (from `read_article_bytes`)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        from .yamlnodes import line_and_column

        line, column = line_and_column(data, error.start)
        raise ArticleError(
            [Problem(name, line + 1, column + 1, "the file is not UTF-8 text (save it as UTF-8)")]
        ) from None
    return parse_article(text.removeprefix("\ufeff"), name)


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words (from its `st_mode`)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by byte-order mark or by the NUL bytes of ASCII text in them."""
    for mark, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(mark):
            return name
    head = data[:64]
    if len(head) >= 8 and head[1::2].count(0) == len(head) // 2 and 0 not in head[::2]:
        return "UTF-16"
    if len(head) >= 8 and head[0::2].count(0) == len(head) // 2 and 0 not in head[1::2]:
        return "UTF-16"
    return None


def parse_article(text: str, path: str = "<article>") -> Article:
    """Parse and validate article YAML held in memory; `path` names it in error messages."""
    from .build_article import build_article
    from .schema import NodeReader
    from .yamlnodes import ComposeError, compose

    try:
        root = compose(text)
    except ComposeError as error:
        raise ArticleError(
            [Problem(path, error.line + 1, error.column + 1, error.message)]
        ) from None
    if root is None:
        raise ArticleError([Problem(path, 1, 1, "the file is empty: an article needs content")])
    reader = NodeReader(path)
    article = build_article(reader, root)
    if reader.problems or article is None:
        reader.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ArticleError(reader.problems)
    return article


__all__ = [
    "DEFAULT_MAX_BYTES",
    "ArticleError",
    "Problem",
    "SettingError",
    "article_from_bytes",
    "bundled_article_path",
    "load_article",
    "parse_article",
    "read_article_bytes",
]
