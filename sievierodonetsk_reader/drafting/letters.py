"""Capital and small letters for the drafting's patterns, beyond ASCII.

Python's `re` has no class for "a capital letter": `[A-Z]` missed "Radosław Sikorski"
(drafted as "Sikorski"), "Şahin Öztürk" and every name in Cyrillic. These classes add the
Latin letters with marks (Polish, Czech, Turkish, ...), Greek and Cyrillic.
"""

from __future__ import annotations

from collections.abc import Callable

# Latin-1 Supplement to the end of Cyrillic Supplement.
_BEYOND_ASCII = range(0xC0, 0x530)


def _letters(kind: Callable[[str], bool]) -> str:
    return "".join(c for c in map(chr, _BEYOND_ASCII) if c.isalpha() and kind(c))


CAPITAL = "A-Z" + _letters(str.isupper)  # for a character class: [{CAPITAL}]
SMALL = "a-z" + _letters(str.islower)
