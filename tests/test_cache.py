"""The cache of loaded articles: hit, miss, stale, damaged, unwritable, off; never a different
result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTICLE_YAML

from sievierodonetsk_reader.cache import (
    CACHE_FORMAT,
    CacheEntry,
    cache_directory,
    decode,
    encode,
    model_fields,
)
from sievierodonetsk_reader.cli import main
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.names import NO_CACHE_VARIABLE

FORMATS = ("markdown", "text", "json")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def entries(home: Path) -> list[Path]:
    return sorted((home / "cache" / "sievierodonetsk-reader").glob("*.json"))


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.yaml"
    path.write_bytes(ARTICLE_YAML.read_bytes())
    return path


def test_the_model_survives_the_round_trip(article: Article) -> None:
    again = decode(encode(article), model_fields())
    assert again == article
    assert again.timeline == article.timeline and again.quotations == article.quotations


def test_a_second_run_is_served_from_the_cache_with_the_same_bytes(
    article_file: Path, own_state_directories: Path
) -> None:
    first, second = run("check", str(article_file), "-v"), run("check", str(article_file), "-v")
    assert first.stdout == second.stdout and "OK - 25 paragraphs" in first.stdout
    assert "parsed and validated; cached in" in first.stderr
    assert "from the cache" in second.stderr and ".check.out)" in second.stderr
    for format in FORMATS:
        cold = run("export", str(article_file), "-f", format, "-v")
        warm = run("export", str(article_file), "-f", format, "-v")
        off = run("export", str(article_file), "-f", format, "--no-cache")
        assert cold.returncode == warm.returncode == off.returncode == 0
        assert cold.stdout == warm.stdout == off.stdout  # byte for byte
        assert "from the cache" in warm.stderr and f".{format}.out)" in warm.stderr, format
    (entry,) = entries(own_state_directories)  # one entry: the model, and beside it ...
    outputs = sorted(path.name.split(".")[1] for path in entry.parent.glob("*.out"))
    assert outputs == sorted(["check", *FORMATS])  # ... each output in a file of its own


def test_a_warm_export_imports_neither_the_parser_nor_the_tui(
    article_file: Path, tmp_path: Path
) -> None:
    code = (
        "import sys; from sievierodonetsk_reader.cli import main; "
        f"main(['export', {str(article_file)!r}, '-o', {str(tmp_path / 'out.md')!r}]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'textual', 'rich', 'yaml', 'dateutil', 'dataclasses'}))"
    )
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "'yaml'" in cold.stdout and "'dateutil'" in cold.stdout  # the first run parses
    (tmp_path / "out.md").unlink()
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert warm.stdout.strip().endswith("[]"), warm.stdout + warm.stderr
    assert (tmp_path / "out.md").read_text().startswith("# Ukrainian troops")


def test_an_edited_file_is_parsed_again(article_file: Path) -> None:
    assert run("export", str(article_file), "-f", "text").returncode == 0
    text = article_file.read_text().replace("intense fighting", "intense shelling")
    article_file.write_text(text)
    edited = run("export", str(article_file), "-f", "text", "-v")
    assert "intense shelling" in edited.stdout and "parsed and validated" in edited.stderr
    broken = article_file.read_text().replace("\n  id: ", "\n  idd: ", 1)
    article_file.write_text(broken)
    failed = run("check", str(article_file))
    assert failed.returncode == 2 and "unknown field 'idd'" in failed.stderr


def test_a_damaged_entry_is_a_miss_and_is_written_afresh(
    article_file: Path, own_state_directories: Path
) -> None:
    expected = run("export", str(article_file)).stdout
    (entry,) = entries(own_state_directories)
    (output,) = entry.parent.glob("*.markdown.out")
    not_model = model_file(model_fields(), '{"os.system": ["ls"]}')
    for damage in ("{not json", not_model, "[]", ""):
        entry.write_text(damage)
        output.unlink()  # so that the model is needed
        again = run("export", str(article_file), "-v")
        assert again.returncode == 0 and "parsed and validated" in again.stderr, damage
        assert again.stdout == expected
        assert json.loads(entry.read_text().partition("\n")[0])["format"] == CACHE_FORMAT
    for damage in ("{not json", "123", '"half a string', ""):
        output.write_text(damage)
        again = run("export", str(article_file), "-v")
        assert again.returncode == 0 and again.stdout == expected, damage
        assert json.loads(output.read_text()) == expected  # made again from the model


def model_file(fields: object, model: str) -> str:
    """A model file as the cache writes one: its header line, then the model."""
    return json.dumps({"format": CACHE_FORMAT, "fields": fields}) + "\n" + model


def damaged_models(article: Article) -> Iterator[tuple[str, str, object]]:
    """Entries' models that must not load: (what is wrong, the model, its fields)."""
    fields = model_fields()
    good = encode(article)
    yield "not a model class", '{"Popen": ["ls"]}', fields
    yield "no tag", "{}", fields
    yield "two tags", '{"Article": [], "Paragraph": []}', fields
    yield "not the article", "[1, 2]", fields
    yield "named fields", '{"Article": {"metadata": null}}', fields
    yield "not a date", good.replace('{"date":"2022-06-24"}', '{"date":[2022,6,24]}', 1), fields
    yield "no field list", good, None
    swapped = {**fields, "Mention": ["entity_id", "paragraph", "end", "start"]}
    yield "fields in another order", good, swapped
    first = json.loads(good)["Article"][1][0]  # the first paragraph, as plain data
    assert list(first) == ["Paragraph"]
    with_extra = {"Paragraph": [*first["Paragraph"], True]}
    yield "a value too many", good.replace(json_text(first), json_text(with_extra), 1), fields
    with_object = {"Paragraph": [first["Paragraph"][0], {}, *first["Paragraph"][2:]]}
    yield "an object as a value", good.replace(json_text(first), json_text(with_object), 1), fields


