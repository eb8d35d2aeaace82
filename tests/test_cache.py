"""The cache of loaded articles: hit, miss, stale, damaged, unwritable, off; never a different
result."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLE_YAML, run_command, wait_until_blocking

from sievierodonetsk_reader.cache import CACHE_FORMAT, CacheEntry, cache_directory
from sievierodonetsk_reader.cli import main
from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.modeljson import decode, encode, model_fields, verify_model
from sievierodonetsk_reader.names import FORMATS, NO_CACHE_VARIABLE

run = run_command


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
        assert stored_output(output) == expected  # made again from the model


def model_file(fields: object, model: str, key: str = "") -> str:
    """A model file as the cache writes one for `key`: its header line (with the digest of
    what follows, as if this program had written it), then the model."""
    digest = hashlib.sha256(model.encode()).hexdigest()
    header = {"format": CACHE_FORMAT, "key": key, "digest": digest, "fields": fields}
    return json.dumps(header) + "\n" + model


def stored_output(path: Path) -> object:
    """The text an output file holds, after its header line."""
    return path.read_bytes().partition(b"\n")[2].decode("utf-8", "surrogatepass")


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
        entry.path.write_text(model_file(fields, model, entry.key))
        assert CacheEntry.for_bytes(article_file.read_bytes()).article() is None, what
    # The same entry, undamaged, loads: the cases above fail for what is wrong in them.
    entry.path.write_text(model_file(model_fields(), encode(article), entry.key))
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


@pytest.mark.parametrize(
    ("kind", "variable"),
    [("cache", "XDG_CACHE_HOME"), ("state", "XDG_STATE_HOME"), ("config", "XDG_CONFIG_HOME")],
)
def test_the_cache_state_and_settings_live_where_platformdirs_says(
    monkeypatch: pytest.MonkeyPatch, kind: str, variable: str
) -> None:
    import platformdirs

    from sievierodonetsk_reader.settings import settings_path
    from sievierodonetsk_reader.state import state_path

    def platformdirs_says() -> Path:
        path: Path = getattr(platformdirs, f"user_{kind}_path")("sievierodonetsk-reader")
        return path

    def ours() -> Path:
        paths = {"cache": cache_directory, "state": state_path, "config": settings_path}
        path = paths[kind]()
        return path if kind == "cache" else path.parent

    monkeypatch.setenv(variable, "/elsewhere/kept")
    assert ours() == platformdirs_says() == Path("/elsewhere/kept/sievierodonetsk-reader")
    monkeypatch.delenv(variable)
    assert ours() == platformdirs_says()
    monkeypatch.setenv(variable, "relative/path")  # not absolute: ignored, as XDG says
    assert ours() == platformdirs_says()


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
    import sievierodonetsk_reader.cache as cache

    writes: list[Path] = []
    real = cache._write_own

    def counted(path: Path, *args: Any) -> None:
        writes.append(path)
        real(path, *args)

    monkeypatch.setattr(cache, "_write_own", counted)
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


# -- hostile entries: the cache is verified, not trusted ---------------------------------------
def forged(article: Article, change: Any) -> str:
    """The article's model with `change(data)` applied to its plain data: what someone with
    the user's rights could write, with a digest that matches."""
    data = json.loads(encode(article))
    change(data["Article"])
    return json.dumps(data, separators=(",", ":"), allow_nan=True)


def _set(path: tuple[object, ...], value: object) -> Any:
    def change(article: list[Any]) -> None:
        target: Any = article
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _set_field(kind: str, name: str, value: object, speech: str | None = None) -> Any:
    """Set field `name` of the first `kind` record (of a segment of speech, if `speech` is
    "any" or a speech kind) to `value`."""
    position = model_fields()[kind].index(name)

    def chosen(values: list[Any]) -> bool:
        if speech is None:
            return True
        fields = model_fields()["Segment"]
        spoken = values[fields.index("kind")]
        return spoken is not None and speech in ("any", spoken)

    def change(article: list[Any]) -> None:
        records = [values for values in _records(article, kind) if chosen(values)]
        records[0][position] = value

    return change


def _records(data: object, kind: str) -> Iterator[list[Any]]:
    """The values of each `kind` record in the model's plain data, in the order written."""
    if isinstance(data, dict):
        for tag, values in data.items():
            if tag == kind:
                yield values
            yield from _records(values, kind)
    elif isinstance(data, list):
        for item in data:
            yield from _records(item, kind)


