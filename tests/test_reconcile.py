"""Following a place from one version of an article to the next."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from sievierodonetsk_reader.model import Article, Paragraph, Segment
from sievierodonetsk_reader.reconcile import Moves, follow_paragraphs
from sievierodonetsk_reader.state import Position

OLD = ["a", "b", "c", "d", "e"]


def test_an_insertion_moves_the_paragraphs_after_it() -> None:
    assert follow_paragraphs(OLD, ["a", "new", "b", "c", "d", "e"]) == [0, 2, 3, 4, 5]


def test_a_deletion_hands_its_place_to_the_next_paragraph() -> None:
    assert follow_paragraphs(OLD, ["a", "c", "d", "e"]) == [0, 1, 1, 2, 3]
    assert follow_paragraphs(OLD, ["a", "b", "c", "d"]) == [0, 1, 2, 3, 3]  # at the end


def test_an_edited_paragraph_is_the_same_paragraph() -> None:
    assert follow_paragraphs(OLD, ["a", "b", "C!", "d", "e"]) == [0, 1, 2, 3, 4]


@given(st.lists(st.booleans(), max_size=30), st.lists(st.integers(0, 30), max_size=5))
def test_an_unchanged_paragraph_is_followed_through_insertions_and_deletions(
    kept: list[bool], inserted_at: list[int]
) -> None:
    old = [f"paragraph {n}" for n in range(len(kept))]
    new = [text for text, keep in zip(old, kept, strict=True) if keep]
    for number, at in enumerate(inserted_at):
        new.insert(min(at, len(new)), f"new {number}")
    if not new:
        new = ["only"]
    places = follow_paragraphs(old, new)
    assert len(places) == len(old) and all(0 <= place < len(new) for place in places)
    assert places == sorted(places)  # reading order is kept
    for index, keep in enumerate(kept):
        if keep:
            assert new[places[index]] == old[index]


def with_paragraphs(article: Article, texts: list[str]) -> Article:
    paragraphs = tuple(Paragraph(n, (Segment(t),)) for n, t in enumerate(texts, start=1))
    return replace(article, paragraphs=paragraphs, mentions=())


def test_the_words_at_the_top_stay_at_the_top(article: Article) -> None:
    texts = [p.text for p in article.paragraphs]
    old = with_paragraphs(article, texts)
    inserted = with_paragraphs(article, [texts[0], "A new paragraph.", *texts[1:]])
    offset = texts[9].index("Kiev")
    assert Moves(old, inserted).position(Position(10, offset)) == Position(11, offset)
    edited = texts.copy()
    edited[9] = "Inserted words. " + texts[9]
    moved = Moves(old, with_paragraphs(article, edited)).position(Position(10, offset))
    assert moved == Position(10, offset + len("Inserted words. "))
    assert Moves(old, inserted).bookmarks([2, 10, 25]) == [3, 11, 26]
