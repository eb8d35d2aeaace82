"""Mentions: whole words, longest form first, whole characters, offsets into the text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from sievierodonetsk_reader.mentions import MentionFinder


def regex_mentions(owners: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    """What one big regular expression finds: the behaviour the finder must keep."""
    ordered = sorted(owners, key=lambda form: (-len(form), form))
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, ordered))})(?!\w)")
    return [(m.start(), m.end(), owners[m.group()]) for m in pattern.finditer(text)]


def found(owners: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    return [(start, end, entity) for start, end, entity, _ in MentionFinder(owners).find(text)]


# Plain text, without marks or joiners: here the finder must agree with the regex exactly.
plain = st.text(st.sampled_from(list("ab cd,.'-(LPR)")), max_size=40)
forms = st.lists(
    st.text(st.sampled_from(list("abcd LPR'.-(")), min_size=1, max_size=6).filter(
        lambda f: f.strip() == f
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@settings(max_examples=300, deadline=None)
@given(forms, plain)
def test_the_finder_agrees_with_the_regular_expression_on_plain_text(
    names: list[str], text: str
) -> None:
    owners = {form: f"e{number}" for number, form in enumerate(names)}
    assert found(owners, text) == regex_mentions(owners, text)


def test_longest_form_first_and_whole_words_only() -> None:
    owners = {"Luhansk": "region", "Luhansk People's Republic": "lpr", "LPR": "lpr"}
    text = "the Luhansk People's Republic (LPR), not LPRs, and Luhansk."
    assert [(text[a:b], e) for a, b, e in found(owners, text)] == [
        ("Luhansk People's Republic", "lpr"),
        ("LPR", "lpr"),
        ("Luhansk", "region"),
    ]


def test_a_form_never_matches_part_of_a_character() -> None:
    owners = {"Cafe": "cafe", "👩": "woman"}
    assert found(owners, "Cafe\u0301 society") == []  # "Café", its accent decomposed
    assert found(owners, "👩\u200d👩\u200d👧 family") == []  # one emoji, joined
    assert found(owners, "Cafe society, 👩 alone") == [(0, 4, "cafe"), (14, 15, "woman")]


def test_decomposed_and_precomposed_text_and_forms_match_each_other() -> None:
    decomposed = unicodedata.normalize("NFD", "Café")
    text = f"at the {decomposed} today"
    (mention,) = found({"Café": "cafe"}, text)
    assert text[mention[0] : mention[1]] == decomposed  # offsets into the text as written
    assert found({decomposed: "cafe"}, "at the Café today") == [(7, 11, "cafe")]


def test_many_forms_are_found_in_time_proportional_to_the_text() -> None:
    owners = {f"w{n:05d}": f"e{n}" for n in range(20_000)}
    text = " ".join(owners)
    assert len(found(owners, text)) == 20_000