def _quote_not_in_the_text(article: list[Any]) -> None:
    """A quote whose words are not its paragraph's: the stored quotes' first given others,
    or, where the model keeps no quotes (they are the paragraphs' speech), one added."""
    quotes = list(_records(article, "Quote"))
    if quotes:
        quotes[0][model_fields()["Quote"].index("text")] = "We surrender."
    else:
        article.append([{"Quote": [0, 3, 1, "ukrainian-officials", "reported", "x", 0, 1]}])


# Article fields: 0 metadata, 1 paragraphs ... 3 places, 6 mentions; a record is {"Class": [...]}.
FORGERIES = {
    "an int among the mentions": _set((6, 0), 5),
    "a string among the paragraphs": _set((1, 0), "a paragraph"),
    "a string latitude": _set((3, 0, "Place", 5), "48.9"),
    "NaN for a longitude": _set((3, 0, "Place", 6), float("nan")),
    "1e308 for a latitude": _set((3, 0, "Place", 5), 1e308),
    "a mention past its paragraph's end": _set((6, 0, "Mention", 3), 10**6),
    "a mention of nothing": _set((6, 0, "Mention", 0), "nowhere"),
    "a mention of someone the words do not name": _set((6, 0, "Mention", 0), "putin"),
    # Each of these passed the check, and crashed an export (exit 70) or the reader, or put
    # words in a speaker's mouth.
    "a quote's words not its paragraph's": _quote_not_in_the_text,
    "speech by no one declared": _set_field("Segment", "speaker", "mallory", "any"),
    "a speech kind that is none": _set_field("Segment", "kind", "shouted", "any"),
    "plain text with a speaker but no kind": _set_field("Segment", "speaker", "zelenskyy"),
    "a quotation's place in words": _set_field("Segment", "partial_quotes", [["a", "b"]], "any"),
    "a quotation past its passage": _set_field(
        "Segment", "partial_quotes", [[0, 10**9]], "reported"
    ),
    "a quotation backwards": _set_field("Segment", "partial_quotes", [[9, 2]], "reported"),
    "an insertion past its quotation": _set_field("Segment", "insertions", [[0, 10**9]], "any"),
    "a way that is a number": _set_field("Segment", "via", 5, "any"),
    "a way's words that are a number": _set_field("Via", "words", 5),
    "a review mark that is a word": _set_field("Segment", "suggested", "yes", "any"),
    "a translation note mark that is a word": _set_field("Paragraph", "is_translation_note", "x"),
    "a role that is a number": _set_field("Person", "role", 5),
    "a note that is a list": _set_field("Person", "note", ["a"]),
    "a kind of place that is a number": _set_field("Place", "kind", 5),
    "a country that is a number": _set_field("Place", "country", 5),
    "a point of no kind": _set_field("Place", "point", "somewhere"),
    "another name that is a number": _set_field("Place", "alternative_names", [5]),
    "a kind of organisation that is a number": _set_field("Organization", "kind", 5),
    "a publisher that is a number": _set_field("Metadata", "publisher", 5),
    "a translation that is a number": _set_field("Metadata", "translation", 5),
    "a reference date that is a word": _set_field("Metadata", "reference_date", "Friday"),
    "an editor's title mark that is a word": _set_field(
        "Metadata", "title_supplied_by_editor", "x"
    ),
    "a cited source that is no organisation": _set_field("CitedSource", "organization", 5),
    "a cited source past the last paragraph": _set_field("CitedSource", "paragraph", 999),
    "a date's precision that is none": _set_field("NormalisedDate", "precision", "hour"),
}


@pytest.mark.parametrize("what", FORGERIES)
def test_a_forged_model_with_a_good_digest_is_still_a_miss(
    article_file: Path, article: Article, what: str
) -> None:
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    assert entry.path is not None
    entry.path.parent.mkdir(parents=True)
    model = forged(article, FORGERIES[what])
    entry.path.write_text(model_file(model_fields(), model, entry.key))
    assert CacheEntry.for_bytes(article_file.read_bytes()).article() is None
    result = run("check", str(article_file), "-v")  # was exit 70, every time
    assert result.returncode == 0 and "parsed and validated" in result.stderr, what


