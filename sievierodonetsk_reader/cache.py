"""A cache of loaded articles, so that a second start needs neither PyYAML nor dateutil.

After a file loads cleanly, its model is stored as plain JSON (never pickle: a cache file is
data, not code), keyed by a SHA-256 of the file's bytes, the package version and the cache
format, under the user's cache directory. What `check` printed and each export's text are
kept beside it, each in a file of its own, so that a warm `export` reads one small file: it
is the same output, since both are functions of those bytes and this version only. A stale
key is simply never asked for; an unreadable or damaged entry counts as a miss and is
written afresh; a directory that cannot be written to is skipped without a word (`-v`
tells).

An entry is verified, never trusted: the cache directory must be the user's own and not
writable by others (as ssh and git ask of theirs); each file is read only if it is a regular
file of a bounded size (never through a symlink: a FIFO once hung `check`, `/dev/zero` grew
it to 10 GB); each records the key it was written for and a digest of its content, so that a
copy of another article's entry or an edited one is a miss; a decoded model is checked (its
types, every reference, offset and coordinate) before it is used. Writes go to a new file
renamed over the name (never through a symlink), and pruning deletes only the names the
cache itself makes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from functools import partial
from pathlib import Path

from . import __version__
from .controls import UNSAFE_IN_OUTPUTS
from .loader import FileTooLarge, NotARegularFile, open_regular_file, read_regular_file
from .modeljson import decode, encode, model_fields, verify_model
from .names import NO_CACHE_VARIABLE, switched_on, user_directory

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:  # annotations only: a warm start never imports the model's helpers
    from collections.abc import Callable
    from typing import Any, BinaryIO, TypeVar

    from .model import Article

    T = TypeVar("T")

CACHE_FORMAT = 5  # raise when the encoding changes (a new model is a miss by itself)
# Bytes an output may hold as they are: printable ASCII, tab and newline. What is left once
# they are taken out (other text, and any control byte) is looked at character by character.
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n"
MAX_ENTRIES = 32  # the least recently written go first
DIGESTED_ALONGSIDE_FROM = 1024 * 1024  # bytes; below, a thread costs more than it spares
# An output copied is checked a slice at a time: bytes read and digested, and scanned, at once.
# Below CHECKED_IN_SLICES_FROM it is read whole and checked as the other entry files are,
# which is as fast (a 3 MB output: 6-7 ms; the slices' queue alone imports in 1.7 ms).
CHECKED_IN_SLICES_FROM = 4 * 1024 * 1024
READ_IN_SLICES_OF = 1024 * 1024
SCANNED_IN_SLICES_OF = 64 * 1024
_HEADER_LIMIT = 64 * 1024  # an output file's header line is in its first bytes, or it is not ours
# Where sendfile cannot write: a terminal or a file opened to append (EINVAL), a stream with
# no descriptor (None), a system whose sendfile writes only to sockets.
_NO_SENDFILE = {None, errno.EINVAL, errno.ENOSYS, errno.ENOTSOCK, errno.EOPNOTSUPP}
# An entry's files are bounded by the article they were made from: the model's JSON is about
# the size of the YAML (1.14x for the bundled article), an export a few times it.
ENTRY_SIZE_FACTOR = 64
ENTRY_SIZE_FLOOR = 1024 * 1024
# The names the cache makes: only these are read as entries, and only these are pruned.
OWN_NAME = re.compile(r"[0-9a-f]{64}(\.[a-z]+\.out|\.json)")


def cache_directory() -> Path:
    return user_directory("cache")


def cache_disabled() -> bool:
    return switched_on(os.environ.get(NO_CACHE_VARIABLE))


def cache_key(data: bytes) -> str:
    import hashlib

    digest = hashlib.sha256(data)
    digest.update(f"\0{__version__}\0{CACHE_FORMAT}".encode())
    return digest.hexdigest()


class CacheEntry:
    """One article's entry: its model (KEY.json) and the outputs made from it so far, each
    in a file of its own (KEY.NAME.out), so that reading one reads nothing else."""

    def __init__(self, path: Path | None, *, limit: int = ENTRY_SIZE_FLOOR) -> None:
        self.path = path  # the model's file; None: caching is off
        self.limit = limit  # the most bytes a file of this entry may hold
        self._model_read = False  # the model file held a good model: it need not be written
        self.problem: str | None = None  # why the cache was not used or written, for -v

    @classmethod
    def for_bytes(cls, data: bytes, *, enabled: bool = True) -> CacheEntry:
        if not enabled or cache_disabled():
            return cls(None)
        directory = cache_directory()
        problem = _unsafe_directory(directory)
        if problem is not None:
            entry = cls(None)
            entry.problem = problem
            return entry
        limit = ENTRY_SIZE_FACTOR * len(data) + ENTRY_SIZE_FLOOR
        return cls(directory / f"{cache_key(data)}.json", limit=limit)

    @property
    def key(self) -> str:
        assert self.path is not None
        return self.path.stem

    def output_path(self, name: str) -> Path | None:
        """Where output `name` is kept beside the model; None when caching is off."""
        return None if self.path is None else _output_file(self.path, name)

    def output(self, name: str) -> str | None:
        """An output stored earlier ("check", "markdown", "text", "json"), if any."""
        found = self._output_body(name)
        if found is None:
            return None
        body = found[1]
        try:
            # The text as UTF-8, lone surrogates (a file name's undecodable bytes) passed
            # through: decoded in 30 ms at 28 MB, where the JSON string it was took 260 ms.
            return str(body, "utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return None

    def copy_output(self, name: str, out: BinaryIO) -> bool:
        """Copy an output stored earlier, as its UTF-8 bytes, to `out` (a warm export copies
        what it made); False, with nothing written, if there is none, if it is not sound, or
        if it holds a lone surrogate (which only the text can report).

        It is checked a slice at a time, then copied from the descriptor that was checked: the
        cache's own writes never change a file in place (they rename a new one over the name),
        so what is copied is what was checked, unless this user rewrote it in between, who
        could as well rewrite the program. Read whole, a 28 MB output took 17 ms to read (most
        of it the kernel handing out new pages) before its digest and its scan."""
        path = self.output_path(name)
        if path is None:
            return False
        try:
            descriptor, size = open_regular_file(path, self.limit, follow_symlinks=False)
        except (OSError, NotARegularFile, FileTooLarge):  # missing, a symlink, a FIFO ...
            return False
        try:
            body_at = self._sound_output_at(descriptor, size)
            if body_at is None:
                return False
            _copy_range(descriptor, body_at, size - body_at, out)
        finally:
            os.close(descriptor)
        return True

    def _sound_output_at(self, descriptor: int, size: int) -> int | None:
        """Where the body of the output file open on `descriptor` starts, if the file is one of
        this entry's (its key), unchanged since it was written (its digest), and holds only
        UTF-8 without a control character or a lone surrogate."""
        try:
            first = os.pread(descriptor, min(size, _HEADER_LIMIT), 0)
            end = first.find(b"\n")
            header = self._own_header(first[:end]) if end >= 0 else None
            if header is None:
                return None
            sound = _sound_slices(descriptor, size, end + 1, header["digest"])
        except OSError:
            return None
        return end + 1 if sound else None

    def _own_header(self, line: bytes) -> dict[str, Any] | None:
        """The header line `line` of an entry file, if it is one of this entry's: this cache
        format, this key, and a digest."""
        try:
            header = json.loads(line)
            if header["format"] != CACHE_FORMAT or header["key"] != self.key:
                return None
            if not isinstance(header["digest"], str):
                return None
        except (ValueError, KeyError, TypeError):
            return None
        return header  # type: ignore[no-any-return]

    def _output_body(self, name: str) -> tuple[bytes, memoryview] | None:
        """The entry file's bytes and the output in it (a view), if it is sound."""
        path = self.output_path(name)
        if path is None:
            return None
        # Lone surrogates are let through: they are a file name's undecodable bytes, which
        # the text reports (see output).
        check = partial(_holds_only_text, lone_surrogates=True)
        verified = self._verified(path, lambda _, data, __: check(data))
        if verified is None or not verified[3]:
            return None
        _, data, body, _ = verified
        return data, body

    def article(self) -> Article | None:
        """The stored model, or None; a damaged one counts as a miss."""
        if self.path is None:
            return None
        try:
            # Decoded while the digest is computed, and used only if it matches.
            verified = self._verified(
                self.path, lambda header, _, body: decode(bytes(body), header["fields"])
            )
            if verified is None:
                return None
            article = verify_model(verified[3])
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            return None
        self._model_read = True
        return article

    def _verified(
        self, path: Path, meanwhile: Callable[[dict[str, Any], bytes, memoryview], T]
    ) -> tuple[dict[str, Any], bytes, memoryview, T] | None:
        """The header, bytes and body (a view past the header line) of the entry file `path`,
        if it is one of this entry's files (its key), unchanged since it was written (its
        digest); and what `meanwhile` made of them while the digest was computed."""
        data = _read_own(path, self.limit)
        if data is None:
            return None
        # The body is a view: copying 28 MB out of the file's bytes took 17 ms.
        end = data.find(b"\n")
        line, body = (
            (data, memoryview(b"")) if end < 0 else (data[:end], memoryview(data)[end + 1 :])
        )
        header = self._own_header(line)
        if header is None:
            return None
        digest, made = _digest_alongside(body, lambda: meanwhile(header, data, body))
        return (header, data, body, made) if digest == header["digest"] else None

    def store(self, article: Article, outputs: dict[str, str] | None = None) -> None:
        """Keep the model (if not kept yet) and `outputs`; failures are only noted."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._model_read:
                fields = {"fields": model_fields()}
                _write_own(self.path, self.key, encode(article), fields)
                self._model_read = True
            for name, value in (outputs or {}).items():
                _write_own(_output_file(self.path, name), self.key, value)
            _prune(self.path.parent)
        except OSError as error:
            self.problem = f"{error.filename or self.path.parent}: {error.strerror or error}"


def _sound_slices(descriptor: int, size: int, body_at: int, expected: str) -> bool:
    """Whether the `size` bytes of the file open on `descriptor` hold only UTF-8 without a
    control character or a lone surrogate, and those from `body_at` on have the digest
    `expected`.

    A large file is read once, into two buffers in turn: a thread digests one (hashlib lets
    go of the interpreter) while the next is read and scanned. At 28 MB this takes 25-30 ms
    on two cores, where reading the file whole first took 35-42 (its 7,000 new pages), and
    the scan and the digest each reading it for itself 45 (the copies out of the page cache
    are what costs here)."""
    if size < CHECKED_IN_SLICES_FROM:
        data = os.pread(descriptor, size, 0)
        body = memoryview(data)[body_at:]
        found, sound = _digest_alongside(body, partial(_holds_only_text, data))
        return len(data) == size and sound and found == expected
    import hashlib
    import queue
    import threading

    digest = hashlib.sha256()
    to_digest: queue.SimpleQueue[memoryview | None] = queue.SimpleQueue()
    digested: queue.SimpleQueue[None] = queue.SimpleQueue()

    def digest_slices() -> None:
        while (piece := to_digest.get()) is not None:
            digest.update(piece)
            digested.put(None)

    thread = threading.Thread(target=digest_slices, daemon=True)
    thread.start()
    scan = _TextScan()
    buffers = [memoryview(bytearray(min(size, READ_IN_SLICES_OF) or 1)) for _ in range(2)]
    offset, turn, in_digest, sound = 0, 0, 0, True
    try:
        while sound and offset < size:
            if in_digest == len(buffers):  # the buffer to read into is digested first
                digested.get()
                in_digest -= 1
            buffer = buffers[turn % len(buffers)]
            count = os.readv(descriptor, [buffer[: min(len(buffer), size - offset)]])
            if count == 0:
                return False  # shorter than it said
            if offset + count > body_at:  # the header line is not digested
                to_digest.put(buffer[max(0, body_at - offset) : count])
                in_digest += 1
            sound = scan.holds_only_text(buffer[:count])
            offset += count
            turn += 1
        sound = sound and scan.ends_whole()
    finally:
        to_digest.put(None)
        thread.join()  # on every way out: no thread outlives its entry
    return sound and digest.hexdigest() == expected


class _TextScan:
    """What an output of ours holds, checked over slices of it that may cut a character in
    two: UTF-8, without lone surrogates unless `lone_surrogates`, and no control character
    but newline and tab (the loader refuses them in articles: an output that holds one was
    not written by this program, and never reaches a terminal).

    The plain ASCII is set aside first (10 ms at 28 MB; the whole text through the pattern
    took 180 ms), in parts small enough for the allocator to reuse their copies: parts of a
    megabyte took new pages from the kernel each (10,000 page faults at 28 MB)."""

    def __init__(self, *, lone_surrogates: bool = False) -> None:
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")
        errors = "surrogatepass" if lone_surrogates else "strict"
        self._whole = decoder(errors)  # the slices as they are
        self._rest = decoder(errors)  # what is left of them once the plain ASCII is set aside

    def holds_only_text(self, piece: memoryview) -> bool:
        try:
            for start in range(0, len(piece), SCANNED_IN_SLICES_OF):
                data = bytes(piece[start : start + SCANNED_IN_SLICES_OF])
                rest = data.translate(None, _PLAIN_BYTES)
                # Plain ASCII needs no decoding, unless a character began in the part
                # before (then it is not UTF-8, which the decoder tells).
                if rest or self._whole.getstate()[0]:
                    self._whole.decode(data)
                if rest and UNSAFE_IN_OUTPUTS.search(self._rest.decode(rest)):
                    return False
        except UnicodeDecodeError:
            return False
        return True

    def ends_whole(self) -> bool:
        """No character was left cut short at the end."""
        try:
            self._whole.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        return True


def _copy_range(descriptor: int, offset: int, count: int, out: BinaryIO) -> None:
    """Copy `count` bytes of the file open on `descriptor`, from `offset`, to `out`: by
    sendfile where the kernel can (a pipe, a file), else a slice at a time (a terminal, a
    file opened to append, a stream with no descriptor)."""
    out.flush()
    sent = 0
    try:
        target = out.fileno()
        while sent < count:
            copied = os.sendfile(target, descriptor, offset + sent, count - sent)
            if copied == 0:
                raise OSError(errno.EIO, "the cache entry was cut short while it was copied")
            sent += copied
        return
    except (OSError, ValueError) as error:  # io.UnsupportedOperation is both
        if sent or getattr(error, "errno", None) not in _NO_SENDFILE:
            raise
    while sent < count:
        piece = os.pread(descriptor, min(READ_IN_SLICES_OF, count - sent), offset + sent)
        if not piece:
            raise OSError(errno.EIO, "the cache entry was cut short while it was copied")
        out.write(piece)
        sent += len(piece)
    out.flush()


def _digest(body: bytes | memoryview) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


def _digest_alongside(body: memoryview, work: Callable[[], T]) -> tuple[str, T]:
    """The digest of `body`, and what `work` returns, done side by side: hashlib lets go of
    the interpreter while it hashes a large buffer, so on two cores a warm 28 MB export takes
    the longer of its digest (16 ms) and its scan for controls (10 ms), not their sum."""
    if len(body) < DIGESTED_ALONGSIDE_FROM:
        return _digest(body), work()
    import threading

    digests: list[str] = []
    thread = threading.Thread(target=lambda: digests.append(_digest(body)), daemon=True)
    thread.start()
    try:
        made = work()
    finally:
        thread.join()  # on every way out: no thread outlives its entry
    return (digests[0] if digests else ""), made


def _holds_only_text(data: bytes, *, lone_surrogates: bool = False) -> bool:
    """`_TextScan`'s checks over the whole of an entry file's `data`: its header line is plain
    ASCII, or the entry is not ours."""
    scan = _TextScan(lone_surrogates=lone_surrogates)
    return scan.holds_only_text(memoryview(data)) and scan.ends_whole()


def _unsafe_directory(directory: Path) -> str | None:
    """Why the cache directory may not be used, if it may not: another user's, or writable
    by others (who could then put entries there for this user's reader to show)."""
    try:
        info = directory.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None  # made, the user's own and private, when first written
    except OSError as error:
        return f"not used: {directory}: {error.strerror or error}"
    if not stat.S_ISDIR(info.st_mode):
        return f"not used: {directory} is not a directory"
    if info.st_uid != os.getuid():
        return f"not used: {directory} belongs to another user"
    if info.st_mode & 0o022:
        return f"not used: {directory} may be written by others"
    return None


def _read_own(path: Path, limit: int) -> bytes | None:
    """The bytes of the entry file `path`: a regular file, not a symlink, at most `limit`."""
    try:
        return read_regular_file(path, limit, follow_symlinks=False)
    except (OSError, NotARegularFile, FileTooLarge):  # missing, a symlink, a FIFO ...: a miss
        return None


def _write_own(path: Path, key: str, body: str, extra: dict[str, Any] | None = None) -> None:
    """Write an entry file: a header line (format, key, digest), then `body`. A new file is
    renamed over the name, so a symlink there is replaced, never written through."""
    data = body.encode("utf-8", "surrogatepass")
    header = {"format": CACHE_FORMAT, "key": key, "digest": _digest(data), **(extra or {})}
    # No fsync: an entry cut short by a crash fails its digest, and is a miss.
    write_replacing(path, json.dumps(header, separators=(",", ":")).encode() + b"\n" + data)


def write_replacing(path: Path, data: bytes) -> None:
    """Write `data` as a new file renamed over `path`: a symlink there is replaced, never
    written through (what the cache keeps is the cache's, wherever a link points)."""
    import tempfile

    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _output_file(model: Path, name: str) -> Path:
    return model.with_name(f"{model.stem}.{name}.out")


def _prune(directory: Path) -> None:
    """Keep the MAX_ENTRIES entries written last (an entry: a model and its outputs); only
    the names the cache makes are looked at, whatever else the directory holds."""
    files: dict[str, list[Path]] = {}
    written: dict[str, float] = {}
    for path in directory.iterdir():
        if not OWN_NAME.fullmatch(path.name):
            continue  # a write under way, or not ours
        key = path.name.split(".", 1)[0]
        files.setdefault(key, []).append(path)
        with contextlib.suppress(OSError):
            written[key] = max(written.get(key, 0.0), path.lstat().st_mtime)
    for key in sorted(files, key=lambda k: written.get(k, 0.0), reverse=True)[MAX_ENTRIES:]:
        for path in files[key]:
            path.unlink(missing_ok=True)
