"""The sidebar: people, places, dates (a timeline), quotes, the map and the sourcing, and
details of the chosen entry."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import partial
from typing import ClassVar, Protocol, Self, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.scalar import Unit
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..attribution import (
    KIND_LABELS,
    KIND_WORDS,
    UNREVIEWED,
    chain_line,
    cite_line,
    editors_link,
    provenance,
    quote_label,
    source_line,
)
from ..controls import for_screen
from ..facts import EDITOR_NOTE, facts, headline
from ..formatting import mention_context, plural, shorten
from ..model import Article, Entity, Organization, Quote
from ..reading import Reading
from ..sourcing import SpeakerSourcing, carried_by, kinds_line, sourcing
from .arrangement import sizes_within
from .details import DetailsPane
from .list_heights import lines_taken
from .steady_scroll import SteadyScrollView, style_scroll_bars

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.timer import Timer
    from textual.widgets import TabbedContent, Tabs
    from textual.widgets._option_list import OptionListContent
    from textual.widgets._tabs import Underline

    from .map_view import MapPanel

TABS = ("people", "places", "dates", "quotes", "map", "sources")
TAB_NAMES = {tab: tab.title() for tab in TABS}
EDITOR = f"{EDITOR_NOTE}: "
# Snippets (or passages of speech) in an entry's details: about five screens of the pane, and
# the rest counted (n / N step through all of them in the text). Each is wrapped whenever the
# details change: a hundred took 15-25 ms of each key that showed them, and a speaker's 1,685
# passages at 5 MB 100 ms.
MAX_SNIPPETS = 40
# Seconds without a key before work made ahead is done: the map not on screen following a new
# place, the hidden tabs' lists wrapped.
AHEAD_AFTER_PAUSE = 0.3
# Entries of a hidden list wrapped ahead at a time: about 10 ms of quotes, the most a key that
# comes meanwhile waits.
WRAP_SLICE = 200
EMPTY_TAB = {
    "people": "This article names no people or organisations.",
    "places": "This article names no places.",
    "dates": "This article names no dates.",
    "quotes": "No one speaks in this article.",
    "sources": "No one speaks in this article.",
}


class QuoteOption(Option):
    """An entry of the Quotes tab: it carries its quote."""

    def __init__(self, prompt: Text, quote: Quote) -> None:
        super().__init__(prompt, id=self.id_of(quote))
        self.quote = quote

    @staticmethod
    def id_of(quote: Quote) -> str:
        return f"quote-{quote.index}"


class SourceOption(Option):
    """An entry of the Sources tab: a speaker, with their sourcing."""

    def __init__(self, prompt: Text, entry: SpeakerSourcing) -> None:
        super().__init__(prompt, id=entry.speaker)
        self.entry = entry


class OutletOption(Option):
    """An entry of the Sources tab: an outlet the text says carried someone's words."""

    def __init__(self, prompt: Text, outlet: Organization) -> None:
        super().__init__(prompt, id=outlet.id)
        self.outlet = outlet


# What draft proposed and no one reviewed, beside its entry and in its details.
SUGGESTED_MARK = " ?"
SUGGESTED_NOTE = f"{UNREVIEWED.capitalize()}: made by draft (> a x in the text)"


def _name_line(name: str, item: object) -> Text:
    """An entry's first line: its name, and the suggestion mark if draft proposed it."""
    line = Text(for_screen(name), style="bold")
    if getattr(item, "suggested", False):
        line.append(SUGGESTED_MARK, style="bold")
    return line


def _counts(mentions: int, quotes: int) -> str:
    """ "2×, 2 said": mentions and speech passages."""
    return f"{mentions}×" + (f", {quotes} said" if quotes else "")


