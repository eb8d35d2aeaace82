"""The reader's settings: a small TOML file the user may edit, and the reader updates in place.

    theme = "nord"            # any theme of the command palette
    text_width = 88           # the measure of the text, 30 to 200 columns (+ and - change it)
    prepaint = true           # the first screen drawn before Textual starts (false: Textual's)

    [keys]                    # key overrides, by the binding ids that help lists
    find = "slash,ctrl+f"

The reader changes a value through tomlkit, which keeps the rest of the document as written
(comments, order, quoting, tables): any valid TOML stays valid and says what it said. A file
with errors is reported (file:line:col) and left untouched: the reader runs with the defaults
and does not write to it until it is fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .controls import for_message
from .formatting import shorten
from .keptfiles import KeptFileError, locked, read_kept, write_kept
from .names import user_directory
from .writing import ExportError

MIN_TEXT_WIDTH = 30
MAX_TEXT_WIDTH = 200
DEFAULT_TEXT_WIDTH = 88  # a comfortable measure for reading
# A settings file is a few lines; one of 64 KB is not a settings file, and is not read.
MAX_SETTINGS_BYTES = 64 * 1024
# A key as Textual names it: "f", "F", "slash", "ctrl+f", "shift+f1", a comma between keys.
KEY_NAME = re.compile(r"((ctrl|shift|alt|meta|super|hyper)\+)*[A-Za-z0-9_]{1,32}")
MAX_KEYS = 8  # keys for one binding
SHOWN_VALUE = 60  # characters of a wrong value quoted in a message
EXPECTED = {  # what a setting given a wrong value should be, in words
    "theme": "a theme's name",
    "text_width": f"a number from {MIN_TEXT_WIDTH} to {MAX_TEXT_WIDTH}",
    "prepaint": "true or false",
}


def settings_path() -> Path:
    return user_directory("config") / "settings.toml"


@dataclass(slots=True)
class Settings:
    path: Path | None  # None: nothing is read or written
    theme: str | None = None
    text_width: int = DEFAULT_TEXT_WIDTH
    keys: dict[str, str] = field(default_factory=dict)
    prepaint: bool = True  # the kept first screen is shown while Textual starts
    problems: list[str] = field(default_factory=list)  # to say once, at start
    writable: bool = True  # False while the file has errors: the user's text is kept

    @classmethod
    def open(cls, path: Path | None) -> Settings:
        settings = cls(path)
        if path is not None:
            settings._read(path)
        return settings

    def _read(self, path: Path) -> None:
        shown = for_message(str(path))
        try:
            raw = read_kept(path, MAX_SETTINGS_BYTES)
            text = raw.decode("utf-8") if raw is not None else None
        except (KeptFileError, UnicodeDecodeError) as error:
            self.writable = False
            self.problems.append(f"{shown}: cannot be used: {for_message(str(error))}")
            return
        if text is None:
            return
        import tomllib  # only when there is a settings file

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            self.writable = False
            self.problems.append(_located(shown, str(error)))
            return
        except (ValueError, RecursionError) as error:  # 5,000 digits; arrays nested too deep
            self.writable = False
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            self.problems.append(f"{shown}: cannot be read: {for_message(reason)}")
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
                self._read_keys(shown, text, value)
            elif key == "prepaint" and isinstance(value, bool):
                self.prepaint = value
            elif key in EXPECTED:
                expected = EXPECTED[key]
                given = for_message(shorten(repr(value), SHOWN_VALUE))
                where = _where(text, None, key)
                self.problems.append(f"{shown}{where}: {key} must be {expected}, not {given}")
            else:
                where = _where(text, None, key)
                self.problems.append(f"{shown}{where}: unknown setting {for_message(repr(key))}")

    def _read_keys(self, shown: str, text: str, table: dict[str, object]) -> None:
        for binding_id, keys in table.items():
            if isinstance(keys, str) and _are_keys(keys):
                self.keys[binding_id] = keys
            else:
                where = _where(text, "keys", binding_id)
                self.problems.append(
                    f"{shown}{where}: keys.{for_message(binding_id)} must be key names such as "
                    f'"slash,ctrl+f", not {for_message(shorten(repr(keys), SHOWN_VALUE))}'
                )

    def set_theme(self, theme: str) -> str | None:
        """Use `theme` from now on and save it; what went wrong, if anything."""
        self.theme = theme
        return self._save("theme", theme)

    def set_text_width(self, width: int) -> str | None:
        """Use `width` columns from now on and save it; what went wrong, if anything."""
        self.text_width = max(MIN_TEXT_WIDTH, min(MAX_TEXT_WIDTH, width))
        return self._save("text_width", self.text_width)

    def _save(self, key: str, value: str | int) -> str | None:
        if self.path is None:
            return None
        if not self.writable:
            return f"Not saved: {for_message(str(self.path))} has errors to fix first."
        try:
            # Under the lock: another reader may be saving a setting of its own.
            with locked(self.path):
                raw = read_kept(self.path, MAX_SETTINGS_BYTES)
                text = raw.decode("utf-8") if raw is not None else ""
                write_kept(self.path, with_value(text, key, value))
        except (KeptFileError, UnicodeDecodeError, OSError, ExportError) as error:
            return f"Not saved: {for_message(str(error))}"
        return None


def with_value(text: str, key: str, value: str | int) -> str:
    """`text` (a TOML document) with the top-level `key` set to `value`, all else as it was."""
    import tomlkit  # only when a setting changes

    document = tomlkit.parse(text)
    document[key] = value
    return document.as_string()


def _are_keys(keys: str) -> bool:
    names = keys.split(",")
    return len(names) <= MAX_KEYS and all(KEY_NAME.fullmatch(name.strip()) for name in names)


def _where(text: str, table: str | None, key: str) -> str:
    """ ":LINE:COL" of `key`'s value in `[table]` (None: the top level) of the TOML `text`.

    "" if it cannot be told (a key in an inline table, say): the message still names the key.
    """
    in_table = table is None
    assignment = re.compile(rf"\s*([\"']?){re.escape(key)}\1\s*=\s*")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]*?)\s*\]", line)
        if header:
            in_table = header[1] == table  # None never equals a header: top level ends
        elif in_table and (found := assignment.match(line)):
            return f":{number}:{found.end() + 1}"
    return ""


def _located(shown: str, message: str) -> str:
    """tomllib's "Expected '=' (at line 3, column 7)" as "FILE:3:7: Expected '='"."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return f"{shown}: {for_message(message)}"
    return f"{shown}:{found[1]}:{found[2]}: {for_message(message[: found.start()])}"
