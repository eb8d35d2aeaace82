"""What a watched file's errors look like when it changed and no longer loads."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..controls import for_message


class ReloadErrors(VerticalScroll):
    """The errors, above the last good version of the article, which stays readable."""

    def __init__(self, name: str, errors: str) -> None:
        super().__init__(id="reload-errors")
        self._text = self._describe(name, errors)

    def compose(self) -> ComposeResult:
        yield Static(self._text, id="reload-errors-text", markup=False)

    def show(self, name: str, errors: str) -> None:
        self.query_one("#reload-errors-text", Static).update(self._describe(name, errors))

    @staticmethod
    def _describe(name: str, errors: str) -> Text:
        # Short, so that a small window still shows the first error under it.
        text = Text(f"{for_message(name)} has errors (the last good version is shown):", "bold")
        for line in errors.splitlines():
            text.append("\n" + for_message(line))
        return text
