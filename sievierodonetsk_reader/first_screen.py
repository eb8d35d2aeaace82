"""The first screen, on the terminal before Textual has even been imported.

Textual costs about 170 ms of imports before it can draw anything; `less` shows text in 2 ms.
So the reader keeps the first frame Textual drew for a start - the article at the restored
place, in this terminal's size and colours, with these settings - and the next start under
the same conditions puts that frame on the terminal at once, with plain escape sequences,
then lets Textual take over: Textual's own first frame is the same, cell for cell, so nothing
moves when it comes. The reader checks that each time (`matches`) and keeps the new frame
when it is not, so a frame that would move is shown at most once.

A kept frame is untrusted input like any kept file: it holds lines of (text, SGR parameters),
never escape sequences, and is refused unless every text is printable, every parameter list
is digits and separators only, and every line is exactly the terminal's width. This module
imports no Textual: the start of `read` runs it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .controls import UNSAFE, for_message
from .keptfiles import KeptFileError, locked, read_kept
from .screen_size import terminal_size
from .state import is_count

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from .settings import Settings
    from .state import Position

FRAME_FORMAT = 1  # raise when the file's layout changes
FRAMES_DIRECTORY = "first-screens"  # in the cache directory
MAX_FRAMES = 48  # kept frames (terminal sizes x articles); the oldest go first
# A 1000x500 terminal (the most the reader draws) with a colour change every few cells.
MAX_FRAME_BYTES = 16 * 1024 * 1024
# The terminals whose alternate screen and SGR the replay can count on; elsewhere Textual
# draws the first screen itself, as before.
KNOWN_TERMINALS = re.compile(
    r"(xterm|screen|tmux|rxvt|alacritty|foot|kitty|wezterm|vte|gnome|konsole|contour|ghostty)"
)
# What decides how Textual draws (colours, size, its own switches): a start under other
# values is another start.
DRAWING_VARIABLES = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TERM_PROGRAM")
OWN_NAME = re.compile(r"[0-9a-f]{40}\.json")  # a kept screen's file (start_for names it)
SGR_PARAMETERS = re.compile(r"[0-9;:]{0,256}")

# Textual's terminal mode (its Linux driver's), set at once so that keys typed during the
# hand-over wait in the terminal for Textual to read, unechoed.
ENTER = "\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[?2026h"  # alternate screen, no cursor, no wrap, sync
PAINTED = "\x1b[?2026l"
LEAVE = "\x1b[?2026l\x1b[?7h\x1b[?1049l\x1b[?25h"

Line = list[tuple[str, str]]  # (text, SGR parameters) runs, left to right


@dataclass(frozen=True, slots=True)
class Start:
    """What a start's first frame depends on, and where its frame is kept."""

    conditions: str  # a digest of the article's bytes, the size, the settings, the terminal
    size: tuple[int, int]
    path: Path


@dataclass(frozen=True, slots=True)
class Frame:
    """A first frame as kept: for the article state it was drawn at."""

    state_key: str
    position: tuple[int, int] | None
    bookmarks: tuple[int, ...]
    lines: list[Line]

    def for_state(self, position: Position | None, bookmarks: Iterable[int]) -> bool:
        """Whether this frame was drawn for the reading place and bookmarks given."""
        return reading_place(position, bookmarks) == (self.position, self.bookmarks)


def reading_place(
    position: Position | None, bookmarks: Iterable[int]
) -> tuple[tuple[int, int] | None, tuple[int, ...]]:
    """What of the reading state a first frame shows: the place (paragraph, offset), if the
    reader is not at the top, and the bookmarks."""
    place = None if position is None else (position.paragraph, position.offset)
    return place, tuple(sorted(bookmarks))


@dataclass(slots=True)
class FirstScreen:
    """This start's first screen: where its frame is kept, and the pre-painted one, if any."""

    start: Start
    handover: Handover | None
    article_key: str  # the article's bytes (their cache key): the next start's conditions

    def matches(self, lines: list[Line]) -> bool:
        """Whether Textual's first frame is the pre-painted one, cell for cell."""
        return self.handover is not None and self.handover.frame.lines == lines


@dataclass(slots=True)
class Handover:
    """The terminal as the pre-painted screen left it, for Textual's driver to take over."""

    fd: int  # the terminal keys are read from (Textual's stdin)
    out: int  # the terminal drawn on (Textual's stderr)
    original_mode: list[Any] | None  # what to restore at the end
    frame: Frame
    taken_over: bool = False  # Textual's driver holds the terminal now

    def give_back(self) -> None:
        """The terminal as it was, when Textual never took over (an error during start)."""
        if self.taken_over:
            return
        self.taken_over = True
        with contextlib.suppress(OSError):  # the terminal may be gone: nothing to give back
            _write(self.out, LEAVE)
        _set_mode(self.fd, self.original_mode)


def frames_directory() -> Path:
    from .cache import cache_directory

    return cache_directory() / FRAMES_DIRECTORY


def start_for(article_key: str, settings: Settings, state_problem: str | None) -> Start:
    """This start's conditions: the article's bytes (by their cache key), the terminal's
    size and variables, and the settings and notices Textual will show."""
    size = terminal_size()
    environment = {
        name: value
        for name, value in sorted(os.environ.items())
        if name in DRAWING_VARIABLES or name.startswith("TEXTUAL_")
    }
    described = json.dumps(
        [
            FRAME_FORMAT,
            __version__,
            article_key,
            size,
            environment,
            [settings.theme, settings.text_width, sorted(settings.keys.items())],
            [*settings.problems, state_problem],
        ]
    )
    conditions = hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()
    return Start(conditions, size, frames_directory() / f"{conditions[:40]}.json")


