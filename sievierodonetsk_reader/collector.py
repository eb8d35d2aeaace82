"""The garbage collector, paused while the reader starts and while a command runs.

Starting makes some 90,000 objects that live as long as the reader does (modules, classes,
the stylesheet, the article), and the collector walks them all at each of its full passes:
the passes that fell before the first frame cost it 30-40 ms (benchmarks/run.py). So `read`
pauses the collector until the first frame is up. Then one pass frees what starting left
over, what remains is set aside (`gc.freeze`) so that later passes walk only what reading
makes, and the collector runs again as usual.

`check` and `export` run to their end with it paused: parsing makes next to no garbage in
cycles (the same peak memory with and without, from 1x to a 4.8 MB article of 1000x), and
the passes took half of a 1000x check's time. `serve` runs for long and keeps it.
"""

from __future__ import annotations

import gc

_paused = False  # paused by `pause`, not by someone else (a test, a host program)
_frozen = False


def pause() -> None:
    """No automatic collection from now until `resume` (the start of `read`)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Start is over: free its leftovers, set the rest aside, collect as usual again.

    Does nothing unless `pause` paused the collector."""
    global _paused, _frozen
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    _frozen = True
    gc.enable()


def release() -> None:
    """What was set aside may become garbage now (the first version of a reloaded article):
    let the collector walk it again."""
    global _frozen
    if _frozen:
        _frozen = False
        gc.unfreeze()
