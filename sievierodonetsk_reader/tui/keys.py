"""The reader's keys: the bindings, and the help screen's table of them, side by side."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

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
    # Reviewing a draft: shown only where the article has suggestions left (check_action).
    Binding(
        "greater_than_sign",
        "next_suggestion",
        "Review",
        id="next-suggestion",
        key_display=">",
        tooltip="Next suggestion made by draft (<: previous); a accepts, x rejects",
    ),
    Binding(
        "less_than_sign",
        "previous_suggestion",
        "Previous suggestion",
        show=False,
        id="previous-suggestion",
    ),
    Binding("a", "accept_suggestion", "Accept", id="accept", tooltip="Accept the suggestion"),
    Binding("x", "reject_suggestion", "Reject", id="reject", tooltip="Reject the suggestion"),
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
        for key in split_keys(keys):
            owner = claimed.setdefault(key, binding_id)
            if owner != binding_id:
                said.append(
                    f"the settings give {key} to both {owner} and {binding_id}: {owner} has it"
                )
    keymap = {
        binding_id: ",".join(k for k in split_keys(keys) if claimed[k] == binding_id) or UNBOUND
        for binding_id, keys in wanted.items()
    }
    for binding_id, keys in defaults.items():
        if binding_id in wanted or not any(k in claimed for k in split_keys(keys)):
            continue
        kept = [k for k in split_keys(keys) if k not in claimed]
        keymap[binding_id] = ",".join(kept) or UNBOUND
        if not kept:
            said.append(f"{binding_id} has no key left (the settings gave its keys away)")
    return keymap, said


def split_keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]
