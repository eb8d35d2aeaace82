"""The footer of keys, shown whether or not the reader has the keyboard's focus, and changed
in place, in the frame the change belongs to, when the keys it shows change."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What a footer shows of one key: the key, its action, its words, whether it is enabled, its
# tooltip and its group's words.
Shown = tuple[tuple[str, str, str, bool, str, str | None], ...]
# A key as Textual's Footer.compose makes it: the binding, whether enabled, its tooltip.
Entry = tuple[Binding, bool, str]


class ReaderFooter(Footer):
    """Textual's Footer, with two changes.

    Textual's draws its keys when the bindings change only if the app has focus: in a browser
    the page has none until it is clicked, and the footer stayed blank until the first key.
    The keys a reader can press are worth showing before that.

    And Textual's builds its keys anew a frame after every change of focus or screen: its
    own layout of the whole screen, after the one the change made, and a dozen keys mounted
    and restyled (13 ms), for each tab key that brought the map's keys or took them away; and
    the frame between showed the new tab above the old keys. This one relabels the keys it
    has when the change comes, so that the frame of the change draws them, hides the ones it
    has too many of, and builds anew only when it has too few."""

    _drawn: Shown | None = None  # what the keys show now
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
        if not (self.is_attached and screen is self.screen) or self._rebuild_asked:
            return
        shown = self._shown()
        if shown == self._drawn or self._relabel(shown):
            return
        # Too few keys to relabel: built anew once for all the changes until the next frame
        # (opening a tab moves the focus through two or three widgets).
        self._rebuild_asked = True
        self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_asked = False
        if self.is_attached and self._shown() != self._drawn:
            await self.recompose()

    def _entries(self) -> tuple[list[Entry], Entry | None]:
        """The keys Footer.compose would make, in its order, and the palette's key: one for
        each action, the first key bound to it."""
        by_action: dict[str, Entry] = {}
        palette: Entry | None = None
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled, binding.tooltip or binding.description)
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            palette = None
        return list(by_action.values()), palette

    def _relabel(self, shown: Shown) -> bool:
        """Show `shown` with the keys there are, and the few more it needs mounted beside
        them; False (nothing changed) if it needs a new build."""
        entries, palette = self._entries()
        if any(binding.group is not None for binding, _, _ in entries):
            return False  # grouped keys are built in groups of their own
        keys = list(self._keys())
        plain = [key for key in keys if not key.has_class("-command-palette")]
        docked = [key for key in keys if key.has_class("-command-palette")]
        if len(docked) != (palette is not None):
            return False
        for key, entry in zip(plain, entries, strict=False):
            self._relabel_key(key, entry)
        more = [self._new_key(entry) for entry in entries[len(plain) :]]
        if more:  # registered at once: the frame of the change lays them out
            self.mount_all(more, before=docked[0] if docked else None)
        for surplus in plain[len(entries) :]:
            surplus.display = False
        if palette is not None:
            self._relabel_key(docked[0], palette)
        self._drawn = shown
        return True

    def make_room_for(self, widget: Widget) -> None:
        """Mount, hidden, as many keys as `widget`'s own bindings may add to those shown now:
        when it first gains the keys, they are relabelled in the frame of the change. Mounted
        then, they were laid out after it, in a second layout of the whole screen (the map's
        three keys: 9 ms at 5 MB)."""
        added = sum(1 for binding in Binding.make_bindings(widget.BINDINGS) if binding.show)
        self.call_later(self._mount_room, added)  # in the footer's own loop: its keys bind to it

    def _mount_room(self, added: int) -> None:
        keys = list(self._keys())
        plain = [key for key in keys if not key.has_class("-command-palette")]
        shown = [key for key in plain if key.display]
        spare = len(shown) + added - len(plain)
        if spare <= 0 or len(keys) != len(self.children):
            return  # room enough, or keys in groups (built anew, see _relabel)
        docked = [key for key in keys if key.has_class("-command-palette")]
        hidden = [self._new_key((Binding("", ""), True, "")) for _ in range(spare)]
        for key in hidden:
            key.display = False
        self.mount_all(hidden, before=docked[0] if docked else None)

    def _new_key(self, entry: Entry) -> FooterKey:
        """A key as Footer.compose makes one, compact from the start (see `compose`)."""
        binding, enabled, tooltip = entry
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
        ).data_bind(compact=Footer.compact)
        if self.compact:
            key.add_class("-compact", update=False)
        return key

    def _keys(self) -> Iterator[FooterKey]:
        for child in self.children:
            if not isinstance(child, FooterKey):
                return  # a group of keys: not ours to relabel
            yield child

    def _relabel_key(self, key: FooterKey, entry: Entry) -> None:
        binding, enabled, tooltip = entry
        words = (binding.key, self.app.get_key_display(binding), binding.description)
        if (key.key, key.key_display, key.description) != words:
            key.key, key.key_display, key.description = words
            key.refresh(layout=True)  # a new width
        key.action = binding.action
        if key._disabled == enabled:  # Textual's FooterKey keeps it only here
            key._disabled = not enabled
            key.set_class(not enabled, "-disabled")
        key.tooltip = tooltip or None
        key.display = True
