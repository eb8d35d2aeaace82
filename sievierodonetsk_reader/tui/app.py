"""The reader: article, sidebar, find bar, status line, and the keys that tie them together."""

from __future__ import annotations

import bisect
import os
import re
import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive, var
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Static, TabbedContent

from .. import navigation
from ..attribution import KIND_LABELS, copy_text
from ..export import EXTENSIONS, to_markdown
from ..model import Article, Quote
from .article_view import ArticleView, Span
from .commands import ReaderCommands
from .dialogs import ExportDialog, HelpScreen
from .sidebar import TABS, Sidebar
from .wrapping import visible

# Actions shown in the footer whose availability changes while reading.
_STATEFUL_ACTIONS = ("next_item",)
FIRST_PAINT_STAMP = "SIEVIERODONETSK_READER_FIRST_PAINT_STAMP"
LEGEND = (
    ("person", "person"),
    ("place", "place"),
    ("date", "date"),
    ("organization", "organisation"),
)


class TextLine(Widget):
    """A line of plain text that changes at every key: the status line, the find count."""

    # Not a Static: its update() asks for a new layout of the whole screen each time.
    message: reactive[Text] = reactive(Text(""), layout=False)

    def render(self) -> Text:
        return self.message


class FindBar(Horizontal):
    """The `/` find bar: a query and a count of matches."""

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield Input(placeholder="words to find (case-insensitive)", id="find-input")
        yield TextLine(id="find-count")


