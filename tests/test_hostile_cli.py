"""The command line under attack: odd streams, settings, file names and targets.

Every failure is one escaped line and exit status 2; nothing is overwritten or left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ARTICLE_YAML

from sievierodonetsk_reader import cli
from sievierodonetsk_reader.cli import main
from sievierodonetsk_reader.loader import MAX_BYTES_VARIABLE

GOOD = Path(__file__).parent / "good_mini.yaml"


def shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the reader through bash, for redirections only a shell can make."""
    reader = f"{sys.executable} -m sievierodonetsk_reader"
    return subprocess.run(
        ["bash", "-c", command.replace("READER", reader)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **env},
    )


def test_a_full_disk_on_stdout_is_an_error_not_a_traceback() -> None:
    result = shell("READER export > /dev/full")
    assert result.returncode == 2
    assert result.stderr == (
        "sievierodonetsk-reader: cannot write to standard output: No space left on device\n"
    )


def test_a_closed_stdout_is_an_error_not_a_traceback() -> None:
    result = shell("READER export >&-")
    assert result.returncode == 2
    assert "standard output is closed: give a file with -o FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_ascii_terminal_is_told_why_instead_of_half_an_export() -> None:
    result = shell("READER export | wc -c", PYTHONIOENCODING="ascii")
    assert result.stdout.strip() == "0"  # nothing written: all or nothing
    assert "standard output's encoding (ascii) cannot write U+00B6" in result.stderr
    assert "PYTHONIOENCODING=utf-8" in result.stderr