def test_a_mention_in_decomposed_words_is_kept() -> None:
    """The finder matches forms in NFC-normalised text; the check of a kept mention does too."""
    text = ARTICLE_YAML.read_text(encoding="utf-8")
    decomposed = text.replace(
        "forms: [Serhiy Gaidai, Gaidai]", "forms: [Serhiy Gaidai, Gaidai, Gaida\u00ef]"
    ).replace("JAKARTA - ", "JAKARTA - Gaidai\u0308 ", 1)
    article = parse_article(decomposed, "decomposed.yaml")
    first = [m for m in article.mentions if m.paragraph == 1 and m.entity_id == "gaidai"]
    assert [m.end - m.start for m in first] == [len("Gaidai\u0308")]
    assert verify_model(decode(encode(article), model_fields())) == article


def test_another_articles_entry_or_changed_words_are_a_miss(
    article_file: Path, tmp_path: Path, own_state_directories: Path
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(article_file.read_text().replace("intense fighting", "no fighting"))
    expected = run("export", str(article_file), "-f", "text").stdout
    assert run("export", str(other), "-f", "text").returncode == 0
    mine = CacheEntry.for_bytes(article_file.read_bytes())
    theirs = CacheEntry.for_bytes(other.read_bytes())
    assert mine.path is not None and theirs.path is not None
    for name in (".json", ".text.out"):  # the other article's files, under this one's key
        source = theirs.path.with_name(theirs.key + name)
        source.replace(mine.path.with_name(mine.key + name))
    copied = run("export", str(article_file), "-f", "text", "-v")
    assert copied.stdout == expected and "no fighting" not in copied.stdout
    model = mine.path.read_text()
    mine.path.write_text(model.replace("intense fighting", "no fighting"))  # digest left as is
    mine.path.with_name(mine.key + ".text.out").unlink()
    edited = run("export", str(article_file), "-f", "text", "-v")
    assert edited.stdout == expected and "parsed and validated" in edited.stderr


@pytest.mark.parametrize(
    "forged",
    ["\x1b]0;PWNED\x07\x1b[2J", "\u202e", "\u2066", "caf\u00e9\u0085"],
    ids=["escape", "bidi", "isolate", "c1"],
)
def test_an_output_holding_control_characters_never_reaches_the_terminal(
    article_file: Path, forged: str
) -> None:
    expected = run("export", str(article_file), "-f", "text").stdout
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    forged_output(entry, "text", (forged + expected).encode())  # forged, digest and all
    result = run("export", str(article_file), "-f", "text")
    assert result.stdout == expected and forged not in result.stdout


@pytest.mark.parametrize("kind", ["fifo", "endless", "giant"])
@pytest.mark.parametrize("name", [".json", ".markdown.out"])
def test_a_fifo_a_device_or_a_giant_in_the_cache_is_a_miss_not_a_hang(
    article_file: Path, kind: str, name: str
) -> None:
    expected = run("export", str(article_file), "--no-cache").stdout
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    assert entry.path is not None
    entry.path.parent.mkdir(parents=True)
    target = entry.path.with_name(entry.key + name)
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "endless":
        target.symlink_to("/dev/zero")
    else:  # past the entry's bound: 64 times the article, and a megabyte
        with open(target, "wb") as giant:
            giant.truncate(entry.limit + 1)
    result = run("export", str(article_file), timeout=30)
    assert result.returncode == 0 and result.stdout == expected
    assert target.is_file() and not target.is_symlink()  # replaced by a good entry


def test_a_symlinked_entry_is_replaced_never_written_through(
    article_file: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("my notes")
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    assert entry.path is not None
    entry.path.parent.mkdir(parents=True)
    entry.path.symlink_to(precious)
    assert run("check", str(article_file)).returncode == 0
    assert precious.read_text() == "my notes"
    assert not entry.path.is_symlink() and entry.path.read_text().startswith('{"format"')


def test_pruning_a_symlinked_cache_directory_deletes_only_what_the_cache_made(
    article: Article, tmp_path: Path, own_state_directories: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sievierodonetsk_reader.cache as cache

    monkeypatch.setattr(cache, "MAX_ENTRIES", 1)
    elsewhere = tmp_path / "projects"
    elsewhere.mkdir()
    for name in ("keep.json", "notes.out", "data.text.out", f"{'a' * 63}.json"):
        (elsewhere / name).write_text("mine")
    cache_directory().parent.mkdir(parents=True, exist_ok=True)
    cache_directory().symlink_to(elsewhere)
    for number in range(3):
        CacheEntry.for_bytes(f"article {number}".encode()).store(article, {"check": "x"})
    left = sorted(path.name for path in elsewhere.iterdir())
    assert [name for name in left if not cache.OWN_NAME.fullmatch(name)] == sorted(
        ["keep.json", "notes.out", "data.text.out", f"{'a' * 63}.json"]
    )
    assert len([name for name in left if cache.OWN_NAME.fullmatch(name)]) == 2  # one entry


def test_a_cache_directory_others_may_write_is_not_used(article_file: Path) -> None:
    directory = cache_directory()
    directory.mkdir(parents=True)
    directory.chmod(0o777)
    result = run("check", str(article_file), "-v")
    assert result.returncode == 0 and "may be written by others" in result.stderr
    assert list(directory.iterdir()) == []


async def test_a_reload_goes_through_the_cache(
    tmp_path: Path, start_reader: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import ready, reload

    from sievierodonetsk_reader import loader

    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    reader = start_reader("read", "--no-state", str(path))
    assert reader is not None
    edited = path.read_text().replace("completely occupied", "fully occupied")
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        path.write_text(edited, encoding="utf-8")
        await reload(pilot)
        assert "fully occupied" in reader.article.paragraphs[16].text
        assert CacheEntry.for_bytes(edited.encode()).article() == reader.article  # cached
        # The same bytes again come from the cache: nothing is parsed.
        parsed: list[str] = []
        monkeypatch.setattr(loader, "article_from_bytes", lambda *a: parsed.append("x"), False)
        await reload(pilot)
        assert not parsed and "fully occupied" in reader.article.paragraphs[16].text


def forged_output(entry: CacheEntry, name: str, body: bytes) -> Path:
    """Output `name` of `entry` as this program would write one holding `body` (its header
    and digest right): what only the checks of the body itself can refuse."""
    path = entry.output_path(name)
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": CACHE_FORMAT, "key": entry.key, "digest": hashlib.sha256(body).hexdigest()}
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    return path


# Bodies that a stored output may hold (copied as they are) or must not (nothing copied),
# with the boundaries of the slices it is checked in falling everywhere among them.
STORED_BODIES = {
    "Cyrillic and typeset punctuation": ("Сєвєродонецьк — “withdraw” … ¶\n".encode() * 3, True),
    "plain ASCII": (b"Ukrainian troops\tordered out\n" * 4, True),
    "an escape sequence at the end": ("Сєвєродонецьк\n".encode() + b"\x1b]0;PWNED\x07", False),
    "a C1 control": ("caf\u00e9 \u0085 Лисичанськ".encode(), False),
    "a bidi override": ("Гайдай \u202e said".encode(), False),
    "a lead byte before ASCII": (b"withdraw \xc3A\xa9 now", False),  # valid were A taken out
    "a sequence cut short at the end": ("Сєвєродонецьк".encode() + b"\xd0", False),
    "a lone surrogate": ("file-\udcff.yaml".encode("utf-8", "surrogatepass"), False),
}


@pytest.mark.parametrize("slice_size", [1, 2, 3, 5, 64, None])
@pytest.mark.parametrize("what", STORED_BODIES)
def test_a_stored_output_is_copied_only_if_every_slice_of_it_is_sound(
    article_file: Path, monkeypatch: pytest.MonkeyPatch, what: str, slice_size: int | None
) -> None:
    import io

    import sievierodonetsk_reader.cache as cache

    if slice_size is not None:
        monkeypatch.setattr(cache, "SCANNED_IN_SLICES_OF", slice_size)
        monkeypatch.setattr(cache, "READ_IN_SLICES_OF", slice_size + 1)  # cut elsewhere
        monkeypatch.setattr(cache, "CHECKED_IN_SLICES_FROM", 0)  # in slices, by the thread
    body, sound = STORED_BODIES[what]
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    forged_output(entry, "text", body)
    out = io.BytesIO()
    assert entry.copy_output("text", out) is sound
    assert out.getvalue() == (body if sound else b"")  # all of it, or nothing


@pytest.mark.parametrize("how", ["write", "append"])
def test_a_stored_output_is_copied_to_a_file_opened_to_write_or_to_append(
    article_file: Path, tmp_path: Path, how: str
) -> None:
    body = "Сєвєродонецьк — “withdraw”\n".encode() * 50_000  # over a slice: copied in several
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    forged_output(entry, "text", body)
    target = tmp_path / "copy.txt"
    target.write_bytes(b"before\n")
    with open(target, "wb" if how == "write" else "ab") as out:
        assert entry.copy_output("text", out)
    assert target.read_bytes() == (b"" if how == "write" else b"before\n") + body


def test_a_changed_digest_or_another_key_copies_nothing(article_file: Path) -> None:
    import io

    entry = CacheEntry.for_bytes(article_file.read_bytes())
    path = forged_output(entry, "text", b"the text\n")
    header, _, body = path.read_bytes().partition(b"\n")
    path.write_bytes(header + b"\n" + body.replace(b"the", b"not"))  # digest left as is
    assert not entry.copy_output("text", out := io.BytesIO()) and out.getvalue() == b""
    other = CacheEntry.for_bytes(b"another article")
    forged_output(other, "text", b"the text\n").replace(path)  # its header names its key
    assert not entry.copy_output("text", out) and out.getvalue() == b""


@pytest.mark.parametrize("stdout", ["appended file", "terminal"])
def test_a_warm_export_reaches_a_file_opened_to_append_and_a_terminal_whole(
    article_file: Path, tmp_path: Path, stdout: str
) -> None:
    import pty

    cold = run("export", str(article_file), "-f", "text")  # now warm
    assert cold.returncode == 0 and "Sievierodonetsk" in cold.stdout
    expected = cold.stdout.encode()
    command = [sys.executable, "-m", "sievierodonetsk_reader", "export", str(article_file)]
    command += ["-f", "text", "-v"]
    if stdout == "appended file":
        target = tmp_path / "notes.txt"
        target.write_bytes(b"my notes\n")
        with open(target, "ab") as out:
            result = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, timeout=60)
        assert target.read_bytes() == b"my notes\n" + expected
        returncode, said = result.returncode, result.stderr
    else:
        controller, terminal = pty.openpty()
        try:
            child = subprocess.Popen(command, stdout=terminal, stderr=subprocess.PIPE)
            os.close(terminal)
            received = bytearray()
            with contextlib.suppress(OSError):  # EIO: the child has closed the terminal
                while piece := os.read(controller, 65536):
                    received += piece
            _, said = child.communicate(timeout=60)
            returncode = child.returncode
        finally:
            os.close(controller)
        assert bytes(received).replace(b"\r\n", b"\n") == expected  # the terminal adds \r
    assert returncode == 0 and b"from the cache" in said


def catches(pid: int, signum: int) -> bool:
    """Whether process `pid` has a handler of its own for `signum` (Linux's /proc)."""
    with contextlib.suppress(OSError):
        status = Path(f"/proc/{pid}/status").read_text()
        caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
        return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)
    return False


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    "signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT], ids=["hup", "term", "int"]
)
def test_a_warm_export_stopped_by_a_signal_at_any_moment_ends_at_once_and_quietly(
    article_file: Path, signum: int
) -> None:
    import random

    import sievierodonetsk_reader.cache as cache

    # Large enough to be checked in slices beside the digest's thread, then copied into a
    # pipe that is not read until the signal has come: the signal finds it checking or
    # blocked in the copy.
    line = b"Ukrainian troops ordered out of Sievierodonetsk\n"
    body = line * (cache.CHECKED_IN_SLICES_FROM // len(line) + 10_000)
    # Entries are bounded by their article: a larger one (by a comment) may keep this body.
    article_file.write_text(article_file.read_text() + "#" * 60_000 + "\n")
    entry = CacheEntry.for_bytes(article_file.read_bytes())
    assert len(body) < entry.limit
    forged_output(entry, "text", body)
    command = [sys.executable, "-m", "sievierodonetsk_reader", "export", str(article_file)]
    for moment in [random.uniform(0, 0.04) for _ in range(8)]:
        child = subprocess.Popen(
            [*command, "-f", "text"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        # From the moment the export has set its handlers (before, SIGHUP and SIGTERM end
        # it as they end any process, and ^C as the tests of the start-up's ^C show).
        wait_until_blocking(
            partial(lambda c: catches(c.pid, signal.SIGHUP) or c.poll() is not None, child),
            "the export's signal handlers",
        )
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=moment)
        child.send_signal(signum)
        out, said = child.communicate(timeout=30)  # it ends: no thread of its holds it
        assert child.returncode in (0, 128 + signum), (moment, child.returncode, said)
        assert said == b"", (moment, said)  # no traceback, no message
        if child.returncode == 0:
            assert out == body  # done before the signal came: all of it
