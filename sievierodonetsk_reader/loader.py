"""Reading and validating an article file.

Every problem found is collected, with the file, line and column it comes from, and raised
together as one `ArticleError`, so that an author can fix a file in one pass.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import dates
from .model import (
    SPEECH_KINDS,
    Article,
    DateEntity,
    Mention,
    Metadata,
    NormalisedDate,
    Organization,
    Paragraph,
    Person,
    Place,
    Quote,
    Segment,
    SpeechKind,
    Translation,
)
from .yamlnodes import ComposeError, compose, line_and_column

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES_VARIABLE = "SIEVIERODONETSK_READER_MAX_BYTES"

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_TEXT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "timestamp")
)
# Blank control characters: Markdown drops them at the edges of a paragraph and has no way to
# write them there, so an export could not show the paragraph as it is.
EDGE_CONTROL = re.compile(r"^[\x0b\x1c-\x1f\x85]|[\x0b\x1c-\x1f\x85]$")
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None  # 1-based; None when the problem is with the file as a whole
    column: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ArticleError(Exception):
    """An article file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def bundled_article_path() -> Path:
    """The article shipped with the package (or, in a checkout, the one in data/)."""
    # A plain path, not importlib.resources: that import alone costs the reader 10 ms at start.
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "article.yaml"
    return packaged if packaged.is_file() else here.parent / "data" / "article.yaml"


def max_bytes_from_environment() -> int:
    value = os.environ.get(MAX_BYTES_VARIABLE, "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def load_article(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Article:
    """Read, parse and validate the article file at `path`."""
    name = os.fspath(path)
    limit = max_bytes_from_environment() if max_bytes is None else max_bytes

    def fail(message: str) -> ArticleError:
        return ArticleError([Problem(name, None, None, message)])

    file = Path(path)
    if file.is_dir():
        raise fail("is a directory, not an article file")
    try:
        with file.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except OSError as error:
        raise fail(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limit:
        raise fail(
            f"the file is larger than {limit:,} bytes; raise the limit with "
            f"{MAX_BYTES_VARIABLE} if it really is an article"
        )
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
        self._constructor = SafeConstructor()
        self._place_regions: list[tuple[str, Node]] = []  # checked once every place is known
        self._form_owner: dict[str, str] = {}  # form -> id of the entity it belongs to
        self._form_nodes: dict[str, Node] = {}  # form -> where it was first written
        # Every id declared, even by an entry with other mistakes, so that one mistake in an
        # entry is reported once rather than again at each place that refers to it.
        self._declared: dict[str, str] = {}

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
        return value

    def flag(self, node: Node | None, what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if self._tag_ok(node) and node.tag == "tag:yaml.org,2002:bool":
            return bool(self._constructor.construct_object(node))
        self.error(node, f"{what} must be true or false, not {_kind(node)}")
        return default

    def number(self, node: Node | None, what: str, low: float, high: float) -> float | None:
        if node is None:
            return None
        if not self._tag_ok(node) or node.tag not in _NUMBER_TAGS:
            self.error(node, f"{what} must be a number, not {_kind(node)}")
            return None
        value = float(self._constructor.construct_object(node))
        if not low <= value <= high:
            self.error(node, f"{what} must be between {low:g} and {high:g}, not {value:g}")
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
            ("title_supplied_by_editor", "translation", "agencies", "source"),
        )
        if f is None:
            return None
        article_id = self.identifier(f.get("id"), "article id")
        title = self.text(f.get("title"), "article title")
        dateline = self.text(f.get("dateline"), "dateline")
        language = self.text(f.get("language"), "language")
        reference = self._reference_date(f.get("reference_date"))
        translation = None
        if "translation" in f:
            t = self.fields(
                f["translation"],
                "translation",
                ("machine", "from_language"),
                ("note_is_last_paragraph",),
            )
            if t is not None:
                from_language = self.text(t.get("from_language"), "translation from_language")
                translation = Translation(
                    machine=self.flag(t.get("machine"), "translation machine"),
                    from_language=from_language or "",
                    note_is_last_paragraph=self.flag(
                        t.get("note_is_last_paragraph"), "note_is_last_paragraph"
                    ),
                )
        agencies = []
        for agency, agency_node in self.texts(f.get("agencies"), "agencies"):
            if self._declared.get(agency) != "organization":
                self.error(agency_node, f"agency {agency!r} is not the id of an organization")
            agencies.append(agency)
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
            translation=translation,
            agencies=tuple(agencies),
            source=self.text(f.get("source"), "source"),
        )

    def _reference_date(self, node: Node | None) -> date | None:
        value = self.text(node, "reference_date")
        if value is None or node is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
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
        for item in self.items(node, f"the list of {what} entries"):
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
        role = self.text(f.get("role"), "person role")
        forms = self._forms(f, entity_id)
        if not (entity_id and name and role):
            return None
        return Person(
            id=entity_id,
            name=name,
            role=role,
            affiliation=self.text(f.get("affiliation"), "affiliation"),
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
            alternative_names=alternative,
            forms=forms,
        )

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
            description=self.text(f.get("description"), "description"),
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
                    value = NormalisedDate(value.start, value.end, value.precision, modifier)
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
            description=self.text(f.get("description"), "description"),
            forms=forms,
        )

    # -- paragraphs -------------------------------------------------------------------------
    def _paragraphs(
        self, node: Node | None, metadata: Metadata | None
    ) -> tuple[Paragraph, ...] | None:
        if node is None:
            return None
        items = self.items(node, "paragraphs")
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
            if "\n" in text or "\r" in text:
                self.error(item, f"paragraph {number}: a paragraph is one line; split it instead")
            edge = EDGE_CONTROL.search(text)
            if edge:
                self.error(
                    item,
                    f"paragraph {number} {'starts' if edge.start() == 0 else 'ends'} with the "
                    f"invisible control character U+{ord(edge.group()):04X}: remove it",
                )
            if "\x00" in text:
                self.error(item, f"paragraph {number} contains a NUL character (U+0000)")
            if any("\ud800" <= char <= "\udfff" for char in text):
                self.error(item, f"paragraph {number} contains a lone surrogate (not a character)")
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
        text = self.text(f.get("text"), f"{where}: speech text")
        speaker = self.identifier(f.get("speaker"), "speaker")
        kind = self.text(f.get("kind"), "speech kind")
        if kind is not None and kind not in SPEECH_KINDS:
            self.error(f["kind"], f"speech kind {kind!r} must be one of {', '.join(SPEECH_KINDS)}")
            kind = None
        if speaker is not None:
            declared = self._declared.get(speaker)
            if declared is None:
                self.error(f["speaker"], f"unknown speaker {speaker!r}: no person has that id")
                speaker = None
            elif declared not in ("person", "organization"):
                self.error(
                    f["speaker"],
                    f"speaker {speaker!r} is a {declared}, not a person "
                    "(or an organization speaking as an office)",
                )
                speaker = None
        if text is None:
            return None
        if speaker is None or kind is None:
            return Segment(text)  # keep the words, so that later checks see the paragraph whole
        return Segment(text, speaker, _speech_kind(kind))

    # -- derived: mentions ------------------------------------------------------------------
    def _mentions(self, paragraphs: tuple[Paragraph, ...]) -> tuple[Mention, ...]:
        mentions = list(find_mentions(paragraphs, self._form_owner))
        found = {paragraph_text_slice(paragraphs, m) for m in mentions}
        for form, node in self._form_nodes.items():
            if form not in found:
                self.error(
                    node,
                    f"the form {form!r} never occurs in the text as a whole word "
                    "(or a longer form always covers it)",
                )
        return tuple(mentions)


