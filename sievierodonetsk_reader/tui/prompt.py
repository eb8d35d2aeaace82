"""The `:` prompt: a paragraph number, and the reader goes there (`:16` Enter, as in vim)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


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
                yield Input(
                    placeholder=f"paragraph 1-{self.paragraphs}, Enter",
                    restrict=r"[¶0-9 ]*",
                    max_length=12,
                    id="go-to-input",
                )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        typed = event.value.replace("¶", "").strip()
        if typed.isdigit() and 1 <= int(typed) <= self.paragraphs:
            self.dismiss(int(typed))
            return
        message = self.query_one("#go-to-message", Static)
        message.update(f"No ¶ {typed or '?'}: the article has paragraphs 1 to {self.paragraphs}.")
        message.display = True
        event.input.value = ""  # ready for the next try

    def action_cancel(self) -> None:
        self.dismiss(None)
