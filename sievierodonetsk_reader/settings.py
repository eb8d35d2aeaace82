"""The reader's settings: a small TOML file the user may edit, and the reader updates in place.

    theme = "nord"            # any theme of the command palette
    text_width = 88           # the measure of the text, 30 to 200 columns (+ and - change it)

    [keys]                    # key overrides, by the binding ids that help lists
    find = "slash,ctrl+f"

The reader changes a value by rewriting only that value's line, so the user's comments and
order stay. A file with errors is reported (file:line:col) and left untouched: the reader runs
with the defaults and does not write to it until it is fixed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .formatting import printable
from .names import APP_NAME
from .writing import ExportError, write_atomically

MIN_TEXT_WIDTH = 30
MAX_TEXT_WIDTH = 200
DEFAULT_TEXT_WIDTH = 88  # a comfortable measure for reading


def settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "settings.toml"


@dataclass(slots=True)
class Settings:
    path: Path | None  # None: nothing is read or written
    theme: str | None = None
    text_width: int = DEFAULT_TEXT_WIDTH
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # to say once, at start
    writable: bool = True  # False while the file has errors: the user's text is kept

    @classmethod
    def open(cls, path: Path | None) -> Settings:
        settings = cls(path)
        if path is not None:
            settings._read(path)
        return settings

    def _read(self, path: Path) -> None:
        shown = printable(str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            self.writable = False
            self.problems.append(f"{shown}: cannot read: {printable(str(error))}")
            return
        import tomllib  # only when there is a settings file

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            self.writable = False
            self.problems.append(_located(shown, str(error)))
            return
        for key, value in document.items():
            if key == "theme" and isinstance(value, str):
                self.theme = value
            elif (
                key == "text_width"
                and isinstance(value, int)
                and MIN_TEXT_WIDTH <= value <= MAX_TEXT_WIDTH
            ):
                self.text_width = value
            elif key == "keys" and isinstance(value, dict):
                self._read_keys(shown, value)
            elif key in ("theme", "text_width"):
                expected = (
                    "a theme's name"
                    if key == "theme"
                    else f"a number from {MIN_TEXT_WIDTH} to {MAX_TEXT_WIDTH}"
                )
                self.problems.append(
                    f"{shown}: {key} must be {expected}, not {printable(repr(value))}"
                )
            else:
                self.problems.append(f"{shown}: unknown setting {printable(repr(key))}")

    def _read_keys(self, shown: str, table: dict[str, object]) -> None:
        for binding_id, keys in table.items():
            if isinstance(keys, str) and keys.strip():
                self.keys[binding_id] = keys
            else:
                self.problems.append(
                    f"{shown}: keys.{printable(binding_id)} must be keys such as "
                    f'"slash,ctrl+f", not {printable(repr(keys))}'
                )

    def change(self, key: str, value: str | int) -> str | None:
        """Set a top-level value and save it; what went wrong, if anything."""
        setattr(self, key, value)
        if self.path is None:
            return None
        if not self.writable:
            return f"Not saved: {printable(str(self.path))} has errors to fix first."
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError) as error:
            return f"Not saved: {printable(str(error))}"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, with_value(text, key, value), force=True)
        except (OSError, ExportError) as error:
            return f"Not saved: {printable(str(error))}"
        return None


def with_value(text: str, key: str, value: str | int) -> str:
    """`text` (a TOML document) with the top-level `key` set to `value`, all else as it was."""
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a TOML one
    lines = text.splitlines()
    assignment = re.compile(rf"\s*{re.escape(key)}\s*=")
    for number, existing in enumerate(lines):
        if existing.lstrip().startswith("["):  # the first table: top-level keys end here
            lines.insert(number, line)
            break
        if assignment.match(existing):
            lines[number] = line
            break
    else:
        lines.append(line)
    return "\n".join(lines) + "\n"


def _located(shown: str, message: str) -> str:
    """tomllib's "Expected '=' (at line 3, column 7)" as "FILE:3:7: Expected '='"."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return f"{shown}: {printable(message)}"
    return f"{shown}:{found[1]}:{found[2]}: {printable(message[: found.start()])}"
