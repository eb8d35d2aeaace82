"""The first screen drawn before Textual (first_screen.py), as a person's terminal shows it.

Each test runs the reader on a pseudo-terminal and reads what it wrote into pyte, a terminal
emulator: the screen as the pre-paint left it, and as Textual's first frame left it (the
reader under test marks that moment: tests/first_frame_reader.py), compared cell by cell.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyte
import pytest
from conftest import WAIT_LIMIT

from sievierodonetsk_reader.first_screen import ENTER, FRAMES_DIRECTORY, PAINTED

MARKED_READER = [sys.executable, str(Path(__file__).with_name("first_frame_reader.py"))]
FIRST_FRAME_MARK = b"\x1b]7770;first-frame\x07"
READY_MARK = b"\x1b]7770;ready\x07"


@dataclass
class Run:
    status: int
    output: bytes
    size: tuple[int, int]
    final_mode: list[object]  # the terminal's mode once the reader was gone

    @property
    def prepainted(self) -> bool:
        return self.output.startswith(ENTER.encode()) or ENTER.encode() in self.output[:64]

    def screen_at(self, end: int) -> dict[tuple[int, int], tuple[object, ...]]:
        """Every cell of the screen once the first `end` bytes were shown: its character
        and everything that shows how it is drawn."""
        width, height = self.size
        screen = pyte.Screen(width, height)
        pyte.ByteStream(screen).feed(self.output[:end])
        return {(x, y): tuple(screen.buffer[y][x]) for y in range(height) for x in range(width)}

    def prepainted_screen(self) -> dict[tuple[int, int], tuple[object, ...]]:
        end = self.output.index(PAINTED.encode()) + len(PAINTED)
        return self.screen_at(end)

    def first_frame(self) -> dict[tuple[int, int], tuple[object, ...]]:
        return self.screen_at(self.output.index(FIRST_FRAME_MARK))


def given_back(output: bytes) -> bool:
    """Whether the normal screen and the cursor are back, each after it was last taken."""
    screen = output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h") >= 0
    return screen and output.rfind(b"\x1b[?25h") > output.rfind(b"\x1b[?25l")


def text_of(cells: dict[tuple[int, int], tuple[object, ...]], size: tuple[int, int]) -> str:
    width, height = size
    return "\n".join("".join(str(cells[x, y][0]) for x in range(width)) for y in range(height))


def start_in_terminal(
    size: tuple[int, int], env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], int, int]:
    """The marked reader started on a pseudo-terminal of `size`, in a session of its own;
    the process and the terminal's two ends (the caller closes both)."""
    width, height = size
    # The size is the terminal's: pytest-xdist's workers have COLUMNS=80 and LINES=24 set.
    inherited = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    process = subprocess.Popen(
        MARKED_READER,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**inherited, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})},
        preexec_fn=os.setsid,
    )
    return process, master, slave


def read_in_terminal(
    size: tuple[int, int],
    *,
    keys: bytes = b"",
    keys_when: bytes = PAINTED.encode(),
    until: bytes = b"",
    env: dict[str, str] | None = None,
    then: Callable[[subprocess.Popen[bytes]], None] | None = None,
) -> Run:
    """Run the reader on a pseudo-terminal of `size`; type `keys` as soon as `keys_when` is
    on it (by default: the pre-painted screen), then q once the screen is built and `until`
    is on it. `then(process)`, if given, is done then instead of typing and quitting."""
    process, master, slave = start_in_terminal(size, env)
    output = b""
    typed = not keys and then is None
    quit_sent = False
    deadline = time.monotonic() + WAIT_LIMIT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            if then is not None and not typed and PAINTED.encode() in output:
                then(process)
                typed = quit_sent = True
            if not typed and (keys_when in output or FIRST_FRAME_MARK in output):
                os.write(master, keys)
                typed = True
            settled = READY_MARK in output and until in output[output.index(READY_MARK) :]
            if typed and not quit_sent and settled:
                os.write(master, b"q")
                quit_sent = True
            if process.poll() is not None and not ready:
                break
        else:
            raise AssertionError(f"the reader did not finish: {output[-400:]!r}")
        final_mode = termios.tcgetattr(master)
        # The terminal's other end is held open here, so that what the reader wrote last is
        # not lost in its hang-up: read it until the screen and cursor are given back.
        while not given_back(output) and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                output += os.read(master, 1 << 16)
    finally:
        os.close(slave)
        os.close(master)
        if process.poll() is None:
            process.kill()
    return Run(process.wait(10), output, size, final_mode)


