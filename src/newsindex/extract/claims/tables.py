"""The claim tables of ``data/claims.toml`` and the patterns compiled from them, once."""

from __future__ import annotations

import re

from ...data import load
from ..patterns import SPACES, alternation


_T = load("claims")


def words_pattern(words, *, stems: bool = False) -> str:
    """The claim tables' words as one group: lower case, a space matching any run of spaces, and
    with ``stems`` a trailing ``*`` any word ending (``patterns.alternation``).

    >>> words_pattern(["said", "according to"])
    '(?:according\\\\s+to|said)'
    """
    return alternation(words, space=SPACES, stems=stems, lower=True)


def _word_re(words, *, stems: bool = False, case: bool = False) -> re.Pattern:
    flags = 0 if case else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + words_pattern(words, stems=stems) + r"(?![\w-])", flags)


_VERBS = _T["verbs"]
_SPK = _T["speakers"]
#: every verb read as speech: the speech list, the outlook verbs and the participles
SPEECH_WORDS = sorted(set(_VERBS["speech"]) | set(_VERBS["outlook"]) | set(_VERBS["participles"]))
SPEECH_RE = _word_re(SPEECH_WORDS, case=True)  # verbs are written in lower case; "States" is a name
THAT_VERB_RE = _word_re(_VERBS["that_required"], case=True)
OUTLOOK = frozenset(_VERBS["outlook"])
PARTICIPLES = frozenset(_VERBS["participles"])
DOCUMENT_VERBS = frozenset(_VERBS["document_verbs"])
#: what an outlook verb needs after it to attribute without "that": a figure or a "to" clause
OUTLOOK_CONTENT_RE = re.compile(
    r"[^.;:!?]{0,120}?(?:\d|(?<![\w-])to\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those)\b)[a-z])"
)
NOUN_FORMS = frozenset(_VERBS["noun_forms"])
ACCORDING_RE = _word_re(_VERBS["according"])
SOURCE_HEAD_RE = re.compile(
    r"\s*(?:(?:a|an|the|its|their|new|latest)\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:" + words_pattern(_VERBS["source_nouns"]) + r")\s+(?:" + words_pattern(_VERBS["source_links"]) + r")\s+",
    re.IGNORECASE,
)
NEEDS_COMPLEMENT = frozenset(_VERBS["needs_complement"])
CLAUSE_VERBS = frozenset(_VERBS["clause_verbs"])
#: a clause right after a verb: a pronoun subject, or a name and a verb ("United had returned"),
#: or (for press-release verbs) a figure: "reported net revenues of $87.4 million"
CLAUSE_AFTER_RE = re.compile(
    r"\s+(?:(?:it|they|he|she|we|there)\s+[a-z]"
    r"|(?:[A-Z][\w’'&.-]*\s+){1,4}(?:had|has|have|was|were|is|are|would|will|could|may|might|[a-z]+ed)\b"
    r"|[^.;:!?]{0,80}?\d)"
)
TAIL_WORDS = frozenset(_VERBS["tail_words"])
_TIME = words_pattern(_VERBS["time_words"])
TIME_AFTER_RE = re.compile(
    r"(?:\s+(?:(?:on|last|this|next|late|early|earlier|in)\s+)?" + _TIME + r"(?:\s+\d{1,2}(?![\d,]))?"
    r"|\s+(?:last|this|earlier\s+this|later\s+this|late\s+last|next)\s+(?:week|month|year|quarter)"
    r"|\s+in\s+an?\s+(?:[\w-]+\s+){0,3}?" + words_pattern(_VERBS["manner_nouns"]) + r"(?![\w-])"
    r"|\s+by\s+(?:phone|telephone|email|e-mail|text\s+message))*",
    re.IGNORECASE,
)
_SOURCE_TAILS = "(?:" + words_pattern(_SPK["source_tails"]) + "|" + words_pattern(_SPK["source_tail_links"]) + r"\s+" + (
    words_pattern(_SPK["source_tail_objects"])
) + ")"
SOURCE_TAIL_RE = re.compile(r"\s+" + _SOURCE_TAILS + r"(?![\w-])", re.IGNORECASE)
SOURCE_TAIL_END_RE = re.compile(r"\s+" + _SOURCE_TAILS + r"\s*$", re.IGNORECASE)
AUDIENCE_VERBS = frozenset({"told", "tells", "tell", "informed", "assured", "notified", "promised"})
# fillers between the speaker and the verb, read backwards from the verb: "has", "last week"
PRE_VERB_RE = re.compile(r"(?:\s+" + words_pattern(_VERBS["pre_verb"]) + r")+\s*$", re.IGNORECASE)
PASSIVE_RE = re.compile(
    r"(?<![\w-])" + words_pattern(_VERBS["passive"]) + r"(?:\s+(?:also|widely|often|not|reportedly|commonly))?\s*$",
    re.IGNORECASE,
)
THAT_AFTER_RE = re.compile(r"\s+(?:[^\s,.;:!?“”\"▒]+\s+){0,8}?that(?![\w-])", re.IGNORECASE)
NOUN_NEXT_RE = re.compile(r"\s+(?:[a-z]+s|is|was|are|were|has|have|had|by|of|from)\b(?<!\bits)(?<!\bthis)")
FACT_RE = _word_re(_T["facts"]["cues"], stems=True)
NON_FACT_RE = _word_re(_T["facts"]["non_facts"])