def json_text(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def test_a_damaged_model_in_an_entry_is_never_trusted(article_file: Path, article: Article) -> None:
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    assert entry.path is not None
    entry.path.parent.mkdir(parents=True)
    for what, model, fields in damaged_models(article):
        assert model != encode(article) or fields != model_fields(), what  # damaged indeed
        entry.path.write_text(model_file(fields, model))
        assert CacheEntry.for_bytes(article_file.read_bytes()).article() is None, what
    # The same entry, undamaged, loads: the cases above fail for what is wrong in them.
    entry.path.write_text(model_file(model_fields(), encode(article)))
    assert CacheEntry.for_bytes(article_file.read_bytes()).article() == article


def test_an_unwritable_cache_directory_is_no_error(article_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    result = run("export", str(article_file), "-v", env={"XDG_CACHE_HOME": str(blocker)})
    assert result.returncode == 0 and result.stdout.startswith("# Ukrainian troops")
    assert "not cached:" in result.stderr


def test_no_cache_reads_and_writes_nothing(article_file: Path, own_state_directories: Path) -> None:
    assert "the cache is off" in run("check", str(article_file), "-v", "--no-cache").stderr
    off = run("check", str(article_file), "-v", env={NO_CACHE_VARIABLE: "1"})
    assert "the cache is off" in off.stderr
    assert entries(own_state_directories) == []


def test_the_cache_lives_where_platformdirs_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_path

    assert cache_directory() == user_cache_path("sievierodonetsk-reader")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_directory() == user_cache_path("sievierodonetsk-reader")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as XDG says
    assert cache_directory() == user_cache_path("sievierodonetsk-reader")


def test_the_reader_takes_its_model_from_the_cache(
    article_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["export", str(article_file)]) == 0  # fills the cache
    capsys.readouterr()

    def no_parsing(data: bytes, name: str) -> Article:
        raise AssertionError("parsed, though the model was in the cache")

    monkeypatch.setattr("sievierodonetsk_reader.loader.article_from_bytes", no_parsing)
    # Piped, `read` prints the text, made from the cached model.
    assert main(["read", str(article_file)]) == 0
    assert capsys.readouterr().out.startswith("JAKARTA - Russian troops")


def test_a_cold_export_writes_its_entry_once(
    article_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sievierodonetsk_reader.writing as writing

    writes: list[Path] = []
    real = writing.write_atomically

    def counted(path: str | os.PathLike[str], content: str, *, force: bool = False) -> Path:
        writes.append(Path(path))
        return real(path, content, force=force)

    monkeypatch.setattr(writing, "write_atomically", counted)
    assert main(["export", str(article_file)]) == 0
    # The model and the export, each once.
    assert sorted(path.name.split(".", 1)[1] for path in writes) == ["json", "markdown.out"]


def test_the_oldest_entries_go_with_their_outputs(
    article: Article, monkeypatch: pytest.MonkeyPatch, own_state_directories: Path
) -> None:
    import sievierodonetsk_reader.cache as cache

    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    directory = cache_directory()
    directory.mkdir(parents=True)
    foreign = directory / "notes.txt"
    foreign.write_text("not ours")
    made = []
    for number in range(5):
        entry = CacheEntry.for_bytes(f"article {number}".encode())
        assert entry.path is not None
        entry.store(article, {"check": f"summary {number}"})
        for path in (entry.path, entry.output_path("check")):
            assert path is not None
            os.utime(path, (1000 + number, 1000 + number))  # written in this order
        made.append(entry)
    # The entry written last: its prune left the three most recent, outputs and all.
    kept = sorted(path.name for path in directory.iterdir() if path != foreign)
    expected = []
    for entry in made[2:]:
        assert entry.path is not None
        expected += [entry.path.name, f"{entry.path.stem}.check.out"]
    assert kept == sorted(expected)
    assert foreign.exists()
    assert CacheEntry.for_bytes(b"article 4").output("check") == "summary 4"
