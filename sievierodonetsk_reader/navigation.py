"""Moving through the article's speech: the next quotation, the next speaker.

`]` / `[` step through quotations (words in quotation marks, nested ones included); `}` / `{`
step through passages of speech, reported speech included, to the next one by a different
speaker. Without a current quote, the search starts from the paragraph at the top of the window.
"""

from __future__ import annotations

from .model import Article, Quote


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