ROLES = frozenset(_SPK["roles"])
_COREF = load("coref")  # the company nouns of the coreference helper: "the airline said", "the miner"
COREF_NOUNS = frozenset(
    phrase.split()[-1].lower()
    for phrase in _COREF["general"]["nouns"] + [w for words in _COREF["sectors"].values() for w in words]
)
DOCUMENTS = frozenset(_SPK["documents"])
ORG_NOUNS = frozenset(_SPK["organisations"]) | DOCUMENTS | COREF_NOUNS
DOCUMENT_TAILS = frozenset(_SPK["document_tails"])
DEPARTMENTS = frozenset(_SPK["departments"])
NOT_SPEAKERS = frozenset(_SPK["not_speakers"])
ROLE_MODIFIERS = frozenset(_SPK["role_modifiers"])
DESCRIPTORS = frozenset(_SPK["descriptors"])
PERSON_PRONOUNS = frozenset(_SPK["person_pronouns"])
COMPANY_PRONOUNS = frozenset(_SPK["company_pronouns"])
COMPANY_ANAPHORS = frozenset(_SPK["company_anaphors"]) | COREF_NOUNS
OTHER_PRONOUNS = frozenset(_SPK["other_pronouns"])
QUANTIFIERS = frozenset(_SPK["quantifiers"])
HONORIFICS = frozenset(_SPK["honorifics"])
ORG_CUES = frozenset(_SPK["organisation_cues"])
STOP_AFTER = frozenset(_SPK["stop_after"]) | DOCUMENT_TAILS
AUXILIARIES = frozenset(_T["facts"]["auxiliaries"])
NO_INVERSION = frozenset({"told", "tells", "tell", "claim", "say", "deny", "warn", "argue", "boast", "report", "estimate"})
ROLE_PHRASE_RE = re.compile(r"(?<![\w-])" + words_pattern(_SPK["roles"]) + r"(?![\w-])", re.IGNORECASE)

ARTICLES = frozenset({"a", "an", "the"})
DETERMINERS = frozenset({"its", "his", "her", "their", "our", "my", "your"})
CONNECTORS = frozenset({"of", "at", "for", "and", "&", "de", "van", "von", "der", "bin", "al", "la", "le", "du"})
# capitalised words that open a clause rather than a name ("Earlier Wang said ...")
CAPITAL_STOPS = frozenset(
    "earlier meanwhile however separately in on at but and also last this yesterday today still then now "
    "instead while when after before since as so yet although though if because according speaking writing "
    "finally later previously initially recently asked some many most both each other others".split()
)
FUNCTION_WORDS = frozenset(
    "in on to by with from into onto over under for of at about against through via across near that which who whom whose is was are were be been being has "
    "have had not no it this these those there when while as than so but or if because after before since "
    "would will can could may might must should do does did said says told added also just only even very "
    "more most less such what where why how all some any each".split()
)

QUOTE_OPEN = "“«"
QUOTE_CLOSE = "”»"
MASK = "▒"
_TOKEN_RE = re.compile(r"[^\s,;:()\[\]“”«»\"▒]+")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])$")
_WINDOW = 300  # characters read around an attribution verb
# patterns of the readers below, compiled once
_APPOSITIVE_OPEN_RE = re.compile(r",\s+(?:[a-z]|[A-Z][\w’'.-]*(?:['’]s?|\s+[a-z]))")
_APPOSITIVE_END_RE = re.compile(r"[,.;:!?]|$")
_RELATIVE_RE = re.compile(r",\s*(?:which|who)(?:\s+(?:has|have|had|also))?$")
_COLON_AFTER_RE = re.compile(r"[^:;.,“”\"▒]{0,60}:\s*(?=[“\"«]|$)")
_SPACES_RE = re.compile(r"\s+")
_NEXT_WORD_RE = re.compile(r"\s*([^\W\d_][\w’'-]*|[“\"«▒])")
_QUOTE_BEFORE_RE = re.compile(r"[”\"»][,.]?$|[,.?!][”\"»]$")
_COLON_QUOTE_RE = re.compile(r"([^:]{1,120}):\s*[“\"«]")
_LIST_GAP_RE = re.compile(r"\s*,\s*|\s+and\s+|\s*,\s*and\s+")
_POSSESSIVE_SUBJECT_RE = re.compile(r"['’]s?(?:\s+[\w-]+){1,3}?(?=\s+" + alternation(AUXILIARIES) + r"\b)")
_SUBJECT_APPOSITIVE_RE = re.compile(r"\s*,[^,;:▒]{1,200}(?=,)")
_MAX_NP_TOKENS = 14
