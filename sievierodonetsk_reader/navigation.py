"""Moving through the article's speech: the next quotation, the next speaker.

`]` / `[` step through quotations (words in quotation marks, nested ones included); `}` / `{`
step through passages of speech, reported speech included, to the next one by a different
speaker. Without a current quote, the search starts from the paragraph at the top of the window.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Article, Quote, Span

# Whether any of a span is in the reader's window.
Shows = Callable[[Span], bool]


def _after(
    candidates: tuple[Quote, ...], current: Quote | None, position: int, step: int
) -> list[Quote]:
    """The candidates after (step 1) or before (step -1) the current one, nearest first."""
    if current is None:
        if step > 0:
            return [q for q in candidates if q.paragraph >= position]
        return [q for q in reversed(candidates) if q.paragraph < position]
    if step > 0:
        return [q for q in candidates if q.index > current.index]
    return [q for q in reversed(candidates) if q.index < current.index]


def next_quotation(
    article: Article, current: Quote | None, position: int = 1, step: int = 1
) -> Quote | None:
    """The quotation after (or, with step -1, before) `current`, or after `position`."""
    return next(iter(_after(article.quotations, current, position, step)), None)


def next_speaker(
    article: Article, current: Quote | None, position: int = 1, step: int = 1
) -> Quote | None:
    """The next passage of speech, reported included, by someone other than `current`'s speaker.

    A nested quotation counts as its passage: from Zaluzhniy's "equivalent weapons", `{`
    goes to the speaker before Zaluzhniy, not to the passage that contains the words.
    """
    speaker = current.speaker if current is not None else None
    for passage in _after(article.passages, current, position, step):
        if passage.speaker != speaker:
            return passage
    return None


def on_screen(quote: Quote | None, shows: Shows) -> Quote | None:
    """`quote`, if any of it is in the window: after a scroll, keys start from what is shown."""
    return quote if quote is not None and shows(quote.span) else None


def to_copy(article: Article, current: Quote | None, shows: Shows) -> Quote | None:
    """What `y` copies: the current quote if it is on screen, else the first speech in view."""
    return on_screen(current, shows) or next(
        (passage for passage in article.passages if shows(passage.span)), None
    )


def stepped(
    article: Article,
    current: Quote | None,
    shows: Shows,
    position: int,
    step: int,
    other_speaker: bool,
) -> tuple[Quote | None, str]:
    """`]` `[` (quotations) or `}` `{` (speakers) from what is on screen: the quote reached,
    or None and what to say."""
    if not article.quotes:
        return None, "This article has no speech to move through."
    find = next_speaker if other_speaker else next_quotation
    quote = find(article, on_screen(current, shows), position, step)
    if quote is None:
        what = "speaker" if other_speaker else "quotation"
        return None, f"No {what} {'after' if step > 0 else 'before'} this one."
    return quote, ""
