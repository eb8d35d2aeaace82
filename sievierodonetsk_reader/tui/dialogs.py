"""Modal screens: export to Markdown (asking before overwriting) and help."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..controls import for_message
from ..model import Article
from ..writing import ExportError, write_atomically
from .help_keys import KeyTable


class ConfirmOverwrite(ModalScreen[bool]):
    """Asks before a file is replaced; answers True only for a clear yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Overwrite"),
        Binding("n,escape", "answer(False)", "Keep it"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_shown = name  # as the reader typed it

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Label("Overwrite the file?", classes="dialog-title")
            yield Static(Text(f"{for_message(self.name_shown)} exists."), id="confirm-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Overwrite (y)", variant="error", id="confirm-yes", compact=True)
                yield Button("Keep it (n)", variant="primary", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()  # Enter alone never overwrites

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, overwrite: bool) -> None:
        self.dismiss(overwrite)


class ExportDialog(ModalScreen[Path | None]):
    """Asks where to write the Markdown export; dismisses with the path written, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_name: str, content: str) -> None:
        super().__init__()
        self.default_name = default_name
        self.content = content

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Export to Markdown", classes="dialog-title")
            yield Label("File (relative to the current directory):", id="export-label")
            yield Input(self.default_name, id="export-path", select_on_focus=False)
            yield Static("", id="export-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-confirm", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _message(self, text: str, *, warning: bool = False) -> None:
        message = self.query_one("#export-message", Static)
        message.update(Text(text))
        message.set_class(warning, "-warning")

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-confirm")
    def _export(self) -> None:
        name = self.query_one(Input).value.strip()
        if not name:
            self._message("Give a file name.", warning=True)
            return
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        if os.path.lexists(target) and not target.is_dir():

            def answered(overwrite: bool | None) -> None:
                if overwrite:
                    self._write(target, force=True)
                else:
                    self._message("Not exported: the file is as it was.")

            self.app.push_screen(ConfirmOverwrite(name), answered)
            return
        self._write(target, force=False)

    @work(thread=True, exclusive=True)
    def _write(self, target: Path, *, force: bool) -> None:
        # In a thread: fsync on a slow disk must not freeze the reader.
        try:
            written = write_atomically(target, self.content, force=force)
        except ExportError as error:
            self.app.call_from_thread(self._message, str(error), warning=True)
            return
        self.app.call_from_thread(self.dismiss, written)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key, as it is bound now (the settings may have changed some)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()  # arrows, page keys, j and k scroll the list

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        (scroll.scroll_down if direction == "down" else scroll.scroll_up)(animate=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(KeyTable(self.keymap), id="help-keys")
            yield Label("Escape or ? closes this help.", classes="dialog-hint")


def export_article(app: App[object], article: Article) -> None:
    """`e`: the article as Markdown, to a file the reader names, or to the browser."""
    from ..export import to_markdown
    from ..names import EXTENSIONS

    name = f"{article.metadata.id}{EXTENSIONS['markdown']}"
    if app.is_web:
        # In a browser the file belongs on the reader's machine, not the server's.
        from io import StringIO

        app.deliver_text(StringIO(to_markdown(article)), save_filename=name)
        app.notify(f"Sent {name} to your browser as a download.", markup=False, timeout=5)
        return

    def exported(path: Path | None) -> None:
        if path is not None:
            shown = for_message(str(path))  # a typed name may hold anything
            app.notify(f"Exported the article to {shown}", markup=False, timeout=5)

    app.push_screen(ExportDialog(name, to_markdown(article)), exported)
