"""The sizes Textual's layout will give widgets that are not on screen yet."""

from __future__ import annotations

from itertools import pairwise

from textual.geometry import Region, Size
from textual.widget import Widget


def sizes_within(outer: Widget, size: Size, inner: Widget) -> dict[Widget, Size] | None:
    """The size of each widget from `outer` down to `inner`, its descendant, once `outer` is
    shown at `size`: the compositor's own arithmetic (Compositor._arrange_root), each
    container arranged for its room less its gutter and scroll bars, without a layout of the
    screen. None if one of them would not be shown (`display: none`), or `inner` is not
    within `outer`."""
    path = [inner]
    while path[-1] is not outer:
        parent = path[-1].parent
        if not isinstance(parent, Widget):
            return None
        path.append(parent)
    path.reverse()
    sizes = {outer: size}
    for container, child in pairwise(path):
        room = container._get_scrollable_region(Region(0, 0, *size).shrink(container.styles.gutter))
        placements = container.arrange(room.size).placements
        placed = next((placement for placement in placements if placement.widget is child), None)
        if placed is None:
            return None
        size = sizes[child] = placed.region.size
    return sizes