class EntityList(OptionList, SteadyScrollView):
    """An option list whose entries are entity ids or quotes; vim keys move through it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    _wrapped_at: int | None = None
    _ahead: Region | None = None  # where the list is about to be, while wrapped for it

    def on_resize(self, event: events.Resize) -> None:
        # Textual's list wraps all its entries again at each Resize, and it has one each time
        # its tab is shown; the wrapped entries hold as long as the width does.
        width = self.scrollable_content_region.width
        if width == self._wrapped_at:
            event.prevent_default()  # OptionList's own handler, which throws them away
        elif self._wrapped_at is not None:
            # Wrapped again for the new width, the entries take other lines; the scroll
            # offset, kept in lines, would show others than the one chosen.
            self.call_later(self.scroll_to_highlight)
        self._wrapped_at = width

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        width = self.scrollable_content_region.width
        if resized and self._ahead is None and self._wrapped_at not in (None, width) and width:
            # Rewrapped for the new width in the layout that gives it, the chosen entry kept
            # in view: as the frame drew it, the old lines were drawn first, and the new
            # height, then the scroll to the entry, each asked for another layout of the
            # whole screen (a resize with the Quotes tab open: 3 layouts, 4 frames).
            self._forget_lines(width)
            self._update_lines()
            self.scroll_to_highlight()
        return resized

    def add_options(self, new_options: Iterable[OptionListContent]) -> Self:
        super().add_options(new_options)
        if not self._line_cache.lines:  # not shown yet: none wrapped
            # Each entry takes a line at least, so entries that outnumber the lines bring the
            # scroll bar, and the layout that first shows the list places it at once. Textual
            # wrapped them for the room without the bar, and again once it came: the 12,600
            # quotes of a narrow window's Quotes key at 5 MB, twice.
            self.set_reactive(OptionList.virtual_size, Size(0, self.option_count))
        return self

    @property
    def region(self) -> Region:
        return self._ahead or super().region

    def wrap_ahead(self, size: Size, most: int | None = None) -> bool:
        """Wrap the entries and place the scroll bar for `size`, the list's size once its
        hidden tab is shown: all that are left, or at most `most` more. True once all are.

        Textual wraps them as it first draws the list, after the frame's layout: that frame
        showed the list without its scroll bar, and the bar came with a second layout of the
        whole screen (12 ms). And it wraps them all at once: 12,600 quotes at 5 MB took the
        Quotes tab's key a second, so the sidebar wraps a long list a slice at a time in the
        pauses in reading."""
        if self.region:
            return True  # shown: Textual wraps what it shows
        self._ahead = Region(0, 0, size.width, size.height)
        try:
            if self._laid_out_as is None or self._laid_out_as[0] != size:
                self._start_wrapping(size)
            elif self.wrapped_for(size):
                return True
            if not self._wrap_entries(most):
                return False
            self._update_lines()  # the scrollable size, and the scroll bar it brings
            while self._wrapped_at != (width := self.scrollable_content_region.width):
                # Wrapped again if the bar came or went against the guess, and the room with it.
                self._forget_lines(width)
                self._update_lines()
            self._size_bars(size)
        finally:
            self._ahead = None
        style_scroll_bars(self)  # not by the key that gives the list the keys: see there
        return True

    def _size_bars(self, size: Size) -> None:
        """Give the scroll bars the sizes the layout of the frame that shows the list will
        give them (as Textual's compositor does): a bar's first size, given there, asked for a
        second layout of the whole screen after that frame (4 ms at 5 MB)."""
        if self.styles.scrollbar_visibility != "visible":
            return
        room = Region(0, 0, *size).shrink(self.styles.gutter)
        for bar, region in self._arrange_scrollbars(room):
            bar._size_updated(region.size, room.size, room.size, layout=False)

    def wrapped_for(self, size: Size) -> bool:
        """All the entries are wrapped, and the scroll bar placed, for `size`."""
        return (
            self._laid_out_as is not None
            and self._laid_out_as[0] == size
            and len(self._line_cache.heights) == self.option_count
            and self._wrapped_at == self._room(size).width
        )

    def _room(self, size: Size) -> Region:
        """Where the entries go in a list of `size` (`scrollable_content_region`)."""
        return Region(0, 0, *size).shrink(self.styles.gutter).shrink(self.scrollbar_gutter)

    def _start_wrapping(self, size: Size) -> None:
        # Entries that outnumber the lines, each at least one line high, bring the scroll
        # bar: wrapped for the room it leaves, they are wrapped once.
        self.set_reactive(OptionList.virtual_size, Size(size.width, self.option_count))
        self._size_updated(size, self.virtual_size, size - self.styles.gutter.totals)
        self._forget_lines(self.scrollable_content_region.width)

    def _forget_lines(self, width: int) -> None:
        """Drop the entries' lines and drawn strips, to be wrapped again for `width`. Not
        OptionList's _clear_caches, which also repaints: for a list still hidden, that would
        reach the screen as an update of a widget not on it, which marks the compositor's
        map of the whole screen stale (Compositor.update_widgets)."""
        self._line_cache.clear()
        self._option_render_cache.clear()
        self._wrapped_at = width

    def _update_lines(self) -> None:
        # OptionList's, with each entry measured by _wrap_entries: Textual's own measure of
        # the 12,600 quotes at 5 MB took 0.6-1 s at each new width (a resize, a narrow
        # window's Quotes key), lines_taken 40-45 ms.
        if not self.scrollable_content_region:
            return
        self._wrap_entries(None)
        lines = len(self._line_cache.lines)
        last_divider = self.options and self.options[-1]._divider
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, lines - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _wrap_entries(self, most: int | None) -> bool:
        """OptionList's measure of its entries (`_update_lines`), for `most` of them: the
        lines each takes at the list's width, counted by lines_taken where it applies.
        True once all are measured."""
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        options = self.options
        stop = len(options) if most is None else min(len(options), start + most)
        if start >= stop:
            return stop == len(options)
        if not start:  # the width they hold for (see on_resize)
            self._wrapped_at = self.scrollable_content_region.width
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        room = width - padding.width
        rules = cast("RulesMap", self.styles)  # what OptionList passes (its styles)
        # Textual's wrapping as lines_taken counts it: folded, no line padding.
        quick = (rules.get("line_pad", 0), rules.get("text_overflow", "fold")) == (0, "fold")
        quick = quick and rules.get("text_wrap", "wrap") == "wrap"
        for index in range(start, stop):
            option = options[index]
            cache.index_to_line[index] = len(lines)
            prompt = option.prompt
            height = lines_taken(prompt.plain, room) if quick and isinstance(prompt, Text) else None
            if height is None:
                height = self._get_visual(option).get_height(rules, room)
            height += option._divider
            cache.heights[index] = height
            lines.extend([(index, line) for line in range(height)])
        return stop == len(options)


def _size_as(widget: DOMNode | None, like: DOMNode | None) -> None:
    """Give `widget`, hidden, the sizes of `like`, shown where it will be: Textual's layout of
    the frame that shows it then changes none of them. A size changed there asked for a
    second layout of the whole screen after that frame (4 ms at 5 MB)."""
    if isinstance(widget, Widget) and isinstance(like, Widget):
        widget._size_updated(like.outer_size, like.virtual_size, like.container_size, False)


def _underline_at_once(strip: Tabs) -> None:
    """The underline goes beneath a tab chosen in one step. Textual's slides it there over
    0.3 s, and drew the strip of tabs about eighteen times for each key (40 ms of CPU);
    the tabs are chosen by their keys, and a reader reads what the tab shows, not the slide."""
    highlight = strip._highlight_active
    # By name: its class is private to Textual.
    underline = cast("Underline", strip.query_one("Underline"))

    def at_once(animate: bool = True) -> None:
        # A slide begun before this was put in place (a relabel as the window was laid out)
        # would go on writing its end over the move, and leave the underline half beneath the
        # old tab.
        for end in ("highlight_start", "highlight_end"):
            strip.app.animator.force_stop_animation(underline, end)
        # Beneath the tab where it is now, in the frame that shows the tab chosen; Textual's
        # moves it there after that frame (a tab's new name may move it again).
        active = strip.active_tab
        if active is not None and active.region:
            place = active.virtual_region.shrink(active.styles.gutter)
            underline.highlight_start, underline.highlight_end = place.column_span
        highlight(animate=False)

    strip._highlight_active = at_once  # type: ignore[method-assign]


class Quiet(Protocol):
    """The reader's app, as far as the sidebar asks it (not imported: it imports this)."""

    def quiet_for(self) -> float: ...


class Leaving(Protocol):
    """The reader's screen, as far as the sidebar asks it (likewise)."""

    @property
    def leaving(self) -> bool: ...


class SidebarEdge(Widget):
    """The sidebar's left edge, marked while the keys go to the sidebar. A widget of its own:
    marking it restyles this one widget, where `Sidebar:focus-within` restyled the thirty in
    the sidebar at each move of the focus in or out of it (15-20 ms each, two or three a
    tab)."""

    def render(self) -> str:
        return ""


class Sidebar(Vertical):
    """Tabs of the article's people, places, dates and quotes."""

    class EntitySelected(Message):
        """The reader chose an entity: show its mentions and jump to the first."""

        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    class QuoteSelected(Message):
        """The reader chose a quote: jump to it."""

        def __init__(self, quote: Quote) -> None:
            super().__init__()
            self.quote = quote

    # The screen's one `reading`: the open tab shows the chosen entity, or the quote.
    reading: var[Reading] = var(Reading(), always_update=True)

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.built = asyncio.Event()  # set once `build` has made the tabs
        self._map: MapPanel | None = None  # mounted once the tabs are (by the screen)
        self._pending: dict[Callable[[], None], Timer] = {}  # work waiting for a pause
        self._resized_at = float("-inf")  # time.monotonic() of the last Resize
        self._map_ready = asyncio.Event()  # set once the map's widgets are mounted
        self._shown_tab: str | None = None  # the tab whose details are shown

    def compose(self) -> ComposeResult:
        yield SidebarEdge(id="sidebar-edge")

    def on_mount(self) -> None:
        # From the screen's focus, in the step that moves it: DescendantFocus climbs to the
        # sidebar a message at a time, and the edge changed a frame after the tab it marks.
        self.watch(self.screen, "focused", self._mark_edge)

    def _mark_edge(self, focused: Widget | None) -> None:
        keys_here = focused is not None and self in focused.ancestors
        self.query_one(SidebarEdge).set_class(keys_here, "-keys")

    async def build(self) -> None:
        """Build the tabs: the app calls this once the article is on screen."""
        # Imported here: the tabs are built after the first paint, so their code can wait.
        from textual.widgets import TabbedContent, TabPane, Tabs

        tabs = TabbedContent(id="sidebar-tabs")
        # The details scroll: a place named five times lists five snippets.
        details = DetailsPane(self._about(), id="details")
        await self.mount(tabs, details)
        panes: dict[str, Callable[[], list[Option | None]]] = {
            "people": self._people_options,
            "places": self._place_options,
            "dates": self._date_options,
            "quotes": self._quote_options,
            "sources": self._source_options,
        }
        for tab in TABS:
            if tab == "map":
                # The map's widgets come once the tabs are up (the screen mounts them), and
                # it is drawn, hidden, in the pause after (_draw_map_ahead).
                await tabs.add_pane(TabPane(TAB_NAMES[tab], id="map"))
                continue
            # An empty tab says so, rather than showing nothing.
            options = panes[tab]() or [Option(Text(EMPTY_TAB[tab], style="dim"))]
            await tabs.add_pane(
                TabPane(TAB_NAMES[tab], EntityList(*options, id=f"{tab}-list"), id=tab)
            )
        # Tab from the text lands on the list, not on the strip of tab names (1-6 and the
        # mouse choose tabs).
        strip = tabs.query_one(Tabs)
        strip.can_focus = False
        _underline_at_once(strip)
        self.built.set()
        self._fit_tab_names()
        # Made now, wrapped in the pause (_wrap_lists_ahead): the pane has no size yet.
        self.call_after_refresh(self._make_details_ready)
        self.call_after_refresh(self._wrap_lists_ahead)  # once the open list has its room
        self._follow(Reading(), self.reading)  # what was chosen while the tabs were built

    def watch_reading(self, old: Reading, new: Reading) -> None:
        if self.built.is_set():
            self._follow(old, new)

    def _follow(self, old: Reading, new: Reading) -> None:
        # A new choice makes new items; n / N keep them (and the open tab stays).
        if new.entity_id is not None and new.items is not old.items and self.display:
            self.show_entity(new.entity_id)
        if new.quote is not None and new.quote != old.quote and self.active_tab == "quotes":
            self.show_quote(new.quote)
        if self._map is not None and self._map_ready.is_set():  # it follows the place
            place = new.place(self.article)
            if place != self._map.place:
                self._map.place = place
                self._draw_map_later()

    def open(self, tab: str | None = None) -> None:
        """Bring `tab` (or the open one) forward and give it the keys, once it is built."""
        if self.built.is_set() and ((tab or self.active_tab) != "map" or self._map_ready.is_set()):
            # Built, and nothing to mount: at once, so that one frame draws it all.
            self.workers.cancel_group(self, "focus-sidebar")  # a key from before the build
            self._bring_forward(tab)
            return

        async def focus() -> None:
            await self.built.wait()
            if (tab or self.active_tab) == "map":
                await self.mount_map()
            self._bring_forward(tab)

        # A worker, not an awaited action: the tabs are built by the screen's own message
        # loop, which an action waiting for them would block. A function, not a coroutine: a
        # worker cancelled before it starts leaves none unawaited.
        self.run_worker(focus, group="focus-sidebar", exclusive=True)  # type: ignore[arg-type]

    def _bring_forward(self, tab: str | None) -> None:
        """Switch to `tab`, show what it shows and give it the keys, in one step: when the
        details came with the switch's message, and the focus after the old tab hid (its list
        handed the focus to the next widget first), each step drew the sidebar again."""
        if tab is not None:
            room, coming = self._lists_room(), self.list_of(tab)
            if room is not None and coming is not None and coming is not room[0]:
                coming.wrap_ahead(room[1])  # the same room as the open tab's
            self.select_tab(tab)
        self._show_open_tab()
        target = self.focus_target()
        if target is not None:
            # At once, not on the app's next turn (Widget.focus): a key typed with the tab's,
            # in the same write from the terminal, is already queued, and went to the text.
            self.screen.set_focus(target)

    # -- entries -----------------------------------------------------------------------------
    def _people_options(self) -> list[Option | None]:
        """People, then organisations: both can speak, and both are chosen the same way."""
        options: list[Option | None] = [
            self._speaker_option(person.id, person.name, headline(self.article, person))
            for person in self.article.people
        ]
        if self.article.organizations:
            options += [None, Option(Text("Organisations", style="bold"), disabled=True)]
        options += [
            self._speaker_option(org.id, org.name, headline(self.article, org))
            for org in self.article.organizations
        ]
        return options

    def _speaker_option(self, entity_id: str, name: str, subtitle: str) -> Option:
        mentions = len(self.article.mentions_of(entity_id))
        quotes = len(self.article.passages_by(entity_id))
        line = _name_line(name, self.article.find_entity(entity_id))
        # The counts open the second line, where they never wrap apart ("1×, 1" / "said"
        # beside a long name); the role follows.
        line.append("\n" + _counts(mentions, quotes), style="dim")
        if subtitle:
            line.append(" · " + for_screen(shorten(subtitle, 60)), style="dim italic")
        return Option(line, id=entity_id)

    def _place_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for place in self.article.places:
            line = _name_line(place.name, place)
            where = headline(self.article, place)  # "town, in Luhansk region, Ukraine"
            line.append("\n" + for_screen(shorten(where, 60)), style="dim italic")
            options.append(Option(line, id=place.id))
        return options

    def _date_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for entry in self.article.timeline:
            line = Text(f"{entry.value.iso():<10} ", style="bold")
            line.append(for_screen(entry.text))
            if entry.suggested:
                line.append(SUGGESTED_MARK, style="bold")
            if entry.note:
                note = shorten(EDITOR + entry.note, 60)
                line.append("\n" + for_screen(note), style="dim italic")
            options.append(Option(line, id=entry.id))
        return options

    def _quote_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        digits = len(str(len(self.article.paragraphs)))  # the numbers line up, and stay apart
        for speaker in self.article.speakers():
            if options:
                options.append(None)
            header = Text(for_screen(self.article.name_of(speaker)), style="bold")
            options.append(Option(header, disabled=True))
            for quote in self.article.quotes_by(speaker):
                line = Text(f"¶{quote.paragraph:<{digits}} ", style="dim")
                if quote.nested:  # a quotation inside the reported passage above it
                    line.append(" ↳ ", style="dim")
                line.append(f"{KIND_WORDS[quote.kind]:<9}", style="italic")
                words = for_screen(shorten(quote.text, 70))
                line.append(f"“{words}”" if quote.is_quotation else words)
                if quote.suggested:
                    line.append(SUGGESTED_MARK, style="bold")
                options.append(QuoteOption(line, quote))
        return options

    def _source_options(self) -> list[Option | None]:
        """The sourcing at a glance: the totals, each speaker, then the outlets."""
        found = sourcing(self.article)
        if not found.speakers:
            return []
        totals = Text(plural(found.total, "passage") + " of speech", style="bold")
        totals.append("\n" + kinds_line(found.kinds), style="dim")
        totals.append(
            f"\n{plural(found.unnamed, 'unnamed speaker')} · "
            f"{plural(len(found.outlets), 'outlet')} named",
            style="dim",
        )
        options: list[Option | None] = [Option(totals, disabled=True), None]
        for entry in found.speakers:
            line = _name_line(entry.name, self.article.find_entity(entry.speaker))
            counts = f"{entry.total}: {kinds_line(entry.kinds)}"
            if not entry.named:
                counts += " · not named"
            line.append("\n" + counts, style="dim")
            if entry.affiliation:  # the text's own words for the speaker
                line.append("\n" + for_screen(shorten(entry.affiliation, 60)), style="dim italic")
            for way in entry.ways:
                line.append("\n" + for_screen(shorten(way, 60)), style="dim")
            options.append(SourceOption(line, entry))
        if found.outlets:
            options += [
                None,
                Option(Text("Outlets that carried the words", style="bold"), disabled=True),
            ]
        for outlet in found.outlets:
            line = Text(for_screen(outlet.name), style="bold")
            speakers = {
                self.article.name_of(q.speaker): None for q in carried_by(self.article, outlet.id)
            }
            line.append("\n" + for_screen(shorten(", ".join(speakers), 60)), style="dim")
            options.append(OutletOption(line, outlet))
        return options

    # -- details -----------------------------------------------------------------------------
    @on(OptionList.OptionHighlighted)
    def _show_details(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.active_list:
            self.show_details(event.option)

    def on_resize(self) -> None:
        self._fit_tab_names()
        self.room_changed()

    def room_changed(self) -> None:
        """The window's size changed (the workspace tells a sidebar not on screen, which has
        no Resize of its own): the hidden lists are wrapped for the new room."""
        # A window dragged wider sends a Resize a frame: what waits for a pause waits until
        # the window stops changing size, too.
        self._resized_at = time.monotonic()
        self._wrap_lists_ahead()

    def _fit_tab_names(self) -> None:
        """Every tab by its name where the names fit; where they do not (the sidebar's 33
        columns at 80), the open tab by its key and name and the others by their keys, "1 2
        3 4 Quotes 5 6": a strip cut at the edge would hide a tab, and the keys reach all."""
        room = self.content_size.width
        if not self.built.is_set() or room <= 0:
            return
        # A tab is its name and the one column of padding before it (reader.tcss).
        fits = sum(len(name) + 1 for name in TAB_NAMES.values()) <= room
        tabs = self.tabs
        for number, (tab, name) in enumerate(TAB_NAMES.items(), start=1):
            keyed = f"{number} {name}" if tab == tabs.active else str(number)
            label = name if fits else keyed
            shown = tabs.get_tab(tab)
            shown.tooltip = f"{name} ({number})"
            if shown.label_text != label:
                shown.label = label

    async def on_tabbed_content_tab_activated(self) -> None:
        # A tab's name clicked, or a tab chosen by what the reader chose (show_entity); a
        # tab's key has shown it already (_bring_forward).
        if self.active_tab == "map":
            await self.mount_map()
        if self._shown_tab != self.active_tab:
            self._show_open_tab()

    def _show_open_tab(self) -> None:
        """What the open tab shows beside its list: its names, and the details."""
        self._shown_tab = self.active_tab
        self._fit_tab_names()
        self._wrap_lists_ahead()  # the open list's room may be new (from the map)
        on_map = self.active_tab == "map"
        # The map takes the details' room. Inline, not a class on the sidebar: that restyled
        # all it holds; cleared off the map, so that a short window's rule still hides them.
        self.query_one(DetailsPane).styles.display = "none" if on_map else None
        if on_map:
            return
        if self.active_tab == "quotes" and self.reading.quote is not None:
            self.show_quote(self.reading.quote)  # the quote being read, not the list's first
            return
        option_list = self.active_list
        option = option_list.highlighted_option if option_list is not None else None
        if option is not None:
            self.show_details(option)

    async def mount_map(self) -> None:
        """Mount the map's widgets, once; return when they are there (a key that opens the
        map while they are being mounted waits for them, to give the map the keys)."""
        if self._map is None:
            from .map_view import MapPanel  # the map's code and data load on first use

            place = self.reading.place(self.article)
            self._map = MapPanel(self.article, place, id="sidebar-map")
            await self.query_one("#map").mount(self._map)
            self._map.place = self.reading.place(self.article)  # chosen while it mounted
            self._map_ready.set()
            self.call_after_refresh(self._draw_map_ahead)  # once the legend is laid out
        await self._map_ready.wait()

    @property
    def _leaving(self) -> bool:
        """The reader is quitting, or this sidebar's screen is gone or replaced (see
        ReaderScreen.leaving): nothing more to make ahead."""
        return not self.is_attached or cast(Leaving, self.screen).leaving

    def _after_pause(self, work: Callable[[], None]) -> bool:
        """Whether reading has paused (no key, and no change of the window's size, for a
        while): if not, `work` is called again once it may have (one call pending for each
        work)."""
        pending = self._pending.pop(work, None)
        if pending is not None:
            pending.stop()
        quiet = min(cast(Quiet, self.app).quiet_for(), time.monotonic() - self._resized_at)
        if quiet >= AHEAD_AFTER_PAUSE:
            return True
        self._pending[work] = self.set_timer(AHEAD_AFTER_PAUSE - quiet, work)
        return False

    def _draw_map_later(self) -> None:
        """The map not on screen follows a new place: drawn in the next pause in reading, not
        by its key."""
        if (
            self.active_tab != "map"
            and not self._leaving
            and self._after_pause(self._draw_map_later)
        ):
            self._draw_map_ahead()

    def _wrap_lists_ahead(self) -> None:
        """The lists not on screen wrapped for the open list's room, a slice at a time in the
        pauses in reading (see EntityList.wrap_ahead), then each tab's first details for the
        pane's."""
        if not self.built.is_set() or self._leaving:
            return
        room = self._lists_room()
        if room is None or not self._after_pause(self._wrap_lists_ahead):
            return
        shown, size = room
        style_scroll_bars(shown)  # before the key that gives it the keys (see there)
        for listed in self._lists_hidden():
            if not listed.wrap_ahead(size, most=WRAP_SLICE):
                self.call_later(self._wrap_lists_ahead)  # after a key come meanwhile
                return
            if shown.region:  # an overlay's panes are all hidden: none to size them as
                _size_as(listed.parent, shown.parent)  # the tabs' panes
        self._make_details_ready()  # wrapped now that the pane has its room

    @property
    def lists_wrapped_ahead(self) -> bool:
        """The lists not on screen are wrapped for the open list's room, or there is no such
        room to wrap them for (the map open)."""
        if not self.built.is_set():
            return False
        room = self._lists_room()
        return room is None or all(listed.wrapped_for(room[1]) for listed in self._lists_hidden())

    def _lists_room(self) -> tuple[EntityList, Size] | None:
        """The open tab's list and its size, on screen or where the sidebar will show (see
        _size_shown): where the Quotes key, or `ctrl+b`, measured 12,600 quotes at 5 MB
        (45-75 ms). None with the map open."""
        shown = self.active_list
        if shown is None:
            return None
        if shown.region and not self.screen.has_class("-narrow"):
            return shown, shown.region.size
        # Not the list's region in a narrow window: while the key that brings the overlay up
        # restyles it, that is Textual's map of the screen in the middle of the change (33
        # columns beside the text, at 60).
        size = self._size_shown()
        sizes = None if size is None else sizes_within(self, size, shown)
        return (shown, sizes[shown]) if sizes is not None and sizes[shown] else None

    def _size_shown(self) -> Size | None:
        """The sidebar's size where it shows, shown or not: in a narrow window, the overlay,
        which fills the workspace (Workspace._show_or_hide_sidebar); in a wide one, the
        stylesheet's width of the workspace (35%, 33 to 44 columns) and its height."""
        workspace = self.parent
        if not isinstance(workspace, Widget):
            return None
        room = workspace.scrollable_content_region.size
        if self.screen.has_class("-narrow"):
            return room
        if self.region:
            return self.size
        # As the workspace's layout sizes it (a percentage and limits; its height is 1fr).
        box = self._get_box_model(
            room, self.screen.size, Fraction(room.width), Fraction(room.height)
        )
        return Size(int(box.width), int(box.height))

    def _lists_hidden(self) -> list[EntityList]:
        lists = (self.list_of(tab) for tab in TABS)
        return [listed for listed in lists if listed is not None and not listed.region]

    def _draw_map_ahead(self) -> None:
        """Draw the map for the room its tab will give it (the sidebar's, less the tabs' names
        and the legend: the map's tab hides the details), so that its first key only shows
        it. Where the sidebar will show, if it is not on screen (_size_shown)."""
        if self._map is None or self.active_tab == "map" or self._leaving:
            return
        legend = self._map.query_one(".map-legend").styles.height
        if legend is None or legend.unit is not Unit.CELLS:
            return
        size = self._size_shown()
        names = self.tabs.query_one("ContentTabs")
        sizes = None if size is None else sizes_within(self, size, names)
        if size is not None and sizes is not None:
            height = size.height - sizes[names].height - int(legend.value)
            self._map.canvas.draw_ahead(Size(sizes[self.tabs].width, height))

    def focus_target(self) -> Widget | None:
        """What Tab lands on in the open tab: its list, or the map."""
        if self.active_tab == "map":
            return self.map_canvas
        return self.active_list

    @property
    def map_canvas(self) -> Widget | None:
        """The map, once its widgets are mounted."""
        return self._map.canvas if self._map is not None and self._map_ready.is_set() else None

    def show_details(self, option: Option) -> None:
        details = self._details_of(option)
        if details is not None:
            self.query_one(DetailsPane).show((type(option), option.id), details)

    def _make_details_ready(self) -> None:
        """Each tab's first entry's details, made and wrapped before its key (3 ms of it at
        5 MB: a much-named place's forty snippets)."""
        if self._leaving:
            return
        pane = self.query_one(DetailsPane)
        for tab in TABS:
            listed = self.list_of(tab)
            if listed is None or not listed.option_count:
                continue
            option = listed.highlighted_option or listed.get_option_at_index(0)
            if (details := self._details_of(option)) is not None:
                pane.make_ready((type(option), option.id), details)

    def _details_of(self, option: Option) -> Callable[[], Text] | None:
        """What makes an entry's details (none for an empty tab's line)."""
        if isinstance(option, QuoteOption):
            return partial(self._quote_details, option.quote)
        if isinstance(option, SourceOption):
            return partial(self._speaker_sourcing, option.entry)
        if isinstance(option, OutletOption):
            return partial(self._outlet_sourcing, option.outlet)
        if option.id is not None:  # an entity's entry, by its id
            return partial(self._entity_details, self.article.entity(option.id))
        return None

    def _quote_details(self, quote: Quote) -> Text:
        text = Text(for_screen(self.article.name_of(quote.speaker)), style="bold")
        text.append(f"\n{KIND_LABELS[quote.kind]}, ¶{quote.paragraph}", style="dim")
        if quote.suggested:
            text.append("\n" + SUGGESTED_NOTE, style="bold")
        text.append("\n\n")
        words = for_screen(quote.text)
        text.append(f"“{words}”" if quote.is_quotation else words, style="italic")
        text.append("\n\n" + for_screen(quote_label(self.article, quote)), style="dim")
        text.append("\n" + for_screen(chain_line(self.article, quote)), style="dim")
        text.append("\n" + for_screen(cite_line(self.article, quote)), style="dim")
        if link := editors_link(quote):
            text.append("\n" + for_screen(link), style="dim italic")
        return text

    def _speaker_sourcing(self, entry: SpeakerSourcing) -> Text:
        """A speaker's sourcing: how the text names them, then each passage and its way."""
        article = self.article
        text = Text(for_screen(entry.name), style="bold")
        if entry.affiliation:
            text.append("\nIn the text: ", style="dim")
            text.append(for_screen(entry.affiliation), style="italic")
        if not entry.named:
            text.append("\nNot named in the text", style="dim")
        entity = article.find_entity(entry.speaker)
        if entity is not None and entity.note:
            text.append("\n" + EDITOR, style="bold dim")
            text.append(for_screen(entity.note), style="dim italic")
        text.append(f"\n\n{plural(entry.total, 'passage')}: {kinds_line(entry.kinds)}", "bold")
        quotes = article.quotes_by(entry.speaker)
        for quote in quotes[:MAX_SNIPPETS]:
            text.append(f"\n¶{quote.paragraph} ", style="dim")
            text.append(KIND_LABELS[quote.kind])
            if quote.via is not None and quote.via.words:
                text.append(", " + for_screen(quote.via.words), style="italic")
            else:
                text.append(", no channel in the text", style="dim")
            text.append("\n  " + for_screen(chain_line(article, quote)), style="dim")
            if link := editors_link(quote):  # the editor's, and said to be
                text.append("\n  " + for_screen(link), style="dim italic")
        if len(quotes) > MAX_SNIPPETS:
            text.append(f"\n… and {len(quotes) - MAX_SNIPPETS:,} more", style="dim")
        text.append("\n\nEnter selects the speaker: n / N steps through", style="dim italic")
        return text

    def _outlet_sourcing(self, outlet: Organization) -> Text:
        """An outlet: what it is, and whose words the text says it carried."""
        article = self.article
        text = self._entity_head(outlet)
        quotes = carried_by(article, outlet.id)
        text.append(f"\n\nCarried {plural(len(quotes), 'passage')}", style="bold")
        for quote in quotes[:MAX_SNIPPETS]:
            text.append(f"\n¶{quote.paragraph} ", style="dim")
            text.append(for_screen(article.name_of(quote.speaker)), style="bold")
            text.append(f", {KIND_LABELS[quote.kind]}: ")
            text.append(for_screen(quote.via.words or "") if quote.via else "", style="italic")
        if len(quotes) > MAX_SNIPPETS:
            more = len(quotes) - MAX_SNIPPETS
            text.append(f"\n… and {more:,} more: Enter selects the outlet", style="dim")
        return text

    def _about(self) -> Text:
        """What the article is and where it comes from, until an entry is chosen."""
        article = self.article
        text = Text("About this article", style="bold")
        for label, fact in provenance(article):
            text.append(f"\n{label}: ", style="dim")
            text.append(for_screen(fact))
        text.append("\n\nChoose an entry to see its details.", style="dim italic")
        return text

    def _entity_head(self, entity: Entity) -> Text:
        """An entity's name, what the file says of it, and the editor's note, labelled."""
        text = Text(for_screen(entity.name), style="bold")
        if entity.suggested:
            text.append("\n" + SUGGESTED_NOTE, style="bold")
        for number, fact in enumerate(facts(self.article, entity)):
            text.append("\n" + for_screen(fact), style="dim" if number else "")
        if entity.note:
            text.append("\n" + EDITOR, style="bold dim")
            text.append(for_screen(entity.note), style="dim italic")
        return text

    def _entity_details(self, entity: Entity) -> Text:
        article = self.article
        text = self._entity_head(entity)
        mentions = article.mentions_of(entity.id)
        text.append(f"\n\n{plural(len(mentions), 'mention')}", style="bold")
        for mention in mentions[:MAX_SNIPPETS]:
            before, words, after = mention_context(article, mention, width=30, ellipsis="…")
            text.append(f"\n¶{mention.paragraph} ", style="dim")
            text.append(for_screen(before))
            text.append(for_screen(words), style="bold underline")
            text.append(for_screen(after))
        if len(mentions) > MAX_SNIPPETS:  # a pane of thousands of snippets helps no one
            more = len(mentions) - MAX_SNIPPETS
            text.append(f"\n… and {more:,} more: Enter selects them, n / N steps through", "dim")
        if source := source_line(article):
            text.append(f"\n\nSource: {for_screen(source)}", style="dim")
        return text

    # -- choosing ----------------------------------------------------------------------------
    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option = event.option
        if isinstance(option, QuoteOption):
            self.post_message(self.QuoteSelected(option.quote))
        elif option.id is not None:
            self.post_message(self.EntitySelected(option.id))

    def show_entity(self, entity_id: str) -> None:
        """Bring `entity_id`'s tab forward and highlight its entry."""
        entity = self.article.find_entity(entity_id)
        if entity is None:
            return
        tab = {"place": "places", "date": "dates"}.get(entity.entity_type, "people")
        if tab == "places" and self.active_tab == "map":
            return  # the map follows the chosen place by itself
        if self.active_tab == "sources" and self._has_option("sources", entity_id):
            tab = "sources"  # a speaker or an outlet chosen there stays in view there
        self.tabs.active = tab
        option_list = self.query_one(f"#{tab}-list", EntityList)
        option_list.highlighted = option_list.get_option_index(entity_id)
        self.show_details(option_list.get_option(entity_id))

    def _has_option(self, tab: str, option_id: str) -> bool:
        try:
            self.query_one(f"#{tab}-list", EntityList).get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        return True

    def show_quote(self, quote: Quote) -> None:
        self.tabs.active = "quotes"
        option_list = self.query_one("#quotes-list", EntityList)
        option_id = QuoteOption.id_of(quote)
        option_list.highlighted = option_list.get_option_index(option_id)
        self.show_details(option_list.get_option(option_id))

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#sidebar-tabs")  # type: ignore[return-value]

    def select_tab(self, tab: str) -> None:
        self.tabs.active = tab

    @property
    def active_tab(self) -> str | None:
        if not self.built.is_set():
            return None
        return self.tabs.active or None

    @property
    def active_list(self) -> EntityList | None:
        return self.list_of(self.tabs.active or "people")

    def list_of(self, tab: str) -> EntityList | None:
        """The tab's list (the map has none)."""
        return next(iter(self.query(f"#{tab}-list").results(EntityList)), None)
