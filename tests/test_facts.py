"""One wording for what the article file says of an entity, wherever it is shown."""

from __future__ import annotations

from test_export import rendered_text

from sievierodonetsk_reader.export import escape_markdown, to_markdown
from sievierodonetsk_reader.facts import facts, summary
from sievierodonetsk_reader.model import Article, Entity


def test_a_role_is_the_texts_words_and_a_missing_one_says_so(article: Article) -> None:
    assert facts(article, article.entity("zaluzhniy")) == [
        "General (the text's words)",
        "1 speech passage",
    ]
    assert facts(article, article.entity("putin")) == ["no role in the text"]


def test_a_place_says_where_it_is_and_what_its_point_is(article: Article) -> None:
    said = facts(article, article.entity("luhansk-region"))
    assert said[0] == "region, in Donbas, Ukraine"
    assert said[1].startswith("administrative centre Luhansk, 48.5740°N")


def test_an_organisation_says_where_the_text_cites_it(article: Article) -> None:
    assert "cited as a source in ¶9" in facts(article, article.entity("tass"))


def test_a_date_gives_its_value_and_reading(article: Article) -> None:
    said = facts(article, article.entity("order-issued"))
    assert said[0].startswith("2022-06-24 (")


def test_the_markdown_export_says_what_the_facts_say(article: Article) -> None:
    text = rendered_text(to_markdown(article))
    entities: list[Entity] = [*article.people, *article.places, *article.organizations]
    for entity in entities:
        assert rendered_text(escape_markdown(summary(article, entity))) in text, entity.id


def test_a_list_entry_names_a_person_by_the_texts_role_alone(article: Article) -> None:
    from sievierodonetsk_reader.facts import headline

    assert headline(article, article.entity("zaluzhniy")) == "General"
    assert headline(article, article.entity("putin")) == "no role in the text"
    assert headline(article, article.entity("tass")) == facts(article, article.entity("tass"))[0]