def can_prepaint(settings_allow: bool) -> bool:
    """Whether this terminal is one the replay is exact on, and both ends are a terminal."""
    if not settings_allow or sys.platform == "win32":
        return False
    if os.environ.get("TEXTUAL_DRIVER") or os.environ.get("TEXTUAL_DEBUG"):
        return False
    if not KNOWN_TERMINALS.match(os.environ.get("TERM", "")):
        return False
    streams = (sys.__stdin__, sys.__stderr__)
    return all(stream is not None and stream.isatty() for stream in streams)


def read_frame(start: Start) -> Frame | None:
    """The frame kept for `start`, if there is one and it is sound; else None."""
    try:
        raw = read_kept(start.path, MAX_FRAME_BYTES)
    except KeptFileError:
        return None
    if raw is None:
        return None
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return _frame_from(document, start)


def _frame_from(document: object, start: Start) -> Frame | None:
    from rich.cells import cell_len

    if not isinstance(document, dict) or document.get("format") != FRAME_FORMAT:
        return None
    if document.get("conditions") != start.conditions:
        return None
    state_key, position, bookmarks = (document.get(k) for k in ("state", "position", "marks"))
    lines = document.get("lines")
    width, height = start.size
    if not isinstance(state_key, str) or not isinstance(lines, list) or len(lines) != height:
        return None
    if position is not None and not (
        isinstance(position, list) and len(position) == 2 and all(is_count(n) for n in position)
    ):
        return None
    if not isinstance(bookmarks, list) or not all(is_count(n) for n in bookmarks):
        return None
    checked: list[Line] = []
    for line in lines:
        if not isinstance(line, list):
            return None
        runs: Line = []
        cells = 0
        for run in line:
            if not (isinstance(run, list) and len(run) == 2):
                return None
            text, parameters = run
            if not (isinstance(text, str) and isinstance(parameters, str)):
                return None
            if UNSAFE.search(text) or not SGR_PARAMETERS.fullmatch(parameters):
                return None
            cells += cell_len(text)
            runs.append((text, parameters))
        if cells != width:
            return None
        checked.append(runs)
    place = None if position is None else (position[0], position[1])
    return Frame(state_key, place, tuple(bookmarks), checked)


def keep_frame(start: Start, frame: Frame) -> str | None:
    """Keep `frame` for the next start like this one; what went wrong, if anything."""
    document = {
        "format": FRAME_FORMAT,
        "conditions": start.conditions,
        "state": frame.state_key,
        "position": None if frame.position is None else list(frame.position),
        "marks": list(frame.bookmarks),
        "lines": [[list(run) for run in line] for line in frame.lines],
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if len(data) > MAX_FRAME_BYTES:
        return "the first screen is too large to keep"
    from .cache import write_replacing

    try:
        start.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with locked(start.path):
            write_replacing(start.path, data)  # as the cache's entries: a link is replaced
        _prune(start.path.parent)
    except (KeptFileError, OSError) as error:
        return f"the first screen was not kept: {for_message(str(error))}"
    return None


def _prune(directory: Path) -> None:
    frames = []
    with os.scandir(directory) as entries:
        for entry in entries:
            # Only names it makes: the folder may be a link to somewhere the user keeps files.
            if OWN_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                frames.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
    for _, path in sorted(frames)[:-MAX_FRAMES]:
        for name in (path, path + ".lock"):
            with contextlib.suppress(OSError):
                os.unlink(name)


def painted(lines: list[Line]) -> str:
    """The escape sequences that draw `lines` from the top left corner."""
    out = []
    for y, line in enumerate(lines, 1):
        out.append(f"\x1b[{y};1H")
        for text, parameters in line:
            out.append(f"\x1b[{parameters}m{text}\x1b[0m" if parameters else text)
    return "".join(out)


def prepaint(frame: Frame) -> Handover | None:
    """Put `frame` on the terminal in Textual's mode; None if the terminal would not have it."""
    import termios

    assert sys.__stdin__ is not None and sys.__stderr__ is not None
    fd, out = sys.__stdin__.fileno(), sys.__stderr__.fileno()
    try:
        original = termios.tcgetattr(fd)
    except termios.error:
        return None
    handover = Handover(fd, out, original, frame)
    # Noted before the terminal changes: a signal from here on (SystemExit, before this
    # returns) still finds it to give back (give_back_unless_taken, in `read`'s `finally`).
    _shown.append(handover)
    _set_mode(fd, _textual_mode(original))
    try:
        _write(out, ENTER + painted(frame.lines) + PAINTED)
    except OSError:
        handover.give_back()
        return None
    return handover


_shown: list[Handover] = []  # the pre-paint of this process, if it made one


def give_back_unless_taken() -> None:
    """The terminal as it was, if a pre-paint changed it and Textual never took it over."""
    for handover in _shown:
        handover.give_back()


def _textual_mode(mode: list[Any]) -> list[Any]:
    """The terminal mode Textual's Linux driver sets (its _patch_lflag and _patch_iflag)."""
    import termios

    new = list(mode)
    signals = 0 if os.environ.get("TEXTUAL_ALLOW_SIGNALS") else termios.ISIG
    lflag, iflag = new[3], new[0]
    assert isinstance(lflag, int) and isinstance(iflag, int)
    new[3] = lflag & ~(termios.ECHO | termios.ICANON | termios.IEXTEN | signals)
    new[0] = iflag & ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    characters = list(new[6])
    characters[termios.VMIN] = 1
    new[6] = characters
    return new


def _set_mode(fd: int, mode: list[Any] | None) -> None:
    import termios

    if mode is None:
        return
    with contextlib.suppress(termios.error):
        termios.tcsetattr(fd, termios.TCSANOW, mode)


def _write(fd: int, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    while data:
        written = os.write(fd, data)
        data = data[written:]
