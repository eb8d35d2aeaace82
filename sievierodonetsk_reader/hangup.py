"""Whether the terminal has gone: a question the command line and the TUI both ask."""

from __future__ import annotations

import select
import sys


def hung_up(fd: int) -> bool:
    """Whether the terminal on `fd` has hung up (reading it would give EOF or EIO)."""
    poller = select.poll()
    poller.register(fd, 0)  # no events asked for: only hang-ups and errors are reported
    try:
        events = poller.poll(0)
    except OSError:
        return True
    return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events)


def stdin_hung_up() -> bool:
    """Whether standard input is a terminal that has hung up (the reader's window closed)."""
    stdin = sys.stdin
    try:
        return stdin is not None and hung_up(stdin.fileno())
    except (OSError, ValueError):  # closed, or not a file at all
        return False