def test_a_closed_pipe_is_not_an_error() -> None:
    result = shell("READER export -f text | head -1; exit ${PIPESTATUS[0]}")
    assert result.returncode == 0
    assert result.stdout.startswith("JAKARTA - Russian troops")
    assert result.stderr == ""


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1", "1e6", "abc", "0"])
def test_a_bad_size_limit_names_the_variable(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(MAX_BYTES_VARIABLE, value)
    assert main(["check", str(GOOD)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"sievierodonetsk-reader: {MAX_BYTES_VARIABLE} must be a whole number")
    assert error.count("\n") == 1


def test_file_names_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = str(tmp_path / "evil\x1b]0;PWNED\x07.yaml")
    assert main(["check", evil]) == 2
    assert main(["export", "-o", str(tmp_path / "no\x1b[2J" / "x.md")]) == 2
    error = capsys.readouterr().err
    assert "\x1b" not in error and "\x07" not in error
    assert "evil\\x1b]0;PWNED\\x07.yaml: no such file" in error
    assert "no\\x1b[2J does not exist" in error


def test_a_file_name_that_is_not_utf8_is_shown_escaped() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", "check", b"\xff\xfe.yaml"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 2
    assert result.stderr == "\\xff\\xfe.yaml: no such file\n"


def test_a_fifo_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "article.yaml"
    os.mkfifo(fifo)
    assert main(["check", str(fifo)]) == 2
    assert capsys.readouterr().err == f"{fifo}: is a pipe (FIFO), not an article file\n"


def test_a_mistyped_command_is_not_taken_for_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exprot"]) == 2
    assert capsys.readouterr().err == (
        "sievierodonetsk-reader: unknown command 'exprot': did you mean export?\n"
    )


def test_an_internal_error_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("boom\x1b[2J")

    monkeypatch.setattr("sievierodonetsk_reader.renderers.render", broken)
    assert main(["export", "--no-cache"]) == cli.EXIT_INTERNAL
    error = capsys.readouterr().err
    assert error == (
        "sievierodonetsk-reader: internal error (RuntimeError: boom\\x1b[2J); "
        "please report it with the command you ran\n"
    )


# -- writing to odd targets ------------------------------------------------------------------
def test_devices_are_written_to_not_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", "/dev/null"]) == 0
    assert Path("/dev/null").is_char_device()
    assert capsys.readouterr().err == "wrote /dev/null (markdown)\n"


def test_a_fifo_target_gets_the_export_without_force(tmp_path: Path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    assert main(["export", "-f", "text", "-o", str(fifo)]) == 0
    reader.join(10)
    assert received and received[0].startswith("JAKARTA - Russian troops")
    assert fifo.is_fifo()


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    assert main(["export", "-o", str(link)]) == 2  # it exists: --force is needed
    assert main(["export", "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and link.readlink() == Path("notes.md")
    assert target.read_text().startswith("# Ukrainian troops")


def test_a_dangling_symlink_is_not_replaced_without_force(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to("elsewhere.md")
    assert main(["export", "-o", str(link)]) == 2
    assert link.is_symlink() and not (tmp_path / "elsewhere.md").exists()
    assert main(["export", "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and (tmp_path / "elsewhere.md").read_text().startswith("# ")


def test_a_file_made_while_exporting_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "a.md"
    real_fsync = os.fsync

    def another_export_wins(descriptor: int) -> None:
        real_fsync(descriptor)
        target.write_text("the other export")

    monkeypatch.setattr(os, "fsync", another_export_wins)
    assert main(["export", "-o", str(target)]) == 2
    assert target.read_text() == "the other export"
    assert "already exists" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_terminated_export_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def terminated(descriptor: int) -> None:
        real_fsync(descriptor)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    try:
        with pytest.raises(SystemExit) as exited:
            main(["export", "-o", str(tmp_path / "a.md")])
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGHUP, previous[1])
    assert exited.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_a_name_as_long_as_the_file_system_allows_can_be_written(tmp_path: Path) -> None:
    name = "a" * 252 + ".md"  # 255 bytes: the longest name ext4 takes
    assert main(["export", "-o", str(tmp_path / name)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_file_given_as_a_directory_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("x")
    assert main(["export", "-o", str(tmp_path / "README.md" / "x.md")]) == 2
    error = capsys.readouterr().err
    assert error.endswith(f"{tmp_path / 'README.md'} is not a directory\n")


def test_the_bundled_article_still_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ARTICLE_YAML)]) == 0
    assert "OK - 25 paragraphs, 14 speech passages (5 quotations)" in capsys.readouterr().out


# A ^C that comes while `module` is being imported, as the program starts.
INTERRUPTED_IMPORT = """
import importlib.abc, sys

class Interrupting(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == {module!r}:
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupting())
{start}
"""
STARTS = {
    "python -m": "import runpy; runpy.run_module('sievierodonetsk_reader', run_name='__main__')",
    "the installed command": "from sievierodonetsk_reader.__main__ import run; sys.exit(run())",
}


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("module", ["sievierodonetsk_reader.cli", "argparse"])
def test_a_ctrl_c_while_the_program_loads_ends_it_quietly(start: str, module: str) -> None:
    code = INTERRUPTED_IMPORT.format(module=module, start=STARTS[start])
    result = subprocess.run(
        [sys.executable, "-c", code, "export", "-f", "text"],  # argparse: to parse it
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (result.returncode, result.stderr) == (130, "")


# A signal that lands inside a callback whose exceptions Python only prints ("Exception
# ignored in ..."): the lock of a module being imported, a finaliser. Found by stopping a
# warm export at random moments under load: the lazy imports of its check.
SIGNAL_IN_A_CALLBACK = """
import os, signal, weakref
from sievierodonetsk_reader import cli

cli.stop_on_signals()

class Held:
    pass

def callback(reference):
    os.kill(os.getpid(), signal.{name})
    for _ in range(1000):  # the handler runs here, in the callback
        pass

held = Held()
reference = weakref.ref(held, callback)
del held
try:
    while True:  # what the command does next: the signal must still stop it
        pass
except KeyboardInterrupt:  # as cli.main ends on one
    raise SystemExit(130)
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_that_lands_in_a_callback_still_stops_the_command_quietly(name: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", SIGNAL_IN_A_CALLBACK.format(name=name)], stderr=subprocess.PIPE
    )
    try:
        _, said = child.communicate(timeout=10)
    finally:
        child.kill()
    assert (child.returncode, said) == (128 + getattr(signal, name), b"")
