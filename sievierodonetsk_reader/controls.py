"""Characters that must never reach a terminal as they are, and the two ways to make text safe.

They would move the cursor, change colours, the window title or the clipboard, or reorder what
a reader sees: C0 and C1 controls, DEL, line and paragraph separators, bidi overrides and
isolates, and the lone surrogates that stand for undecodable bytes in file names.

- `for_message`: text going into a message (an error on stderr, a notice, a log line, a file
  name): each such character written as an escape (`\\x1b`), so the message says which it was.
- `for_screen`: article text going onto the reader's screen: each replaced one for one by a
  visible symbol (␛), so offsets into the text still point at the right words for marks,
  find matches and clicks.
"""

from __future__ import annotations

import re

_CONTROLS = "\x00-\x1f\x7f-\x9f"
_REORDERING = "\u2028\u2029\u202a-\u202e\u2066-\u2069"  # separators, bidi controls
_DISGUISES = _REORDERING + "\ud800-\udfff"  # and lone surrogates
# Any of them: what text must not hold to be written to a terminal as it is.
UNSAFE = re.compile(f"[{_CONTROLS}{_DISGUISES}]")
# What no field of an article file may hold: the same, but for tab (a paragraph may hold one).
FORBIDDEN_IN_ARTICLES = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_DISGUISES}]")
# What no output of ours (an export, check's report) holds: the same, but for line breaks
# (a JSON string may carry a file name's undecodable bytes as surrogates).
UNSAFE_IN_OUTPUTS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_REORDERING}]")

_PICTURES = {code: 0x2400 + code for code in range(0x20)}  # ␀ ... ␟
_PICTURES[0x7F] = 0x2421  # ␡
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_PICTURES.update({code: 0xFFFD for code in (0x2028, 0x2029, *range(0x202A, 0x202F))})
_PICTURES.update({code: 0xFFFD for code in range(0x2066, 0x206A)})
_PICTURES.update({code: 0xFFFD for code in range(0xD800, 0xE000)})


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_message(text: str) -> str:
    """`text` for a message: each unsafe character written as an escape (`\\x1b`)."""
    return UNSAFE.sub(_escape, text)


def for_screen(text: str) -> str:
    """`text` for the screen: each unsafe character replaced by one visible symbol."""
    if text.isascii() and text.isprintable():  # nothing to replace: 4x faster to tell
        return text
    return text.translate(_PICTURES)
