"""The reading screen: article, sidebar, find bar and status line, and the keys between them."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Static

from .. import navigation
from ..attribution import KIND_LABELS, copy_text
from ..formatting import printable, shorten
from ..model import Article, Place, Quote, Span
from ..settings import DEFAULT_TEXT_WIDTH, MAX_TEXT_WIDTH, MIN_TEXT_WIDTH
from ..state import ArticleState, Position
from .article_view import QUOTE_GUTTER, ArticleView
from .findbar import FindBar
from .footer import ReaderFooter
from .keys import READER_BINDINGS
from .legend import Legend
from .sidebar import TABS, Sidebar
from .status import StatusLine
from .wrapping import visible

# Actions shown in the footer whose availability changes while reading.
_STATEFUL_ACTIONS = ("next_item",)
LEGEND = (
    ("person", "person"),
    ("place", "place"),
    ("date", "date"),
    ("organization", "organisation"),
)


def breakpoint_classes(screen: Screen[None]) -> dict[str, bool]:
    """The size classes that Textual gives `screen` at a Resize, for the window's size now."""
    app = screen.app
    classes: dict[str, bool] = {}
    for breakpoints, dimension in (
        (screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or [], app.size.width),
        (screen.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or [], app.size.height),
    ):
        # As Textual does: the largest breakpoint not above the size applies.
        chosen = next(
            (name for limit, name in sorted(breakpoints, reverse=True) if dimension >= limit),
            None,
        )
        classes.update((name, name == chosen) for _, name in breakpoints)
    return classes