_ENTITY_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "person": (("id", "name", "role", "forms"), ("affiliation", "unnamed")),
    "place": (
        ("id", "name", "kind", "forms"),
        ("country", "region", "latitude", "longitude", "alternative_names"),
    ),
    "organization": (("id", "name", "kind", "forms"), ("country", "description")),
    "date": (("id", "forms"), ("text", "value", "modifier", "description")),
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


def _speech_kind(kind: str) -> SpeechKind:
    for speech_kind in SPEECH_KINDS:
        if speech_kind == kind:
            return speech_kind
    raise ValueError(kind)  # pragma: no cover - checked by the caller


def mention_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """One pattern for every form: longest first, whole words only, case as written."""
    ordered = sorted(forms, key=lambda form: (-len(form), form))
    alternatives = "|".join(re.escape(form) for form in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def find_mentions(paragraphs: tuple[Paragraph, ...], owner: dict[str, str]) -> Iterator[Mention]:
    if not owner:
        return
    pattern = mention_pattern(owner)
    for paragraph in paragraphs:
        for match in pattern.finditer(paragraph.text):
            yield Mention(owner[match.group()], paragraph.number, match.start(), match.end())


def paragraph_text_slice(paragraphs: tuple[Paragraph, ...], mention: Mention) -> str:
    return paragraphs[mention.paragraph - 1].text[mention.start : mention.end]


def _quotes(paragraphs: tuple[Paragraph, ...]) -> tuple[Quote, ...]:
    quotes: list[Quote] = []
    for paragraph in paragraphs:
        offset = 0
        for index, segment in enumerate(paragraph.segments):
            end = offset + len(segment.text)
            if segment.speaker is not None and segment.kind is not None:
                quotes.append(
                    Quote(
                        index=len(quotes),
                        paragraph=paragraph.number,
                        segment=index,
                        speaker=segment.speaker,
                        kind=segment.kind,
                        text=segment.text,
                        start=offset,
                        end=end,
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
