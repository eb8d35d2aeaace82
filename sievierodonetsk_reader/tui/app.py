"""The reader application: themes, settings, saved state, reloading, and the screen that reads."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import BindingType
from textual.driver import Driver
from textual.reactive import Reactive

from .. import collector
from ..controls import for_screen
from ..first_screen import reading_place
from ..loader import ArticleError, file_stamp
from ..loading import Loaded
from ..model import Article, Span
from ..reconcile import Moves
from ..review import ReviewError, Suggestion, decide
from ..settings import Settings
from ..state import StateStore
from .commands import ReaderCommands
from .keys import ALL_BINDINGS, APP_BINDINGS, DEFAULT_KEYS, keymap_with
from .screen import ReaderScreen

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from ..first_screen import FirstScreen, Frame, Line
    from .terminal import ReaderDriver

# Seconds with no key nor click after which the collector's full pass, if one is due, is made
# (see collector.py), and between looks at whether that long has passed.
COLLECT_AFTER_PAUSE = 1.0
PAUSE_INTERVAL = 0.5
WATCH_INTERVAL = 0.5  # seconds between looks at the article file's modification stamp
TERMINAL_INTERVAL = 0.5  # seconds between looks at whether the terminal is still there
# The next start's first screen is laid out on the way out for articles up to this long
# (at 2,401 paragraphs it takes about 100 ms; 5 MB would hold q up for a second).
KEEP_AT_EXIT_PARAGRAPHS = 2500
FIRST_FRAME_PATIENCE = 1.0  # seconds the way out waits for that screen's first frame
NOTICE_STAYS = 24 * 3600.0  # seconds: a problem found at start stays until dismissed


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
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    # The reading screen; a subclass may give its own (the benchmark's does).
    SCREEN: type[ReaderScreen] = ReaderScreen

    # The subtitle ends with the reading progress, which moves with nearly every key. The
    # header draws it (it watches the subtitle); App's own repaints the whole screen as well.
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)

    def __init__(
        self,
        article: Article,
        *,
        source: Path | None = None,
        watch: bool = False,
        state: StateStore | None = None,
        settings: Settings | None = None,
        after_first_frame: Callable[[], None] | None = None,
        stamp: tuple[int, int, int, int] | None = None,
        use_cache: bool = False,
        first_screen: FirstScreen | None = None,
    ) -> None:
        super().__init__()
        # What the command line leaves for later (writing the cache): run once, when the
        # first screen is up, so that the first frame does not wait for it.
        self.after_first_frame = after_first_frame
        self.article = article
        self.source = source  # the file to reload from; None for an article built in memory
        self.use_cache = use_cache  # a reload comes from the cache, or is cached
        self.state = state if state is not None else StateStore(None)
        self.settings = settings if settings is not None else Settings(None)
        self.title = for_screen(article.metadata.title)
        self.main = self.SCREEN(
            article, self.state.article(article), text_width=self.settings.text_width
        )
        # The first frame is kept for the next start like this one (see first_screen.py); the
        # terminal, if it was pre-painted, is handed over to the driver.
        self.first_screen = first_screen
        self.handover = first_screen.handover if first_screen is not None else None
        if first_screen is not None:
            self.main.first_frame_seen = self._first_frame_seen
        self._first_frame: Frame | None = None  # to keep, once the screen is ready
        # Where this start opened (paragraph and offset, bookmarks): what its frame is for.
        opened = self.main.remembered
        self._start_place = reading_place(opened.position, opened.bookmarks)
        self._notices = [*self.settings.problems]
        if self.state.problem:
            self._notices.append(self.state.problem)
        self.keymap_in_force: dict[str, str] = {}  # binding id -> keys, where not the default
        if self.settings.keys:
            self._apply_keymap(self.settings.keys)
        theme = self.settings.theme
        if theme is not None:
            # Here, before the first styling: a theme set once mounted restyles everything.
            if theme in self.available_themes:
                self.theme = theme
            else:
                self._notices.append(
                    f"Unknown theme {for_screen(repr(theme))} in the settings; "
                    "ctrl+p lists the themes."
                )
        self._reloads = 0
        self._last_input = time.monotonic()  # of a key, a click, a paste
        self._deciding = False  # a decision on a suggestion is being written
        self._decision_news: str | None = None  # what the next screen says of it
        self._review_from: Span | None = None  # where the next suggestion is looked for
        self._reloading = False  # a reload is under way, until its screen is ready
        self._reload_shown = False  # ... and its screen is being built
        self._reload_again = False  # and another was asked for meanwhile
        self._waiting_article: Article | None = None  # read while a dialog was open
        # The screen is up with everything built after its first frame (tests wait for it).
        self.ready = False
        self.watching = watch and source is not None  # reloaded when the file changes
        # The file as it was when read (the command line notes it before reading): a change
        # made since, even during start-up, is reloaded at the first look.
        if stamp is None and self.watching and source is not None:
            stamp = file_stamp(source)
        self._stamp = stamp

    def get_default_screen(self) -> ReaderScreen:
        return self.main

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver":  # a real terminal (not a test's, not a browser)
            from .terminal import ReaderDriver

            return ReaderDriver
        return driver

    def on_mount(self) -> None:
        # Killed, hung up on or interrupted from outside: leave as `q` does, so that the
        # terminal gets its screen, cursor and mouse back; the exit status says why.
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            loop.add_signal_handler(signum, self.leave, 128 + signum)
        if self._terminal is not None:
            self.set_interval(TERMINAL_INTERVAL, self._look_at_terminal)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        for notice in self._notices:
            # Until dismissed: a file to fix is named with its line, which takes a while to
            # read and note down.
            self.notify(
                notice,
                title="Escape or a click dismisses this",
                severity="warning",
                timeout=NOTICE_STAYS,
                markup=False,
            )
        if self.source is not None:  # changes to the file; reloads that wait for a dialog
            self.set_interval(WATCH_INTERVAL, self._look_at_source)
        self.set_interval(PAUSE_INTERVAL, self._collect_in_pause)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.InputEvent, events.Paste)) and not event.is_forwarded:
            self._last_input = time.monotonic()
            collector.collect_if_overdue()
        await super().on_event(event)

    def quiet_for(self) -> float:
        """Seconds since the last key, click or paste: work that can wait waits for a pause."""
        return time.monotonic() - self._last_input

    def _collect_in_pause(self) -> None:
        if self.quiet_for() >= COLLECT_AFTER_PAUSE:
            collector.collect_if_due()

    @property
    def _terminal(self) -> ReaderDriver | None:
        from .terminal import ReaderDriver

        driver = self._driver
        return driver if isinstance(driver, ReaderDriver) else None

    def _look_at_terminal(self) -> None:
        terminal = self._terminal
        if terminal is not None and terminal.terminal_gone():
            self.leave(128 + signal.SIGHUP)  # as if hung up on: the window was closed

    def leave(self, status: int) -> None:
        """Go now, told to from outside: keep the place, and be gone within seconds."""
        from .terminal import EXIT_GRACE, exit_at_the_latest_in

        if self.return_code is None:  # the first word to go counts
            exit_at_the_latest_in(EXIT_GRACE, status)
            self.exit(None, status)

    def _first_frame_seen(self, screen: ReaderScreen) -> None:
        """Textual's first frame is drawn: keep it for the next start, unless it is the one
        that was pre-painted (then the replay was exact, and the kept frame still holds)."""
        from ..first_screen import Frame
        from ..state import article_key
        from .first_frame import drawn_lines

        first = self.first_screen
        lines = drawn_lines(screen)
        if first is None or lines is None or first.matches(lines):
            return
        place, bookmarks = self._start_place
        self._first_frame = Frame(article_key(self.article), place, bookmarks, lines)

    async def action_quit(self) -> None:
        await self._keep_next_first_screen()
        self.exit()

    async def _keep_next_first_screen(self) -> None:
        """The next start opens where the reader is now: lay its first screen out (drawn
        nowhere: the terminal is given back first) and keep it, to be shown at once then.

        Only where the screen is as a start leaves it (no dialog, no notice, no reload) and
        the place or bookmarks moved; a start at the same place has its frame already."""
        from ..first_screen import Frame, keep_frame, start_for
        from ..state import ArticleState, article_key
        from .first_frame import drawn_lines

        first, terminal, main = self.first_screen, self._terminal, self.main
        if first is None or terminal is None or self.screen is not main or not main.composed:
            return
        if self._notices or self._reloads or self.state.path is None:
            return
        if len(self.article.paragraphs) > KEEP_AT_EXIT_PARAGRAPHS:
            return
        # A smooth scroll still under way ends where it was going: the place saved on the way
        # out is read after this screen is laid out, and must be the one it is laid out for.
        view = main.view
        view.scroll_to(y=view.scroll_target_y, animate=False, immediate=True)
        kept = main.remember()
        place, bookmarks = reading_place(kept.position, kept.bookmarks)
        if (place, bookmarks) == self._start_place:
            return
        drawn: list[list[Line] | None] = []
        done = asyncio.Event()

        def seen(screen: ReaderScreen) -> None:
            drawn.append(drawn_lines(screen))
            done.set()

        next_start = self.SCREEN(
            self.article,
            ArticleState(position=kept.position, bookmarks=list(bookmarks)),
            text_width=main.text_width,
        )
        next_start.first_frame_seen = seen
        # The terminal is the user's again at once (q is not held up), and shows none of it.
        terminal.give_back()
        await self.push_screen(next_start)
        try:
            await asyncio.wait_for(done.wait(), FIRST_FRAME_PATIENCE)
        except TimeoutError:
            return
        lines = drawn[0]
        if lines is not None:
            start = start_for(first.article_key, self.settings, self.state.problem)
            keep_frame(start, Frame(article_key(self.article), place, bookmarks, lines))

    def _keep_first_frame(self) -> None:
        from ..first_screen import keep_frame

        frame, self._first_frame = self._first_frame, None
        if frame is not None and self.first_screen is not None:
            keep_frame(self.first_screen.start, frame)  # not kept: the next start is Textual's

    @on(ReaderScreen.Ready)
    def _started(self) -> None:
        if self.return_code is not None:  # quit meanwhile: the work can wait for another start
            return
        work, self.after_first_frame = self.after_first_frame, None
        if work is not None:
            work()
        self._keep_first_frame()
        collector.resume()  # paused by `read` until now (see collector.py)
        self.ready = True
        if self._reload_shown:  # the reloaded screen is up: the next reload may replace it
            # Each screen's Header watches the app's title and subtitle; Textual drops the
            # watchers of closed widgets only when these change, and a reload changes neither:
            # each Header (and the strips it drew) stayed, about 1 MB a reload. Now they go.
            self.mutate_reactive(App.title)
            self.mutate_reactive(ReaderApp.sub_title)
            self._reload_done()

    # -- settings and state ---------------------------------------------------------------------
    def _apply_keymap(self, keys: dict[str, str]) -> None:
        # The reading keys; the map's own (zoom, pan) load with the map and keep their keys.
        known = DEFAULT_KEYS.keys()
        unknown = sorted(set(keys) - known)
        if unknown:
            self._notices.append(
                f"Unknown key binding ids in the settings: {for_screen(', '.join(unknown))} "
                f"(known: {', '.join(sorted(known))})"
            )
        keymap, said = keymap_with(ALL_BINDINGS, {k: v for k, v in keys.items() if k in known})
        self._notices += [f"Keys: {for_screen(line)}." for line in said]
        self.keymap_in_force = keymap
        self.set_keymap(keymap)

    def action_help(self) -> None:
        from .dialogs import HelpScreen

        self.push_screen(HelpScreen(self.keymap_in_force))

    def _theme_chosen(self, _theme: object) -> None:
        if self.theme != self.settings.theme:
            self._say_unsaved(self.settings.set_theme(self.theme))

    @on(ReaderScreen.TextWidthChanged)
    def _text_width_changed(self, event: ReaderScreen.TextWidthChanged) -> None:
        self._say_unsaved(self.settings.set_text_width(event.width))

    def _say_unsaved(self, problem: str | None) -> None:
        if problem:
            self.notify(problem, severity="warning", markup=False)

    @on(ReaderScreen.StateChanged)
    def save_state(self) -> None:
        """Write where the reader is; nothing with --no-state."""
        if self.state.path is None:
            return
        self.main.remember()
        self.state.touch(self.article)
        problem = self.state.problem
        self.state.save()
        if self.state.problem and self.state.problem != problem and self.is_running:
            self.notify(self.state.problem, severity="warning", markup=False)

    def exit(
        self, result: None = None, return_code: int = 0, message: object | None = None
    ) -> None:
        # Every way out passes here (q, ctrl+q, signals): the reading position is kept.
        if self.main.is_mounted:
            self.save_state()
        super().exit(result, return_code, message)  # type: ignore[arg-type]

    # -- reloading ------------------------------------------------------------------------------
    def _look_at_source(self) -> None:
        waiting = self._waiting_article
        if waiting is not None and self.screen is self.main and not self._reloading:
            self._waiting_article = None  # the dialog is closed: show what was read meanwhile
            self._reloading = True
            self._show_reloaded(waiting)
        if self.source is None or not self.watching:
            return
        stamp = file_stamp(self.source)
        if stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.action_reload()

    def action_reload(self) -> None:
        if self.source is None:
            self.main.flash("This article was not read from a file: nothing to reload.")
            return
        # One reload at a time, from reading the file until its screen is ready: a reload
        # asked for meanwhile (r held down, an editor saving twice) runs once, after it.
        if self._reloading:
            self._reload_again = True
            return
        self._reloading = True
        self._reload(self.source)

    # -- reviewing a draft ----------------------------------------------------------------------
    @on(ReaderScreen.Decided)
    def _decided(self, event: ReaderScreen.Decided) -> None:
        if self.source is None:
            self.main.flash("This article was not read from a file: nothing to write to.")
            return
        if self._deciding:  # one decision at a time: each is read back before the next
            self.main.flash("Still writing the last decision…")
            return
        self._deciding = True
        self._write_decision(self.source, event.suggestion, event.accept)

    @work(thread=True, group="review")
    def _write_decision(self, source: Path, suggestion: Suggestion, accept: bool) -> None:
        try:
            decide(source, suggestion, accept=accept)
        except ReviewError as error:
            self.call_from_thread(self._decision_refused, str(error))
        else:
            self.call_from_thread(self._decision_written, suggestion, accept)

    def _decision_refused(self, problem: str) -> None:
        self._deciding = False
        self.main.flash(problem)

    def _decision_written(self, suggestion: Suggestion, accept: bool) -> None:
        self._deciding = False
        if self.source is not None:
            self._stamp = file_stamp(self.source)  # our own write: the watcher need not reload
        left = len(self.main.suggestions) - 1
        news = "No suggestions left: check --strict passes." if not left else f"{left} left."
        self._decision_news = f"{'Accepted' if accept else 'Rejected'} {suggestion.label}. {news}"
        self._review_from = suggestion.span
        self.action_reload()

    def _reload_done(self) -> None:
        self._reloading = self._reload_shown = False
        if self._reload_again and self.return_code is None:
            self._reload_again = False
            self.action_reload()

    @work(thread=True, group="reload")
    def _reload(self, source: Path) -> None:
        try:
            article = Loaded(str(source), use_cache=self.use_cache).article
        except ArticleError as error:
            self.call_from_thread(self._show_reload_errors, str(source), str(error))
        else:
            self.call_from_thread(self._show_reloaded, article)

    def _show_reload_errors(self, source: str, errors: str) -> None:
        if not self.is_running:  # the reader is closing: nothing more to show
            return
        self.main.show_reload_errors(source, errors)
        self._reload_done()

    def _show_reloaded(self, article: Article) -> None:
        if not self.is_running:
            # The reader is closing (an editor saved as it quit): a new screen made now would
            # be added to the screens Textual is closing, and its shutdown fail.
            return
        old = self.main
        if self.screen is not old:
            # A dialog or the map is open: the new version waits until it closes (the file
            # was read once; it used to be read again every 0.5 s while the dialog stayed).
            self._waiting_article = article
            self._reload_done()
            return
        collector.release()  # the first version, set aside at start, may be freed now
        kept = old.remember()
        # A new text is a new key: the place and bookmarks follow their paragraphs' words.
        remembered = self.state.replaced(self.article, article)
        remembered.tab = kept.tab
        moves = Moves(self.article, article)  # the paragraphs matched once, for both
        if kept.position is not None:
            remembered.position = moves.position(kept.position)
        remembered.bookmarks = moves.bookmarks(kept.bookmarks)
        self.article = article
        self.title = for_screen(article.metadata.title)
        name = self.source.name if self.source is not None else "the article"
        self.ready = False
        greeting = self._decision_news or f"Reloaded {for_screen(name)}."
        screen = self.main = self.SCREEN(
            article,
            remembered,
            text_width=old.text_width,
            greeting=for_screen(greeting),
            review_from=self._review_from,
        )
        self._decision_news, self._review_from = None, None
        # Each version of the article is a mode of its own, its screen at the base: the
        # default screen cannot be switched away from, a mode can (and the old one removed).
        self._reloads += 1
        self._reload_shown = True
        mode, previous = f"reload-{self._reloads}", self.current_mode
        self.add_mode(mode, lambda: screen)
        self.switch_mode(mode)
        if previous != "_default":
            self.remove_mode(previous)
