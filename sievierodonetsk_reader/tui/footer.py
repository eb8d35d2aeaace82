"""The footer of keys, shown whether or not the reader has the keyboard's focus, and built
again only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What a footer shows of one key: the key, its action, its words, whether it is enabled, its
# tooltip and its group's words.
Shown = tuple[tuple[str, str, str, bool, str, str | None], ...]


class ReaderFooter(Footer):
    """Textual's Footer, with two changes.

    Textual's draws its keys when the bindings change only if the app has focus: in a browser
    the page has none until it is clicked, and the footer stayed blank until the first key.
    The keys a reader can press are worth showing before that.

    And Textual's builds its keys anew at every change of focus or screen, whether or not they
    changed: closing the palette (the same keys as before) rebuilt and restyled all nine, two
    layouts of the screen, some 30 ms, and more than once when the focus moved through several
    widgets. This one compares what it would show first, once a frame."""

    _drawn: Shown | None = None  # what the last build showed
    _rebuild_asked = False  # a build is asked for the next frame

    def _shown(self) -> Shown:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (
                key,
                binding.action,
                binding.description,
                enabled,
                tooltip,
                binding.group.description if binding.group else None,
            )
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._drawn = self._shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and self.compact:
                # Styled compact from the start: each key set its class once mounted, and
                # each class restyled it again (a dozen restyles a rebuild).
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self.is_attached and screen is self.screen and not self._rebuild_asked:
            # Once for all the changes until the next frame: opening a tab moves the focus
            # through two or three widgets, and each of them changed the bindings.
            self._rebuild_asked = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_asked = False
        if self.is_attached and self._shown() != self._drawn:
            await self.recompose()
