"""The reading screen: it holds what the reader is looking at and routes keys and messages.

One `reading` (a `Reading` value) says which quote, selection and search are current; the
article view, the status line, the sidebar, the find bar and the workspace are bound to it
and draw it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import Reactive, var
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from .. import navigation, review
from ..attribution import KIND_LABELS, copy_text
from ..controls import for_screen
from ..model import Article, Quote, Span
from ..reading import Reading
from ..review import Suggestion
from ..search import find_spans
from ..settings import DEFAULT_TEXT_WIDTH
from ..state import ArticleState, Position
from .article_view import ArticleView
from .breakpoints import breakpoint_classes
from .findbar import FindBar
from .footer import ReaderFooter
from .frames import OneFrameScreen
from .header import ReaderHeader
from .keys import READER_BINDINGS
from .legend import Legend
from .sidebar import TABS, Sidebar
from .status import StatusLine
from .steady_scroll import style_scroll_bars
from .workspace import Workspace

REVIEW_ACTIONS = frozenset(
    {"next_suggestion", "previous_suggestion", "accept_suggestion", "reject_suggestion"}
)
FIND_OPENS_WITHIN = 2.0  # seconds the keys after `/` wait for the find box, at most
# Articles up to this many paragraphs are searched whole at each letter; longer ones, the
# window at each letter and the rest in a thread once typing pauses (or at Enter or n): a
# first letter took 58-68 ms of CPU at 2,401 paragraphs, 361 ms at 24,985, and a search of
# the whole for each letter typed on would compete with the keys that follow.
SEARCHED_WHOLE_UP_TO = 500
FIND_WHOLE_AFTER = 0.25  # seconds without a letter before a long article is searched whole
# A query shorter than this is searched whole only when asked for (Enter, n): one letter
# matched 98,000 times at 5 MB, and that search held the next letter back 300 ms.
FIND_WHOLE_FROM = 3


class ReaderScreen(OneFrameScreen):
    """One article, with everything that helps read it."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    # Textual's, without its repaint of the whole screen at each move of the focus (15-20 ms):
    # the widgets that gain and lose it restyle and repaint themselves.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    # What the reader is looking at; every pane that shows it is bound to it.
    reading: var[Reading] = var(Reading(), always_update=True)
    position: var[str] = var("")  # where the top of the window is: "¶ 12/25 · 48%"

    class Ready(Message):
        """The first frame is up, and the panes built after it: what can wait may run now."""

    class StateChanged(Message):
        """Something worth keeping changed (a bookmark): the app may save it now."""

    class Decided(Message):
        """The reader accepted or rejected a suggestion: the app writes it into the file."""

        def __init__(self, suggestion: Suggestion, accept: bool) -> None:
            super().__init__()
            self.suggestion = suggestion
            self.accept = accept

    class TextWidthChanged(Message):
        """The reader changed the text width: the app saves it in the settings."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(
        self,
        article: Article,
        remembered: ArticleState | None = None,
        *,
        text_width: int = DEFAULT_TEXT_WIDTH,
        greeting: str | None = None,
        review_from: Span | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        # What draft proposed and no one has reviewed yet, in reading order.
        self.suggestions = review.suggestions(article)
        self._review_from = review_from  # after a decision: the next suggestion is current
        # What the last session left (position, tab, bookmarks); updated by `remember`.
        self.remembered = remembered if remembered is not None else ArticleState()
        self._text_width = text_width
        self._greeting = greeting  # said once the text is up ("Reloaded ...")
        self._whole_search: Timer | None = None  # a long article's, when typing pauses
        # Told of the first frame the moment it is drawn (the app keeps it for the next start).
        self.first_frame_seen: Callable[[ReaderScreen], None] | None = None
        self.set_reactive(ReaderScreen.position, f"¶ 1/{len(article.paragraphs)} · 0%")
        meta = article.metadata
        publisher = f"{meta.publisher.name} · " if meta.publisher else ""
        # "events of": the reference date is the day of the events, not a publication date
        # (the source gives none), and a bare date in a title bar reads as one.
        self._subtitle_base = for_screen(
            f"{publisher}{meta.dateline} · events of {meta.reference_date:%d %B %Y}"
        )

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield ReaderHeader(icon="¶")
        with Workspace(self.article, id="main").data_bind(ReaderScreen.reading):
            with Vertical(id="reading"):
                view = ArticleView(self.article, id="article").data_bind(ReaderScreen.reading)
                yield Legend(view.mark_style, id="legend")
                yield view
            yield Sidebar(self.article, id="sidebar").data_bind(ReaderScreen.reading)
        yield StatusLine(self.article, suggestions=len(self.suggestions), id="status").data_bind(
            ReaderScreen.reading, ReaderScreen.position
        )

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def workspace(self) -> Workspace:
        return self.query_one("#main", Workspace)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def find_bar(self) -> FindBar | None:
        return next(self.query("#find-bar").results(FindBar), None)

    async def _on_resize(self, event: events.Resize) -> None:
        # Before Screen's, which lays the screen out at its new size and only then gives it
        # that size's classes: a window that crossed a breakpoint (80 columns, 24 lines) drew
        # a frame with the old size's layout, then laid out and drew again. And the overlay
        # belongs to narrow windows: a window widened under it showed it stretched across.
        classes = breakpoint_classes(self, event.size)
        if self.composed and not classes.get("-narrow", False):
            self.workspace.sidebar_open = False
        self.update_classes(classes, animate=False)

    def on_mount(self) -> None:
        if not self.composed:  # told to quit while it was composing: nothing to set up
            return
        self.update_classes(breakpoint_classes(self), update=False)
        self.app.sub_title = f"{self._subtitle_base} · 0%"
        view = self.view
        view.text_width = self._text_width
        view.bookmarks = frozenset(
            n for n in self.remembered.bookmarks if 1 <= n <= len(self.article.paragraphs)
        )
        position = self.remembered.position
        if position is not None and 1 <= position.paragraph <= len(self.article.paragraphs):
            view.start_at(Span(position.paragraph, position.offset, position.offset))
            if self._greeting is None:
                self._greeting = f"Back at ¶ {position.paragraph} · g for the top"
        view.focus()
        current = review.after(self.suggestions, self._review_from) if self._review_from else None
        self.reading = self.reading.reviewing(current)
        self.call_after_refresh(self.after_first_paint)

    @property
    def leaving(self) -> bool:
        """The reader is quitting, or this screen was replaced (a reload): build no more.

        A replaced screen can stay attached: the first version's is the default mode's, which
        Textual keeps; under load its sidebar was still being built (Tabs' "No Tab with id")
        while the reloaded one was up."""
        replaced = getattr(self.app, "main", self) is not self
        return self.app.return_code is not None or not self.is_attached or replaced

    async def after_first_paint(self) -> None:
        """The article is on screen: now build what can wait a few milliseconds."""
        seen, self.first_frame_seen = self.first_frame_seen, None
        if seen is not None and self.is_attached and self.app.return_code is None:
            seen(self)  # the frame as drawn, before anything more changes it
        try:
            await self._build_after_first_paint()
        except Exception:
            # The reader was quit (or the screen replaced) while these were being built: what
            # they were mounted into is going (MountError, NoMatches, Tabs' ValueError "No
            # Tab with id"). While the reader stays, any error is a bug, and shown as one.
            if not self.leaving:
                raise
            return
        if not self.leaving:
            self.post_message(self.Ready())

    async def _build_after_first_paint(self) -> None:
        # Each step awaits the next frame: the reader may be quit (q, a hang-up) between any
        # two, so each looks first.
        if self.reading.suggestion is not None:  # the next to review, after a decision
            self.view.reveal(self.reading.suggestion.span)
        if self._greeting:
            self.flash(self._greeting)
        if self.leaving:
            return
        # The footer's ten keys cost the first paint 17 ms: they come a frame later.
        await self.mount(ReaderFooter(compact=True))  # more keys fit a narrow window
        if self.leaving:
            return
        self.refresh_bindings()
        await self.sidebar.build()
        if self.leaving:
            return
        style_scroll_bars(self.view)  # before the first key that moves the keys off the text
        tab = self.remembered.tab
        if tab in TABS and tab != self.sidebar.active_tab:
            self.sidebar.select_tab(tab)
        # Hidden, and drawn only when its tab is shown: mounted on the map's first key, that
        # key was a mount, a frame without the map's keys, then a second layout (25 ms).
        await self.sidebar.mount_map()
        if not self.leaving:
            canvas = self.sidebar.map_canvas
            if canvas is not None:
                self.query_one(ReaderFooter).make_room_for(canvas)

    def show_reload_errors(self, name: str, errors: str) -> None:
        """The file changed and does not load: its errors, over the last good version."""
        from .reload_errors import ReloadErrors  # most readings never see one

        shown = next(self.query("#reload-errors").results(ReloadErrors), None)
        if shown is None:
            self.query_one("#reading").mount(ReloadErrors(name, errors), before=0)
        else:
            shown.show(name, errors)
        self.add_class("-reload-failed")
        self.flash(f"{for_screen(Path(name).name)} has errors: the last good version is shown.")

    @property
    def composed(self) -> bool:
        """The panes are there (a reload seen under load can come before they are)."""
        return bool(self.query("#article"))

    @property
    def text_width(self) -> int:
        return self.view.text_width if self.composed else self._text_width

    def remember(self) -> ArticleState:
        """Put where the reader is (top paragraph and offset, tab, bookmarks) into `remembered`."""
        if not self.composed:  # nothing read yet: what the last session left still holds
            return self.remembered
        top = self.view.top_span() if self.view.scroll_y > 0 else None
        self.remembered.position = Position(top.paragraph, top.start) if top else None
        self.remembered.tab = self.sidebar.active_tab or self.remembered.tab
        self.remembered.bookmarks = sorted(self.view.bookmarks)
        return self.remembered

    def flash(self, message: str) -> None:
        """Say something in the status line until the reading next changes."""
        self.status.flash(message)

    @on(ArticleView.Scrolled)
    def _show_progress(self, event: ArticleView.Scrolled) -> None:
        self.app.sub_title = f"{self._subtitle_base} · {event.progress}%"
        paragraph = self.view.top_paragraph()
        self.position = f"¶ {paragraph}/{len(self.article.paragraphs)} · {event.progress}%"

    # -- the reading ----------------------------------------------------------------------------
    def _read(self, reading: Reading, reveal: Span | None = None) -> None:
        """Make `reading` the current one, and bring `reveal` into view."""
        self.reading = reading
        if reveal is not None:
            self.view.reveal(reveal)

    def go_to_quote(self, quote: Quote | None) -> None:
        bar = self.find_bar
        if bar is not None and bar.has_focus_within:  # chosen in the palette: keys to the text
            self.set_focus(self.view)
        span = quote.span if quote is not None else None
        self._read(self.reading.reading_quote(quote), span)

    def _step_quote(self, step: int, other_speaker: bool) -> None:
        self._show_text()
        top = self.view.top_span()
        quote, said = navigation.stepped(
            self.article,
            self.reading.quote,
            self.view.shows,
            top.paragraph if top else 1,
            step,
            other_speaker,
        )
        if quote is None:
            self.flash(said)
        else:
            self.go_to_quote(quote)

    def action_next_quote(self) -> None:
        self._step_quote(1, other_speaker=False)

    def action_previous_quote(self) -> None:
        self._step_quote(-1, other_speaker=False)

    def action_next_speaker(self) -> None:
        self._step_quote(1, other_speaker=True)

    def action_previous_speaker(self) -> None:
        self._step_quote(-1, other_speaker=True)

    def action_copy_quote(self) -> None:
        quote = navigation.to_copy(self.article, self.reading.quote, self.view.shows)
        if quote is None:
            self.flash("No speech on screen to copy: ] or } goes to the next.")
            return
        if quote != self.reading.quote:
            self.go_to_quote(quote)  # what is copied is marked
        self.app.copy_to_clipboard(copy_text(self.article, quote))
        name = self.article.name_of(quote.speaker)
        self.flash(
            f"Copied {KIND_LABELS[quote.kind]} by {name}, ¶{quote.paragraph}, with its source."
        )

    def select_entity(self, entity_id: str) -> None:
        """Choose a person, place, date or organisation: its mentions and speech are marked."""
        bar = self.find_bar
        if bar is not None and bar.display:  # a new choice ends the search: n is the choice's
            self._close_find()
        reading = self.reading.selecting(self.article, entity_id)
        if reading.place(self.article) is None:
            self._show_text()  # the map shows places only: the text shows the rest
        self._read(reading, reading.current_item)

    def clear_entity_selection(self) -> None:
        # Not `clear_selection`: that is Textual's own, for selected text, and Input calls it.
        self._read(self.reading.unselecting())

    @on(Sidebar.EntitySelected)
    def _entity_chosen(self, event: Sidebar.EntitySelected) -> None:
        self.select_entity(event.entity_id)
        self.workspace.back_to_text_if_covered()

    @on(Sidebar.QuoteSelected)
    def _quote_chosen(self, event: Sidebar.QuoteSelected) -> None:
        self.go_to_quote(event.quote)
        self.workspace.back_to_text_if_covered()

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
            self.go_to_quote(hits[-1])

    # -- find, n / N ------------------------------------------------------------------------------
    async def action_find(self) -> None:
        self._show_text()
        # Built on this screen's own loop (a binding's action runs on the app's, and a widget
        # is bound to the `reading` of the node that makes it); the app waits for the box to
        # have the focus, so that the keys typed after `/` in the same burst go into it.
        opened = asyncio.Event()
        self.call_later(self._open_find, opened)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(opened.wait(), FIND_OPENS_WITHIN)

    async def _open_find(self, opened: asyncio.Event) -> None:
        try:
            bar = self.find_bar
            if bar is None:  # built on first use: most reading sessions never search
                bar = FindBar(self.article, id="find-bar").data_bind(ReaderScreen.reading)
                await self.query_one("#reading").mount(bar)
            bar.open(self.reading.last_query)
        finally:
            opened.set()

    @on(FindBar.QueryChanged)
    def _query_changed(self, event: FindBar.QueryChanged) -> None:
        self._search(event.query)

    def _search(self, query: str) -> None:
        """Search for `query`: a long article's window first, and the rest in a thread."""
        self._cancel_whole_search()
        start = self.view.find_start()
        if len(self.article.paragraphs) <= SEARCHED_WHOLE_UP_TO or not query:
            reading = self.reading.searching(self.article, query, start)
            self._read(reading, reading.current_match)
            return
        top = start.paragraph if start is not None else 1
        window = range(top, top + self.view.size.height + 1)  # a paragraph has a line at least
        rest_coming = len(query) >= FIND_WHOLE_FROM
        self._read(
            self.reading.searching_window(self.article, query, window, rest_coming=rest_coming)
        )
        if rest_coming:
            self._whole_search = self.set_timer(FIND_WHOLE_AFTER, self._search_whole_now)

    def _search_whole_now(self) -> None:
        """Search the whole of a long article for what find has, if only its window was."""
        self._cancel_whole_search()
        finding = self.reading.finding
        if finding is not None and not finding.complete:
            self._search_the_rest(finding.query)

    def _cancel_whole_search(self) -> None:
        if self._whole_search is not None:
            self._whole_search.stop()
            self._whole_search = None

    @work(thread=True, exclusive=True, group="find")
    def _search_the_rest(self, query: str) -> None:
        # The article is immutable: a thread may read it.
        matches = tuple(find_spans(self.article, query))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._found_all, query, matches)

    def _found_all(self, query: str, matches: tuple[Span, ...]) -> None:
        finding = self.reading.finding
        if finding is None or finding.query != query or finding.complete:
            return  # typed on, closed, or already whole: this search is old news
        reading = self.reading.found_all(self.article, matches, self.view.find_start())
        self._read(reading, None if finding.current is not None else reading.current_match)

    @on(FindBar.Submitted)
    def _find_submitted(self) -> None:
        self._search_whole_now()  # Enter before typing paused, or a short query: wanted now
        finding = self.reading.finding
        if finding is not None and finding.named is not None:  # "kyiv": the text says "Kiev"
            self._close_find()
            self.select_entity(finding.named)
        elif finding is not None and finding.matches:
            self.set_focus(self.view)
            self._move(1)

    def _close_find(self) -> None:
        self._cancel_whole_search()
        self._read(self.reading.closing_search())
        bar = self.find_bar
        if bar is not None:
            bar.close()
        self.set_focus(self.view)

    def _move(self, step: int) -> None:
        self._show_text()
        self._search_whole_now()  # n before typing paused, or a short query: wanted now
        reading = self.reading
        if not reading.can_step:
            self.flash("Nothing to step through: / finds words; a name chosen marks its mentions.")
            return
        if not reading.matching and reading.current_item is None and reading.last_query:
            # n after Escape: the last search again
            self._search(reading.last_query)
            return
        moved, wrapped = reading.step(step)
        self._read(moved, moved.current_match or moved.current_item)
        if wrapped:
            self.flash(wrapped)

    def action_next_item(self) -> None:
        self._move(1)

    def action_previous_item(self) -> None:
        self._move(-1)

    def action_step_back(self) -> None:
        """Escape backs out: the map, the sidebar, find, selection, quote, then notices."""
        bar = self.find_bar
        if self.workspace.leave_map() or self.workspace.leave_sidebar():
            pass
        elif bar is not None and (bar.display or self.reading.finding is not None):
            self._close_find()
        elif self.reading.entity_id is not None:
            self.clear_entity_selection()
        elif self.reading.quote is not None:
            self.go_to_quote(None)
        else:
            self.app.clear_notifications()

    # -- panels -------------------------------------------------------------------------------
    def _show_text(self) -> None:
        """Actions that work on the text close what covers it: the map, the narrow sidebar."""
        self.workspace.uncover_text()

    def watch_focused(self, focused: Widget | None) -> None:
        """The status line says where the keys go, in the step that moves them (see
        Sidebar.on_mount)."""
        if focused is None:
            self.status.pane = ""
        elif focused.id in ("full-map-canvas", "sidebar-map-canvas"):
            self.status.pane = "map"
        elif self.sidebar in focused.ancestors:
            self.status.pane = "sidebar"
        else:
            self.status.pane = ""

    def action_toggle_sidebar(self) -> None:
        self.workspace.toggle_sidebar()

    def action_show_tab(self, tab: str) -> None:
        self.workspace.show_tab(tab)

    def action_toggle_highlight(self) -> None:
        shown = self.view.highlight_mentions = not self.view.highlight_mentions
        # The stylesheet decides what shows: the narrow layout hides the legend anyway.
        self.set_class(not shown, "-no-highlight")
        self.flash("Mention marks on." if shown else "Mention marks off.")

    # -- paragraphs ---------------------------------------------------------------------------
    def go_to_paragraph(self, number: int) -> None:
        self._show_text()
        self.view.start_at(Span(number, 0, 0))
        self.set_focus(self.view)
        self.flash(f"¶ {number}")

    async def action_go_to(self) -> None:
        from .prompt import GoToPrompt

        def chosen(number: int | None) -> None:
            if number is not None:
                self.go_to_paragraph(number)

        # Awaited: the keys after `:` (one write from the terminal) go to the prompt.
        await self.app.push_screen(GoToPrompt(len(self.article.paragraphs)), chosen)

    def action_toggle_bookmark(self) -> None:
        self.flash(self.view.toggle_bookmark_at_top())
        self.post_message(self.StateChanged())

    def bookmark_list(self) -> list[tuple[int, str]]:
        return self.view.bookmark_list()

    def action_bookmarks(self) -> None:
        if not self.view.bookmarks:
            self.flash("No bookmarks yet: m marks the paragraph at the top of the window.")
            return
        from textual.command import CommandPalette

        from .commands import BookmarkCommands

        palette = CommandPalette(providers=[BookmarkCommands], placeholder="Go to a bookmark…")
        self.app.push_screen(palette)

    def action_toggle_numbers(self) -> None:
        self.flash(self.view.toggle_numbers())

    def action_text_width(self, step: int) -> None:
        width, said = self.view.widen(step)
        self.flash(said)
        if width is not None:
            self.post_message(self.TextWidthChanged(width))

    # -- reviewing what draft proposed -------------------------------------------------------------
    def _step_suggestion(self, step: int) -> None:
        self._show_text()
        found, wrapped = review.stepped(
            self.suggestions, self.reading.suggestion, self.view.top_span(), step
        )
        if found is None:
            self.flash(wrapped)
            return
        self._read(self.reading.reviewing(found), found.span)
        if wrapped:
            self.flash(wrapped)

    def action_next_suggestion(self) -> None:
        self._step_suggestion(1)

    def action_previous_suggestion(self) -> None:
        self._step_suggestion(-1)

    def _decide(self, accept: bool) -> None:
        chosen = review.in_view(self.suggestions, self.reading.suggestion, self.view.shows)
        if chosen is None:
            self.flash("No suggestion on screen: > goes to the next one.")
            return
        if chosen != self.reading.suggestion:  # what is decided is marked
            self._read(self.reading.reviewing(chosen))
        self.post_message(self.Decided(chosen, accept))

    def action_accept_suggestion(self) -> None:
        self._decide(accept=True)

    def action_reject_suggestion(self) -> None:
        self._decide(accept=False)

    # -- dialogs ------------------------------------------------------------------------------
    async def action_show_map(self) -> None:
        await self.workspace.toggle_map()

    def action_export(self) -> None:
        from .dialogs import export_article  # dialogs and exports: imported on first use

        export_article(self.app, self.article)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in REVIEW_ACTIONS:  # an article with nothing to review has no such keys
            return bool(self.suggestions)
        # `:` and `/` are priority keys: in a text box they are typed, not obeyed.
        return not (action in ("go_to", "find") and isinstance(self.focused, Input))
