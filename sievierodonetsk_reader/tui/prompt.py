"""The `:` prompt: a paragraph number, and the reader goes there (`:16` Enter, as in vim)."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..controls import for_screen


class GoToPrompt(ModalScreen[int | None]):
    """Asks for a paragraph number at the bottom of the window; Escape goes nowhere."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, paragraphs: int) -> None:
        super().__init__()
        self.paragraphs = paragraphs

    def compose(self) -> ComposeResult:
        with Vertical(id="go-to"):
            yield Static("", id="go-to-message", markup=False)
            with Horizontal(id="go-to-line"):
                yield Static(":", id="go-to-colon")
                # Anything may be typed, and is shown: what is not a number is refused
                # by name at Enter, never dropped on the way (":2.5" went to ¶ 25).
                yield Input(
                    placeholder=f"paragraph 1-{self.paragraphs}, Enter",
                    max_length=12,
                    id="go-to-input",
                )

    def on_key(self, event: events.Key) -> None:
        # Keys that came in the same write as `:` arrive before the field has the focus.
        field = self.query_one("#go-to-input", Input)
        if field.has_focus:
            return
        if event.is_printable and event.character is not None:
            field.insert_text_at_cursor(event.character)
            event.stop()
        elif event.key == "enter":
            event.stop()
            self._go(field)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self._go(event.input)

    def _go(self, field: Input) -> None:
        typed = field.value.replace("¶", "").strip()
        message = self.query_one("#go-to-message", Static)
        if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= self.paragraphs:
            self.dismiss(int(typed))
            return
        if (typed.isascii() and typed.isdigit()) or not typed:
            message.update(
                f"No ¶ {typed or '?'}: the article has paragraphs 1 to {self.paragraphs}."
            )
            field.value = ""  # ready for the next try
        else:
            shown = for_screen(typed)
            message.update(
                f"“{shown}” is not a paragraph number: type one from 1 to {self.paragraphs}."
            )
            field.select_all()  # shown, and replaced by the next key
        message.display = True

    def action_cancel(self) -> None:
        self.dismiss(None)