SIZES = [(120, 40), (80, 24), (40, 12)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_prepainted_screen_is_textuals_first_frame_cell_for_cell(
    size: tuple[int, int],
) -> None:
    first = read_in_terminal(size)
    assert first.status == 0
    assert not first.prepainted  # nothing kept yet: Textual drew the first screen alone
    second = read_in_terminal(size)
    assert second.status == 0
    assert second.prepainted
    prepainted, textual = second.prepainted_screen(), second.first_frame()
    assert text_of(prepainted, size) == text_of(textual, size)
    assert prepainted == textual  # colours and attributes too
    assert "Ukrainian" in text_of(prepainted, size)
    # And it is the screen the first run's Textual drew, not only the second's.
    assert textual == first.first_frame()


def kept_frames(home: Path) -> list[Path]:
    return sorted((home / "cache" / "sievierodonetsk-reader" / FRAMES_DIRECTORY).glob("*.json"))


def test_keys_typed_while_the_prepainted_screen_is_up_reach_the_reader() -> None:
    read_in_terminal((100, 30))
    # G (the end) typed the moment the kept screen is drawn, long before Textual reads keys.
    run = read_in_terminal((100, 30), keys=b"G", until=b"\xc2\xb7 100%")  # "· 100%"
    assert run.prepainted
    assert run.status == 0
    # Nothing typed was echoed: what follows the kept screen is Textual's, not a "G".
    painted_end = run.output.index(PAINTED.encode()) + len(PAINTED)
    assert run.output[painted_end:].startswith(b"\x1b[")


def test_a_kept_screen_is_not_shown_for_another_size_or_terminal() -> None:
    read_in_terminal((100, 30))
    assert not read_in_terminal((90, 30)).prepainted  # another size: another first screen
    assert not read_in_terminal((100, 30), env={"COLORTERM": ""}).prepainted  # 256 colours
    assert read_in_terminal((100, 30)).prepainted


@pytest.mark.parametrize(
    "env",
    [{"TERM": "vt100"}, {"TEXTUAL_DRIVER": "textual.drivers.linux_driver:LinuxDriver"}],
    ids=["unknown-terminal", "textual-driver-set"],
)
def test_no_prepaint_where_it_cannot_be_known_to_be_exact(env: dict[str, str]) -> None:
    read_in_terminal((100, 30), env=env)
    run = read_in_terminal((100, 30), env=env)
    assert run.status == 0 and not run.prepainted


def test_the_setting_turns_the_prepaint_off(own_state_directories: Path) -> None:
    settings = own_state_directories / "config" / "sievierodonetsk-reader" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text("prepaint = false\n")
    read_in_terminal((100, 30))
    run = read_in_terminal((100, 30))
    assert run.status == 0 and not run.prepainted
    assert b"prepaint" not in run.output  # a known setting: nothing to say about it


@pytest.mark.parametrize(
    "poison",
    [
        "\x1b]52;c;cm0gLXJmIH4=\x07",  # an escape sequence: writes the clipboard
        "\u202e",  # a bidi override
        "wide",  # a line not the terminal's width
    ],
    ids=["escape-sequence", "bidi-override", "wrong-width"],
)
def test_a_tampered_kept_screen_never_reaches_the_terminal(
    own_state_directories: Path, poison: str
) -> None:
    read_in_terminal((100, 30))
    [kept] = kept_frames(own_state_directories)
    document = json.loads(kept.read_text())
    document["lines"][3].append([poison, "0" if poison != "wide" else ""])
    if poison != "wide":  # keep the width right: only the characters are wrong
        text, parameters = document["lines"][3][0]
        document["lines"][3][0] = [text[len(poison) :], parameters]
    kept.write_text(json.dumps(document))
    run = read_in_terminal((100, 30))
    assert run.status == 0
    assert not run.prepainted
    assert poison.encode() not in run.output
    assert read_in_terminal((100, 30)).prepainted  # a sound frame was kept in its place


def test_a_kept_screen_that_is_not_a_file_is_ignored(own_state_directories: Path) -> None:
    read_in_terminal((100, 30))
    [kept] = kept_frames(own_state_directories)
    kept.unlink()
    os.mkfifo(kept)  # reading it would wait for ever
    run = read_in_terminal((100, 30))
    assert run.status == 0 and not run.prepainted


def test_a_signal_during_the_handover_gives_the_terminal_back() -> None:
    read_in_terminal((100, 30))

    def terminate(process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGTERM)  # the kept screen is up; Textual is starting

    run = read_in_terminal((100, 30), then=terminate)
    assert run.prepainted
    assert run.status == 128 + signal.SIGTERM
    assert given_back(run.output)
    local_flags = run.final_mode[3]
    assert isinstance(local_flags, int) and local_flags & termios.ECHO  # typing echoes again
    assert local_flags & termios.ICANON


@pytest.mark.parametrize(
    ("keys", "size"),
    [
        (b"G", (100, 30)),  # to the end
        (b"jjjjjjjjjj", (100, 30)),  # ten lines down
        (b"bjjjjj", (100, 30)),  # a bookmark, and on
        (b"jjjjjj", (120, 40)),  # q while the view still scrolls smoothly
    ],
    ids=["end", "lines-down", "bookmark", "quit-while-scrolling"],
)
def test_a_reader_who_moved_finds_the_next_start_prepainted_at_the_new_place(
    keys: bytes, size: tuple[int, int]
) -> None:
    read_in_terminal(size)
    moved = read_in_terminal(size, keys=keys, keys_when=READY_MARK)  # then q
    assert moved.status == 0
    back = read_in_terminal(size)
    assert back.status == 0
    assert back.prepainted  # laid out on the way out, for this place
    prepainted, textual = back.prepainted_screen(), back.first_frame()
    assert prepainted == textual
    assert text_of(prepainted, size) != text_of(moved.first_frame(), size)  # not the top
    # Laying it out showed nothing: the last screen before leaving is the reader's own, with
    # its sidebar and footer (the next start's first frame has neither yet).
    last = text_of(moved.screen_at(moved.output.rindex(b"\x1b[?1049l")), size)
    assert "People" in last and "palette" in last


def test_a_prepainted_reader_stopped_and_continued_takes_the_alternate_screen_again() -> None:
    read_in_terminal((100, 30))
    process, master, slave = start_in_terminal((100, 30))
    output = b""

    # Each step waits for what the reader wrote last: built; stopped (as `kill -TSTP`, it
    # gives the terminal back first); continued (as `fg`: it takes the terminal again).
    def stopped() -> bool:  # the process has stopped itself (its state in /proc is T)
        stat = Path(f"/proc/{process.pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] == "T"

    steps: list[tuple[bytes, Callable[[], bool], signal.Signals]] = [
        (READY_MARK, lambda: True, signal.SIGTSTP),
        (b"\x1b[?1049l", stopped, signal.SIGCONT),
        (b"\x1b[?25l", lambda: True, signal.SIGTERM),
    ]
    marks: list[int] = []
    deadline = time.monotonic() + WAIT_LIMIT
    try:
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                output += os.read(master, 1 << 16)
            if steps and steps[0][0] in output[marks[-1] if marks else 0 :] and steps[0][1]():
                marks.append(len(output))
                process.send_signal(steps.pop(0)[2])
        assert not steps, f"stuck before {steps[0]}: {output[-300:]!r}"
        assert process.poll() == 128 + signal.SIGTERM  # and gone when told to go
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        os.close(slave)
        os.close(master)
    assert output.startswith(ENTER.encode())  # pre-painted
    continued = output[marks[1] :]
    assert b"\x1b[?1049h" in continued  # the reader's screen again after fg, not the shell's


def test_a_symlink_in_place_of_a_kept_screen_is_replaced_never_written_through(
    own_state_directories: Path, tmp_path: Path
) -> None:
    read_in_terminal((100, 30))
    [kept] = kept_frames(own_state_directories)
    victim = tmp_path / "notes.txt"
    victim.write_text("mine\n")
    kept.unlink()
    kept.symlink_to(victim)
    run = read_in_terminal((100, 30))
    assert run.status == 0 and not run.prepainted  # a link is not a kept screen
    assert victim.read_text() == "mine\n"  # what it pointed at is untouched
    assert not kept.is_symlink() and read_in_terminal((100, 30)).prepainted


def test_pruning_kept_screens_deletes_only_what_the_reader_made(tmp_path: Path) -> None:
    from sievierodonetsk_reader import first_screen

    directory = tmp_path / "first-screens"  # or a symlink to a folder of the user's
    directory.mkdir()
    theirs = [directory / f"notes-{n}.json" for n in range(3)]
    for path in theirs:
        path.write_text("{}")
    ours = [directory / f"{n:040x}.json" for n in range(first_screen.MAX_FRAMES + 2)]
    for path in ours:
        path.write_text("{}")
    first_screen._prune(directory)
    assert all(path.exists() for path in theirs)
    assert sum(path.exists() for path in ours) == first_screen.MAX_FRAMES