class ReaderApp(App[None]):
    """A terminal reader for one article."""

    CSS_PATH = "reader.tcss"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it as an instance variable
        (0, "-narrow"),
        (80, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {ReaderCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the reader"),
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
        Binding("h", "toggle_highlight", "Colours", show=False, id="toggle-highlight"),
        Binding("escape", "step_back", "Back", show=False),
        *(
            Binding(str(number), f"show_tab('{tab}')", tab.title(), show=False)
            for number, tab in enumerate(TABS, start=1)
        ),
    ]

    current_quote: var[Quote | None] = var(None)
    find_query: var[str] = var("", init=False)
    selection_id: var[str | None] = var(None)
    sidebar_hidden: var[bool] = var(False)  # wide windows: the reader hid it
    sidebar_open: var[bool] = var(False)  # narrow windows: the reader brought it up

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self.matches: tuple[Span, ...] = ()
        self.match_index = 0
        self.selection: tuple[Span, ...] = ()
        self.selection_index = 0
        self._enabled_actions: tuple[bool | None, ...] = ()
        self._flash = ""  # a one-off message for the status line
        self.title = visible(article.metadata.title)
        meta = article.metadata
        publisher = f"{meta.publisher.name} · " if meta.publisher else ""
        self._subtitle_base = visible(
            f"{publisher}{meta.dateline} · {meta.reference_date:%d %B %Y}"
        )
        self.sub_title = f"{self._subtitle_base} · 0%"

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="¶")
        with Horizontal(id="main"):
            with Vertical(id="reading"):
                yield Static(Text(""), id="legend")
                yield ArticleView(self.article, id="article")
            yield Sidebar(self.article, id="sidebar")
        yield TextLine(id="status")
        yield Footer()

    def _legend(self) -> Text:
        """The mention colours, drawn in the styles the article view uses."""
        legend = Text("Colours:")
        for kind, label in LEGEND:
            legend.append(" ")
            legend.append(label, style=self.view.get_component_rich_style(f"article--{kind}"))
        legend.append("   h: off", style="dim")
        return legend

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    def on_mount(self) -> None:
        self.view.focus()
        self.query_one("#legend", Static).update(self._legend())
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._update_status()
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        """The article is on screen: now build what can wait a few milliseconds."""
        stamp = os.environ.get(FIRST_PAINT_STAMP)
        if stamp:  # for benchmarks: note when the first screen was drawn, then quit
            Path(stamp).write_text(f"{time.time()}\n", encoding="utf-8")
            self.exit()
            return
        if self.is_running:
            await self.sidebar.build()

    def _theme_changed(self, _theme: object) -> None:
        # After the new theme's styles apply, so the legend takes the new colours.
        self.call_after_refresh(lambda: self.query_one("#legend", Static).update(self._legend()))

    # -- status line and header ---------------------------------------------------------------
    def _update_status(self) -> None:
        parts: list[str] = [self._flash] if self._flash else []
        if self.find_query:
            parts.append(f"Find “{self.find_query}”: {self._match_count()}")
        if self.selection_id is not None:
            name = self.article.speaker_name(self.selection_id)
            parts.append(f"{name}: {self.selection_index + 1}/{len(self.selection)} (n/N)")
        quote = self.current_quote
        if quote is not None:
            name = self.article.speaker_name(quote.speaker)
            if quote.is_quotation:
                number = self.article.quotations.index(quote) + 1
                parts.append(f"Quote {number}/{len(self.article.quotations)} - {name}")
            else:
                parts.append(f"Reported speech (not a quotation) - {name}")
        if not parts:
            parts.append("] next quote · } next speaker · / find · ? help")
        self.query_one("#status", TextLine).message = Text(visible("  │  ".join(parts)))
        # Redrawing the footer is costly: only when a key it shows is enabled or disabled.
        enabled = tuple(self.check_action(action, ()) for action in _STATEFUL_ACTIONS)
        if enabled != self._enabled_actions:
            self._enabled_actions = enabled
            self.refresh_bindings()

    @on(ArticleView.Scrolled)
    def _show_progress(self, event: ArticleView.Scrolled) -> None:
        self.sub_title = f"{self._subtitle_base} · {event.progress}%"

    # -- quotes -------------------------------------------------------------------------------
    def go_to_quote(self, quote: Quote) -> None:
        self.current_quote = quote

    def watch_current_quote(self, quote: Quote | None) -> None:
        view = self.view
        if quote is None:
            view.set_current_quote(None)
        else:
            span = Span(quote.paragraph, quote.start, quote.end)
            view.set_current_quote(span)
            view.reveal(span)
            if self.sidebar.active_tab == "quotes":  # the open list follows the reading
                self.sidebar.show_quote(quote)
        self._update_status()

    def _step_quote(self, step: int, other_speaker: bool) -> None:
        if not self.article.quotes:
            self.flash("This article has no speech to move through.")
            return
        top = self.view.top_span()
        position = top.paragraph if top else 1
        find = navigation.next_speaker if other_speaker else navigation.next_quotation
        quote = find(self.article, self.current_quote, position, step)
        if quote is None:
            what = "speaker" if other_speaker else "quotation"
            where = "after this one" if step > 0 else "before this one"
            self.flash(f"No {what} {where}.")
            return
        self.current_quote = quote

    def action_next_quote(self) -> None:
        self._step_quote(1, other_speaker=False)

    def action_previous_quote(self) -> None:
        self._step_quote(-1, other_speaker=False)

    def action_next_speaker(self) -> None:
        self._step_quote(1, other_speaker=True)

    def action_previous_speaker(self) -> None:
        self._step_quote(-1, other_speaker=True)

    def action_copy_quote(self) -> None:
        quote = self.current_quote
        if quote is None:
            self.flash("Nothing to copy: choose a quote first (] or } or a click on speech).")
            return
        self.copy_to_clipboard(copy_text(self.article, quote))
        name = self.article.speaker_name(quote.speaker)
        self.flash(
            f"Copied {KIND_LABELS[quote.kind]} by {name}, ¶{quote.paragraph}, with its source."
        )

    def flash(self, message: str) -> None:
        """Say something in the status line until the next key changes it."""
        self._flash = message
        self._update_status()
        self._flash = ""

    # -- selection: a person's (or place's ...) quotes and mentions -----------------------------
    def select_entity(self, entity_id: str) -> None:
        spans = {Span(m.paragraph, m.start, m.end) for m in self.article.mentions_of(entity_id)}
        spans |= {Span(q.paragraph, q.start, q.end) for q in self.article.quotes_by(entity_id)}
        self.selection = tuple(sorted(spans))
        self.selection_index = 0
        self.selection_id = entity_id
        self.view.set_selection(self.selection)
        if self.selection:
            self.view.reveal(self.selection[0])
        if self.sidebar.display:
            self.sidebar.show_entity(entity_id)
        self._update_status()

    def clear_selection(self) -> None:
        self.selection = ()
        self.selection_id = None
        self.view.set_selection(())
        self._update_status()

    @on(Sidebar.EntitySelected)
    def _entity_chosen(self, event: Sidebar.EntitySelected) -> None:
        self.select_entity(event.entity_id)
        if self.screen.has_class("-narrow"):
            self.sidebar_open = False  # the overlay covered the text: show where we went
            self.view.focus()

    @on(Sidebar.QuoteSelected)
    def _quote_chosen(self, event: Sidebar.QuoteSelected) -> None:
        self.current_quote = self.article.quotes[event.quote_index]
        if self.screen.has_class("-narrow"):
            self.sidebar_open = False
            self.view.focus()

    @on(ArticleView.SpanClicked)
    def _article_clicked(self, event: ArticleView.SpanClicked) -> None:
        if event.entity_id is not None:
            self.select_entity(event.entity_id)
            return
        # The innermost speech under the click: a quotation nested in reported speech wins.
        hits = [
            quote
            for quote in self.article.quotes
            if quote.paragraph == event.paragraph and quote.start <= event.offset < quote.end
        ]
        if hits:
            self.current_quote = hits[-1]

    # -- find ---------------------------------------------------------------------------------
    async def action_find(self) -> None:
        bars = self.query("#find-bar").results(FindBar)
        bar = next(bars, None)
        if bar is None:  # built on first use: most reading sessions never search
            bar = FindBar(id="find-bar")
            await self.query_one("#reading").mount(bar)
        bar.display = True
        self.query_one("#find-input", Input).focus()

    @on(Input.Changed, "#find-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self.find_query = event.value

    def watch_find_query(self, query: str) -> None:
        self.matches = tuple(find_spans(self.article, query)) if query else ()
        # Start from the first match at or after what is on screen, as a pager does.
        top = self.view.top_span()
        first = bisect.bisect_left(self.matches, top) if top is not None else 0
        self.match_index = first if first < len(self.matches) else 0
        if not query:
            self.query_one("#find-count", TextLine).message = Text("")
        self._show_match()

    def _show_match(self) -> None:
        current = self.matches[self.match_index] if self.matches else None
        self.view.set_matches(self.matches, current)
        if current is not None:
            self.view.reveal(current)
        if self.find_query:
            self.query_one("#find-count", TextLine).message = Text(self._match_count())
        self._update_status()

    def _match_count(self) -> str:
        """Which match is current, "3/12", for the find bar and the status line."""
        if not self.matches:
            return "no matches"
        return f"{self.match_index + 1}/{len(self.matches)}"

    @on(Input.Submitted, "#find-input")
    def _find_submitted(self) -> None:
        if self.matches:
            self.view.focus()
            self._move(1)

    def close_find(self) -> None:
        for bar in self.query("#find-bar"):
            bar.display = False
        self.query_one("#find-input", Input).value = ""
        self.find_query = ""
        self.view.focus()

    # -- n / N ----------------------------------------------------------------------------------
    def _move(self, step: int) -> None:
        if self.find_query and self.matches:
            self.match_index = (self.match_index + step) % len(self.matches)
            self._show_match()
        elif self.selection:
            self.selection_index = (self.selection_index + step) % len(self.selection)
            self.view.reveal(self.selection[self.selection_index])
            self._update_status()

    def action_next_item(self) -> None:
        self._move(1)

    def action_previous_item(self) -> None:
        self._move(-1)

    # -- escape ----------------------------------------------------------------------------------
    def action_step_back(self) -> None:
        """Escape backs out: sidebar overlay, then find bar, then selection, then quote."""
        if self.sidebar_open:  # on top of everything else, find bar included
            self.sidebar_open = False
            self.view.focus()
        elif any(bar.display for bar in self.query("#find-bar")):
            self.close_find()
        elif self.selection_id is not None:
            self.clear_selection()
        elif self.current_quote is not None:
            self.current_quote = None

    # -- panels -------------------------------------------------------------------------------
    @on(ArticleView.Resized)
    def _fit_sidebar_to_width(self) -> None:
        """The layout changed, with the screen's breakpoint classes for the new width."""
        if not self.screen.has_class("-narrow"):
            self.sidebar_open = False  # the overlay belongs to narrow windows only
        hidden_focus = not self.sidebar.display and self.sidebar.has_focus_within
        if self.focused is None or hidden_focus:
            self.view.focus()  # Textual drops the focus of a panel it hides: the text takes it

    def action_toggle_sidebar(self) -> None:
        if self.screen.has_class("-narrow"):
            self.sidebar_open = not self.sidebar_open
        else:
            self.sidebar_hidden = not self.sidebar_hidden

    def watch_sidebar_hidden(self, hidden: bool) -> None:
        self.screen.set_class(hidden, "-sidebar-hidden")
        if hidden and self.sidebar.has_focus_within:
            self.view.focus()

    def watch_sidebar_open(self, opened: bool) -> None:
        self.screen.set_class(opened, "-sidebar-open")
        if opened:
            self.call_later(self._focus_sidebar)
        elif self.sidebar.has_focus_within:
            self.view.focus()

    async def _focus_sidebar(self, tab: str | None = None) -> None:
        await self.sidebar.built.wait()
        if tab is not None:
            self.sidebar.query_one(TabbedContent).active = tab
        self.call_after_refresh(self.sidebar.active_list.focus)

    async def action_show_tab(self, tab: str) -> None:
        if self.screen.has_class("-narrow"):
            self.sidebar_open = True
        else:
            self.sidebar_hidden = False
        await self._focus_sidebar(tab)

    def action_toggle_highlight(self) -> None:
        view = self.view
        view.highlight_mentions = not view.highlight_mentions
        self.query_one("#legend", Static).display = view.highlight_mentions
        self.notify(
            "Mention colours on." if view.highlight_mentions else "Mention colours off.",
            timeout=2,
        )

    # -- dialogs ------------------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        name = f"{self.article.metadata.id}{EXTENSIONS['markdown']}"

        def exported(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported the article to {path}", markup=False, timeout=5)

        self.push_screen(ExportDialog(name, to_markdown(self.article)), exported)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_item", "previous_item"):
            return True if (self.find_query and self.matches) or self.selection else None
        return True


def find_spans(article: Article, query: str) -> list[Span]:
    """Every case-insensitive occurrence of `query` in the article, in reading order."""
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    return [
        Span(paragraph.number, match.start(), match.end())
        for paragraph in article.paragraphs
        for match in pattern.finditer(paragraph.text)
        if match.end() > match.start()
    ]
