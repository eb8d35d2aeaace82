"""`draft`: what it finds in sentences of real reporting styles, the file it writes (always
one that `check` accepts, its words the input's), and bad input."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import run_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sievierodonetsk_reader.controls import FORBIDDEN_IN_ARTICLES
from sievierodonetsk_reader.drafting import gazetteer
from sievierodonetsk_reader.drafting.draft import DraftError, Options, draft
from sievierodonetsk_reader.drafting.entities import Found, dates_in, people_in, places_in
from sievierodonetsk_reader.drafting.sentences import sentences
from sievierodonetsk_reader.drafting.source import SourceError, paragraphs_of, read_source
from sievierodonetsk_reader.drafting.speech import speech_in
from sievierodonetsk_reader.export import to_text
from sievierodonetsk_reader.loader import bundled_article_path, load_article, parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.review import suggestions

REPORTS = Path(__file__).parent / "data" / "drafts"
JUNE_24 = date(2022, 6, 24)


def found(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, words, who) of each passage `speech_in` finds in `text`."""
    return [
        (s.kind, text[s.start : s.end], text[s.who[0] : s.who[1]] if s.who else None)
        for s in speech_in(text)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a quotation, then who said it and how
            '"To remain there is absurd," Gaidai said on Ukrainian television.',
            [("direct", "To remain there is absurd", "Gaidai")],
        ),
        (  # curly marks, the speaker with an apposition
            "“We have liberated four settlements,” Oleh Syniehubov, the governor of the Kharkiv "
            "region, said in a statement.",
            [
                (
                    "direct",
                    "We have liberated four settlements",
                    "Oleh Syniehubov, the governor of the Kharkiv region",
                )
            ],
        ),
        (  # after a colon
            'Speaking in Rzeszow, Morawiecki said: "Poland stands with Ukraine."',
            [("direct", "Poland stands with Ukraine", "Morawiecki")],
        ),
        (  # "told OBJECT CLAUSE": the object is not the speech
            "Vitaly Kiselev told the TASS news agency it would take a week and a half.",
            [("reported", "it would take a week and a half", "Vitaly Kiselev")],
        ),
        (  # "said how that CLAUSE"
            "Zelenskiy said in his nightly video address that the battle would be long.",
            [("reported", "the battle would be long", "Zelenskiy")],
        ),
        (  # the relative clause the reporter adds stays outside
            "Ukrainian officials say there is little left to defend in the city, where "
            "hundreds of civilians are trapped.",
            [("reported", "there is little left to defend in the city", "Ukrainian officials")],
        ),
        (  # the clause first, the speaker after the verb
            "To the south, troops were also withdrawn from Hirske, said Oleksiy Arestovych, "
            "an adviser to the president.",
            [
                (
                    "reported",
                    "To the south, troops were also withdrawn from Hirske",
                    "Oleksiy Arestovych",
                )
            ],
        ),
        (  # the clause first, the speaker with an apposition before the verb
            "Russian troops had entered Hirske on Friday, the city's leader, Oleksiy "
            "Babchenko, said.",
            [
                (
                    "reported",
                    "Russian troops had entered Hirske on Friday",
                    "the city's leader, Oleksiy Babchenko",
                )
            ],
        ),
        (
            "According to the Polish defence ministry, the first tanks would cross the border.",
            [
                (
                    "reported",
                    "the first tanks would cross the border",
                    "the Polish defence ministry",
                )
            ],
        ),
        (
            "Two people were injured, according to Odesa Mayor Hennadiy Trukhanov.",
            [("reported", "Two people were injured", "Odesa Mayor Hennadiy Trukhanov")],
        ),
        (  # a dateline is not part of the speech
            "KYIV (Reuters) - Ukrainian forces pushed Russian troops back on Sunday, "
            "officials said, as the city came under shelling.",
            [("reported", "Ukrainian forces pushed Russian troops back on Sunday", "officials")],
        ),
        (  # AP's dateline, with the country
            "ZAPORIZHZHIA, Ukraine (AP) - Shelling cut the plant's last power line on "
            "Thursday, the agency said.",
            [("reported", "Shelling cut the plant's last power line on Thursday", "the agency")],
        ),
        (  # "he said": the speaker is resolved later, to the last one named
            "He said the Ukrainian military learned a valuable lesson in 2014.",
            [("reported", "the Ukrainian military learned a valuable lesson in 2014", "He")],
        ),
        (  # "as reported by" names the outlet, not a speaker; "played down" is no speech
            "Kuleba played down the possibility of losing more territory.",
            [],
        ),
        # A short quotation that opens its sentence is the speaker's whole utterance: it was
        # drafted as reported speech by the quotation ("Nothing is lost") of the words after
        # the verb, or as a partial quotation.
        (
            '"Nothing is lost," said Minister Oleg Synehubov on Friday.',
            [("direct", "Nothing is lost", "Minister Oleg Synehubov on Friday")],
        ),
        (
            '"We hold," Synehubov said.',
            [("direct", "We hold", "Synehubov")],
        ),
        (  # British punctuation: the comma outside the marks
            "“Never,” the mayor told reporters.",
            [("direct", "Never", "the mayor")],
        ),
        (  # a few words quoted inside a sentence stay a partial quotation; the outlet is not
            # the speech
            'The mayor said the city "will stand," according to Reuters.',
            [("reported", 'the city "will stand,"', "The mayor")],
        ),
        (  # after a colon, however short
            'Asked whether troops would withdraw, Zelensky said: "No."',
            [("direct", "No", "Zelensky")],
        ),
        (  # the words after the verb are the speech, not a speaker described ("the ...")
            "Zelensky, speaking on national television, said the army would hold the city.",
            [("reported", "the army would hold the city", "Zelensky")],
        ),
        (  # a subject with an apposition, then the speech: not "CLAUSE, said the ..."
            "A resident, who gave only her first name, Olena, said the shelling never stopped.",
            [
                (
                    "reported",
                    "the shelling never stopped",
                    "A resident, who gave only her first name, Olena",
                )
            ],
        ),
        (  # a lead ("Speaking in Brussels on Monday,") is not the speaker
            "Speaking in Brussels on Monday, Stoltenberg said NATO would not join the war.",
            [("reported", "NATO would not join the war", "Stoltenberg")],
        ),
        (  # when it was said is not who said it
            "Russian missiles struck a power plant overnight, the regional governor said Thursday.",
            [
                (
                    "reported",
                    "Russian missiles struck a power plant overnight",
                    "the regional governor",
                )
            ],
        ),
        (
            "The governor said Thursday that troops had left the city.",
            [("reported", "troops had left the city", "The governor")],
        ),
        (  # the speaker's apposition closes with a comma before the verb
            'Ukraine\'s foreign minister, Dmytro Kuleba, told CNN: "We need more."',
            [("direct", "We need more", "Dmytro Kuleba")],
        ),
        (  # an aside between the speaker and the verb is not the speaker
            'Peskov, asked about the report, said: "I have nothing to add."',
            [("direct", "I have nothing to add", "Peskov")],
        ),
        (
            'In an interview, retired general Ben Hodges said: "Time is on Ukraine\'s side."',
            [("direct", "Time is on Ukraine's side", "retired general Ben Hodges")],
        ),
        (
            'The statement quoted Zelensky as saying: "We will win."',
            [("direct", "We will win", "Zelensky")],
        ),
        (  # the outlet that reported it is not the speech
            "Shoigu told Putin on Monday that the city had been taken, Russian state media "
            "reported.",
            [("reported", "the city had been taken", "Shoigu")],
        ),
        (  # "and vowed": a conjunction is no speaker (it was drafted as an organisation "And")
            'Zelensky called the strike "a deliberate act of terror" and vowed a response.',
            [],
        ),
        (  # a clause before the subject is not the speaker
            "As the sirens sounded, officials said the attack had begun.",
            [("reported", "the attack had begun", "officials")],
        ),
        (  # nor is a relative clause after it
            "Residents, many of whom had fled, said they would return home.",
            [("reported", "they would return home", "Residents")],
        ),
        (
            "The mayor, who has held office since 2014, said the city would rebuild.",
            [("reported", "the city would rebuild", "The mayor")],
        ),
        (  # how it was said, set off by commas, is not the speaker
            "Zelenskiy, in his nightly address, said Ukraine would not give up Donbas.",
            [("reported", "Ukraine would not give up Donbas", "Zelenskiy")],
        ),
        (  # the same asides before a quotation and before reported speech
            'Zelenskiy, in his nightly address, said: "We will not give up."',
            [("direct", "We will not give up", "Zelenskiy")],
        ),
        (
            "Peskov, asked about the report, said the talks had stalled.",
            [("reported", "the talks had stalled", "Peskov")],
        ),
        (  # nor are the verb's own words before "said"
            "Russian officials have repeatedly said they do not target civilians.",
            [("reported", "they do not target civilians", "Russian officials")],
        ),
        (  # how it was said is not the speech
            "Officials said on condition of anonymity that the talks had stalled.",
            [("reported", "the talks had stalled", "Officials")],
        ),
        (  # the reporter's word on the figure is not the speaker's
            "The air force said it had intercepted 14 of the 20 missiles, a figure that could "
            "not be independently verified.",
            [("reported", "it had intercepted 14 of the 20 missiles", "The air force")],
        ),
        (  # the reporter's word on the claim is not the speaker's
            "Russia's defence ministry said its forces had taken the village, a claim Reuters "
            "could not verify.",
            [("reported", "its forces had taken the village", "Russia's defence ministry")],
        ),
        (  # a name in quotation marks that opens a sentence is not speech
            '"Azov" fighters held the plant, the ministry said.',
            [("reported", '"Azov" fighters held the plant', "the ministry")],
        ),
    ],
)
def test_speech_in_sentences_of_real_reporting_styles(
    sentence: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert found(sentence) == expected


def test_a_partial_quotation_inside_reported_speech_is_nested() -> None:
    text = (
        "General Valeriy Zaluzhniy told his US counterpart by telephone his troops needed "
        '"equivalent weapons" to neutralize the situation.'
    )
    (passage,) = speech_in(text)
    assert text[passage.start : passage.end].startswith("his troops needed")
    assert [text[a:b] for a, b in passage.partials] == ["equivalent weapons"]


def test_words_in_brackets_inside_a_quotation_are_insertions() -> None:
    text = '"There is a red (Russian) flag over the building (in Hirske)," a spokesman said.'
    (passage,) = speech_in(text)
    assert [text[a:b] for a, b in passage.insertions] == ["(Russian)", "(in Hirske)"]


def people_by_name(paragraphs: list[str]) -> dict[str, Found]:
    """The people `people_in` finds, by name, where no name is a place's."""
    return {person.name: person for person in people_in(paragraphs, set(), lambda name: False)}


def test_names_with_letters_beyond_ascii_are_names() -> None:
    """Polish, Turkish and Cyrillic names: "Radosław Sikorski" was drafted as "Sikorski"
    alone, "Şahin Öztürk" not at all, and "Олег Синєгубов" as an organisation."""
    paragraphs = [
        "Polish Foreign Minister Radosław Sikorski said the border would stay open.",
        "Turkish envoy Şahin Öztürk met Sikorski. Łukasz Nowak, a spokesman, said little.",
        '"Nothing is lost," said Олег Синєгубов.',
    ]
    people = people_by_name(paragraphs)
    assert people["Radosław Sikorski"].role == "Polish Foreign Minister"
    assert people["Radosław Sikorski"].forms == ["Radosław Sikorski", "Sikorski"]
    assert "Şahin Öztürk" in people and "Олег Синєгубов" in people
    assert people["Łukasz Nowak"].role == "a spokesman"
    text = paragraphs[1]
    assert [text[a:b] for a, b in sentences(text, [])] == [
        "Turkish envoy Şahin Öztürk met Sikorski.",
        "Łukasz Nowak, a spokesman, said little.",
    ]


def test_people_come_with_the_texts_words_for_them() -> None:
    paragraphs = [
        "The governor of the Luhansk region, Serhiy Gaidai, said troops had left.",
        "Oleksiy Arestovych, an adviser to President Volodymyr Zelenskyy, spoke later.",
        "Ukrainian Foreign Minister Dmytro Kuleba said Kuleba would stay.",
    ]
    people = people_by_name(paragraphs)
    assert people["Serhiy Gaidai"].role == "the governor of the Luhansk region"
    assert people["Oleksiy Arestovych"].role == "an adviser to President Volodymyr Zelenskyy"
    assert people["Volodymyr Zelenskyy"].role == "President"
    assert people["Dmytro Kuleba"].role == "Ukrainian Foreign Minister"
    assert people["Dmytro Kuleba"].forms == ["Dmytro Kuleba", "Kuleba"]


def test_an_ambiguous_place_is_resolved_by_the_region_the_text_names_or_said_unresolved() -> None:
    known = gazetteer.load()
    places = {
        p.name: p
        for p in places_in(
            [
                "A school burned in Avdiivka, a town in the Donetsk region.",
                "Residents of Novoselivka were evacuated.",
            ],
            known,
            set(),
        )
    }
    avdiivka = places["Avdiivka"]
    assert avdiivka.place is not None and avdiivka.place.region == "05"  # Donetsk region's
    assert avdiivka.why is not None and "in Donetsk region, which the text names" in avdiivka.why
    novoselivka = places["Novoselivka"]
    assert novoselivka.place is None  # never a guess between villages: no coordinates
    assert novoselivka.why is not None and novoselivka.why.startswith("not resolved:")


def test_a_neighbours_region_is_found_by_its_english_name_at_an_approximate_centre() -> None:
    article = drafted_article(["Shells fell in the Belgorod region, and in Belgorod itself."])
    places = {p.name: p for p in article.places}
    region, city = places["Belgorod region"], places["Belgorod"]
    assert region.kind == "region" and region.point == "approximate centre"
    assert region.country == "Russia" and region.latitude is not None
    assert city.kind == "city" and city.region == region.id  # the city in its region


def test_dates_of_one_day_are_one_entry_read_as_the_loader_reads_them() -> None:
    paragraphs = [
        "The order was issued on Friday, June 24, in the war that began in late February.",
        "On Friday the city fell; by June 24 it was over. Since World War Two, nothing so.",
    ]
    entries = {d.name: d for d in dates_in(paragraphs, JUNE_24)}
    assert entries["Friday, June 24"].forms == ["Friday, June 24", "Friday", "June 24"]
    assert "late February" in entries
    assert entries["World War Two"].value == "1939/1945"


def drafted_article(paragraphs: list[str], reference: date | None = JUNE_24) -> Article:
    text = draft(paragraphs, Options("report.txt", reference)).text
    return parse_article(text, "draft.yaml")


def test_a_name_in_cyrillic_gets_an_id_a_person_can_read() -> None:
    """Ids are ASCII (the schema's); a name in Cyrillic was drafted as "entry", and
    "Radosław" as "radosaw"."""
    article = drafted_article(
        [
            '"Nothing is lost," said Олег Синєгубов.',
            '"We hold the line," said Віталій Кім.',
            '"The border stays open," said Radosław Sikorski.',
        ]
    )
    speakers = [quote.speaker for quote in article.quotes]
    assert speakers == ["oleh-syniehubov", "vitalii-kim", "radoslaw-sikorski"]
    names = [article.name_of(speaker) for speaker in speakers]
    assert names == ["Олег Синєгубов", "Віталій Кім", "Radosław Sikorski"]


def test_the_bundled_articles_text_drafts_to_a_file_that_reads_back_word_for_word() -> None:
    bundled = load_article(bundled_article_path())
    paragraphs = [p.text for p in bundled.paragraphs]
    article = drafted_article(paragraphs)
    assert to_text(article) == to_text(bundled)
    assert len(article.quotes) == 15  # every passage and the nested quotation
    left = suggestions(article)
    assert left and all(s.what for s in left)
    assert all(q.suggested for q in article.quotes)
    assert all(e.suggested for e in article.entities)


@pytest.mark.parametrize("report", sorted(p.stem for p in REPORTS.glob("*.txt")))
def test_each_report_drafts_to_its_own_words(report: str) -> None:
    source = read_source(str(REPORTS / f"{report}.txt"))
    gold = load_article(REPORTS / f"{report}.yaml")
    article = drafted_article(source.paragraphs, gold.metadata.reference_date)
    assert [p.text for p in article.paragraphs] == [p.text for p in gold.paragraphs]


def test_draft_meets_its_targets_on_the_bundled_article() -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from draft_accuracy import drafted, scores

    bundled = load_article(bundled_article_path())
    result = scores(drafted([p.text for p in bundled.paragraphs], bundled), bundled)
    for kind in ("speech (exact)", "places", "dates"):
        assert result[kind].f1 >= 0.85, kind
    assert result["speaker"].precision >= 0.8


def test_without_a_date_the_text_must_give_one() -> None:
    with pytest.raises(DraftError, match="give --date YYYY-MM-DD"):
        draft(["He left on Friday."], Options("report.txt"))
    # A full date in the text is one to read the others against.
    article = drafted_article(["On June 20, 2022, he left; on Friday he came back."], None)
    assert article.metadata.reference_date == date(2022, 6, 20)


# -- the property: any text drafts to a file check accepts, with the text's own words ---------
WORDS = st.sampled_from(
    [
        "said", "told", "the", "Gaidai", "Kuleba", "he", "that", "Ukraine", "Kyiv",
        "on", "Friday,", "June", "24", "according", "to", "officials", "say", "troops",
        "(Russian)", '"', "“", "”", "'", ",", ".", ":", "-", "in", "Luhansk", "region",
        "TASS", "news", "agency", "President", "Zelenskyy", "May", "2014", "a", "AI",
    ]
)  # fmt: skip
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_any_text_drafts_to_a_file_check_accepts_with_the_texts_words(
    paragraphs: list[str],
) -> None:
    article = drafted_article(paragraphs)  # parse_article raises on any problem
    assert [p.text for p in article.paragraphs] == paragraphs


ANY_LINE = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=120,
    )
    .map(str.strip)
    .filter(lambda text: bool(text) and not FORBIDDEN_IN_ARTICLES.search(text))
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_LINE, min_size=1, max_size=3))
def test_any_characters_draft_to_a_file_check_accepts(paragraphs: list[str]) -> None:
    article = drafted_article(paragraphs)
    assert [p.text for p in article.paragraphs] == paragraphs


