"""Exports never destroy: no overwrite without --force, atomic replacement, clear errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sievierodonetsk_reader.cli import main
from sievierodonetsk_reader.writing import ExportError, write_atomically


def test_a_failed_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "article.md"
    target.write_text("precious notes")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomically(target, "new text", force=True)
    assert target.read_text() == "precious notes"
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]  # the temporary is gone


def test_unwritable_directory_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc refuses new files even to root.
    assert main(["export", "-o", "/proc/sievierodonetsk.md"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("sievierodonetsk-reader: /proc/sievierodonetsk.md: cannot write")
    assert error.count("\n") == 1


def test_refuses_a_directory_as_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        written = write_atomically(tmp_path / "a.md", "text")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(written.stat().st_mode) == 0o644


def test_overwriting_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
