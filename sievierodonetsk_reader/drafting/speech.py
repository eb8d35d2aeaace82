"""Speech in a paragraph: quotations and the attribution around them, and reported speech.

The spans follow the bundled article's conventions: a quotation's span is the words inside
its marks, less the comma or full stop the attribution follows; reported speech starts
after the verb of saying (and its object, "told the TASS news agency") and ends where the
sentence does, or before a relative clause the reporter adds (", where ..."). The speaker
is returned as the words that name them (`who`), resolved to an entity later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import SpeechKind
from .sentences import DATELINE, Quotation, quotations, sentences

VERBS = (
    "said|says|say|told|tells|tell|stated|states|added|adds|announced|announces|claimed|"
    "claims|warned|warns|explained|noted|insisted|argued|wrote|confirmed|denied|stressed|"
    "reported|declared|admitted|acknowledged|predicted|promised|vowed|urged|"
    "estimated|suggested|believes|believed|thinks|thought"
)
_VERB = re.compile(rf"\b(?:{VERBS})\b")
_PRONOUNS = {"he", "she", "they"}
# Words that begin the clause after the object of "told" ("told the TASS news agency it").
_CLAUSE_STARTERS = frozenset(
    [
        "that",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "its",
        "our",
        "the",
        "a",
        "an",
        "there",
        "this",
        "these",
        "those",
    ]
)
_PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "at",
        "during",
        "via",
        "to",
        "by",
        "from",
        "as",
        "through",
        "over",
        "after",
        "before",
    ]
)
# When it was said ("said Thursday", "said late on Monday"): words after the verb that are
# neither the speaker nor the speech.
_WHEN = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
        "overnight",
        "late",
        "early",
        "earlier",
        "later",
    ]
)
# What the reporter adds after reported speech: a relative clause, the outlet it came by, or
# a word on the claim (", a claim Reuters could not verify", ", a figure that ...").
# (The comma may be a quotation's, inside its closing mark: 'the city "will stand," according
# to Reuters'; the passage then ends with the mark.)
_BACKGROUND = re.compile(
    r",(?P<mark>[\"”]?)\s+(?:where|which|who|whose|while|according\s+to|a\s+(?:claim|figure)\s)"
)
_UTTERANCE_ENDS = ",.!?…"
_CONJUNCTIONS = frozenset(["and", "but", "or", "then", "so", "yet", "also", "while", "as"])
# Words of a clause's verb: what follows "said" holding one is speech, not a speaker named.
_AUXILIARIES = frozenset(
    [
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "did",
        "does",
        "do",
        "been",
        "be",
    ]
)
# "A resident, ...": a subject, not a clause, ends where its apposition begins.
_SUBJECT_WITH_APPOSITION = re.compile(r"\s*(?:A|An|The)\s+\w+(?:\s+\w+)?,")
# A sentence's lead before its subject: when, or a clause ("As the sirens sounded,").
_LEAD = re.compile(
    r"(?:(?:On|In|Since|After|Before|Earlier|Later|Meanwhile|As|When|While|Although|Though|"
    r"Because|Once|Until)\b|[A-Z]\w+ing\s)[^,]{0,40},\s*"
)
# A relative clause set off after the subject: "The mayor, who has held office since 2014,".
_RELATIVE = re.compile(r",\s+(?:who|whose|which|(?:many|some|most|all|none|one)\s+of\s+whom)\b")
# "..., Russian state media reported.": the outlet, after reported speech.
_REPORTED_BY = re.compile(r",\s+[^,]{1,60}?\s+reported$")
# An aside between the speaker and the verb, set off by commas: "Peskov, asked about the
# report, said", "Zelensky, speaking on national television, said", "Zelenskiy, in his
# nightly address, said". Its first word, before a quotation and before reported speech:
_ASIDE_HEAD = re.compile(r"(?:[a-z]+(?:ed|ing)|in|on|at|during|via|through|after|before)\b")
# ... and the speaker's words before it, where the subject of "said" ends with one.
_ASIDE = re.compile(rf"(?P<who>[^,]+),\s+{_ASIDE_HEAD.pattern}[^,]*,?\s*$")
# "Russian officials have repeatedly said": the verb's own words are not the speaker's name.
_VERB_WORDS = re.compile(
    r"(?:\s+(?:have|has|had|also|repeatedly|previously|again|reportedly|separately|often|"
    r"always|never|later|earlier|then|further|publicly|privately))+$"
)
_APPOSITION_HEAD = re.compile(r"(?:the|a|an|his|her|their|its)\s+[a-z]", re.IGNORECASE)
_TRAILING = ",.;: "
_HOW_HEAD = re.compile(
    r"(?:a|an|the|his|her|their|its|our|national|state|local|condition\b|[A-Z])"
)  # "said in a statement", "on Telegram", "on condition of anonymity that ..."


@dataclass
class Speech:
    start: int  # offsets into the paragraph
    end: int
    kind: SpeechKind
    who: tuple[int, int] | None  # the words naming the speaker; None: the last speaker
    pronoun: bool = False  # `who` is "he", "she" or "they"
    partials: list[tuple[int, int]] = field(default_factory=list)  # inside reported speech
    insertions: list[tuple[int, int]] = field(default_factory=list)  # "(Russian)" in a quote


def _strip(text: str, start: int, end: int, chars: str = _TRAILING) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _insertions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [
        (start + match.start(), start + match.end())
        for match in re.finditer(r"\([^()]{1,80}\)", text[start:end])
    ]


def _is_full_quotation(text: str, quotation: Quotation, sentence_start: int) -> bool:
    """A sentence or more of the speaker's words, not a few words quoted inside a sentence:
    four words or more, or a shorter quotation that opens its sentence (or follows a colon)
    and ends as an utterance does ('"Nothing is lost," said ...', '"Never", the mayor told
    ...')."""
    start, end = quotation.inner
    words = text[start:end].strip()
    if not words or not (words[0].isupper() or words[0].isdigit()):
        return False
    if len(words.split()) >= 4:
        return True
    before = text[sentence_start : quotation.start].strip()
    opens = not before or before.endswith(":")  # 'Zelensky said: "No."'
    spoken = words[-1] in _UTTERANCE_ENDS or text[quotation.end : quotation.end + 1] == ","
    return quotation.balanced and opens and spoken


def _who_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """'..." Gaidai said on Ukrainian television.' or '..." said Gaidai.': the speaker."""
    rest = text[start:end]
    # The speaker may have an apposition: '..." Oleh Syniehubov, the governor of the Kharkiv
    # region, said in a statement.'
    match = re.match(rf"\s*,?\s*(?P<who>[^.;:\"“”]{{1,120}}?),?\s+(?:{VERBS})\b", rest)
    if match and not _VERB.search(match.group("who")):
        if match.group("who").split()[0].lower() in _CONJUNCTIONS:
            return None  # '..." and vowed a response': the sentence's subject goes on
        return start + match.start("who"), start + match.end("who")
    match = re.match(rf"\s*,?\s*(?:{VERBS})\s+(?P<who>[^,.;:\"“”]{{1,80}})", rest)
    if match:
        return start + match.start("who"), start + match.end("who")
    return None


def _who_before(text: str, start: int, end: int) -> tuple[int, int] | None:
    """'Gaidai said: "...', 'the minister, Dmytro Kuleba, told CNN: "...', 'Peskov, asked
    about the report, said: "...' or 'The statement quoted Zelensky as saying: "...': the
    speaker."""
    before = text[start:end]
    quoted = re.search(r"\bquoted\s+(?P<who>[^,.;:\"“”]{1,80}?)\s+as\s+saying\s*[:,]?\s*$", before)
    if quoted:
        return _strip(text, start + quoted.start("who"), start + quoted.end("who"))
    match = re.search(
        rf"(?P<who>[^,.;:\"“”]{{1,80}}?),?\s+(?:{VERBS})\b[^\"“”]{{0,60}}?[:,]\s*$", before
    )
    if match is None:
        return None
    who = _strip(text, start + match.start("who"), start + match.end("who"))
    # An aside, set off by commas: the speaker is the words before it ("In an interview,
    # retired general Ben Hodges said:" has none after it, and is the speaker).
    if _ASIDE_HEAD.match(text, who[0]) and text.startswith(",", who[1]):
        named = re.search(r"(?P<who>[^,.;:\"“”]{1,80}),\s*$", text[start : who[0]])
        if named:
            return _strip(text, start + named.start("who"), start + named.end("who"))
    return who


def _reported(text: str, start: int, end: int, quoted: list[Quotation]) -> Speech | None:
    """Reported speech in the sentence text[start:end], if it has a verb of saying."""
    sentence = text[start:end]
    according = re.match(r"\s*According to (?P<who>[^,]{1,80}),\s+(?P<clause>.+)$", sentence)
    if according:
        a, b = _strip(text, start + according.start("clause"), end)
        who = (start + according.start("who"), start + according.end("who"))
        return Speech(a, b, "reported", who, pronoun=_pronoun(text, who))
    trailing = re.match(r"(?P<clause>.+?),\s+according to (?P<who>[^,]{1,80}?)[.!?]*$", sentence)
    if trailing:  # "Two people were injured, according to Odesa Mayor Hennadiy Trukhanov."
        a, b = _strip(text, start + trailing.start("clause"), start + trailing.end("clause"))
        who = (start + trailing.start("who"), start + trailing.end("who"))
        return Speech(a, b, "reported", who, pronoun=_pronoun(text, who))
    for verb in _VERB.finditer(sentence):
        absolute = start + verb.start()
        if any(q.start <= absolute < q.end for q in quoted):
            continue  # a verb inside a quotation is the speaker's, not the attribution
        if sentence[verb.end() :].startswith(" by"):
            continue  # "as reported by Antara": the outlet, not a speaker
        before = (start, absolute)
        after = (start + verb.end(), end)
        rest = text[after[0] : after[1]].strip(" .!?")
        how_only = not rest or rest[0] == "," or _says_how(rest.split()[0])
        if _names_the_speaker_after(text, before, after):
            found = _clause_said(text, before, after)
        elif how_only and "," in text[before[0] : before[1]]:
            # "CLAUSE, officials said, as ..." or "CLAUSE, X said in a statement."
            found = _clause_said(text, before, after) or _said_clause(text, before, after)
        else:
            found = _said_clause(text, before, after) or _clause_said(text, before, after)
        if found is not None:
            return found
    return None


def _names_the_speaker_after(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """ "CLAUSE, said Oleksiy Arestovych, an adviser ..." or "CLAUSE, the city's leader,
    Oleksiy Babchenko, said.": the words after the verb name a speaker, or there are none;
    not "The governor ..., Serhiy Gaidai, said Ukrainian troops had ...", where they are the
    speech."""
    if not text[before[0] : before[1]].rstrip().endswith(","):
        return False
    rest = text[after[0] : after[1]].strip().rstrip(".!?")
    if not rest or _says_how(rest.split()[0]):
        return True
    first = rest.split(",")[0].split()
    if not first:  # "..., said, as ...": no words before the comma
        return True
    if first[0].lower() in _PRONOUNS:
        return len(first) == 1
    if any(word.lower() in _AUXILIARIES for word in first):
        return False  # "X, speaking on television, said the army would hold": the speech
    if _SUBJECT_WITH_APPOSITION.match(text, before[0]):
        return False  # "A resident, who ..., Olena, said the shelling never stopped."
    described = first[0].lower() in ("a", "an", "the") and len(first) <= 6
    named = len(first) <= 4 and all(word[0].isupper() for word in first)
    return described or named


def _says_how(word: str) -> bool:
    """The first word after the verb says how or when it was said: "in", "on", "Thursday"."""
    bare = word.lower().rstrip(",.")
    return bare in _PREPOSITIONS or bare in _WHEN


def _pronoun(text: str, who: tuple[int, int]) -> bool:
    return text[who[0] : who[1]].strip().lower() in _PRONOUNS


def _said_clause(text: str, before: tuple[int, int], after: tuple[int, int]) -> Speech | None:
    """ "X said (that) CLAUSE." and "X told OBJECT CLAUSE."."""
    who_start, who_end = _strip(text, *before, chars=", ")
    subject = text[who_start:who_end]
    if not subject or len(subject.split()) > 25:
        return None
    rest_start, rest_end = _strip(text, *after)
    words = list(re.finditer(r"\S+", text[rest_start:rest_end]))
    while len(words) > 1 and words[0].group().lower().rstrip(",") in _WHEN:
        words.pop(0)  # "said Thursday that ...": when, not the clause
    if not words:
        return None
    first = words[0].group().lower()
    skip = 0
    # "said in a statement", "said on Ukrainian television": how it was said; "said at least
    # three ...": the clause itself.
    how = first in _PREPOSITIONS and len(words) > 1 and _HOW_HEAD.match(words[1].group())
    if first == "that":
        skip = 1
    elif text[after[0] - 4 : after[0]].lower() in ("told", "tell") or how:
        # The object of "told", or how it was said ("in his nightly address"): the clause
        # starts after "that", or at the first word that can begin one.
        lowered = [word.group().lower() for word in words[:12]]
        if "that" in lowered[1:]:
            skip = lowered.index("that", 1) + 1
        else:
            skip = next((i for i in range(1, len(lowered)) if lowered[i] in _CLAUSE_STARTERS), -1)
        if skip < 0:
            return None
    if skip >= len(words):
        return None
    clause_start = rest_start + words[skip].start()
    clause_end = rest_end
    background = _BACKGROUND.search(text, clause_start, clause_end)
    if background:
        clause_end = background.end("mark") if background.group("mark") else background.start()
    outlet = _REPORTED_BY.search(text[clause_start:clause_end])
    if outlet:
        clause_end = clause_start + outlet.start()
    clause_start, clause_end = _strip(text, clause_start, clause_end)
    if len(text[clause_start:clause_end].split()) < 3:
        return None
    aside = _ASIDE.match(subject)
    if aside:
        who_end = who_start + aside.end("who")
    verb_words = _VERB_WORDS.search(text, who_start, who_end)
    if verb_words and verb_words.start() > who_start:
        who_end = verb_words.start()
    who = _subject_tail(text, who_start, who_end)
    return Speech(clause_start, clause_end, "reported", who, pronoun=_pronoun(text, who))


def _subject_tail(text: str, start: int, end: int) -> tuple[int, int]:
    """The subject of the verb: a sentence's lead ("On Friday, ...", "Speaking in Brussels,
    ...", "As the sirens sounded, ...") is not the speaker, nor is a relative clause after
    it ("Residents, many of whom had fled, ...") unless a name follows it."""
    lead = _LEAD.match(text, start, end)
    if lead:
        start = lead.end()
    relative = _RELATIVE.search(text, start, end)
    if relative is None:
        return start, end
    # "A resident, who gave only her first name, Olena": a name after the clause is kept.
    after = text.find(",", relative.end(), end)
    named_after = after >= 0 and text[after + 1 : end].strip()[:1].isupper()
    return (start, end) if named_after else (start, relative.start())


def _clause_said(text: str, before: tuple[int, int], after: tuple[int, int]) -> Speech | None:
    """ "CLAUSE, said X[, apposition]." and "CLAUSE, the city's leader, X, said [how]."."""
    rest_start, rest_end = _strip(text, *after)
    rest = text[rest_start:rest_end]
    head = text[before[0] : before[1]].rstrip()
    how_only = not rest or rest[0] == "," or _says_how(rest.split()[0])
    if head.endswith(",") and not how_only:  # "CLAUSE, said X"
        if len(rest.split()) > 20:
            return None
        who = (rest_start, rest_start + (rest.find(",") if "," in rest else len(rest)))
        clause = _strip(text, before[0], before[0] + len(head))
        if len(text[clause[0] : clause[1]].split()) < 3:
            return None
        return Speech(*clause, "reported", who, pronoun=_pronoun(text, who))
    if not how_only:
        return None
    # The speaker is the last comma-separated piece before the verb, with an apposition
    # before it ("the city's leader, Oleksiy Babchenko,").
    pieces = list(re.finditer(r"[^,]+", head.rstrip(",")))
    if len(pieces) < 2:
        return None
    who_piece = len(pieces) - 1
    apposition = pieces[who_piece - 1].group().strip()
    if who_piece >= 2 and _APPOSITION_HEAD.match(apposition) and len(apposition.split()) <= 6:
        who_piece -= 1
    who = _strip(text, before[0] + pieces[who_piece].start(), before[0] + pieces[-1].end())
    if len(text[who[0] : who[1]].split()) > 12:
        return None
    clause = _strip(text, before[0], before[0] + pieces[who_piece].start())
    if len(text[clause[0] : clause[1]].split()) < 3:
        return None
    return Speech(*clause, "reported", who, pronoun=_pronoun(text, who))


def speech_in(text: str) -> list[Speech]:
    """Every passage of speech in a paragraph, in order."""
    quoted = quotations(text)
    found: list[Speech] = []
    for start, end in sentences(text, quoted):
        if start == 0 and (dateline := DATELINE.match(text)):  # "KYIV (Reuters) - "
            start = dateline.end()
        inside = [q for q in quoted if start <= q.start < end]
        full = [q for q in inside if _is_full_quotation(text, q, start)]
        for quotation in full:
            inner_start, inner_end = quotation.inner
            a, b = _strip(text, inner_start, inner_end)
            who = _who_after(text, quotation.end, end) or _who_before(text, start, quotation.start)
            found.append(
                Speech(
                    a,
                    b,
                    "direct",
                    who,
                    pronoun=who is not None and _pronoun(text, who),
                    insertions=_insertions(text, a, b),
                )
            )
        partial = [q for q in inside if q not in full]
        reported = None if full else _reported(text, start, end, quoted)
        if reported is not None:
            for quotation in partial:
                a, b = _strip(text, *quotation.inner)
                if reported.start <= a and b <= reported.end and a < b:
                    reported.partials.append((a, b))
            found.append(reported)
        elif partial and not full:
            # A few words quoted in a sentence that says who said them.
            who = _who_after(text, partial[-1].end, end) or _who_before(
                text, start, partial[0].start
            )
            if who is not None:
                for quotation in partial:
                    a, b = _strip(text, *quotation.inner)
                    if a < b:
                        found.append(Speech(a, b, "partial", who, _pronoun(text, who)))
    return found
