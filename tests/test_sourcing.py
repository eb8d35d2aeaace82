"""What the audit of the sourcing found, each fixed: nothing a reader copies misleads."""

from __future__ import annotations

import math

from markdown_it import MarkdownIt

from sievierodonetsk_reader.export import to_markdown
from sievierodonetsk_reader.model import Article, Organization, Place
from sievierodonetsk_reader.tui.layout import paragraph_style


def test_every_direct_quotation_is_in_italics_in_markdown(article: Article) -> None:
    html = MarkdownIt("commonmark").render(to_markdown(article))
    for quote in article.quotations:
        if not quote.nested:  # a whole passage in quotation marks
            assert f"<em>{quote.text}</em>" in html, quote.paragraph  # ¶18 ends in ")"


def test_the_publishers_page_is_a_link_in_markdown(article: Article) -> None:
    html = MarkdownIt("commonmark").render(to_markdown(article))
    assert '<a href="https://voi.id/en/news/183042">' in html


def test_editors_notes_never_state_an_attributed_claim_as_fact(article: Article) -> None:
    order = article.entity("order-issued").note or ""
    assert "Russian troops enter Hirske" not in order
    assert "Babchenko says" in order  # the claim is his, and said to be
    fighting = article.entity("fighting-2014").note or ""
    assert fighting.startswith("Arestovych says")


def test_reported_speech_with_a_few_quoted_words_gets_no_quotation_bar(article: Article) -> None:
    assert not paragraph_style(article.paragraphs[11]).quoted  # ¶12: two words quoted
    assert paragraph_style(article.paragraphs[5]).quoted  # ¶6: a quotation


def test_the_donbas_point_is_the_two_regions_centre(article: Article) -> None:
    donbas = article.entity("donbas")
    assert isinstance(donbas, Place) and donbas.latitude and donbas.longitude
    regions = [article.entity("luhansk-region"), article.entity("donetsk-region")]
    # About halfway between the regions' middles (Luhansk region ~48.7 N 39.2 E, Donetsk
    # region ~48.0 N 37.8 E), not 15 km from Donetsk city as before.
    assert abs(donbas.latitude - 48.35) < 0.2 and abs(donbas.longitude - 38.5) < 0.3
    for region in regions:
        assert isinstance(region, Place) and region.note
        assert "regional administration" in region.note  # where it sat in June 2022


def test_the_texts_own_sources_are_entities(article: Article) -> None:
    for entity_id in ("ukrainian-media", "ukrainian-television", "the-west"):
        entity = article.entity(entity_id)
        assert isinstance(entity, Organization) and article.mentions_of(entity_id), entity_id
    gaidai = next(q for q in article.passages if q.paragraph == 6)
    assert gaidai.via is not None and gaidai.via.organization == "ukrainian-television"


def test_the_donbas_point_is_no_longer_beside_donetsk_city(article: Article) -> None:
    # The old point (48.0 N 38.0 E) sat about 15 km from Donetsk city.
    def km(a: tuple[float, float], b: tuple[float, float]) -> float:
        lat = math.radians((a[0] + b[0]) / 2)
        return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(lat))

    donbas = article.entity("donbas")
    assert isinstance(donbas, Place) and donbas.latitude and donbas.longitude
    assert km((donbas.latitude, donbas.longitude), (48.0159, 37.8028)) > 40


async def test_the_title_bar_does_not_pass_the_events_day_for_a_publication_date(
    article: Article,
) -> None:
    from conftest import ready

    from sievierodonetsk_reader.tui.app import ReaderApp

    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert reader.sub_title.startswith("VOI · JAKARTA · events of 24 June 2022")


def test_the_sourcing_at_a_glance(article: Article) -> None:
    from sievierodonetsk_reader.sourcing import sourcing, speaker_summary, totals_line

    found = sourcing(article)
    assert totals_line(found) == (
        "15 passages of speech: 4 direct, 1 partial, 10 reported; 3 unnamed speakers; "
        "4 outlets named as carrying the words "
        "(Ukrainian television, TASS, Antara, Corriere della Sera)"
    )
    lines = {entry.speaker: speaker_summary(entry) for entry in found.speakers}
    assert lines["gaidai"] == (
        "Serhiy Gaidai (the governor of the Luhansk region): 2 (1 direct, 1 reported); "
        "on Ukrainian television"
    )
    assert lines["hirske-spokesman"] == (
        "Local government spokesman, not named in the text: 1 (1 direct)"
    )


def test_the_exports_carry_the_sourcing(article: Article) -> None:
    import json

    from sievierodonetsk_reader.export import to_json

    markdown = to_markdown(article)
    section = markdown.split("## Sources")[1].split("## People")[0]
    assert "15 passages of speech" in section and "told the TASS news agency" in section
    data = json.loads(to_json(article))["sources"]
    assert data["by_kind"] == {"direct": 4, "partial": 1, "reported": 10}
    assert data["outlets"] == ["Ukrainian television", "TASS", "Antara", "Corriere della Sera"]
    kuleba = next(s for s in data["speakers"] if s["speaker"] == "kuleba")
    assert kuleba["ways"] == ["in an interview with Italian daily Corriere della Sera"]
