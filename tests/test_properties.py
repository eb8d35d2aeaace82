"""Random article files and random text (hypothesis): accepted or refused cleanly, and when
accepted, every export shows exactly the words and the reader mounts them."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_export import rendered_blocks

from sievierodonetsk_reader.controls import FORBIDDEN_IN_ARTICLES, for_screen
from sievierodonetsk_reader.export import to_json, to_markdown, to_text
from sievierodonetsk_reader.loader import ArticleError, parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.modeljson import decode, encode, model_fields, verify_model

SPECIALS = [
    *"*_#>[]()\\`!<&|~-+=.:\"' \t",
    "\u0301",  # combining acute
    "\u05d0\u05d1",  # Hebrew, right to left
    "\u202e",  # right-to-left override
    "漢字",  # wide CJK
    "👩‍👩‍👧",  # emoji with joiners
    "\x1b[31m",  # an escape sequence
    "\x07",
    "[bold red]",
    "[@click=app.quit]",
    "[/]",
    "\u00a0",
    "\u2028",
    "1.",
    "    ",
]

# Any character but controls, line and paragraph separators, bidi overrides and isolates and
# lone surrogates, which the loader refuses (see test_bad_input): those come only from SPECIALS,
# now and then, so that most examples are accepted and their exports checked.
characters = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
words = st.one_of(st.text(characters, min_size=1, max_size=12), st.sampled_from(SPECIALS))
text = st.lists(words, min_size=1, max_size=12).map("".join)


def article_yaml(paragraphs: list[Any], extra: dict[str, Any] | None = None) -> str:
    data: dict[str, Any] = {
        "article": {
            "id": "random",
            "title": "Random",
            "dateline": "KYIV",
            "language": "en",
            "reference_date": "2022-06-24",
        },
        "paragraphs": paragraphs,
        **(extra or {}),
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def load(paragraphs: list[Any], extra: dict[str, Any] | None = None) -> Article | None:
    try:
        return parse_article(article_yaml(paragraphs, extra), "random.yaml")
    except ArticleError as error:
        for problem in error.problems:
            assert problem.path == "random.yaml"
            assert problem.line is not None and problem.line >= 1
        return None


@settings(max_examples=150, deadline=None)
@given(st.lists(text, min_size=1, max_size=4))
def test_random_text_round_trips_through_every_export(paragraphs: list[str]) -> None:
    article = load(paragraphs)
    if article is None:  # refused: blank, or a control character (line breaks included)
        assert any(not p.strip() or FORBIDDEN_IN_ARTICLES.search(p) for p in paragraphs)
        event("refused")
        return
    event("accepted")
    assert to_text(article) == "\n\n".join(paragraphs) + "\n"
    shown = [text for tag, text in rendered_blocks(to_markdown(article)) if tag == "p"]
    for paragraph in paragraphs:
        assert paragraph in shown
    data = json.loads(to_json(article))
    assert [p["text"] for p in data["paragraphs"]] == paragraphs
    assert kept_and_read_back(article) == article


def kept_and_read_back(article: Article) -> Article:
    """`article` as the cache keeps it and checks it when read: what the parser makes must
    pass that check, or each start would parse the file again."""
    return verify_model(decode(encode(article), model_fields()))


# Speech text is what an author would write: no blanks at its edges, no control characters.
speech_text = text.map(str.strip).filter(lambda t: t and not FORBIDDEN_IN_ARTICLES.search(t))
SPEAKER = {"id": "speaker", "name": "A Speaker", "role": "none", "forms": ["Speaker"]}
OTHER = {"id": "other", "name": "Another", "forms": ["Other"]}


def _speech(kind: str, words: str | list[Any], speaker: str = "speaker") -> dict[str, Any]:
    return {"kind": kind, "speaker": speaker, "text": words}


@settings(max_examples=100, deadline=None)
@given(
    text,
    speech_text,
    speech_text,
    text,
    st.sampled_from(["direct", "partial", "reported"]),
    st.sampled_from(["direct", "partial", "reported", "nested"]),
)
def test_random_speech_is_attributed_and_rendered(
    before: str, said: str, more: str, after: str, kind: str, second: str
) -> None:
    """Speech, then speech right beside it (or a quotation nested in reported speech)."""
    if second == "nested":
        nested = ["", {"partial": more}, ""]
        segments = [_speech("reported", said), _speech("reported", nested, "other")]
        spoken = [("reported", said), ("reported", more), ("partial", more)]
    else:
        segments = [_speech(kind, said), _speech(second, more, "other")]
        spoken = [(kind, said), (second, more)]
    paragraph = ["Speaker and Other said ", before, *segments, after]
    article = load([paragraph], {"people": [SPEAKER, OTHER]})
    whole = "Speaker and Other said " + before + said + more + after
    if article is None:  # only the plain text can be at fault: the speech is well formed
        assert not whole.strip() or FORBIDDEN_IN_ARTICLES.search(before + after)
        event("refused")
        return
    event("accepted")
    assert [(q.kind, q.text) for q in article.quotes] == spoken
    assert [q.speaker for q in article.passages] == ["speaker", "other"]
    assert article.paragraphs[0].text == whole
    shown = [text for tag, text in rendered_blocks(to_markdown(article)) if tag == "p"]
    assert whole in shown
    assert kept_and_read_back(article) == article


# Random structure: what an author might write by mistake, in any type at any place.
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(text, children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["article", "paragraphs", "people", "places", "organizations", "dates"]),
        values,
    ),
)
def test_random_structures_are_accepted_or_refused_cleanly(document: dict[str, Any]) -> None:
    source = yaml.safe_dump(document, allow_unicode=True)
    try:
        parse_article(source, "random.yaml")
    except ArticleError as error:
        assert error.problems
        assert all(str(p).startswith("random.yaml:") for p in error.problems)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text, min_size=1, max_size=3))
def test_the_reader_mounts_random_text(paragraphs: list[str]) -> None:
    article = load(paragraphs)
    if article is None:
        return
    from sievierodonetsk_reader.tui.app import ReaderApp

    async def run() -> str:
        app = ReaderApp(article)
        async with app.run_test(size=(60, 60)) as pilot:  # room for every paragraph
            view = app.main.view
            drawn = "".join(
                segment.text for y in range(view.size.height) for segment in view.render_line(y)
            )
            # The keys work on any text too: the end, a quotation, find.
            await pilot.press("G", "right_square_bracket", "slash", "a", "escape")
            assert app.is_running
            return drawn

    drawn = "".join(asyncio.run(run()).split())
    for paragraph in article.paragraphs:  # every word drawn, in order, controls made visible
        assert "".join(for_screen(paragraph.text).split()) in drawn


@settings(max_examples=150, deadline=None)
@given(st.lists(text, min_size=1, max_size=4), st.integers(0, 3), st.integers(1, 4))
def test_find_matches_what_each_paragraph_holds(paragraphs: list[str], at: int, size: int) -> None:
    import re

    from sievierodonetsk_reader.search import HEADER, find_spans, header_text

    article = load(paragraphs)
    if article is None:
        return
    texts = [header_text(article), *(p.text for p in article.paragraphs)]
    source = texts[min(at, len(texts) - 1)]
    for query in {source[:size], source[-size:], source[:size].swapcase(), "a"}:
        if not query or "\n" in query:
            continue
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        expected = [
            (number, match.start(), match.end())
            for number, text in enumerate(texts)
            for match in pattern.finditer(text)
            if match.end() > match.start()
        ]
        assert find_spans(article, query) == expected
        window = range(HEADER, 2)
        assert find_spans(article, query, window) == [s for s in expected if s[0] in window]
