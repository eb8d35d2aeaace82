"""A corpus of broken article files: every command says what is wrong, where, and exits 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sievierodonetsk_reader import yamlnodes
from sievierodonetsk_reader.cli import main
from sievierodonetsk_reader.loader import (
    MAX_BYTES_VARIABLE,
    ArticleError,
    load_article,
    parse_article,
)

CORPUS = Path(__file__).parent / "bad_articles"
GOOD = Path(__file__).parent / "good_mini.yaml"

# file -> every line its check prints after "path:" (line:col: message)
EXPECTED = {
    "billion_laughs.yaml": ["2:8: aliases (*a) are not allowed in article files"],
    "binary.yaml": [" this is a binary file, not a YAML article"],
    "deep_nesting.yaml": ["1:1009: nested more than 32 levels deep"],
    "duplicate_id.yaml": ["19:9: duplicate id 'kuleba' (first used on line 14)"],
    "duplicate_keys.yaml": ["4:3: article: duplicate field 'title'"],
    "empty.yaml": ["1:1: the file is empty: an article needs content"],
    "only_comments.yaml": ["1:1: the file is empty: an article needs content"],
    "form_not_in_text.yaml": ["17:21: the form 'Dmytro Kuleba' never occurs in the text"],
    "missing_fields.yaml": [
        "2:3: article: missing required field 'dateline'",
        "13:5: person: missing required field 'name'",
    ],
    "not_utf8.yaml": ["3:13: the file is not UTF-8 text (save it as UTF-8)"],
    "arabic_indic_year.yaml": ["20:13: cannot read '٠٠٠٠' as a date; give an explicit value"],
    "bidi_in_role.yaml": ["16:11: person role contains a bidirectional override (U+202E)"],
    "binary_latitude.yaml": ["22:15: latitude must be a decimal number such as 48.95, not '0b111"],
    "c1_in_name.yaml": ["15:11: person name contains the control character U+009B"],
    "coerced_bool.yaml": ["17:14: unnamed must be true or false, not 'maybe'"],
    "coerced_int.yaml": ["22:15: latitude must be a decimal number such as 48.95, not 'abc'"],
    "coerced_tag.yaml": ["22:15: latitude must be a decimal number such as 48.95, not 'abc'"],
    # Lines ended by CR alone are still lines: the error is on the fourth.
    "cr_line_endings.yaml": ["4:11: YAML syntax error: did not find expected ',' or ']'"],
    "escape_in_title.yaml": ["3:10: article title contains the control character U+001B"],
    "huge_number.yaml": ["22:15: latitude must be a decimal number such as 48.95, not '9999"],
    "impossible_reference_date.yaml": ["6:19: reference_date '2022-13-40' is not a real date"],
    "line_break_in_name.yaml": ["15:11: person name must be one line: it contains a line break"],
    "octal_latitude.yaml": ["22:15: latitude '045' has a leading zero, which YAML reads as octal"],
    # libyaml counts the ESC's position in bytes; Київ is 4 characters but 8 bytes.
    "raw_escape_after_cyrillic.yaml": [
        "3:15: the control character U+001B is not allowed in an article file"
    ],
    "reference_year_one.yaml": ["20:13: 'Friday' is not a date this reader can hold"],
    "sexagesimal_latitude.yaml": ["22:15: latitude must be a decimal number such as 48.95"],
    "speech_with_blank_edge.yaml": ["11:13: paragraph 1: speech text must not start or end"],
    "time_zone_date.yaml": ["20:13: cannot read '0 AM 30 T' as a date (it has a time or a"],
    "utf16.yaml": [" the file is UTF-16 text: save it as UTF-8"],
    "year_zero.yaml": ["20:13: '0000' is not a date this reader can hold (years 1 to 9999)"],
    "paragraph_with_nul.yaml": [
        "12:7: paragraph 1: a segment contains the control character U+0000, which is not allowed"
    ],
    "python_tag.yaml": ["3:10: the tag !!python/object/apply:os.system is not allowed"],
    "raw_escape_character.yaml": [
        "3:15: the control character U+001B is not allowed in an article file"
    ],
    "speaker_not_a_person.yaml": ["10:16: speaker 'friday' is a date, not a person"],
    "tab_indentation.yaml": ["2:1: YAML syntax error: a tab character cannot be used"],
    "top_level_list.yaml": ["1:1: the article file must be a mapping of fields, not a list"],
    "top_level_text.yaml": ["1:1: the article file must be a mapping of fields, not the text"],
    "two_documents.yaml": ["21:1: expected one YAML document, found several"],
    "unclosed_quote.yaml": ["3:10: YAML syntax error: this quoted text is never closed"],
    "unknown_speaker.yaml": ["10:16: unknown speaker 'lavrov': no person has that id"],
    "unparsable_date.yaml": ["20:11: cannot read 'the Friday after next' as a date"],
    "weekday_mismatch.yaml": [
        "21:13: weekday mismatch: 'Friday' names a Friday, but 2022-06-23 is a Thursday"
    ],
    "wrong_types.yaml": [
        "3:10: article title must be text, not a list",
        "17:12: forms must be a list, not the text 'Kuleba'",
    ],
}


def reader(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **(env or {})},
    )


def test_the_corpus_is_complete() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert main(["check", str(GOOD)]) == 0  # the files are this one, broken


@pytest.mark.parametrize("command", ["check", "export", "read"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_with_file_line_and_message(
    name: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / name
    assert main([command, str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == len(EXPECTED[name]), err
    for line, expected in zip(lines, EXPECTED[name], strict=True):
        assert line.startswith(f"{path}:{expected}"), line
        assert line.isprintable(), line  # no control character reaches the terminal


@pytest.mark.parametrize("command", ["check", "export", "read"])
def test_each_command_refuses_a_bad_file_in_a_real_process(command: str) -> None:
    path = CORPUS / "escape_in_title.yaml"
    result = reader(command, str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:3:10: article title contains the control character")
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["check", "export", "read"])
def test_missing_file_and_directory(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nope.yaml'}: no such file\n"
    assert main([command, str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{tmp_path}: is a directory, not an article file\n"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(GOOD.read_text() + "# padding\n" * 200)
    for command in ("check", "export", "read"):
        result = reader(command, str(big), env={MAX_BYTES_VARIABLE: "1000"})
        assert result.returncode == 2
        assert result.stderr.startswith(f"{big}: the file is larger than 1,000 bytes")
    assert reader("check", str(big)).returncode == 0  # under the default 5 MB


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, who can read anything: make opening fail as it does for other users.
    path = tmp_path / "secret.yaml"
    path.write_text(GOOD.read_text())
    real_open = os.open

    def refuse(name: object, *args: object, **kwargs: object) -> int:
        if os.fspath(name) == str(path):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert str(caught.value) == f"{path}: permission denied: the file cannot be read"


@pytest.mark.parametrize(
    "name",
    ["deep_nesting.yaml", "raw_escape_after_cyrillic.yaml", "cr_line_endings.yaml", "utf16.yaml"],
)
def test_without_libyaml_the_same_problems_are_reported(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML without its C library (some platforms) says the same, on the same line."""

    def problems() -> list[tuple[int | None, str]]:
        with pytest.raises(ArticleError) as caught:
            load_article(CORPUS / name)
        # The two parsers word their own syntax errors differently; the line is the same.
        return [
            (p.line, "YAML syntax error" if p.message.startswith("YAML syntax") else p.message)
            for p in caught.value.problems
        ]

    with_libyaml = problems()
    monkeypatch.setattr(yamlnodes, "SafeLoader", yaml.SafeLoader)
    monkeypatch.setattr(yamlnodes, "_C_LOADER", False)
    assert problems() == with_libyaml


def test_without_libyaml_a_lone_surrogate_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlnodes, "SafeLoader", yaml.SafeLoader)
    monkeypatch.setattr(yamlnodes, "_C_LOADER", False)
    text = GOOD.read_text().replace("title: Mini", 'title: "\\ud800"')
    with pytest.raises(ArticleError) as caught:
        parse_article(text, "x.yaml")
    assert "lone surrogate (U+D800)" in str(caught.value)
