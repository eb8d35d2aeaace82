"""Building paragraphs and their speech: passages, nested quotations, speakers."""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode, SequenceNode

from .declarations import Declarations
from .model import (
    SPEECH_KINDS,
    Metadata,
    Paragraph,
    Quote,
    Segment,
    SpeechKind,
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
        for segment_node in segment_nodes:
            segment = _segment(reader, declared, segment_node, number)
            if segment is not None:
                segments.append(segment)
        text = "".join(s.text for s in segments)
        if segment_nodes and not text.strip():
            reader.error(item, f"paragraph {number} has no text")
        paragraphs.append(
            Paragraph(
                number=number,
                segments=tuple(segments),
                is_translation_note=note_last and number == len(items),
            )
        )
    return tuple(paragraphs)


def _segment(reader: NodeReader, declared: Declarations, node: Node, number: int) -> Segment | None:
    where = f"paragraph {number}"
    if isinstance(node, ScalarNode):
        text = reader.text(node, f"{where}: a segment", allow_empty=True)
        return Segment(text) if text is not None else None
    f = reader.fields(node, f"{where}: a speech segment", ("text", "speaker", "kind"))
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
    if text is None:
        return None
    if speaker is None or kind is None:
        return Segment(text)  # keep the words, so that later checks see the paragraph whole
    return Segment(text, speaker, _speech_kind(kind), partial_quotes)


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


def speech_of(paragraphs: tuple[Paragraph, ...]) -> tuple[Quote, ...]:
    """Every passage of speech, each followed by the quotations nested in it."""
    quotes: list[Quote] = []
    for paragraph in paragraphs:
        offset = 0
        for index, segment in enumerate(paragraph.segments):
            if segment.speaker is not None and segment.kind is not None:
                # (kind, start, end within the segment, nested) of the passage, then its quotes
                pieces = [(segment.kind, 0, len(segment.text), False)]
                pieces += [("partial", a, b, True) for a, b in segment.partial_quotes]
                for kind, start, stop, nested in pieces:
                    quotes.append(
                        Quote(
                            index=len(quotes),
                            paragraph=paragraph.number,
                            segment=index,
                            speaker=segment.speaker,
                            kind=kind,
                            text=segment.text[start:stop],
                            start=offset + start,
                            end=offset + stop,
                            nested=nested,
                        )
                    )
            offset += len(segment.text)
    return tuple(quotes)
