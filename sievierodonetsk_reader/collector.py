"""The garbage collector, paused while the reader starts and while a command runs.

Starting makes some 90,000 objects that live as long as the reader does (modules, classes,
the stylesheet, the article), and the collector walks them all at each of its full passes:
the passes that fell before the first frame cost it 30-40 ms (benchmarks/run.py). So `read`
pauses the collector until the first frame is up. Then one pass frees what starting left
over, what remains is set aside (`gc.freeze`) so that later passes walk only what reading
makes, and the collector runs again as usual. A long article's lines are wrapped after the
first frame, in pauses (tui/article_view.py): at 5 MB some 100,000 objects that live as long
as their width is shown, and the full passes over them (33-52 ms, several while they were
made, once the first pass after a freeze had made the collector's count of old objects
small) fell in the middle of keys. Once they are all made, they are set aside the same way,
in the pause that made them.

What reading makes still adds up: some 50,000 objects at 5 MB (mostly the lines Textual keeps
drawn), and a full pass over them took 40-58 ms, at the collector's own moments, in the
middle of keys. So while the reader runs, full passes wait for a pause in reading: the
collector's young passes run as usual, and the reader asks for the full pass it would have
made once no key or click came for a while (`collect_if_due`). Keys that never pause (one
held down for minutes) still get one when it is long overdue (`collect_if_overdue`).

`check` and `export` run to their end with it paused: parsing makes next to no garbage in
cycles (the same peak memory with and without, from 1x to a 4.8 MB article of 1000x), and
the passes took half of a 1000x check's time. `serve` runs for long and keeps it.
"""

from __future__ import annotations

import gc

_paused = False  # paused by `pause`, not by someone else (a test, a host program)
_managed = False  # `resume` ended our pause: the reader's objects are ours to set aside
_frozen = False
_usual_threshold: int | None = None  # the oldest generation's, while full passes wait
HELD = 2**30  # a threshold never reached: no full pass of the collector's own
OVERDUE_FACTOR = 10  # a full pass waits for a pause, but not past ten times its usual wait


def pause() -> None:
    """No automatic collection from now until `resume` (the start of `read`)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Start is over: free its leftovers, set the rest aside, collect as usual again, but
    for full passes, which wait for pauses in reading (`collect_if_due`).

    Does nothing unless `pause` paused the collector."""
    global _paused, _managed, _usual_threshold
    if not _paused:
        return
    _paused = False
    _managed = True
    set_aside()
    young, middle, _usual_threshold = gc.get_threshold()
    gc.set_threshold(young, middle, HELD)
    gc.enable()


def set_aside() -> None:
    """Free what is garbage now, and set the rest aside from the collector's later passes.

    Only in a reader whose start paused the collector (`resume`). One pass, then what lives
    is skipped until `release`: so a cycle that becomes garbage after this is kept until
    then. Called where what lives is the reader's own for long (its screen, an article's
    lines), not in the middle of a change."""
    global _frozen
    if not _managed:
        return
    gc.collect()
    gc.freeze()
    _frozen = True


def usual_full_pass_threshold() -> int:
    """A full pass of the collector's own comes once it made more young passes than this."""
    return gc.get_threshold()[2] if _usual_threshold is None else _usual_threshold


def collect_if_due() -> bool:
    """In a pause in reading: the full pass the collector would have made by now, if any.
    Whether one was made."""
    return _managed and _collect_after(usual_full_pass_threshold())


def collect_if_overdue() -> bool:
    """At a key or a click: a full pass, if one waited for a pause far too long."""
    return _managed and _collect_after(OVERDUE_FACTOR * usual_full_pass_threshold())


def _collect_after(young_passes: int) -> bool:
    if not gc.isenabled() or gc.get_count()[2] <= young_passes:
        return False
    gc.collect()
    return True


def release() -> None:
    """What was set aside may become garbage now (the first version of a reloaded article):
    let the collector walk it again."""
    global _frozen
    if _frozen:
        _frozen = False
        gc.unfreeze()


def hand_back() -> None:
    """The reader is over (in a process that goes on: a test, a host program): what was set
    aside is walked again, full passes come at the collector's own moments again, and
    nothing more is set aside."""
    global _managed, _usual_threshold
    release()
    if _usual_threshold is not None:
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _usual_threshold)
        _usual_threshold = None
    _managed = False
