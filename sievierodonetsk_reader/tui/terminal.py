"""The terminal going away under the reader: a closed window, a dropped SSH connection.

Textual's Linux driver writes through a thread with a bounded queue. When the terminal hangs
up, that thread dies on its first failed write (EIO), the queue fills, and the next write -
the ones that restore the terminal on the way out included - waits for ever: the reader hung
with both threads on a futex and ignored SIGTERM (its handler runs on the blocked loop). The
driver here never waits on a writer that is gone, and tells whether the terminal is there.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading

from textual.drivers.linux_driver import LinuxDriver

from ..hangup import hung_up
from ..screen_size import clamped

# Long enough for any clean exit (saving the state is a millisecond, restoring the terminal
# a few); short enough that a hung reader is gone before anyone looks for it.
EXIT_GRACE = 2.0  # seconds
ALTERNATE_SCREEN = "\x1b[?1049h"
WRITE_PATIENCE = 0.1  # seconds a write waits for room before it looks at the writer again


class ReaderDriver(LinuxDriver):
    """Textual's Linux driver, for a terminal that can disappear at any moment."""

    terminal_lost = False
    # Nothing is drawn once the terminal is given back before the app ends: the app lays out
    # the next start's first screen on its way out (app.py, _keep_next_first_screen).
    silent = False
    _alternate_screen_entered = False  # by the pre-painted first screen (first_screen.py)

    def start_application_mode(self) -> None:
        # A pre-painted screen is in the alternate screen already, in Textual's mode: entering
        # it again would clear it (in some terminals), and what Textual restores at the end is
        # the mode from before the pre-paint.
        # Only the first time: back from a stop (`kill -TSTP`, then `fg`), the terminal is the
        # shell's, and Textual takes it as it finds it.
        handover = getattr(self._app, "handover", None)
        if handover is not None and handover.taken_over:
            handover = None
        self.silent = False  # taken (again, after a stop)
        self._alternate_screen_entered = handover is not None
        super().start_application_mode()  # type: ignore[no-untyped-call]
        if handover is not None:
            handover.taken_over = True
            self.attrs_before = handover.original_mode

    def _get_terminal_size(self) -> tuple[int, int]:
        return clamped(*super()._get_terminal_size())

    def give_back(self) -> None:
        """The terminal as it was before the reader, now; nothing is drawn after this."""
        self.stop_application_mode()
        self.silent = True

    def stop_application_mode(self) -> None:
        if self.silent:  # given back already: the second time (the app's end) does nothing
            return
        super().stop_application_mode()

    def write(self, data: str) -> None:
        if self.silent:
            return
        if self._alternate_screen_entered and data == ALTERNATE_SCREEN:
            self._alternate_screen_entered = False
            return
        writer = self._writer_thread
        if writer is None or self.terminal_lost:
            return
        while True:
            try:
                # The writer's own queue, with a timeout: its `write` waits without one.
                writer._queue.put(data, timeout=WRITE_PATIENCE)
                return
            except queue.Full:
                if not writer.is_alive():  # it died writing to a terminal that is gone
                    self.terminal_lost = True
                    return

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:  # EIO: the terminal went away while its keys were read
            self.terminal_lost = True  # the app's next look at the terminal ends the reader

    def close(self) -> None:
        writer = self._writer_thread
        if writer is None:
            return
        if writer.is_alive() and not self.terminal_lost:
            with contextlib.suppress(queue.Full):
                writer._queue.put(None, timeout=EXIT_GRACE / 2)
        writer.join(timeout=EXIT_GRACE / 2)

    def terminal_gone(self) -> bool:
        """The terminal hung up, or writing to it failed."""
        writer = self._writer_thread
        if writer is not None and not writer.is_alive():
            self.terminal_lost = True
        if not self.terminal_lost:
            self.terminal_lost = hung_up(self.fileno)
        return self.terminal_lost


def exit_at_the_latest_in(seconds: float, status: int) -> None:
    """A last resort: end the process with `status` if it has not ended in `seconds`.

    Armed when the reader is told to go (a signal, a lost terminal); a clean exit comes long
    before and, the thread being a daemon, never waits for it."""

    timer = threading.Timer(seconds, os._exit, args=(status,))
    timer.daemon = True
    timer.name = "exit-watchdog"
    timer.start()
