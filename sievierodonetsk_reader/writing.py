"""Writing a file so that nothing is lost: atomic, never over a file without asking."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .controls import for_message
from .loader import file_kind


class ExportError(Exception):
    """The export could not be written; the message says why, in one line."""


def _mode_for(existing: os.stat_result | None) -> int:
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _stat(path: Path) -> os.stat_result | None:
    """The file `path` names, through symlinks; None if there is none."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):  # the directory is checked on its own
        return None
    except OSError as error:
        raise ExportError(f"{for_message(str(path))}: {error.strerror or error}") from None


def write_atomically(
    path: str | os.PathLike[str], content: str, *, force: bool = False, streams: bool = True
) -> Path:
    """Write `content` to `path` so that no reader ever sees half a file.

    A regular file is written through a temporary file beside it and renamed into place; an
    existing one is replaced only with `force` (the check and the write are one step, so two
    exports cannot both "win"). A symlink is written through, to the file it names. Devices
    and pipes (/dev/stdout, a FIFO) are written to directly, as an export asks: they hold no
    file to lose; with `streams` off (the files the reader keeps) they are refused, since a
    write to a FIFO that nobody reads waits for ever.
    """
    target = Path(path)
    shown = for_message(str(target))
    existing = _stat(target)
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise ExportError(f"{shown}: is a directory")
    mode = existing.st_mode if existing is not None else 0
    if streams and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return _write_stream(target, content)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise ExportError(f"{shown}: is {file_kind(existing.st_mode)}, not a regular file")
    if os.path.lexists(target) and not force:  # a dangling symlink counts: it names a file
        raise ExportError(f"{shown}: already exists (use --force to overwrite it)")
    real = Path(os.path.realpath(target))  # through symlinks, as editors write
    directory = real.parent
    if not directory.is_dir():
        parent = for_message(str(target.parent if real == target.absolute() else directory))
        if directory.exists():
            raise ExportError(f"{shown}: {parent} is not a directory")
        raise ExportError(f"{shown}: the directory {parent} does not exist")
    import tempfile  # only here: it costs the reader's start-up a few milliseconds

    try:
        # A short prefix: the temporary name must fit where the target's name just fits.
        descriptor, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{real.name[:40]}.", suffix=".tmp"
        )
    except OSError as error:
        raise ExportError(f"{shown}: cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            # mkstemp makes the file private: give it the mode a plain write would have given.
            os.fchmod(stream.fileno(), _mode_for(existing))
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, real)
        else:
            _link_new(temporary, real, shown)
    except OSError as error:
        raise ExportError(f"{shown}: cannot write: {error.strerror or error}") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def _link_new(temporary: str, target: Path, shown: str) -> None:
    """Put the written file at `target` only if nothing is there: atomic, unlike a check."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise ExportError(f"{shown}: already exists (use --force to overwrite it)") from None
    except OSError:  # a file system without hard links: check as closely as it allows
        if os.path.lexists(target):
            raise ExportError(f"{shown}: already exists (use --force to overwrite it)") from None
        os.replace(temporary, target)


def _write_stream(target: Path, content: str) -> Path:
    try:
        with open(target, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
    except OSError as error:
        raise ExportError(
            f"{for_message(str(target))}: cannot write: {error.strerror or error}"
        ) from None
    return target