class ReaderScreen(Screen[None]):
    """One article, with everything that helps read it."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    # The reader's state; the status line is derived from it.
    # No watcher runs before the panes exist (init=False).
    current_quote: var[Quote | None] = var(None, init=False)
    selection_id: var[str | None] = var(None)
    selection_index: var[int] = var(0)
    find_summary: var[str] = var("")  # "Find “kiev”: 1/2", or nothing when not finding
    position: var[str] = var("")  # where the top of the window is: "¶ 12/25 · 48%"
    sidebar_hidden: var[bool] = var(False, init=False)  # wide windows: the reader hid it
    sidebar_open: var[bool] = var(False, init=False)  # narrow windows: the reader brought it up
    map_place: var[str | None] = var(None)  # the place the maps centre on and mark

    class Ready(Message):
        """The first frame is up, and the panes built after it: what can wait may run now."""

    class StateChanged(Message):
        """Something worth keeping changed (a bookmark): the app may save it now."""

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
    ) -> None:
        super().__init__()
        self.article = article
        # What the last session left (position, tab, bookmarks); updated by `remember`.
        self.remembered = remembered if remembered is not None else ArticleState()
        self._text_width = text_width
        self._greeting = greeting  # said once the text is up ("Reloaded ...")
        self.selection: tuple[Span, ...] = ()
        self.set_reactive(ReaderScreen.position, f"¶ 1/{len(article.paragraphs)} · 0%")
        self._enabled_actions: tuple[bool | None, ...] = ()
        meta = article.metadata
        publisher = f"{meta.publisher.name} · " if meta.publisher else ""
        self._subtitle_base = visible(
            f"{publisher}{meta.dateline} · {meta.reference_date:%d %B %Y}"
        )

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="¶")
        with Horizontal(id="main"):
            with Vertical(id="reading"):
                yield Legend(id="legend")
                yield ArticleView(self.article, id="article")
            yield Sidebar(self.article, id="sidebar")
        yield StatusLine(id="status", markup=False)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def find_bar(self) -> FindBar | None:
        return next(self.query("#find-bar").results(FindBar), None)

    def on_mount(self) -> None:
        # Textual sets the window's size classes (-wide, -tall) at the first Resize, after the
        # first styling: every widget was styled twice and the article drawn twice before the
        # first frame. Set now, the first styling is the right one.
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
        self._show_legend()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(self.after_first_paint)

    def on_unmount(self) -> None:
        # The app's signal holds its subscribers' callbacks, and so each replaced screen with
        # its article (3 MB a reload), until a theme is next chosen.
        self.app.theme_changed_signal.unsubscribe(self)

    @property
    def leaving(self) -> bool:
        """The reader is quitting, or this screen was replaced (a reload): build no more."""
        return self.app.return_code is not None or not self.is_attached

    async def after_first_paint(self) -> None:
        """The article is on screen: now build what can wait a few milliseconds."""
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
        if self._greeting:
            self.flash(self._greeting)
        if self.leaving:
            return
        # The footer's ten keys cost the first paint 17 ms: they come a frame later.
        await self.mount(ReaderFooter())
        if self.leaving:
            return
        self.refresh_bindings()
        await self.sidebar.build()
        if self.leaving:
            return
        tab = self.remembered.tab
        if tab in TABS and tab != self.sidebar.active_tab:
            self.sidebar.select_tab(tab)

    def show_reload_errors(self, name: str, errors: str) -> None:
        """The file changed and does not load: its errors, over the last good version."""
        # Short, so that a small window still shows the first error under it.
        text = Text(f"{printable(name)} has errors (the last good version is shown):", "bold")
        for line in errors.splitlines():
            text.append("\n" + printable(line))
        shown = next(iter(self.query("#reload-errors-text").results(Static)), None)
        if shown is None:  # made on the first failure: most readings never see one
            shown = Static(text, id="reload-errors-text", markup=False)
            panel = VerticalScroll(shown, id="reload-errors")
            self.query_one("#reading").mount(panel, before=0)
        else:
            shown.update(text)
        self.add_class("-reload-failed")

    def remember(self) -> ArticleState:
        """Put where the reader is (top paragraph and offset, tab, bookmarks) into `remembered`."""
        top = self.view.top_span() if self.view.scroll_y > 0 else None
        self.remembered.position = Position(top.paragraph, top.start) if top else None
        self.remembered.tab = self.sidebar.active_tab or self.remembered.tab
        self.remembered.bookmarks = sorted(self.view.bookmarks)
        return self.remembered

    def _show_legend(self) -> None:
        """The kinds of mention, each drawn in the style the article view uses for it."""
        legend = Text("Mentions:")
        for kind, label in LEGEND:
            legend.append(" ")
            legend.append(label, style=self.view.mark_style(kind))
        legend.append("   (h hides them)", style="dim")
        self.query_one("#legend", Legend).show(legend)

    def _theme_changed(self, _theme: object) -> None:
        # After the new theme's styles apply, so the legend takes the new colours.
        self.call_after_refresh(self._show_legend)

    def flash(self, message: str) -> None:
        """Say something in the status line until the reader's state next changes."""
        self.status.flash(message)

    def _refresh_footer(self) -> None:
        # Redrawing the footer is costly: only when a key it shows is enabled or disabled.
        enabled = tuple(self.check_action(action, ()) for action in _STATEFUL_ACTIONS)
        if enabled != self._enabled_actions:
            self._enabled_actions = enabled
            self.refresh_bindings()

    @on(ArticleView.Scrolled)
    def _show_progress(self, event: ArticleView.Scrolled) -> None:
        self.app.sub_title = f"{self._subtitle_base} · {event.progress}%"
        paragraph = self._top_paragraph()
        self.position = f"¶ {paragraph}/{len(self.article.paragraphs)} · {event.progress}%"

    # -- quotes -------------------------------------------------------------------------------
    def go_to_quote(self, quote: Quote) -> None:
        self.current_quote = quote

    def watch_current_quote(self, quote: Quote | None) -> None:
        view = self.view
        if quote is None:
            view.set_current_quote(None)
            return
        span = Span(quote.paragraph, quote.start, quote.end)
        view.set_current_quote(span)
        view.reveal(span)
        if self.sidebar.active_tab == "quotes":  # the open list follows the reading
            self.sidebar.show_quote(quote)

    def _step_quote(self, step: int, other_speaker: bool) -> None:
        self._show_text()
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
        self.app.copy_to_clipboard(copy_text(self.article, quote))
        name = self.article.speaker_name(quote.speaker)
        self.flash(
            f"Copied {KIND_LABELS[quote.kind]} by {name}, ¶{quote.paragraph}, with its source."
        )

    # -- selection: a person's (or place's ...) quotes and mentions -----------------------------
    def select_entity(self, entity_id: str) -> None:
        spans = {Span(m.paragraph, m.start, m.end) for m in self.article.mentions_of(entity_id)}
        spans |= {Span(q.paragraph, q.start, q.end) for q in self.article.quotes_by(entity_id)}
        self.selection = tuple(sorted(spans))
        self.selection_index = 0
        self.selection_id = entity_id
        if isinstance(self.article.find_entity(entity_id), Place):
            self.map_place = entity_id
        self._show_item()
        if self.sidebar.display:
            self.sidebar.show_entity(entity_id)
        self.status.refresh_state()
        self._refresh_footer()

    def _show_item(self) -> None:
        """Mark the selection's current item apart from the rest, and bring it into view."""
        current = self.selection[self.selection_index] if self.selection else None
        self.view.set_selection(self.selection, current)
        if current is not None:
            self.view.reveal(current)

    def clear_entity_selection(self) -> None:
        # Not `clear_selection`: that is Textual's own, for selected text, and Input calls it.
        self.selection = ()
        self.selection_id = None
        self.view.set_selection(())
        self._refresh_footer()

    @on(Sidebar.EntitySelected)
    def _entity_chosen(self, event: Sidebar.EntitySelected) -> None:
        self.select_entity(event.entity_id)
        if self.has_class("-narrow"):
            self.sidebar_open = False  # the overlay covered the text: show where we went
            self.view.focus()

    @on(Sidebar.QuoteSelected)
    def _quote_chosen(self, event: Sidebar.QuoteSelected) -> None:
        self.current_quote = self.article.quotes[event.quote_index]
        if self.has_class("-narrow"):
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
    def _show_text(self) -> None:
        """Actions that work on the text close the narrow sidebar overlay that hides it."""
        if self.sidebar_open:
            self.sidebar_open = False

    async def action_find(self) -> None:
        self._show_text()
        bar = self.find_bar
        if bar is None:  # built on first use: most reading sessions never search
            bar = FindBar(self.article, self.view.find_start, id="find-bar")
            await self.query_one("#reading").mount(bar)
        bar.open()

    @on(FindBar.Changed)
    def _matches_changed(self, event: FindBar.Changed) -> None:
        bar = event.bar
        current = bar.current
        self.view.set_matches(bar.matches, current)
        if current is not None:
            self.view.reveal(current)
        self.find_summary = f"Find “{bar.query_text}”: {bar.count()}" if bar.query_text else ""
        if event.wrapped:
            self.flash(event.wrapped)
        self._refresh_footer()

    @on(FindBar.Submitted)
    def _find_submitted(self, event: FindBar.Submitted) -> None:
        self.view.focus()
        bar = self.find_bar
        if event.entity_id is not None and bar is not None:  # "kyiv": the text says "Kiev"
            bar.close()
            self.select_entity(event.entity_id)
            return
        self._move(1)

    def _finding(self) -> FindBar | None:
        bar = self.find_bar
        return bar if bar is not None and bar.query_text and bar.matches else None

    # -- n / N ----------------------------------------------------------------------------------
    def _move(self, step: int) -> None:
        self._show_text()
        bar = self._finding()
        if bar is not None:
            bar.move(step)
        elif self.selection:
            self.selection_index = (self.selection_index + step) % len(self.selection)
            self._show_item()
        elif self.find_bar is not None and self.find_bar.last_query:
            self.find_bar.resume()  # n after Escape: the last search again

    def action_next_item(self) -> None:
        self._move(1)

    def action_previous_item(self) -> None:
        self._move(-1)

    # -- escape ----------------------------------------------------------------------------------
    def action_step_back(self) -> None:
        """Escape backs out: sidebar overlay, find bar, selection, quote, then notices."""
        bar = self.find_bar
        if self.sidebar_open:  # on top of everything else, find bar included
            self.sidebar_open = False
            self.view.focus()
        elif self.sidebar.has_focus_within:  # wide windows: back to the text, as the overlay
            self.view.focus()
        elif bar is not None and (bar.display or bar.query_text):
            bar.close()
            self.view.focus()
        elif self.selection_id is not None:
            self.clear_entity_selection()
        elif self.current_quote is not None:
            self.current_quote = None
        else:
            self.app.clear_notifications()

    # -- panels -------------------------------------------------------------------------------
    @on(ArticleView.Resized)
    def _fit_sidebar_to_width(self) -> None:
        """The layout changed, with the screen's breakpoint classes for the new width."""
        if not self.has_class("-narrow"):
            self.sidebar_open = False  # the overlay belongs to narrow windows only
        hidden_focus = not self.sidebar.display and self.sidebar.has_focus_within
        if self.focused is None or hidden_focus:
            self.view.focus()  # Textual drops the focus of a panel it hides: the text takes it

    def action_toggle_sidebar(self) -> None:
        if self.has_class("-narrow"):
            self.sidebar_open = not self.sidebar_open
        else:
            self.sidebar_hidden = not self.sidebar_hidden

    def watch_sidebar_hidden(self, hidden: bool) -> None:
        self.set_class(hidden, "-sidebar-hidden")
        if hidden and self.sidebar.has_focus_within:
            self.view.focus()

    def watch_sidebar_open(self, opened: bool) -> None:
        self.set_class(opened, "-sidebar-open")
        if opened:
            self._focus_sidebar_soon()
        elif self.sidebar.has_focus_within:
            self.view.focus()

    def _focus_sidebar_soon(self, tab: str | None = None) -> None:
        # A worker, not an awaited action: the sidebar is built by this screen's own message
        # loop, which an action waiting for it would block.
        async def focus() -> None:
            await self._focus_sidebar(tab)

        # A function, not a coroutine: a worker cancelled before it starts leaves none unawaited.
        self.run_worker(focus, group="focus-sidebar", exclusive=True)  # type: ignore[arg-type]

    async def _focus_sidebar(self, tab: str | None = None) -> None:
        await self.sidebar.built.wait()
        if tab is not None:
            self.sidebar.select_tab(tab)
        if self.sidebar.active_tab == "map":
            await self.sidebar.mount_map()

        def focus() -> None:
            target = self.sidebar.focus_target()
            if target is not None:
                target.focus()

        self.call_after_refresh(focus)

    def action_show_tab(self, tab: str) -> None:
        if self.has_class("-narrow"):
            self.sidebar_open = True
        else:
            self.sidebar_hidden = False
        self._focus_sidebar_soon(tab)

    def action_toggle_highlight(self) -> None:
        view = self.view
        view.highlight_mentions = not view.highlight_mentions
        # The stylesheet decides what shows: the narrow layout hides the legend anyway.
        self.set_class(not view.highlight_mentions, "-no-highlight")
        self.notify(
            "Mention marks on." if view.highlight_mentions else "Mention marks off.",
            timeout=2,
        )

    # -- paragraphs: numbers, bookmarks, going to one -----------------------------------------
    def _top_paragraph(self) -> int:
        """The paragraph at the top of the window (the last, below the text's end)."""
        top = self.view.top_span()
        return top.paragraph if top else len(self.article.paragraphs)

    def go_to_paragraph(self, number: int) -> None:
        self._show_text()
        self.view.start_at(Span(number, 0, 0))
        self.view.focus()
        self.flash(f"¶ {number}")

    def action_go_to(self) -> None:
        def chosen(number: int | None) -> None:
            if number is not None:
                self.go_to_paragraph(number)

        from .prompt import GoToPrompt

        self.app.push_screen(GoToPrompt(len(self.article.paragraphs)), chosen)

    def action_toggle_bookmark(self) -> None:
        number = self._top_paragraph()
        marks = set(self.view.bookmarks)
        if number in marks:
            marks.discard(number)
            self.flash(f"Removed the bookmark on ¶ {number}.")
        else:
            marks.add(number)
            self.flash(f"Bookmarked ¶ {number} (' lists the bookmarks).")
        self.view.bookmarks = frozenset(marks)
        self.post_message(self.StateChanged())

    def bookmarks(self) -> list[tuple[int, str]]:
        """The bookmarked paragraphs, each with its first words."""
        return [
            (number, f"¶ {number}: {self.opening(number)}")
            for number in sorted(self.view.bookmarks)
        ]

    def opening(self, number: int) -> str:
        """The first words of paragraph `number`, to name it in a list."""
        return shorten(visible(self.article.paragraphs[number - 1].text), 60)

    def action_bookmarks(self) -> None:
        if not self.view.bookmarks:
            self.flash("No bookmarks yet: m marks the paragraph at the top of the window.")
            return
        from textual.command import CommandPalette

        from .commands import BookmarkCommands

        palette = CommandPalette(providers=[BookmarkCommands], placeholder="Go to a bookmark…")
        self.app.push_screen(palette)

    def action_toggle_numbers(self) -> None:
        view = self.view
        view.paragraph_numbers = not view.numbers_shown
        self.flash("Paragraph numbers on." if view.paragraph_numbers else "Paragraph numbers off.")

    def action_text_width(self, step: int) -> None:
        view = self.view
        width = max(MIN_TEXT_WIDTH, min(MAX_TEXT_WIDTH, view.text_width + step))
        if width == view.text_width:
            self.flash(
                f"The text is already {width} columns at most ({MIN_TEXT_WIDTH}-{MAX_TEXT_WIDTH})."
            )
            return
        view.text_width = width
        shown = view.measure + len(QUOTE_GUTTER)
        room = "" if shown >= width else f"; the window shows {shown}"
        self.flash(f"Text width {width} columns{room}.")
        self.post_message(self.TextWidthChanged(width))

    # -- dialogs ------------------------------------------------------------------------------
    def action_show_map(self) -> None:
        from .map_screen import MapScreen  # the map's code and data load on first use

        self.app.push_screen(MapScreen(self))

    def action_help(self) -> None:
        from .dialogs import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_export(self) -> None:
        from ..export import EXTENSIONS, to_markdown
        from .dialogs import ExportDialog  # dialogs and exports: imported on first use

        name = f"{self.article.metadata.id}{EXTENSIONS['markdown']}"
        if self.app.is_web:
            # In a browser the file belongs on the reader's machine, not the server's.
            from io import StringIO

            self.app.deliver_text(StringIO(to_markdown(self.article)), save_filename=name)
            self.notify(f"Sent {name} to your browser as a download.", markup=False, timeout=5)
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                shown = printable(str(path))  # a typed name may hold anything
                self.notify(f"Exported the article to {shown}", markup=False, timeout=5)

        self.app.push_screen(ExportDialog(name, to_markdown(self.article)), exported)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_item", "previous_item"):
            bar = self.find_bar
            resumable = bar is not None and bool(bar.last_query)
            return True if self._finding() is not None or self.selection or resumable else None
        return True
