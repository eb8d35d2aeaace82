"""Each kind of mistake in an article file gets a `path:line:col: message` error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import line_of

from sievierodonetsk_reader.loader import ArticleError, load_article, parse_article


def problems_for(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    return [str(problem) for problem in caught.value.problems]


# (description, text to replace, replacement, words in the message, text on the reported line)
MISTAKES = [
    (
        "unknown speaker",
        "speaker: kiselev",
        "speaker: kiseleff",
        "unknown speaker 'kiseleff'",
        "speaker: kiseleff",
    ),
    (
        "speaker that is a place",
        "speaker: kiselev",
        "speaker: lysychansk",
        "speaker 'lysychansk' is a place, not a person",
        "speaker: lysychansk",
    ),
    (
        "duplicate id",
        "- id: zolote",
        "- id: hirske",
        "duplicate id 'hirske'",
        "id: hirske\n    name: Zolote",
    ),
    (
        "form not in the text",
        "forms: [Vitaly Kiselev]",
        "forms: [Vitaliy Kiselyov]",
        "the form 'Vitaliy Kiselyov' never occurs in the text",
        "forms: [Vitaliy Kiselyov]",
    ),
    (
        "form belonging to two entities",
        "forms: [Putin]",
        "forms: [Kuleba]",
        "the form 'Kuleba' already belongs to 'kuleba'",
        "forms: [Kuleba]",
    ),
    (
        "unparsable date",
        "text: late February",
        "text: the day the war began",
        "cannot read 'the day the war began' as a date",
        "text: the day the war began",
    ),
    (
        "weekday contradicting the date",
        "text: Friday, June 24\n",
        "text: Friday, June 24\n    value: 2022-06-25\n",
        "weekday mismatch: 'Friday, June 24' names a Friday, but 2022-06-25 is a Saturday",
        'forms: ["Friday, June 24"',
    ),
    (
        "bad explicit date value",
        "value: 1939/1945",
        "value: 1945/1939",
        "ends before it starts",
        "value: 1945/1939",
    ),
    (
        "missing required field",
        "    name: Dmytro Kuleba\n",
        "",
        "person: missing required field 'name'",
        "- id: kuleba",
    ),
    (
        "unknown field",
        "    role: General\n",
        "    role: General\n    rank: none\n",
        "person: unknown field 'rank'",
        "rank: none",
    ),
    (
        "affiliation is gone: the editor's facts go in note",
        "    role: General\n",
        "    role: General\n    affiliation: Army\n",
        "person: unknown field 'affiliation'",
        "affiliation: Army",
    ),
    (
        "text where a number belongs",
        "latitude: 48.9482",
        "latitude: north",
        "latitude must be a number, not the text 'north'",
        "latitude: north",
    ),
    (
        "number out of range",
        "longitude: 38.4913",
        "longitude: 381.4913",
        "longitude must be between -180 and 180",
        "longitude: 381.4913",
    ),
    (
        "list where text belongs",
        "name: Dmytro Kuleba",
        "name: [Dmytro, Kuleba]",
        "person name must be text, not a list",
        "name: [Dmytro, Kuleba]",
    ),
    (
        "unknown speech kind",
        "kind: reported\n      speaker: kiselev",
        "kind: paraphrase\n      speaker: kiselev",
        "speech kind 'paraphrase' must be one of direct, partial, reported",
        "kind: paraphrase",
    ),
    (
        "speech with a blank at its edge",
        "text: there is little left to defend in the city\n",
        "text: 'there is little left to defend in the city '\n",
        "speech text must not start or end with a blank: it belongs to the plain text",
        "text: 'there is little left",
    ),
    (
        "quotation nested in a direct quote",
        "text: To remain in a position of being blown to pieces for months to stay there is absurd",
        "text: [To remain, {partial: in a position}, of being blown to pieces]",
        "only reported speech can contain a quotation",
        "text: [To remain",
    ),
    (
        "nested quotation with a blank at its edge",
        "- partial: equivalent weapons",
        "- partial: 'equivalent weapons '",
        "speech text must not start or end with a blank",
        "- partial: 'equivalent weapons '",
    ),
    (
        "line break in a one-line field",
        "name: Vitaly Kiselev",
        'name: "Vitaly\\nKiselev"',
        "person name must be one line: it contains a line break (U+000A)",
        'name: "Vitaly',
    ),
    (
        "escape sequence in a field",
        "title: Ukrainian troops ordered to withdraw from Sievierodonetsk",
        'title: "T \\e]0;PWNED\\a"',
        "article title contains the control character U+001B, which is not allowed",
        'title: "T',
    ),
    (
        "bidi override in a field",
        "note: Russian state news agency",
        'note: "Russian \\u202eycnega"',
        "note contains a bidirectional override (U+202E)",
        'note: "Russian',
    ),
    (
        "coordinates without saying what they are of",
        "    point: approximate centre\n",
        "",
        "say what the coordinates are of: point: centre | administrative centre",
        "- id: donbas",
    ),
    (
        "unknown point kind",
        "point: approximate centre",
        "point: middle",
        "point 'middle' must be one of: centre, administrative centre",
        "point: middle",
    ),
    (
        "bad reference date",
        "reference_date: 2022-06-24",
        "reference_date: June 2022",
        "reference_date 'June 2022' must be a date written YYYY-MM-DD",
        "reference_date: June 2022",
    ),
    (
        "region that is not a place",
        "region: kherson-region",
        "region: kherson",
        "region 'kherson' is not the id of a place",
        "region: kherson",
    ),
    (
        "cited source that is not an organisation",
        "organization: antara",
        "organization: kyiv",
        "'kyiv' is not the id of an organization",
        "organization: kyiv",
    ),
    (
        "cited source the paragraph does not name",
        "organization: antara\n      paragraph: 16",
        "organization: antara\n      paragraph: 15",
        "paragraph 15 does not name 'antara', so it cannot cite it",
        "- organization: antara",
    ),
    (
        "translation provider that is not an organisation",
        "provider: digitalsiber",
        "provider: jakarta",
        "translation provider 'jakarta' is not an organization",
        "provider: jakarta",
    ),
    (
        "publisher url that is not a web address",
        "url: https://voi.id/en/news/183042",
        "url: javascript:alert(1)",
        "publisher url 'javascript:alert(1)' must be a web address",
        "url: javascript",
    ),
    (
        "bad id",
        "- id: putin",
        "- id: Putin!",
        "person id 'Putin!' must be lower-case letters",
        "- id: Putin!",
    ),
    (
        "via words not in the paragraph",
        "words: told the TASS news agency",
        "words: told the RIA news agency",
        "via words 'told the RIA news agency' are not in the paragraph",
        "words: told the RIA",
    ),
    (
        "unknown channel",
        "channel: telephone",
        "channel: carrier pigeon",
        "via channel 'carrier pigeon' must be one of",
        "channel: carrier pigeon",
    ),
    (
        "outlet that is not an organisation",
        "channel: online video\n        organization: antara",
        "channel: online video\n        organization: kyiv",
        "via organization 'kyiv' is not an organization",
        "organization: kyiv",
    ),
    (
        "a channel the text does not state",
        "      via:\n        note: The text gives no channel for this passage; the next",
        "      via:\n        channel: television\n        note: The text gives no channel for "
        "this passage; the next",
        "a via channel or organization needs the text's words for it",
        "channel: television\n        note: The text gives no channel",
    ),
    (
        "insertion not in the quotation",
        "insertions: ['(were there)']",
        "insertions: ['(was there)']",
        "the insertion '(was there)' is not in the speech text",
        "insertions: ['(was there)']",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message", "line_text"),
    [case[1:] for case in MISTAKES],
    ids=[case[0] for case in MISTAKES],
)
def test_each_mistake_is_reported_with_file_line_and_column(
    article_text: str, tmp_path: Path, old: str, new: str, message: str, line_text: str
) -> None:
    assert old in article_text
    broken = article_text.replace(old, new, 1)
    problems = problems_for(broken, tmp_path)
    # A weekday is checked in each form that names it: this file names Friday twice.
    assert len(problems) == (2 if "weekday" in message else 1), problems
    path, line, column, text = problems[0].split(":", 3)
    assert path == str(tmp_path / "bad.yaml")
    assert int(line) == line_of(broken, line_text)
    assert int(column) >= 1
    assert message in text


def test_every_problem_is_reported_not_just_the_first(article_text: str, tmp_path: Path) -> None:
    broken = (
        article_text.replace("speaker: kiselev", "speaker: nobody")
        .replace("latitude: 48.9482", "latitude: far")
        .replace("text: late February", "text: someday")
    )
    problems = problems_for(broken, tmp_path)
    assert len(problems) == 3
    assert [int(p.split(":")[1]) for p in problems] == sorted(
        int(p.split(":")[1]) for p in problems
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("article:\n\tid: x\n", 2, "tab character"),
        ('article:\n  title: "unclosed\n', 2, "this quoted text is never closed"),
        ("article: {}\narticle: {}\nparagraphs: [x]\n", 2, "duplicate field 'article'"),
        ("", 1, "the file is empty"),
        ("- just\n- a list\n", 1, "the article file must be a mapping of fields, not a list"),
        ("paragraphs: [x]\n", 1, "missing required field 'article'"),
        ("a: &a [1]\nb: *a\n", 2, "aliases (*a) are not allowed"),
        ("article: !!python/object:os.system {}\nparagraphs: [x]\n", 1, "tag !!python/object"),
        ("x: " + "[" * 100 + "]" * 100 + "\n", 1, "nested more than"),
    ],
    ids=[
        "tab",
        "unclosed quote",
        "duplicate key",
        "empty",
        "not a mapping",
        "missing",
        "alias",
        "python tag",
        "deep",
    ],
)
def test_malformed_yaml(text: str, line: int, message: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(text, "x.yaml")
    matching = [p for p in caught.value.problems if message in p.message]
    assert matching, caught.value.problems
    assert (matching[0].path, matching[0].line) == ("x.yaml", line)


def test_file_level_problems(tmp_path: Path) -> None:
    def message(path: Path, **kwargs: int) -> str:
        with pytest.raises(ArticleError) as caught:
            load_article(path, **kwargs)
        return str(caught.value)

    assert message(tmp_path / "missing.yaml") == f"{tmp_path / 'missing.yaml'}: no such file"
    assert message(tmp_path).endswith("is a directory, not an article file")
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes(b"article:\n  title: caf\xe9\n")
    assert message(latin) == f"{latin}:2:13: the file is not UTF-8 text (save it as UTF-8)"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert message(binary).endswith("this is a binary file, not a YAML article")
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 200 + "\n")
    assert "larger than 100 bytes" in message(big, max_bytes=100)


HEADER = "article: {id: a, title: T, dateline: D, language: en, reference_date: 2022-06-24}\n"


def test_a_file_with_countless_problems_reports_the_first_hundred_and_a_count() -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(HEADER + "paragraphs:\n" + "  - {}\n" * 5000, "x.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 101
    assert lines[-1] == f"x.yaml: ... and {len(caught.value.problems) - 100:,} more problems"


def test_more_paragraphs_than_any_article_is_refused_plainly() -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(HEADER + "paragraphs:\n" + "  - a\n" * 25_001, "x.yaml")
    assert "25,001 paragraphs: an article file holds at most 25,000" in str(caught.value)


def test_more_entities_than_any_article_is_refused_plainly() -> None:
    people = "".join(f"  - {{id: p{n}, name: P, forms: [a]}}\n" for n in range(10_001))
    with pytest.raises(ArticleError) as caught:
        parse_article(HEADER + "paragraphs: [a]\npeople:\n" + people, "x.yaml")
    assert "more than 10,000 entities" in str(caught.value)


def test_more_yaml_values_than_any_article_is_refused_before_they_are_built() -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article("x: [" + "1," * 300_000 + "1]\n", "x.yaml")
    (problem,) = caught.value.problems
    assert "more than 250,000 YAML values" in problem.message
