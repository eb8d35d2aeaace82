"""The command line as a user runs it: exit codes, messages, files written or kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ARTICLE_YAML, run_command

from sievierodonetsk_reader.cli import main

NOBODY = 65534  # a user with no rights of its own


run = run_command


def test_check_the_bundled_article_from_any_directory(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("bundled article: OK - 25 paragraphs")
    assert "5 quotations" in result.stdout and "10 people" in result.stdout


def test_check_reports_errors_on_stderr_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ARTICLE_YAML.read_text().replace("speaker: kuleba", "speaker: kuleeba"))
    result = run("check", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert all(line.startswith(f"{bad}:") and "unknown speaker 'kuleeba'" in line for line in lines)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope.yaml", "no such file"),
        (lambda d: d, "is a directory"),
    ],
)
def test_file_errors_are_one_line(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    for command in ("check", "export", "read"):
        result = run(command, str(make(tmp_path)))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and message in result.stderr
        assert "Traceback" not in result.stderr


def check_as_a_user(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`check --no-cache PATH` as a user without rights of its own (root reads any file)."""
    main(["check", "--no-cache", str(ARTICLE_YAML)])  # everything `check` imports, imported
    capsys.readouterr()
    errors_read, errors_written = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        status = 99
        try:
            os.dup2(errors_written, 2)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            status = main(["check", "--no-cache", str(path)])
            sys.stderr.flush()
        finally:
            os._exit(status)
    os.close(errors_written)
    with open(errors_read, encoding="utf-8") as errors:
        written = errors.read()
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status), written


def test_an_unreadable_file_is_one_line_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    # In a folder anyone may enter (pytest's own are the owner's alone): the file itself is
    # what cannot be read.
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        path = Path(folder) / "secret.yaml"
        path.write_text("x: 1")
        path.chmod(0)
        status, errors = check_as_a_user(path, capsys)
    assert status == 2
    assert errors.startswith(f"{path}:") and "permission denied" in errors
    assert errors.count("\n") == 1


def test_export_formats_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 0
    assert capsys.readouterr().out.startswith("# Ukrainian troops ordered to withdraw")
    assert main(["export", "--format", "text"]) == 0
    assert capsys.readouterr().out.startswith("JAKARTA - Russian troops")
    assert main(["export", str(ARTICLE_YAML), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["article"]["dateline"] == "JAKARTA"


def test_export_to_a_file_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "article.md"
    assert main(["export", "-o", str(target)]) == 0
    assert target.read_text().startswith("# Ukrainian troops")
    assert f"wrote {target}" in capsys.readouterr().err

    target.write_text("my notes")
    assert main(["export", "-o", str(target)]) == 2
    assert "already exists (use --force" in capsys.readouterr().err
    assert target.read_text() == "my notes"

    assert main(["export", "-o", str(target), "--force", "-f", "text"]) == 0
    assert target.read_text().startswith("JAKARTA")
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]  # no temporary left behind


def test_export_to_a_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", str(tmp_path / "no" / "such.md")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_help_and_version() -> None:
    result = run("--help")
    assert result.returncode == 0 and "export" in result.stdout and "check" in result.stdout
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("sievierodonetsk-reader ")
    assert run("export", "--format", "pdf").returncode == 2


def help_lines(columns: int, *args: str) -> list[str]:
    """The help's lines with COLUMNS set, but for the lists of choices ({markdown,text,...}):
    one word to argparse, which cannot wrap them."""
    result = subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", *args, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(columns)},
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "{markdown," not in line]


def test_help_is_wrapped_to_the_width_the_terminal_gives() -> None:
    assert max(map(len, help_lines(50))) <= 50
    assert max(map(len, help_lines(50, "export"))) <= 50
    assert max(map(len, help_lines(120))) > 80  # the description on one line, not at 80


def test_export_and_check_do_not_import_the_tui() -> None:
    code = (
        "import sys; from sievierodonetsk_reader.cli import main; "
        "main(['check']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]"), result.stdout


def test_the_plain_command_reads_as_read_with_no_options_does() -> None:
    """The parser is skipped for the plain command: its defaults must be what `read` gets."""
    from sievierodonetsk_reader.cli import build_parser

    parsed = vars(build_parser().parse_args(["read"]))
    assert parsed == {"command": "read", "article": None, "no_state": False, "no_cache": False}
    parsed = vars(build_parser().parse_args(["read", "x.yaml"]))
    assert parsed == {"command": "read", "article": "x.yaml", "no_state": False, "no_cache": False}


@pytest.mark.parametrize("command", ["check", "export", "read"])
def test_an_empty_file_name_is_an_error_not_the_bundled_article(command: str) -> None:
    result = run(command, "")  # a script's unset "$FILE"
    assert result.returncode == 2
    assert "file name is empty" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("value", "on"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("", False),
        (" 0 ", False),
    ],
)
def test_the_no_cache_and_no_state_switches_read_as_people_write_them(
    value: str, on: bool, tmp_path: Path
) -> None:
    from sievierodonetsk_reader.names import NO_CACHE_VARIABLE, switched_on

    assert switched_on(value) is on
    env = {**os.environ, NO_CACHE_VARIABLE: value}
    result = subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", "check", "-v", str(ARTICLE_YAML)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ("the cache is off" in result.stderr) is on, result.stderr
