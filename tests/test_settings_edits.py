"""The reader edits the user's settings file: one value changes, nothing else does."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sievierodonetsk_reader.settings import Settings, with_value

WORDS = st.text(alphabet="abcdefghij -_", min_size=1, max_size=12)
THEMES = st.sampled_from(["nord", "gruvbox", "dracula", "textual-light"])


def test_a_quoted_key_is_changed_not_repeated() -> None:
    changed = with_value('"theme" = "nord"\n', "theme", "gruvbox")
    assert tomllib.loads(changed) == {"theme": "gruvbox"}


def test_a_multi_line_string_is_replaced_whole() -> None:
    changed = with_value('theme = """\nnord"""\n# mine\n', "theme", "gruvbox")
    assert tomllib.loads(changed) == {"theme": "gruvbox"}
    assert "# mine" in changed


def test_a_new_top_level_value_goes_before_the_first_table() -> None:
    changed = with_value('# keys\n[keys]\nfind = "ctrl+f"\n', "text_width", 70)
    assert tomllib.loads(changed) == {"text_width": 70, "keys": {"find": "ctrl+f"}}


@st.composite
def settings_files(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A valid settings file in many TOML styles, and the comments it holds."""
    comments: list[str] = []

    def comment() -> str:
        if not draw(st.booleans()):
            return ""
        words = f"note {len(comments)} {draw(WORDS)}".strip()
        comments.append(words)
        return f"  # {words}"

    lines = [f"# {c}" for c in ["top"] if draw(st.booleans())]
    comments += [line[2:] for line in lines]
    key = draw(st.sampled_from(["theme", '"theme"', "'theme'"]))
    style = draw(st.sampled_from(["basic", "literal", "multi", "multi-literal", "none"]))
    theme = draw(THEMES)
    value = {
        "basic": f'"{theme}"',
        "literal": f"'{theme}'",
        "multi": f'"""\n{theme}"""',
        "multi-literal": f"'''{theme}'''",
    }.get(style)
    if value is not None:
        lines.append(f"{key} = {value}{comment()}")
    if draw(st.booleans()):
        lines.append(f"text_width = {draw(st.integers(30, 200))}{comment()}")
    if draw(st.booleans()):
        lines.append(f"extra = {{ a = 1, b = {draw(WORDS)!r} }}".replace("'", '"') + comment())
    if draw(st.booleans()):
        lines.append("")
        lines.append(f"[keys]{comment()}")
        lines.append(f'find = "slash,ctrl+f"{comment()}')
        if draw(st.booleans()):
            lines.append(f'"go-to" = "colon"{comment()}')
    return "\n".join(lines) + "\n", comments


@given(
    settings_files(),
    st.sampled_from(["theme", "text_width"]),
    st.one_of(THEMES, st.integers(30, 200)),
)
@settings(max_examples=300, deadline=None)
def test_one_change_changes_that_value_and_keeps_every_comment(
    document: tuple[str, list[str]], key: str, value: str | int
) -> None:
    text, comments = document
    before = tomllib.loads(text)
    changed = with_value(text, key, value)
    after = tomllib.loads(changed)
    assert after == {**before, key: value}
    for comment in comments:
        assert comment in changed


def test_value_errors_name_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('# mine\n"theme" = 3\n\n  text_width = 900\nprepaint = "no"\n')
    settings = Settings.open(path)
    problems = settings.problems
    assert problems[0].startswith(f"{path}:2:11: theme must be a theme's name")
    assert problems[1].startswith(f"{path}:4:16: text_width must be a number from 30 to 200")
    assert problems[2].startswith(f"{path}:5:12: prepaint must be true or false, not 'no'")
    assert settings.prepaint  # a wrong value leaves the default


def test_prepaint_is_on_unless_turned_off(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    assert Settings.open(path).prepaint  # no file: the default
    path.write_text("prepaint = false\n")
    settings = Settings.open(path)
    assert not settings.prepaint and not settings.problems


def test_the_reader_saves_a_changed_width_into_an_unusual_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('"theme" = "nord"  # dark\n[keys]\nfind = "slash"\n')
    settings = Settings.open(path)
    assert settings.set_text_width(64) is None
    saved = path.read_text()
    assert tomllib.loads(saved) == {"theme": "nord", "text_width": 64, "keys": {"find": "slash"}}
    assert "# dark" in saved
    assert Settings.open(path).problems == []
