"""The text and the sidebar side by side, or the map over both: which shows, and which has
the keys.

Wide windows show both unless the reader hides the sidebar; below 80 columns the sidebar
hides itself and comes up over the text when asked for; `M` puts the map in place of both.
The map open is a class the stylesheet draws from (-map-open); the reader hiding the sidebar
of a wide window, and the narrow window's overlay, are the sidebar's and the text's own
styles (see `_show_or_hide_sidebar`).
"""

from __future__ import annotations

from textual import on
from textual.containers import Horizontal
from textual.reactive import var

from ..model import Article
from ..reading import Reading
from .article_view import ArticleView
from .sidebar import Sidebar

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:
    from .map_view import MapPanel


class Workspace(Horizontal):
    """The reading pane and the sidebar."""

    sidebar_hidden: var[bool] = var(False, init=False)  # wide windows: the reader hid it
    sidebar_open: var[bool] = var(False, init=False)  # narrow windows: the reader brought it up
    map_open: var[bool] = var(False, init=False)  # `M`: the map in place of text and sidebar
    reading: var[Reading] = var(Reading(), always_update=True)  # the screen's, bound

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self._full_map: MapPanel | None = None  # mounted on the first `M`

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    def _focus_text(self) -> None:
        # At once, not on the app's next turn: keys already queued go to what has the focus.
        self.screen.set_focus(self.view)

    def toggle_sidebar(self) -> None:
        if self.narrow:
            self.sidebar_open = not self.sidebar_open
            if self.sidebar_open:
                self.sidebar.open()  # the tab it has open, with the keys
        else:
            self.sidebar_hidden = not self.sidebar_hidden

    def show_tab(self, tab: str) -> None:
        """Bring the sidebar up at `tab`, with the keys."""
        self.map_open = False
        if self.narrow:
            self.sidebar_open = True
        else:
            self.sidebar_hidden = False
        self.sidebar.open(tab)

    def uncover_text(self) -> None:
        """Actions on the text close what covers it: the map, the narrow sidebar."""
        self.map_open = False
        self.sidebar_open = False

    async def toggle_map(self) -> None:
        """`M`: the map over the whole window, or back to the text. On the same screen: the
        same keys, palette and help, and the map follows what is chosen."""
        if self.map_open:
            self.map_open = False
            return
        panel = self._full_map
        if panel is None:
            from .map_view import MapPanel  # the map's code and data load on first use

            panel = MapPanel(self.article, self.reading.place(self.article), id="full-map")
            await self.mount(panel)
            self._full_map = panel
        self.sidebar_open = False
        self.map_open = True
        panel.canvas.focus()

    def leave_map(self) -> bool:
        """Escape on the map: back to the text; whether the map was open."""
        if not self.map_open:
            return False
        self.map_open = False
        return True

    def watch_map_open(self, opened: bool) -> None:
        self.set_class(opened, "-map-open")
        focused = self.screen.focused
        if not opened and focused is not None and focused.id == "full-map-canvas":
            self._focus_text()

    def watch_reading(self, reading: Reading) -> None:
        panel = self._full_map
        if panel is not None:  # the map follows a chosen place
            panel.place = reading.place(self.article)

    def back_to_text_if_covered(self) -> None:
        """An entry was chosen in the narrow sidebar: show where it is in the text."""
        if self.narrow:
            self.sidebar_open = False
            self._focus_text()

    def leave_sidebar(self) -> bool:
        """Escape in the sidebar: back to the text; whether there was a sidebar to leave."""
        if self.sidebar_open:  # on top of everything else, find bar included
            self.sidebar_open = False
        elif not self.sidebar.has_focus_within:
            return False
        self._focus_text()
        return True

    def on_resize(self) -> None:
        if not self.sidebar.display:  # Textual sends Resize only to widgets on screen
            self.sidebar.room_changed()

    @on(ArticleView.Resized)
    def _fit_to_width(self) -> None:
        """The layout changed (a window widened under the overlay has closed it already:
        ReaderScreen._on_resize, before that layout)."""
        hidden_focus = not self.sidebar.display and self.sidebar.has_focus_within
        if self.screen.focused is None or hidden_focus:
            # Textual drops the focus of a panel it hides: the text takes it.
            self._focus_text()

    def _show_or_hide_sidebar(self) -> None:
        """The sidebar hidden by the reader, and the narrow window's overlay, are the sidebar's
        and the text's own styles, not a class: a class on the workspace restyles all it holds
        (15-20 ms of each toggle, at any size). The map stays the stylesheet's."""
        overlay = self.sidebar_open  # narrow windows only (see ReaderScreen._on_resize)
        hide = self.sidebar_hidden and not overlay
        sidebar = self.sidebar.styles
        sidebar.display = "block" if overlay else "none" if hide else None
        sidebar.width = "1fr" if overlay else None
        sidebar.max_width = "100%" if overlay else None  # over the text: the whole window
        self.query_one("#reading").styles.display = "none" if overlay else None

    def watch_sidebar_hidden(self, hidden: bool) -> None:
        self._show_or_hide_sidebar()
        if hidden and self.sidebar.has_focus_within:
            self._focus_text()

    def watch_sidebar_open(self, opened: bool) -> None:
        # What comes up with the overlay, and gets the keys, is the key's to say (see
        # toggle_sidebar, show_tab): the tab open before, given the keys here, took them
        # and its tab back from the one a tab key had just brought forward.
        self._show_or_hide_sidebar()
        if not opened and self.sidebar.has_focus_within:
            self._focus_text()
