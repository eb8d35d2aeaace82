"""Building paragraphs and their segments of speech: passages, nested quotations, speakers
(the model derives its quotes from them: `model.speech_of`)."""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode, SequenceNode

from .declarations import Declarations
from .model import (
    CHANNELS,
    QUOTATION_KINDS,
    SPEECH_KINDS,
    Metadata,
    Paragraph,
    Segment,
    SpeechKind,
    Via,
)
from .schema import BLANK_EDGES, NodeReader

# The bundled article has 25 paragraphs, a hundred times it 2,401: past this, the file is not
# an article and the reader would only be slow.
MAX_PARAGRAPHS = 25_000


def paragraphs(
    reader: NodeReader, declared: Declarations, node: Node | None, metadata: Metadata | None
) -> tuple[Paragraph, ...] | None:
    """The paragraphs, each with its segments of plain text and speech."""
    if node is None:
        return None
    items = reader.items(node, "paragraphs")
    if len(items) > MAX_PARAGRAPHS:
        reader.error(
            node, f"{len(items):,} paragraphs: an article file holds at most {MAX_PARAGRAPHS:,}"
        )
        return None
    if not items:
        if isinstance(node, SequenceNode):
            reader.error(node, "paragraphs must list at least one paragraph")
        return None
    note_last = bool(
        metadata and metadata.translation and metadata.translation.note_is_last_paragraph
    )
    paragraphs = []
    for number, item in enumerate(items, start=1):
        segment_nodes = item.value if isinstance(item, SequenceNode) else [item]
        if isinstance(item, SequenceNode) and not segment_nodes:
            reader.error(item, f"paragraph {number} is empty")
        segments = []
        via_nodes: list[tuple[Via, Node]] = []  # checked against the whole paragraph
        for segment_node in segment_nodes:
            segment = _segment(reader, declared, segment_node, number, via_nodes)
            if segment is not None:
                segments.append(segment)
        text = "".join(s.text for s in segments)
        if segment_nodes and not text.strip():
            reader.error(item, f"paragraph {number} has no text")
        for via, via_node in via_nodes:
            if via.words is not None and via.words not in text:
                reader.error(
                    via_node,
                    f"paragraph {number}: via words {via.words!r} are not in the paragraph: "
                    "give the text's own words for how the speech was carried",
                )
        paragraphs.append(
            Paragraph(
                number=number,
                segments=tuple(segments),
                is_translation_note=note_last and number == len(items),
            )
        )
    return tuple(paragraphs)


def _segment(
    reader: NodeReader,
    declared: Declarations,
    node: Node,
    number: int,
    via_nodes: list[tuple[Via, Node]],
) -> Segment | None:
    where = f"paragraph {number}"
    if isinstance(node, ScalarNode):
        text = reader.text(node, f"{where}: a segment", allow_empty=True)
        return Segment(text) if text is not None else None
    f = reader.fields(
        node,
        f"{where}: a speech segment",
        ("text", "speaker", "kind"),
        ("via", "insertions", "status"),
    )
    if f is None:
        return None
    speaker = reader.identifier(f.get("speaker"), "speaker")
    kind = reader.text(f.get("kind"), "speech kind")
    if kind is not None and kind not in SPEECH_KINDS:
        reader.error(f["kind"], f"speech kind {kind!r} must be one of {', '.join(SPEECH_KINDS)}")
        kind = None
    text_node = f.get("text")
    partial_quotes: tuple[tuple[int, int], ...] = ()
    if isinstance(text_node, SequenceNode):
        if kind is not None and kind != "reported":
            reader.error(text_node, f"{where}: only reported speech can contain a quotation")
        text, partial_quotes = _reported_with_quotes(reader, text_node, where)
    else:
        text = reader.text(text_node, f"{where}: speech text")
    if text is not None and text_node is not None and text != text.strip():
        reader.error(text_node, f"{where}: {BLANK_EDGES}")
    if speaker is not None:
        speaker = declared.speaker(reader, speaker, f["speaker"])
    via = _via(reader, declared, f.get("via"), where)
    if via is not None:
        via_nodes.append((via, f["via"]))
    insertions = _insertions(reader, f.get("insertions"), text, kind, where)
    if text is None:
        return None
    if speaker is None or kind is None:
        return Segment(text)  # keep the words, so that later checks see the paragraph whole
    suggested = reader.suggested(f.get("status"))
    return Segment(text, speaker, _speech_kind(kind), partial_quotes, via, insertions, suggested)


