"""The reader's keys: the bindings, and the help screen's table of them, side by side."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from .sidebar import TABS

READER_BINDINGS: list[BindingType] = [
    Binding("q", "app.quit", "Quit", id="quit", tooltip="Leave the reader"),
    Binding("question_mark,f1", "help", "Help", id="help", key_display="?", tooltip="Keys"),
    Binding("slash", "find", "Find", id="find", tooltip="Find words in the article"),
    Binding(
        "right_square_bracket",
        "next_quote",
        "Quote",
        id="next-quote",
        key_display="]",
        tooltip="Next quotation, words in quotation marks ([ for the previous one)",
    ),
    Binding("left_square_bracket", "previous_quote", "Previous quote", show=False),
    Binding(
        "right_curly_bracket",
        "next_speaker",
        "Speaker",
        id="next-speaker",
        key_display="}",
        tooltip="Next speech by a different speaker, reported speech included ({: previous)",
    ),
    Binding("left_curly_bracket", "previous_speaker", "Previous speaker", show=False),
    Binding(
        "n",
        "next_item",
        "Next",
        id="next-item",
        tooltip="Next find match, or next item of the selection (N: previous)",
    ),
    Binding("N", "previous_item", "Previous", show=False),
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
    Binding("colon", "go_to", "Go to ¶", show=False, id="go-to", tooltip="Go to a paragraph"),
    Binding("m", "toggle_bookmark", "Bookmark", show=False, id="bookmark"),
    Binding("apostrophe", "bookmarks", "Bookmarks", show=False, id="bookmarks"),
    Binding("number_sign", "toggle_numbers", "Numbers", show=False, id="paragraph-numbers"),
    Binding("plus", "text_width(4)", "Wider", show=False, id="wider"),
    Binding("minus", "text_width(-4)", "Narrower", show=False, id="narrower"),
    Binding("escape", "step_back", "Back", show=False),
    *(
        Binding(str(number), f"show_tab('{tab}')", tab.title(), show=False)
        for number, tab in enumerate(TABS, start=1)
    ),
]

# Every key, for the help screen: (keys, what they do), grouped.
KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Reading",
        (
            ("j / k / ↓ / ↑", "scroll a line"),
            ("space / b / PgDn / PgUp", "scroll a page, keeping two lines of the last"),
            ("ctrl+d / ctrl+u", "half a page down / up"),
            ("g / G / Home / End", "go to the top / the end"),
            (":", "go to a paragraph: type its number, Enter"),
            ("m / '", "bookmark the paragraph at the top / list the bookmarks"),
            ("#", "paragraph numbers in the margin on or off"),
            ("+ / -", "widen / narrow the text (kept in the settings)"),
            ("r", "reload the article file (a file you opened reloads by itself)"),
            ("mouse wheel, click", "scroll; click a name to select it"),
        ),
    ),
    (
        "Quotes and speakers",
        (
            ("] / [", "next / previous quotation (words in quotation marks)"),
            ("} / {", "next / previous speech by another speaker, reported speech included"),
            ("y", "copy the current speech, attributed and cited (reported speech unquoted)"),
        ),
    ),
    (
        "Find and selection",
        (
            ("/", "find in the article (case-insensitive)"),
            ("Enter / n / N", "next / previous match, or item of the selection"),
            ("Escape", "close find, clear the selection, close dialogs"),
        ),
    ),
    (
        "Panels",
        (
            ("Tab / Shift+Tab", "move between article and sidebar"),
            ("1 2 3 4 5", "sidebar: people, places, dates, quotes, map"),
            ("M", "the map over the whole window (Escape: back)"),
            ("+ / - (map)", "zoom in / out; arrows or h j k l pan"),
            ("v (map)", "the whole country / a close-up of the chosen place"),
            ("Enter (sidebar)", "select the entry and jump to it"),
            ("ctrl+b or \\", "show or hide the sidebar"),
            ("h", "mention marks on or off"),
        ),
    ),
    (
        "Other",
        (
            ("e", "export to Markdown"),
            ("ctrl+p", "command palette: go to a speaker, place, date, quote; themes"),
            ("? / F1", "this help"),
            ("q / ctrl+q", "quit (ctrl+c copies in the find bar; elsewhere it says how to quit)"),
        ),
    ),
    (
        # Each kind has a text style as well as a colour, so it shows with NO_COLOR or 16 colours.
        "Marks in the text",
        (
            ("bold", "a person"),
            ("double underline", "a place"),
            ("overline", "a date"),
            ("dim", "an organisation"),
            ("italic, ▌ in the margin", "a quotation: the words in quotation marks"),
            ("underline", "reported speech: what someone said, not in their words"),
        ),
    ),
)
