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
small) fell in the middle of keys. While they are made, the collector's full passes wait
(young objects are collected as usual); once they are all made, they are set aside the same
way, in the pause that made them.

`check` and `export` run to their end with it paused: parsing makes next to no garbage in
cycles (the same peak memory with and without, from 1x to a 4.8 MB article of 1000x), and
the passes took half of a 1000x check's time. `serve` runs for long and keeps it.
"""

from __future__ import annotations

import gc

_paused = False  # paused by `pause`, not by someone else (a test, a host program)
_managed = False  # `resume` ended our pause: the reader's objects are ours to set aside
_frozen = False
_held_threshold: int | None = None  # the oldest generation's threshold, while passes wait
HELD = 2**30  # a threshold never reached: no full pass


def pause() -> None:
    """No automatic collection from now until `resume` (the start of `read`)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Start is over: free its leftovers, set the rest aside, collect as usual again.

    Does nothing unless `pause` paused the collector."""
    global _paused, _managed
    if not _paused:
        return
    _paused = False
    _managed = True
    set_aside()
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
    _let_full_passes_run()
    gc.collect()
    gc.freeze()
    _frozen = True


def hold_full_passes() -> None:
    """Objects that will live long are being made in pauses: the collector's full passes wait
    for `set_aside`, which sets them aside in one. Only in a reader whose start paused it."""
    global _held_threshold
    if not _managed or _held_threshold is not None:
        return
    young, middle, _held_threshold = gc.get_threshold()
    gc.set_threshold(young, middle, HELD)


def _let_full_passes_run() -> None:
    global _held_threshold
    if _held_threshold is not None:
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _held_threshold)
        _held_threshold = None


def release() -> None:
    """What was set aside may become garbage now (the first version of a reloaded article):
    let the collector walk it again (and run its full passes, if they waited)."""
    global _frozen
    _let_full_passes_run()
    if _frozen:
        _frozen = False
        gc.unfreeze()


def hand_back() -> None:
    """The reader is over (in a process that goes on: a test, a host program): what was set
    aside is walked again, and nothing more is set aside."""
    global _managed
    release()
    _managed = False
