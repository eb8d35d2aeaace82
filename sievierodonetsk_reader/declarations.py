"""What an article file declares, and the rules its references must keep.

The builders note here each id with its kind, each form with its entity, each region a place
names and each citation; the rules that need the whole file (a speaker is a declared person
or organisation, a region is a place, a form occurs in the text, a cited paragraph names its
source) are checked here, one rule in one place, with the reader that reports them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

from yaml.nodes import Node

from .model import CitedSource, Mention
from .schema import NodeReader

EntityKind = Literal["person", "place", "organization", "date"]


@dataclass
class Declarations:
    # Every id declared, even by an entry with other mistakes, so that one mistake in an
    # entry is reported once rather than again at each place that refers to it.
    kinds: dict[str, EntityKind] = field(default_factory=dict)
    form_owner: dict[str, str] = field(default_factory=dict)  # form -> its entity's id
    form_nodes: dict[str, Node] = field(default_factory=dict)  # form -> where first written
    regions: list[tuple[str, Node]] = field(default_factory=list)  # a place's `region: id`
    citations: list[tuple[CitedSource, Node]] = field(default_factory=list)

    def form(self, reader: NodeReader, form: str, entity_id: str, node: Node) -> None:
        """`form` names `entity_id`: a form names one entity only."""
        owner = self.form_owner.setdefault(form, entity_id)
        if owner != entity_id:
            reader.error(node, f"the form {form!r} already belongs to {owner!r}")
        self.form_nodes.setdefault(form, node)

    def speaker(self, reader: NodeReader, speaker: str, node: Node) -> str | None:
        """`speaker`, if it is a declared person or organisation; else reported, and None."""
        declared = self.kinds.get(speaker)
        if declared in ("person", "organization"):
            return speaker
        if declared is None:
            close = difflib.get_close_matches(speaker, list(self.kinds), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            reader.error(node, f"unknown speaker {speaker!r}: no person has that id{hint}")
        else:
            reader.error(
                node,
                f"speaker {speaker!r} is a {declared}, not a person "
                "(or an organization speaking as an office)",
            )
        return None

    def is_organization(self, entity_id: str) -> bool:
        return self.kinds.get(entity_id) == "organization"

    def check_regions(self, reader: NodeReader) -> None:
        for place, node in self.regions:
            if self.kinds.get(place) != "place":
                reader.error(node, f"region {place!r} is not the id of a place in this file")

    def check_forms_found(self, reader: NodeReader, found: set[str]) -> None:
        for form, node in self.form_nodes.items():
            if form not in found:
                reader.error(
                    node,
                    f"the form {form!r} never occurs in the text as a whole word "
                    "(or a longer form always covers it)",
                )

    def check_citations(
        self, reader: NodeReader, mentions: tuple[Mention, ...], paragraphs: int
    ) -> None:
        named = {(m.entity_id, m.paragraph) for m in mentions}
        for cited, node in self.citations:
            if cited.paragraph > paragraphs:
                reader.error(node, f"paragraph {cited.paragraph} does not exist ({paragraphs} do)")
            elif (cited.organization, cited.paragraph) not in named:
                reader.error(
                    node,
                    f"paragraph {cited.paragraph} does not name {cited.organization!r}, "
                    "so it cannot cite it",
                )
