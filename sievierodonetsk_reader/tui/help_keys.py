"""The help screen's table of keys: each row names binding ids, and shows their keys in force."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.keys import key_to_character

from .keys import DEFAULT_KEYS, UNBOUND, split_keys
from .sidebar import TABS

_SHOWN = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "escape": "Escape",
    "space": "space",
    "tab": "Tab",
    "enter": "Enter",
    "slash": "/",
    "backslash": "\\",
    "plus": "+",
    "minus": "-",
}


def key_shown(key: str) -> str:
    """A key as a person types it: "]" for right_square_bracket, "ctrl+f", "PgDn"."""
    *modifiers, name = key.split("+")
    shown = _SHOWN.get(name) or key_to_character(name) or name
    if len(name) == 2 and name[0] == "f" and name[1:].isdigit():
        shown = name.upper()
    return "+".join([*modifiers, shown])


@dataclass(frozen=True)
class HelpRow:
    """A line of the help: the keys of these binding ids as they are now (or `keys` as
    written, for keys that are not bindings of the reader), and what they do."""

    does: str
    ids: tuple[str, ...] = ()
    keys: str = ""
    joiner: str = " / "

    def keys_in_force(self, keymap: dict[str, str]) -> str:
        if not self.ids:
            return self.keys
        shown = []
        for binding_id in self.ids:
            given = keymap.get(binding_id, DEFAULT_KEYS[binding_id])
            keys = [key for key in split_keys(given) if key != UNBOUND]
            shown.append(" ".join(key_shown(key) for key in keys) or "(no key)")
        return self.joiner.join(shown)


# Every key, for the help screen, grouped.
KEYS: tuple[tuple[str, tuple[HelpRow, ...]], ...] = (
    (
        "Reading",
        (
            HelpRow("scroll a line", ("line-down", "line-up")),
            HelpRow("scroll a page, keeping two lines of the last", ("page-down", "page-up")),
            HelpRow("half a page down / up", ("half-page-down", "half-page-up")),
            HelpRow("go to the top / the end", ("top", "end")),
            HelpRow("go to a paragraph: type its number, Enter", ("go-to",)),
            HelpRow(
                "bookmark the paragraph at the top / list the bookmarks", ("bookmark", "bookmarks")
            ),
            HelpRow("paragraph numbers in the margin on or off", ("paragraph-numbers",)),
            HelpRow("widen / narrow the text (kept in the settings)", ("wider", "narrower")),
            HelpRow("reload the article file (a file you opened reloads by itself)", ("reload",)),
            HelpRow("scroll; click a name to select it", keys="mouse wheel, click"),
        ),
    ),
    (
        "Quotes and speakers",
        (
            HelpRow(
                "next / previous quotation (words in quotation marks)",
                ("next-quote", "previous-quote"),
            ),
            HelpRow(
                "next / previous speech by another speaker, reported speech included",
                ("next-speaker", "previous-speaker"),
            ),
            HelpRow(
                "copy the current speech, attributed and cited (reported speech unquoted)",
                ("copy",),
            ),
        ),
    ),
    (
        "Find and selection",
        (
            HelpRow("find in the article (case-insensitive)", ("find",)),
            HelpRow(
                "next / previous match, or item of the selection (Enter in find too)",
                ("next-item", "previous-item"),
            ),
            HelpRow("close find, clear the selection, close dialogs", ("back",)),
        ),
    ),
    (
        "Panels",
        (
            HelpRow("move between article and sidebar", keys="Tab / Shift+Tab"),
            HelpRow(
                "sidebar: people, places, dates, quotes, map, sources",
                tuple(f"tab-{tab}" for tab in TABS),
                joiner=" ",
            ),
            HelpRow("the map over the whole window (Escape: back)", ("map",)),
            HelpRow("zoom in / out; arrows or h j k l pan", keys="+ / - (map)"),
            HelpRow("the whole country / a close-up of the chosen place", keys="v (map)"),
            HelpRow("select the entry and jump to it", keys="Enter (sidebar)"),
            HelpRow("show or hide the sidebar", ("toggle-sidebar",)),
            HelpRow("mention marks on or off", ("toggle-highlight",)),
        ),
    ),
    (
        "Reviewing a draft",
        (
            HelpRow(
                "next / previous suggestion the machine made",
                ("next-suggestion", "previous-suggestion"),
            ),
            HelpRow("accept the suggestion in view (written to the file)", ("accept",)),
            HelpRow("reject it: speech becomes plain text, an entry goes", ("reject",)),
        ),
    ),
    (
        "Other",
        (
            HelpRow("export to Markdown", ("export",)),
            HelpRow("command palette: go to a speaker, place, date, quote; themes", keys="ctrl+p"),
            HelpRow("this help", ("help",)),
            HelpRow(
                "quit (ctrl+q too; ctrl+c copies in the find bar, elsewhere says how to quit)",
                ("quit",),
            ),
        ),
    ),
    (
        # Each kind has a text style as well as a colour, so it shows with NO_COLOR or 16 colours.
        "Marks in the text",
        (
            HelpRow("a person", keys="bold"),
            HelpRow("a place", keys="double underline"),
            HelpRow("a date", keys="overline, italic"),
            HelpRow("an organisation", keys="dim"),
            HelpRow("a quotation: the words in quotation marks", keys="italic, ▌ in the margin"),
            HelpRow("reported speech: what someone said, not in their words", keys="underline"),
            HelpRow(
                "beside a line: the current quote, a find match, an item of the selection",
                keys="» or / or ›",
            ),
            HelpRow("where n / N is: the current match or item", keys="reverse video"),
            HelpRow("suggested by draft, not yet reviewed; > reaches it", keys="? beside the line"),
        ),
    ),
)


class KeyTable:
    """The help's table: each group's keys beside what they do, where the window leaves
    what they do room enough; else each key above what it does, indented. At 40 columns
    the keys' column (26 cells at its widest) left the descriptions five: "scr…", "a"."""

    ROOM_FOR_WHAT_KEYS_DO = 24  # cells: "go to the top / the end" on one line

    def __init__(self, keymap: dict[str, str]) -> None:
        self.rows = [
            (group, [(row.keys_in_force(keymap), row.does) for row in rows]) for group, rows in KEYS
        ]
        self.widest_keys = max(cell_len(keys) for _, rows in self.rows for keys, _ in rows)

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        # Beside: the keys' column, the grid's two cells of padding, then what they do.
        if options.max_width - self.widest_keys - 2 >= self.ROOM_FOR_WHAT_KEYS_DO:
            yield self._beside()
        else:
            yield from self._above()

    def _beside(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for number, (group, rows) in enumerate(self.rows):
            if number:
                table.add_row("", "")
            table.add_row(Text(group, style="bold underline"), "")
            for keys, does in rows:
                table.add_row(Text(keys), Text(does))
        return table

    def _above(self) -> Iterator[RenderableType]:
        for number, (group, rows) in enumerate(self.rows):
            if number:
                yield Text("")
            yield Text(group, style="bold underline")
            for keys, does in rows:
                yield Text(keys, style="bold")
                yield Padding(Text(does), (0, 0, 0, 2))
