"""Reading and validating an article file.

Every problem found is collected, with the file, line and column it comes from, and raised
together as one `ArticleError`, so that an author can fix a file in one pass.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import dates
from .formatting import printable, shorten
from .mentions import MentionFinder
from .model import (
    POINT_KINDS,
    SPEECH_KINDS,
    Article,
    CitedSource,
    DateEntity,
    Mention,
    Metadata,
    Organization,
    Paragraph,
    Person,
    Place,
    PointKind,
    Publisher,
    Quote,
    Segment,
    SpeechKind,
    Translation,
)
from .yamlnodes import ComposeError, compose, line_and_column

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_VARIABLE = "SIEVIERODONETSK_READER_MAX_BYTES"
MAX_BYTES_CEILING = 1024**3  # a gigabyte: no article is near it, and reading it stays bounded
MAX_PROBLEMS_SHOWN = 100
# Limits no real article comes near (the bundled one has 25 paragraphs and 40 entities; a
# hundred times it, 2,401 paragraphs): past them, the reader would only be slow.
MAX_PARAGRAPHS = 25_000
MAX_ENTITIES = 10_000

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_URL = re.compile(r"https?://[^\s<>\"]+")
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_TEXT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "timestamp")
)
# Characters no text field may hold: they would move a terminal's cursor, change its title or
# clipboard, or reorder what a reader sees (C0 controls but tab, DEL, C1 controls, bidi
# overrides and isolates, lone surrogates). Every field is one line, paragraphs included.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_BLANK_EDGES = (
    "speech text must not start or end with a blank: it belongs to the plain text around it"
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_DECIMAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?")
_WHOLE_NUMBER = re.compile(r"[-+]?\d+")
_LEADING_ZERO = re.compile(r"[-+]?0\d")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None  # 1-based; None when the problem is with the file as a whole
    column: int | None
    message: str

    def __str__(self) -> str:
        # One line, whatever the file name or a library's message holds.
        where = printable(self.path)
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {printable(self.message)}"


class ArticleError(Exception):
    """An article file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            shown.append(f"{printable(problems[0].path)}: ... and {more:,} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


class SettingError(Exception):
    """An environment variable that the reader cannot use; the message names it."""


def bundled_article_path() -> Path:
    """The article shipped with the package (or, in a checkout, the one in data/)."""
    # A plain path, not importlib.resources: that import alone costs the reader 10 ms at start.
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "article.yaml"
    return packaged if packaged.is_file() else here.parent / "data" / "article.yaml"


def max_bytes_from_environment() -> int:
    value = os.environ.get(MAX_BYTES_VARIABLE)
    if value is None or value == "":
        return DEFAULT_MAX_BYTES
    # ASCII digits only: str.isdigit() takes "²", which int() then refuses.
    if re.fullmatch(r"[0-9]{1,12}", value) and 0 < int(value) <= MAX_BYTES_CEILING:
        return int(value)
    raise SettingError(
        f"{MAX_BYTES_VARIABLE} must be a whole number of bytes from 1 to "
        f"{MAX_BYTES_CEILING:,}, not {printable(repr(value))}"
    )


def load_article(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Article:
    """Read, parse and validate the article file at `path`."""
    name = os.fspath(path)
    limit = max_bytes_from_environment() if max_bytes is None else max_bytes

    def fail(message: str) -> ArticleError:
        return ArticleError([Problem(name, None, None, message)])

    try:
        # Non-blocking, so that a FIFO cannot hang the open; refused below as not a file.
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except OSError as error:
        raise fail(f"cannot read the file: {error.strerror or error}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise fail("is a directory, not an article file")
        raise fail(f"is {_file_kind(mode)}, not an article file")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise fail(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limit:
        raise fail(
            f"the file is larger than {limit:,} bytes; raise the limit with "
            f"{MAX_BYTES_VARIABLE} if it really is an article"
        )
    encoding = _wide_encoding(data)
    if encoding:
        raise fail(f"the file is {encoding} text: save it as UTF-8")
    if b"\x00" in data:
        raise fail("this is a binary file, not a YAML article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_and_column(data, error.start)
        raise ArticleError(
            [Problem(name, line + 1, column + 1, "the file is not UTF-8 text (save it as UTF-8)")]
        ) from None
    return parse_article(text.removeprefix("\ufeff"), name)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by byte-order mark or by the NUL bytes of ASCII text in them."""
    for mark, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(mark):
            return name
    head = data[:64]
    if len(head) >= 8 and head[1::2].count(0) == len(head) // 2 and 0 not in head[::2]:
        return "UTF-16"
    if len(head) >= 8 and head[0::2].count(0) == len(head) // 2 and 0 not in head[1::2]:
        return "UTF-16"
    return None


def parse_article(text: str, path: str = "<article>") -> Article:
    """Parse and validate article YAML held in memory; `path` names it in error messages."""
    try:
        root = compose(text)
    except ComposeError as error:
        raise ArticleError(
            [Problem(path, error.line + 1, error.column + 1, error.message)]
        ) from None
    if root is None:
        raise ArticleError([Problem(path, 1, 1, "the file is empty: an article needs content")])
    builder = _Builder(path)
    article = builder.build(root)
    if builder.problems or article is None:
        builder.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ArticleError(builder.problems)
    return article


class _Builder:
    """Walks the node tree, checking it against the article schema as it builds the model."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._place_regions: list[tuple[str, Node]] = []  # checked once every place is known
        self._form_owner: dict[str, str] = {}  # form -> id of the entity it belongs to
        self._form_nodes: dict[str, Node] = {}  # form -> where it was first written
        # Every id declared, even by an entry with other mistakes, so that one mistake in an
        # entry is reported once rather than again at each place that refers to it.
        self._declared: dict[str, str] = {}
        self._citation_nodes: list[tuple[CitedSource, Node]] = []  # checked against the text

    # -- reporting ------------------------------------------------------------------------
    def error(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    # -- typed access -----------------------------------------------------------------------
    def _tag_ok(self, node: Node) -> bool:
        if node.tag not in _STANDARD_TAGS:
            self.error(
                node, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed"
            )
            return False
        return True

    def fields(
        self, node: Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        if not self._tag_ok(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of fields, not {_kind(node)}")
            return None
        allowed = (*required, *optional)
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{what}: field names must be plain words")
                continue
            if key in result:
                self.error(key_node, f"{what}: duplicate field {key!r}")
                continue
            if key not in allowed:
                self.error(
                    key_node, f"{what}: unknown field {key!r} (expected: {', '.join(allowed)})"
                )
                continue
            result[key] = value_node
        for key in required:
            if key not in result:
                self.error(node, f"{what}: missing required field {key!r}")
        return result

    def text(self, node: Node | None, what: str, *, allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        if not self._tag_ok(node):
            return None
        if not isinstance(node, ScalarNode) or node.tag not in _TEXT_TAGS:
            self.error(node, f"{what} must be text, not {_kind(node)}")
            return None
        value: str = node.value
        if not value and not allow_empty:
            self.error(node, f"{what} must not be empty")
            return None
        bad = FORBIDDEN_CHARACTERS.search(value)
        if bad is not None:
            self.error(node, f"{what} {_describe_character(bad.group())}")
            return None
        return value

    def flag(self, node: Node | None, what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if self._tag_ok(node) and isinstance(node, ScalarNode):
            value = _BOOLEANS.get(node.value.lower()) if node.tag == _BOOL_TAG else None
            if value is not None:
                return value
        self.error(node, f"{what} must be true or false, not {_written(node)}")
        return default

    def number(
        self, node: Node | None, what: str, low: float, high: float, *, whole: bool = False
    ) -> float | None:
        """A number written in decimal: YAML 1.1's octal, binary, hex and base-60 are refused."""
        if node is None:
            return None
        if not self._tag_ok(node) or node.tag not in _NUMBER_TAGS:
            self.error(node, f"{what} must be a number, not {_kind(node)}")
            return None
        assert isinstance(node, ScalarNode)
        written = node.value.replace("_", "")
        pattern = _WHOLE_NUMBER if whole else _DECIMAL
        if len(written) > 32 or not pattern.fullmatch(written):
            kind = "a whole number" if whole else "a decimal number such as 48.95"
            self.error(node, f"{what} must be {kind}, not {_written(node)}")
            return None
        if _LEADING_ZERO.match(written):
            self.error(node, f"{what} {written!r} has a leading zero, which YAML reads as octal")
            return None
        value = float(written)
        if not low <= value <= high:
            self.error(node, f"{what} must be between {low:g} and {high:g}, not {written}")
            return None
        return value

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not self._tag_ok(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def texts(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        result = []
        for item in self.items(node, what):
            value = self.text(item, f"each of {what}")
            if value is not None:
                result.append((value, item))
        return result

    def identifier(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _ID.fullmatch(value):
            assert node is not None
            self.error(node, f"{what} {value!r} must be lower-case letters, digits, '-' or '_'")
            return None
        return value

    # -- the article ------------------------------------------------------------------------
    def build(self, root: Node) -> Article | None:
        top = self.fields(
            root,
            "the article file",
            ("article", "paragraphs"),
            ("people", "places", "organizations", "dates"),
        )
        if top is None:
            return None
        entity_nodes: dict[str, Node] = {}  # id -> the node naming it, for duplicate checks
        people = self._entities(top.get("people"), "person", self._person, entity_nodes)
        places = self._entities(top.get("places"), "place", self._place, entity_nodes)
        organizations = self._entities(
            top.get("organizations"), "organization", self._organization, entity_nodes
        )
        metadata = self._metadata(top.get("article"))
        reference = metadata.reference_date if metadata else None
        date_entities = self._entities(
            top.get("dates"), "date", lambda n, f, i: self._date(n, f, i, reference), entity_nodes
        )
        for place, node in self._place_regions:
            if self._declared.get(place) != "place":
                self.error(node, f"region {place!r} is not the id of a place in this file")
        paragraphs = self._paragraphs(top.get("paragraphs"), metadata)
        if metadata is None or paragraphs is None:
            return None
        mentions = self._mentions(paragraphs)
        self._check_citations(mentions, len(paragraphs))
        quotes = _quotes(paragraphs)
        return Article(
            metadata=metadata,
            paragraphs=paragraphs,
            people=tuple(people),
            places=tuple(places),
            organizations=tuple(organizations),
            dates=tuple(date_entities),
            mentions=mentions,
            quotes=quotes,
        )

    def _metadata(self, node: Node | None) -> Metadata | None:
        if node is None:
            return None
        f = self.fields(
            node,
            "article",
            ("id", "title", "dateline", "language", "reference_date"),
            ("title_supplied_by_editor", "publisher", "translation", "cited_sources"),
        )
        if f is None:
            return None
        article_id = self.identifier(f.get("id"), "article id")
        title = self.text(f.get("title"), "article title")
        dateline = self.text(f.get("dateline"), "dateline")
        language = self.text(f.get("language"), "language")
        reference = self._reference_date(f.get("reference_date"))
        publisher = self._publisher(f.get("publisher"))
        translation = self._translation(f.get("translation"))
        cited = self._cited_sources(f.get("cited_sources"))
        if None in (article_id, title, dateline, language, reference):
            return None
        assert article_id and title and dateline and language and reference
        return Metadata(
            id=article_id,
            title=title,
            title_supplied_by_editor=self.flag(
                f.get("title_supplied_by_editor"), "title_supplied_by_editor"
            ),
            dateline=dateline,
            language=language,
            reference_date=reference,
            publisher=publisher,
            translation=translation,
            cited_sources=cited,
        )

    def _publisher(self, node: Node | None) -> Publisher | None:
        if node is None:
            return None
        f = self.fields(node, "publisher", ("name",), ("url",))
        if f is None:
            return None
        name = self.text(f.get("name"), "publisher name")
        url = self.text(f.get("url"), "publisher url")
        if url is not None and not _URL.fullmatch(url):
            self.error(f["url"], f"publisher url {url!r} must be a web address (https://...)")
            url = None
        return Publisher(name, url) if name else None

    def _translation(self, node: Node | None) -> Translation | None:
        if node is None:
            return None
        f = self.fields(
            node,
            "translation",
            ("machine", "from_language"),
            ("provider", "note_is_last_paragraph"),
        )
        if f is None:
            return None
        provider = self.identifier(f.get("provider"), "translation provider")
        if provider is not None and self._declared.get(provider) != "organization":
            self.error(f["provider"], f"translation provider {provider!r} is not an organization")
            provider = None
        return Translation(
            machine=self.flag(f.get("machine"), "translation machine"),
            from_language=self.text(f.get("from_language"), "translation from_language") or "",
            provider=provider,
            note_is_last_paragraph=self.flag(
                f.get("note_is_last_paragraph"), "note_is_last_paragraph"
            ),
        )

    def _cited_sources(self, node: Node | None) -> tuple[CitedSource, ...]:
        cited = []
        for item in self.items(node, "cited_sources"):
            f = self.fields(item, "a cited source", ("organization", "paragraph"))
            if f is None:
                continue
            organization = self.identifier(f.get("organization"), "cited organization")
            paragraph = self.number(f.get("paragraph"), "cited paragraph", 1, 10**9, whole=True)
            if organization is not None and self._declared.get(organization) != "organization":
                self.error(f["organization"], f"{organization!r} is not the id of an organization")
                continue
            if organization is not None and paragraph is not None:
                cited.append(CitedSource(organization, int(paragraph)))
                self._citation_nodes.append((cited[-1], item))
        return tuple(cited)

    def _reference_date(self, node: Node | None) -> date | None:
        value = self.text(node, "reference_date")
        if value is None or node is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                self.error(node, f"reference_date {value!r} is not a real date")
            else:
                self.error(node, f"reference_date {value!r} must be a date written YYYY-MM-DD")
            return None

    # -- entities ---------------------------------------------------------------------------
    def _entities(
        self,
        node: Node | None,
        what: str,
        build: Callable[[Node, dict[str, Node], str], T | None],
        seen: dict[str, Node],
    ) -> list[T]:
        built = []
        items = self.items(node, f"the list of {what} entries")
        if len(items) + len(seen) > MAX_ENTITIES:
            assert node is not None
            self.error(node, f"more than {MAX_ENTITIES:,} entities: far more than an article names")
            return []
        for item in items:
            f = self.fields(item, what, *_ENTITY_FIELDS[what])
            if f is None:
                continue
            entity_id = self.identifier(f.get("id"), f"{what} id")
            if entity_id is not None:
                if entity_id in seen:
                    line = seen[entity_id].start_mark.line + 1
                    self.error(f["id"], f"duplicate id {entity_id!r} (first used on line {line})")
                    continue
                seen[entity_id] = f["id"]
                self._declared[entity_id] = what
            # Built even without a valid id, so that the entry's other mistakes are reported.
            entity = build(item, f, entity_id or "")
            if entity is not None and entity_id is not None:
                built.append(entity)
        return built

    def _forms(self, f: dict[str, Node], entity_id: str) -> tuple[str, ...]:
        forms = self.texts(f.get("forms"), "forms")
        if "forms" in f and not forms and isinstance(f["forms"], SequenceNode):
            self.error(f["forms"], "forms must list at least one way the text names this")
        for form, node in forms:
            owner = self._form_owner.setdefault(form, entity_id)
            if owner != entity_id:
                self.error(node, f"the form {form!r} already belongs to {owner!r}")
            self._form_nodes.setdefault(form, node)
        return tuple(dict.fromkeys(form for form, _ in forms))

    def _person(self, node: Node, f: dict[str, Node], entity_id: str) -> Person | None:
        name = self.text(f.get("name"), "person name")
        forms = self._forms(f, entity_id)
        if not (entity_id and name):
            return None
        return Person(
            id=entity_id,
            name=name,
            role=self.text(f.get("role"), "person role"),
            note=self.text(f.get("note"), "note"),
            forms=forms,
            unnamed=self.flag(f.get("unnamed"), "unnamed"),
        )

    def _place(self, node: Node, f: dict[str, Node], entity_id: str) -> Place | None:
        name = self.text(f.get("name"), "place name")
        kind = self.text(f.get("kind"), "place kind")
        forms = self._forms(f, entity_id)
        latitude = self.number(f.get("latitude"), "latitude", -90, 90)
        longitude = self.number(f.get("longitude"), "longitude", -180, 180)
        if ("latitude" in f) != ("longitude" in f):
            self.error(node, "give both latitude and longitude, or neither")
        point = self._point(f.get("point"))
        if "latitude" in f and "point" not in f:
            self.error(node, f"say what the coordinates are of: point: {' | '.join(POINT_KINDS)}")
        elif "point" in f and "latitude" not in f:
            self.error(f["point"], "point describes coordinates, but there are none")
        region = self.identifier(f.get("region"), "region")
        if region is not None:
            self._place_regions.append((region, f["region"]))
        alternative = tuple(name for name, _ in self.texts(f.get("alternative_names"), "names"))
        if not (entity_id and name and kind):
            return None
        return Place(
            id=entity_id,
            name=name,
            kind=kind,
            country=self.text(f.get("country"), "country"),
            region=region,
            latitude=latitude,
            longitude=longitude,
            point=point,
            point_name=self.text(f.get("point_name"), "point_name"),
            alternative_names=alternative,
            note=self.text(f.get("note"), "note"),
            forms=forms,
        )

    def _point(self, node: Node | None) -> PointKind | None:
        value = self.text(node, "point")
        for kind in POINT_KINDS:
            if kind == value:
                return kind
        if value is not None and node is not None:
            self.error(node, f"point {value!r} must be one of: {', '.join(POINT_KINDS)}")
        return None

    def _organization(self, node: Node, f: dict[str, Node], entity_id: str) -> Organization | None:
        name = self.text(f.get("name"), "organization name")
        kind = self.text(f.get("kind"), "organization kind")
        forms = self._forms(f, entity_id)
        if not (entity_id and name and kind):
            return None
        return Organization(
            id=entity_id,
            name=name,
            kind=kind,
            country=self.text(f.get("country"), "country"),
            note=self.text(f.get("note"), "note"),
            forms=forms,
        )

    def _date(
        self, node: Node, f: dict[str, Node], entity_id: str, reference: date | None
    ) -> DateEntity | None:
        forms = self._forms(f, entity_id)
        text_node = f.get("text") or _first(f.get("forms"))
        words = self.text(f.get("text"), "date text") or (forms[0] if forms else None)
        modifier = self.text(f.get("modifier"), "modifier")
        if modifier is not None and modifier not in dates.MODIFIERS:
            self.error(f["modifier"], f"modifier must be one of {', '.join(dates.MODIFIERS)}")
            modifier = None
        value = None
        if "value" in f:
            explicit = self.text(f["value"], "date value")
            if explicit is not None:
                try:
                    value = dates.parse_explicit(explicit, modifier)
                except dates.DateError as error:
                    self.error(f["value"], str(error))
        elif words is not None and reference is not None and text_node is not None:
            try:
                value = dates.normalise(words, reference)
            except dates.DateError as error:
                self.error(text_node, f"{error}; give an explicit value (e.g. value: 2022-06-24)")
            else:
                if modifier is not None:
                    value = dates.with_modifier(value, modifier)
        if value is not None:
            for form in forms:
                mismatch = dates.weekday_mismatch(form, value)
                if mismatch:
                    self.error(self._form_nodes[form], f"weekday mismatch: {mismatch}")
        if not (entity_id and words and value):
            return None
        return DateEntity(
            id=entity_id,
            text=words,
            value=value,
            note=self.text(f.get("note"), "note"),
            forms=forms,
        )

    # -- paragraphs -------------------------------------------------------------------------
    def _paragraphs(
        self, node: Node | None, metadata: Metadata | None
    ) -> tuple[Paragraph, ...] | None:
        if node is None:
            return None
        items = self.items(node, "paragraphs")
        if len(items) > MAX_PARAGRAPHS:
            self.error(
                node, f"{len(items):,} paragraphs: an article file holds at most {MAX_PARAGRAPHS:,}"
            )
            return None
        if not items:
            if isinstance(node, SequenceNode):
                self.error(node, "paragraphs must list at least one paragraph")
            return None
        note_last = bool(
            metadata and metadata.translation and metadata.translation.note_is_last_paragraph
        )
        paragraphs = []
        for number, item in enumerate(items, start=1):
            segment_nodes = item.value if isinstance(item, SequenceNode) else [item]
            if isinstance(item, SequenceNode) and not segment_nodes:
                self.error(item, f"paragraph {number} is empty")
            segments = []
            for segment_node in segment_nodes:
                segment = self._segment(segment_node, number)
                if segment is not None:
                    segments.append(segment)
            text = "".join(s.text for s in segments)
            if segment_nodes and not text.strip():
                self.error(item, f"paragraph {number} has no text")
            paragraphs.append(
                Paragraph(
                    number=number,
                    segments=tuple(segments),
                    is_translation_note=note_last and number == len(items),
                )
            )
        return tuple(paragraphs)

    def _segment(self, node: Node, number: int) -> Segment | None:
        where = f"paragraph {number}"
        if isinstance(node, ScalarNode):
            text = self.text(node, f"{where}: a segment", allow_empty=True)
            return Segment(text) if text is not None else None
        f = self.fields(node, f"{where}: a speech segment", ("text", "speaker", "kind"))
        if f is None:
            return None
        speaker = self.identifier(f.get("speaker"), "speaker")
        kind = self.text(f.get("kind"), "speech kind")
        if kind is not None and kind not in SPEECH_KINDS:
            self.error(f["kind"], f"speech kind {kind!r} must be one of {', '.join(SPEECH_KINDS)}")
            kind = None
        text_node = f.get("text")
        partial_quotes: tuple[tuple[int, int], ...] = ()
        if isinstance(text_node, SequenceNode):
            if kind is not None and kind != "reported":
                self.error(text_node, f"{where}: only reported speech can contain a quotation")
            text, partial_quotes = self._reported_with_quotes(text_node, where)
        else:
            text = self.text(text_node, f"{where}: speech text")
        if text is not None and text_node is not None and text != text.strip():
            self.error(text_node, f"{where}: {_BLANK_EDGES}")
        if speaker is not None:
            speaker = self._speaker(speaker, f["speaker"])
        if text is None:
            return None
        if speaker is None or kind is None:
            return Segment(text)  # keep the words, so that later checks see the paragraph whole
        return Segment(text, speaker, _speech_kind(kind), partial_quotes)

    def _speaker(self, speaker: str, node: Node) -> str | None:
        declared = self._declared.get(speaker)
        if declared in ("person", "organization"):
            return speaker
        if declared is None:
            self.error(node, f"unknown speaker {speaker!r}: no person has that id")
        else:
            self.error(
                node,
                f"speaker {speaker!r} is a {declared}, not a person "
                "(or an organization speaking as an office)",
            )
        return None

    def _reported_with_quotes(
        self, node: SequenceNode, where: str
    ) -> tuple[str | None, tuple[tuple[int, int], ...]]:
        """Reported speech written as plain strings and `partial: words` quotations."""
        parts: list[str] = []
        quotes: list[tuple[int, int]] = []
        offset = 0
        for item in node.value:
            if isinstance(item, ScalarNode):
                words = self.text(item, f"{where}: reported speech", allow_empty=True)
            else:
                f = self.fields(item, f"{where}: a quotation in reported speech", ("partial",))
                words = self.text(f.get("partial"), f"{where}: quoted words") if f else None
                if words is not None:
                    if words != words.strip():
                        self.error(item, f"{where}: {_BLANK_EDGES}")
                    quotes.append((offset, offset + len(words)))
            if words is None:
                return None, ()
            parts.append(words)
            offset += len(words)
        if not quotes:
            self.error(node, f"{where}: a reported passage written as a list needs a quotation")
        if not parts or not "".join(parts):
            self.error(node, f"{where}: speech text must not be empty")
            return None, ()
        return "".join(parts), tuple(quotes)

    def _check_citations(self, mentions: tuple[Mention, ...], paragraphs: int) -> None:
        named = {(m.entity_id, m.paragraph) for m in mentions}
        for cited, node in self._citation_nodes:
            if cited.paragraph > paragraphs:
                self.error(node, f"paragraph {cited.paragraph} does not exist ({paragraphs} do)")
            elif (cited.organization, cited.paragraph) not in named:
                self.error(
                    node,
                    f"paragraph {cited.paragraph} does not name {cited.organization!r}, "
                    "so it cannot cite it",
                )

    # -- derived: mentions ------------------------------------------------------------------
    def _mentions(self, paragraphs: tuple[Paragraph, ...]) -> tuple[Mention, ...]:
        finder = MentionFinder(self._form_owner)
        mentions: list[Mention] = []
        found: set[str] = set()
        for paragraph in paragraphs:
            for start, end, entity_id, form in finder.find(paragraph.text):
                mentions.append(Mention(entity_id, paragraph.number, start, end))
                found.add(form)
        for form, node in self._form_nodes.items():
            if form not in found:
                self.error(
                    node,
                    f"the form {form!r} never occurs in the text as a whole word "
                    "(or a longer form always covers it)",
                )
        return tuple(mentions)


_ENTITY_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "person": (("id", "name", "forms"), ("role", "note", "unnamed")),
    "place": (
        ("id", "name", "kind", "forms"),
        (
            "country",
            "region",
            "latitude",
            "longitude",
            "point",
            "point_name",
            "alternative_names",
            "note",
        ),
    ),
    "organization": (("id", "name", "kind", "forms"), ("country", "note")),
    "date": (("id", "forms"), ("text", "value", "modifier", "note")),
}


def _first(node: Node | None) -> Node | None:
    if isinstance(node, SequenceNode) and node.value:
        first: Node = node.value[0]
        return first
    return None


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {
        "null": "nothing (an empty value)",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "str": f"the text {node.value!r}",
    }.get(tag, f"a {tag}")


def _describe_character(char: str) -> str:
    """Why `char` cannot be in a field, naming it by code point (never writing it raw)."""
    code = ord(char)
    if char in _LINE_BREAKS:
        return f"must be one line: it contains a line break (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"contains a lone surrogate (U+{code:04X}), which is not a character"
    if 0x202A <= code <= 0x2069:
        what = "a bidirectional override" if code <= 0x202E else "a bidirectional isolate"
        return f"contains {what} (U+{code:04X}), which could disguise the text: remove it"
    return f"contains the control character U+{code:04X}, which is not allowed: remove it"


def _written(node: Node) -> str:
    """What a scalar says, as written (shortened): for values whose tag claims another type."""
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        return repr(shorten(node.value, 40))
    return _kind(node)


def _speech_kind(kind: str) -> SpeechKind:
    for speech_kind in SPEECH_KINDS:
        if speech_kind == kind:
            return speech_kind
    raise ValueError(kind)  # pragma: no cover - checked by the caller


def _quotes(paragraphs: tuple[Paragraph, ...]) -> tuple[Quote, ...]:
    """Every passage of speech, each followed by the quotations nested in it."""
    quotes: list[Quote] = []
    for paragraph in paragraphs:
        offset = 0
        for index, segment in enumerate(paragraph.segments):
            end = offset + len(segment.text)
            if segment.speaker is not None and segment.kind is not None:
                quotes.append(
                    Quote(
                        len(quotes),
                        paragraph.number,
                        index,
                        segment.speaker,
                        segment.kind,
                        segment.text,
                        offset,
                        end,
                    )
                )
                for start, stop in segment.partial_quotes:
                    quotes.append(
                        Quote(
                            len(quotes),
                            paragraph.number,
                            index,
                            segment.speaker,
                            "partial",
                            segment.text[start:stop],
                            offset + start,
                            offset + stop,
                            nested=True,
                        )
                    )
            offset = end
    return tuple(quotes)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "ArticleError",
    "Problem",
    "bundled_article_path",
    "load_article",
    "parse_article",
]
