"""The reader's keys: the bindings, and the help screen's table of them, side by side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import key_to_character

from .sidebar import TABS

READER_BINDINGS: list[BindingType] = [
    Binding("q", "app.quit", "Quit", id="quit", tooltip="Leave the reader"),
    Binding("question_mark,f1", "app.help", "Help", id="help", key_display="?", tooltip="Keys"),
    # Priority, like `:`: `/kyiv` typed in one burst goes into the find box, not to the text.
    Binding("slash", "find", "Find", id="find", tooltip="Find words in the article", priority=True),
    Binding(
        "right_square_bracket",
        "next_quote",
        "Quote",
        id="next-quote",
        key_display="]",
        tooltip="Next quotation, words in quotation marks ([ for the previous one)",
    ),
    Binding(
        "left_square_bracket", "previous_quote", "Previous quote", show=False, id="previous-quote"
    ),
    Binding(
        "right_curly_bracket",
        "next_speaker",
        "Speaker",
        id="next-speaker",
        key_display="}",
        tooltip="Next speech by a different speaker, reported speech included ({: previous)",
    ),
    Binding(
        "left_curly_bracket",
        "previous_speaker",
        "Previous speaker",
        show=False,
        id="previous-speaker",
    ),
    Binding(
        "n",
        "next_item",
        "Next",
        id="next-item",
        tooltip="Next find match, or next item of the selection (N: previous)",
    ),
    Binding("N", "previous_item", "Previous", show=False, id="previous-item"),
    Binding("y", "copy_quote", "Copy", show=False, id="copy"),
    Binding("e", "export", "Export", id="export", tooltip="Export to Markdown"),
    Binding(
        "ctrl+b,backslash",
        "toggle_sidebar",
        "Sidebar",
        id="toggle-sidebar",
        tooltip="Show or hide the sidebar",
    ),
    Binding("h", "toggle_highlight", "Marks", show=False, id="toggle-highlight"),
    Binding("M", "show_map", "Map", show=False, id="map", tooltip="The places on a map"),
    # Priority: run as the key arrives, before the keys typed after it in the same write
    # (`:7` Enter, pasted or typed fast), which then reach the prompt, not the text.
    Binding(
        "colon",
        "go_to",
        "Go to ¶",
        show=False,
        id="go-to",
        tooltip="Go to a paragraph",
        priority=True,
    ),
    Binding("m", "toggle_bookmark", "Bookmark", show=False, id="bookmark"),
    Binding("apostrophe", "bookmarks", "Bookmarks", show=False, id="bookmarks"),
    Binding("number_sign", "toggle_numbers", "Numbers", show=False, id="paragraph-numbers"),
    Binding("plus", "text_width(4)", "Wider", show=False, id="wider"),
    Binding("minus", "text_width(-4)", "Narrower", show=False, id="narrower"),
    Binding("escape", "step_back", "Back", show=False, id="back"),
    *(
        Binding(str(number), f"show_tab('{tab}')", tab.title(), show=False, id=f"tab-{tab}")
        for number, tab in enumerate(TABS, start=1)
    ),
]

# The article view's own keys: they move the text, and apply while it has the focus.
VIEW_BINDINGS: list[BindingType] = [
    Binding("j,down", "scroll_down", "Down", show=False, id="line-down"),
    Binding("k,up", "scroll_up", "Up", show=False, id="line-up"),
    Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False, id="page-down"),
    Binding("b,pageup", "page_up", "Page up", show=False, id="page-up"),
    Binding("ctrl+d", "half_page_down", "Half a page down", show=False, id="half-page-down"),
    Binding("ctrl+u", "half_page_up", "Half a page up", show=False, id="half-page-up"),
    Binding("g,home", "scroll_home", "Top", show=False, id="top"),
    Binding("G,end", "scroll_end", "End", show=False, id="end"),
]
APP_BINDINGS: list[BindingType] = [
    Binding("r", "reload", "Reload", show=False, id="reload", tooltip="Reload the article"),
]
ALL_BINDINGS = [*READER_BINDINGS, *VIEW_BINDINGS, *APP_BINDINGS]  # what the settings rebind
DEFAULT_KEYS = {b.id: b.key for b in ALL_BINDINGS if isinstance(b, Binding) and b.id}

UNBOUND = "unbound"  # the key of a built-in binding whose every key the settings took


def keymap_with(
    bindings: Iterable[BindingType], wanted: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Textual's keymap for the keys the settings give (`wanted`: binding id -> "key,key"),
    and what to tell the reader about it.

    A key the settings give wins: every other binding that had it loses it, wherever it is
    bound (Textual resolves a key by focus first, so the view's ctrl+f page-down would
    otherwise beat a `find = "ctrl+f"`). A key given twice in the settings goes to the first.
    """
    defaults = {b.id: b.key for b in bindings if isinstance(b, Binding) and b.id}
    claimed: dict[str, str] = {}  # key -> the binding id the settings give it to
    said: list[str] = []
    for binding_id, keys in wanted.items():
        for key in _keys(keys):
            owner = claimed.setdefault(key, binding_id)
            if owner != binding_id:
                said.append(
                    f"the settings give {key} to both {owner} and {binding_id}: {owner} has it"
                )
    keymap = {
        binding_id: ",".join(k for k in _keys(keys) if claimed[k] == binding_id) or UNBOUND
        for binding_id, keys in wanted.items()
    }
    for binding_id, keys in defaults.items():
        if binding_id in wanted or not any(k in claimed for k in _keys(keys)):
            continue
        kept = [k for k in _keys(keys) if k not in claimed]
        keymap[binding_id] = ",".join(kept) or UNBOUND
        if not kept:
            said.append(f"{binding_id} has no key left (the settings gave its keys away)")
    return keymap, said


def _keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


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
            keys = [
                k for k in _keys(keymap.get(binding_id, DEFAULT_KEYS[binding_id])) if k != UNBOUND
            ]
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
                "sidebar: people, places, dates, quotes, map",
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
        ),
    ),
)
