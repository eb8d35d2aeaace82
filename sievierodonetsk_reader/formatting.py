"""Small wordings shared by the exports and the reader: coordinates, snippets, counts."""

from __future__ import annotations

from .controls import for_screen

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:  # annotations only: this module is on the way to every command
    from .model import Article, Mention, Place


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 mention", "2 mentions"."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, at a word boundary where there is one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ellipsis


def paragraph_opening(article: Article, number: int) -> str:
    """The first words of paragraph `number`, to name it in a list, safe for the screen."""
    return shorten(for_screen(article.paragraphs[number - 1].text), 60)


def format_coordinates(latitude: float, longitude: float) -> str:
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.4f}°{north}, {abs(longitude):.4f}°{east}"


def place_point(place: Place) -> str | None:
    """What the coordinates are of, and where: "administrative centre Luhansk, 48.5740°N, ..."."""
    if place.latitude is None or place.longitude is None:
        return None
    coordinates = format_coordinates(place.latitude, place.longitude)
    if place.point in (None, "centre"):
        return coordinates
    what = f"{place.point} {place.point_name}" if place.point_name else place.point
    return f"{what}, {coordinates}"


def mention_context(
    article: Article, mention: Mention, width: int, ellipsis: str = "..."
) -> tuple[str, str, str]:
    """The words before a mention, the mention, and the words after, about `width` each.

    The snippet never starts or ends inside a word.
    """
    text = article.paragraphs[mention.paragraph - 1].text
    left = max(0, mention.start - width)
    right = min(len(text), mention.end + width)
    if left > 0:
        space = text.find(" ", left, mention.start)
        left = space + 1 if space != -1 else mention.start
    if right < len(text):
        space = text.rfind(" ", mention.end, right)
        right = space if space != -1 else mention.end
    return (
        (ellipsis if left else "") + text[left : mention.start],
        text[mention.start : mention.end],
        text[mention.end : right] + (ellipsis if right < len(text) else ""),
    )