def _via(reader: NodeReader, declared: Declarations, node: Node | None, where: str) -> Via | None:
    """How the words travelled: the text's words, the channel, the outlet; or an editor's note."""
    if node is None:
        return None
    f = reader.fields(node, f"{where}: via", (), ("words", "channel", "organization", "note"))
    if f is None:
        return None
    words = reader.text(f.get("words"), f"{where}: via words")
    note = reader.text(f.get("note"), f"{where}: via note")
    channel = reader.text(f.get("channel"), f"{where}: via channel")
    organization = reader.identifier(f.get("organization"), f"{where}: via organization")
    if words is None and note is None:
        reader.error(node, f"{where}: via needs the text's words for it, or an editor's note")
        return None
    if words is None and (channel is not None or organization is not None):
        # A channel the text does not state would be the editor's claim, shown as the text's.
        reader.error(node, f"{where}: a via channel or organization needs the text's words for it")
        return None
    kind = next((c for c in CHANNELS if c == channel), None)
    if channel is not None and kind is None:
        reader.error(f["channel"], f"via channel {channel!r} must be one of {', '.join(CHANNELS)}")
    if organization is not None and not declared.is_organization(organization):
        reader.error(f["organization"], f"via organization {organization!r} is not an organization")
        organization = None
    return Via(words, kind, organization, note)


def _insertions(
    reader: NodeReader, node: Node | None, text: str | None, kind: str | None, where: str
) -> tuple[tuple[int, int], ...]:
    """Words inside a quotation that are not the speaker's, as offsets into its text."""
    if node is None:
        return ()
    if kind is not None and kind not in QUOTATION_KINDS:
        reader.error(node, f"{where}: insertions belong to quotations (direct or partial speech)")
        return ()
    found: list[tuple[int, int]] = []
    for words, item in reader.texts(node, f"{where}: insertions"):
        start = text.find(words, found[-1][1] if found else 0) if text else -1
        if start < 0:
            reader.error(item, f"{where}: the insertion {words!r} is not in the speech text")
            continue
        found.append((start, start + len(words)))
    return tuple(found)


def _reported_with_quotes(
    reader: NodeReader, node: SequenceNode, where: str
) -> tuple[str | None, tuple[tuple[int, int], ...]]:
    """Reported speech written as plain strings and `partial: words` quotations."""
    parts: list[str] = []
    quotes: list[tuple[int, int]] = []
    offset = 0
    for item in node.value:
        if isinstance(item, ScalarNode):
            words = reader.text(item, f"{where}: reported speech", allow_empty=True)
        else:
            f = reader.fields(item, f"{where}: a quotation in reported speech", ("partial",))
            words = reader.text(f.get("partial"), f"{where}: quoted words") if f else None
            if words is not None:
                if words != words.strip():
                    reader.error(item, f"{where}: {BLANK_EDGES}")
                quotes.append((offset, offset + len(words)))
        if words is None:
            return None, ()
        parts.append(words)
        offset += len(words)
    if not quotes:
        reader.error(node, f"{where}: a reported passage written as a list needs a quotation")
    if not parts or not "".join(parts):
        reader.error(node, f"{where}: speech text must not be empty")
        return None, ()
    return "".join(parts), tuple(quotes)


def _speech_kind(kind: str) -> SpeechKind:
    for speech_kind in SPEECH_KINDS:
        if speech_kind == kind:
            return speech_kind
    raise ValueError(kind)  # pragma: no cover - checked by the caller
