"""The Sources tab (6): the article's sourcing at a glance, as a person reads and uses it."""

from __future__ import annotations

import pytest
from conftest import ready, screen_lines, wait_until
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent
from textual.widgets._tabs import Tab, Tabs

from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.details import DetailsPane
from sievierodonetsk_reader.tui.sidebar import TAB_NAMES, SourceOption


def details(app: ReaderApp) -> str:
    return str(app.query_one(DetailsPane).content)


def sources_list(app: ReaderApp) -> OptionList:
    return app.query_one("#sources-list", OptionList)


async def open_sources(pilot: Pilot[None], app: ReaderApp) -> OptionList:
    """Press 6 once the reader is up, and wait until the Sources list has the keys."""
    await ready(pilot)
    await pilot.press("6")
    options = sources_list(app)
    await wait_until(lambda: app.focused is options, "the list to have the keys")
    return options


async def test_six_opens_the_sourcing_with_its_totals_and_every_speaker(
    article: Article,
) -> None:
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("6")
        tabs = app.query_one("#sidebar-tabs", TabbedContent)
        await wait_until(lambda: tabs.active == "sources", "the Sources tab")
        options = sources_list(app)
        first = str(options.get_option_at_index(0).prompt)
        assert first.startswith("15 passages of speech\n4 direct, 1 partial, 10 reported")
        assert "3 unnamed speakers · 4 outlets named" in first
        speakers = [
            option.entry.speaker
            for option in (options.get_option_at_index(i) for i in range(options.option_count))
            if isinstance(option, SourceOption)
        ]
        assert speakers == [speaker for speaker in article.speakers()]
        unnamed = str(options.get_option("ukrainian-officials").prompt)
        assert "1: 1 reported · not named" in unnamed
        kiselev = str(options.get_option("kiselev").prompt)
        assert "told the TASS news agency" in kiselev  # the text's words for the way
        # The outlets close the list, each with whose words it carried.
        tass = str(options.get_option("tass").prompt)
        assert tass == "TASS\nVitaly Kiselev"
        screen = "\n".join(screen_lines(app))
        assert "15 passages of speech" in screen and "Serhiy Gaidai" in screen


async def test_enter_on_a_speaker_selects_them_and_the_tab_stays(article: Article) -> None:
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        options = await open_sources(pilot, app)
        gaidai = options.get_option_index("gaidai")
        while options.highlighted != gaidai:
            await pilot.press("j")
        await wait_until(lambda: "Gaidai" in details(app).split("\n")[0], "Gaidai's sourcing")
        shown = details(app)
        assert "In the text: the governor of the Luhansk region" in shown
        assert "Editor's note: Head of Ukraine's Luhansk" in shown  # labelled as the editor's
        assert "¶5 reported speech, no channel in the text" in shown
        assert "Editor's note: The text gives no channel for this passage" in shown
        assert "¶6 direct quote, on Ukrainian television" in shown
        assert "via Ukrainian television · VOI · machine translation" in shown
        await pilot.press("enter")
        screen = app.main
        await wait_until(lambda: screen.reading.entity_id == "gaidai", "Gaidai selected")
        assert app.query_one("#sidebar-tabs", TabbedContent).active == "sources"
        assert options.highlighted == gaidai
        await pilot.press("n")
        await wait_until(lambda: "Serhiy Gaidai: 2/" in str(screen.status.content), "n steps")


async def test_an_outlet_lists_the_passages_it_carried(article: Article) -> None:
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sources(pilot, app)
        await pilot.press("G")
        await wait_until(lambda: details(app).startswith("Corriere della Sera"), "the outlet")
        shown = details(app)
        assert "Carried 1 passage" in shown
        assert "¶20 Dmytro Kuleba, direct quote: in an interview with Italian daily" in shown
        await pilot.press("enter")
        await wait_until(
            lambda: app.main.reading.entity_id == "corriere-della-sera", "the outlet chosen"
        )


def tab_labels(app: ReaderApp) -> list[str]:
    return [tab.label_text for tab in app.query_one("#sidebar-tabs Tabs", Tabs).query(Tab)]


@pytest.mark.parametrize("width", [80, 100, 120, 160])
async def test_every_tab_is_on_the_strip_whole_at_any_width(article: Article, width: int) -> None:
    app = ReaderApp(article)
    async with app.run_test(size=(width, 30)) as pilot:
        await ready(pilot)
        strip = app.query_one("#sidebar-tabs Tabs", Tabs)

        def inside() -> bool:
            right = strip.content_region.right
            return all(tab.region.right <= right for tab in strip.query(Tab))

        for key in "16":
            await pilot.press(key)
            await wait_until(inside, f"every tab inside the strip at {width} columns")
            labels = tab_labels(app)
            if labels == list(TAB_NAMES.values()):
                continue  # room for every name
            # No room: the open tab by its key and name, the others by their keys.
            active = {"1": "1 People", "6": "6 Sources"}[key]
            assert labels == [active if label == active[0] else label for label in "123456"]
        line = next(line for line in screen_lines(app) if "Sources" in line)
        assert ("People" in line) == (tab_labels(app)[0] == "People")


def many_passages(count: int) -> Article:
    """One speaker, `count` passages, each carried by the same outlet."""
    lines = [
        "article: {id: m, title: T, dateline: D, language: en, reference_date: 2022-06-24}",
        "people: [{id: al, name: Al, forms: [Al]}]",
        "organizations: [{id: tv, name: TV, kind: broadcaster, forms: [TV]}]",
        "paragraphs:",
    ]
    for n in range(count):
        lines += [
            "  - - 'Al said '",
            "    - kind: reported",
            "      speaker: al",
            f"      text: it was part {n}",
            "      via: {words: on TV, channel: television, organization: tv}",
            "    - ' on TV.'",
        ]
    return parse_article("\n".join(lines) + "\n", "many.yaml")


async def test_a_speaker_and_an_outlet_list_forty_passages_and_count_the_rest() -> None:
    """At 5 MB a speaker had 1,685 passages: the pane's wrapping of them all took 100 ms of
    each key that showed them, for a pane of ten lines."""
    app = ReaderApp(many_passages(45))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sources(pilot, app)
        await wait_until(lambda: details(app).startswith("Al"), "the speaker")
        shown = details(app)
        assert "45 passages" in shown
        assert shown.count("\n¶") == 40 and "\n¶40 " in shown and "\n¶41 " not in shown
        assert "… and 5 more" in shown and shown.endswith("n / N steps through")
        await pilot.press("G")
        await wait_until(lambda: details(app).startswith("TV"), "the outlet")
        shown = details(app)
        assert "Carried 45 passages" in shown and shown.count("\n¶") == 40
        assert "… and 5 more: Enter selects the outlet" in shown
