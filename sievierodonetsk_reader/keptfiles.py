"""The files the reader keeps for itself (state, settings, cache), read and written as the
untrusted input they are: another program, another reader or a mistake may have put anything
there - a FIFO, a device, a giant, a symlink - and none of it may hang, crash or mislead it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from .controls import for_message
from .loader import FileTooLarge, NotARegularFile, file_kind, read_regular_file
from .writing import write_atomically

LOCK_PATIENCE = 2.0  # seconds to wait for another reader's save (a few milliseconds each)


class KeptFileError(Exception):
    """A kept file that cannot be used; the message says why, in words for the user."""


def read_kept(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file `path`, at most `limit` of them; None if there is none.

    Raises KeptFileError for anything else: TooLarge for more than `limit` bytes; not a
    regular file; unreadable."""
    try:
        return read_regular_file(path, limit)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except NotARegularFile as error:
        raise KeptFileError(f"is {error.kind}, not a file the reader wrote") from None
    except FileTooLarge:
        raise TooLarge(f"is larger than {limit:,} bytes, far more than the reader writes") from None
    except OSError as error:
        raise KeptFileError(f"cannot be read: {error.strerror or error}") from None


class TooLarge(KeptFileError):
    """A kept file far larger than any the reader writes: damaged, or not the reader's."""


def write_kept(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, only over a regular file (or a symlink to one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text, force=True, streams=False)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock that guards `path` (a `.lock` file beside it) against other readers.

    Raises KeptFileError if another reader holds it for longer than LOCK_PATIENCE."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(
            lock_path,
            os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
            0o600,
        )
    except OSError as error:
        raise KeptFileError(
            f"cannot lock {for_message(str(lock_path))}: {error.strerror or error}"
        ) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise KeptFileError(f"{for_message(str(lock_path))} is {file_kind(mode)}")
        deadline = time.monotonic() + LOCK_PATIENCE
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise KeptFileError(
                        f"cannot lock {for_message(str(lock_path))}: {error.strerror}"
                    ) from None
                if time.monotonic() > deadline:
                    raise KeptFileError(
                        f"{for_message(str(path))} is being written by another reader"
                    ) from None
                time.sleep(0.005)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