# -- the command line ---------------------------------------------------------------------------
run = run_command


def test_draft_then_check_then_strict_check(tmp_path: Path) -> None:
    source = REPORTS / "wire-kharkiv.txt"
    out = tmp_path / "kharkiv.yaml"
    result = run("draft", str(source), "-o", str(out), "--date", "2022-05-15")
    assert result.returncode == 0, result.stderr
    assert "suggestions to review" in result.stdout
    assert run("check", str(out)).returncode == 0
    strict = run("check", "--strict", str(out))
    assert strict.returncode == 2
    lines = strict.stderr.splitlines()
    assert lines[-1].endswith("review them in the reader (> and < step, a accepts, x rejects)")
    # file:line:col of each suggestion's status, where an editor can jump to it
    first_line, first_column = (int(n) for n in lines[0].split(":")[1:3])
    assert out.read_text().splitlines()[first_line - 1][first_column - 1 :] == "suggested"
    exported = run("export", "-f", "text", str(out))
    assert exported.stdout == "\n\n".join(paragraphs_of(source.read_text())) + "\n"


def test_an_existing_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "kept.yaml"
    out.write_text("mine\n")
    source = str(REPORTS / "colon-poland.txt")
    refused = run("draft", source, "-o", str(out), "--date", "2023-02-21")
    assert refused.returncode == 2 and "already exists (use --force" in refused.stderr
    assert out.read_text() == "mine\n"
    forced = run("draft", source, "-o", str(out), "--date", "2023-02-21", "--force")
    assert forced.returncode == 0 and "suggested" in out.read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no text to draft"),
        (b"\n \n\t\n", "no text to draft"),
        (b"ELF\x00\x01\x02binary", "a binary file (a NUL byte at offset 3)"),
        (b"caf\xe9 au lait", "not UTF-8 text (byte 0xE9 at offset 3)"),
        (
            b"Fine words.\n\nA bell \x07 rings.",
            "paragraph 2, character 8: the control character U+0007",
        ),
        (b"<html><body><nav>Home | News</nav></body></html>", "no article text found"),
    ],
)
def test_bad_input_gets_a_clear_message_and_no_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "input.txt"
    source.write_bytes(content)
    out = tmp_path / "out.yaml"
    result = run("draft", str(source), "-o", str(out), "--date", "2022-06-24")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_text("Kuleba said the city would hold. " * 100)
    result = run(
        "draft", str(source), "-o", str(tmp_path / "o.yaml"), "--date", "2022-06-24",
        env={"SIEVIERODONETSK_READER_MAX_BYTES": "1000"},
    )  # fmt: skip
    assert result.returncode == 2 and "larger than 1,000 bytes" in result.stderr


def test_unbalanced_quotation_marks_still_draft_a_valid_file(tmp_path: Path) -> None:
    article = drafted_article(
        ['Kuleba said: "We will stay here and fight for every street', "Then he left."]
    )
    assert article.paragraphs[0].text.startswith("Kuleba said")
    assert article.quotes  # the quotation runs to the paragraph's end


def test_a_saved_html_page_drafts_its_article_text_and_title(tmp_path: Path) -> None:
    paragraphs = paragraphs_of((REPORTS / "straight-odesa.txt").read_text())
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Missiles hit Odesa port</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Missiles hit Odesa port</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>All rights reserved.</footer></body></html>"
    )
    out = tmp_path / "odesa.yaml"
    result = run("draft", str(page), "-o", str(out), "--date", "2022-07-23")
    assert result.returncode == 0, result.stderr
    article = load_article(out)
    assert article.metadata.title == "Missiles hit Odesa port"
    assert [p.text for p in article.paragraphs] == paragraphs  # no menu, no footer


def test_an_html_page_without_the_draft_extra_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Words of a report.</p></body></html>")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if not installed
    with pytest.raises(SourceError, match=r"pip install 'sievierodonetsk-reader\[draft\]'"):
        read_source(str(page))
