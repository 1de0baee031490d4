"""English helpers for drafts: joining lists, choosing "a" or "an", dates in words, and
fitting a caller's phrase into a sentence (case, trailing punctuation).

Everything is a pure function of strings so templates (built-in and sandboxed) can use them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

__all__ = [
    "a_an",
    "as_sentence",
    "date_in_words",
    "first_name",
    "is_clause",
    "is_question",
    "join_words",
    "lower_first",
    "phrase",
    "tidy",
    "with_article",
]

# --- lists -------------------------------------------------------------------------------


def join_words(items: Iterable[object], conjunction: str = "and") -> str:
    """Join as people write: "A", "A and B", "A, B, and C" (serial comma). Blank items are
    skipped, so a list with gaps never yields ", ," or a dangling "and"."""
    words = [str(i).strip() for i in items if i is not None and str(i).strip()]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    if len(words) == 2:
        return f"{words[0]} {conjunction} {words[1]}"
    return f"{', '.join(words[:-1])}, {conjunction} {words[-1]}"


# --- a / an --------------------------------------------------------------------------------

# Words spelled with a vowel but starting with a consonant sound, and the reverse. Prefixes
# are matched against the lowercased word.
_CONSONANT_SOUND_PREFIXES = (
    "uni", "use", "usu", "uti", "uto", "ura", "ure", "uro", "eu", "ewe", "one", "once", "ubiq",
    "ukr", "ufo", "uganda", "uruguay", "utah",
)
_VOWEL_SOUND_PREFIXES = ("hour", "honest", "honor", "honour", "heir", "herb")
# Letters whose spoken name starts with a vowel sound: "an MBA", "an SQL", "an X-ray", "an 8".
_VOWEL_SOUND_LETTERS = set("aefhilmnorsx")
# Acronyms usually read as words rather than letter by letter.
_WORD_ACRONYMS = {
    "nasa", "nato", "unesco", "unicef", "scuba", "laser", "radar", "gif", "jpeg", "png", "saas",
    "paas", "iaas", "fifo", "lifo", "ascii", "ajax", "json", "yaml", "rest", "crud", "agile",
    "scrum", "sql", "okr", "kpi",
}
# "SQL" is said both ways; "an SQL" (letter by letter) is the more common written form.
_LETTER_READ = {"sql"}
_NUMBER_VOWEL_RE = re.compile(r"^(?:8|11|18|80|800|8\d\d\d?)(?!\d)")


def _article_for(word: str) -> str:
    w = word.strip().lstrip("\"'“‘(")
    if not w:
        return "a"
    first_token = re.split(r"[\s\-/]", w, maxsplit=1)[0]
    if first_token[:1].isdigit():
        digits = re.match(r"\d[\d,]*", first_token)
        number = (digits.group(0) if digits else first_token).replace(",", "")
        return "an" if _NUMBER_VOWEL_RE.match(number) else "a"
    lower = first_token.lower()
    letters = re.sub(r"[^a-z]", "", lower)
    is_acronym = len(first_token) >= 2 and first_token.isupper() and first_token.isalpha()
    if is_acronym or (len(letters) == 1 and len(first_token) <= 2):
        if letters in _LETTER_READ:
            return "an" if letters[0] in _VOWEL_SOUND_LETTERS else "a"
        if letters in _WORD_ACRONYMS:
            # Said as a word: a vowel sound unless it opens with "u" ("a UNESCO post").
            return "an" if letters[0] in "aeio" else "a"
        return "an" if letters[:1] in _VOWEL_SOUND_LETTERS else "a"
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return "a"
    # "u" followed by a consonant and a vowel often sounds like "you" ("a user", "a unit"),
    # but "an umbrella", "an update", "an upgrade" do not; the prefixes above cover the former.
    return "an" if lower[:1] in "aeiou" else "a"


def a_an(phrase: str) -> str:
    """The phrase with the indefinite article it takes when spoken: "an hour", "a university",
    "an MBA", "a UX role", "an 8-week course". Empty input gives ""."""
    text = str(phrase).strip()
    if not text:
        return ""
    return f"{_article_for(text)} {text}"


_NO_ARTICLE_TITLE_RE = re.compile(
    r"^(?:head|chief|vice[ -]president|vp|svp|evp|c[etfoimp]o|general counsel)\b", re.I)
_GENERIC_ROLE_END_RE = re.compile(
    r"\b(?:role|position|job|opening|opportunity|vacancy|internship|programme|program|posting)$",
    re.I)


def with_article(position: str) -> str | None:
    """"as <this>" for a job title: "a Data Engineer", "an Engineering Manager", "Head of
    Design" (titles of a single office take none). None when the position is not a plain title
    ("Backend role", "Graduate programme (2025)") and "as …" would read badly."""
    text = phrase(position)
    if not text or "(" in text or _GENERIC_ROLE_END_RE.search(text):
        return None
    if _NO_ARTICLE_TITLE_RE.match(text):
        return text
    return a_an(text)


# --- dates ---------------------------------------------------------------------------------


def date_in_words(moment: datetime, *, with_year: bool = False) -> str:
    """"Tuesday, 10 March" (the caller converts to the interview's timezone first)."""
    text = f"{moment.strftime('%A')}, {moment.day} {moment.strftime('%B')}"
    return f"{text} {moment.year}" if with_year else text


# --- phrases and sentences -----------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
# Abbreviations whose final period belongs to the word, so it stays and doubles as a full stop.
_ABBREV_END_RE = re.compile(
    r"(?:\b(?:etc|inc|ltd|co|corp|jr|sr|dr|mr|mrs|ms|prof|st|no|approx|dept|e\.g|i\.e|a\.m|p\.m|"
    r"u\.s|u\.k|ph\.d)|\b[A-Z])\.$", re.I)
_TRAILING_PUNCT = " \t.,;:!?-–—…"


def tidy(text: object) -> str:
    """One line: whitespace runs collapsed to single spaces, ends stripped. None → ""."""
    if text is None:
        return ""
    return _SPACE_RE.sub(" ", str(text)).strip()


def phrase(text: object) -> str:
    """A caller's item ready to sit inside a sentence: tidied, trailing sentence punctuation
    removed (an abbreviation's own period is kept)."""
    t = tidy(text)
    if _ABBREV_END_RE.search(t):
        return t
    return t.rstrip(_TRAILING_PUNCT).rstrip()


def as_sentence(text: object) -> str:
    """A caller's item as a whole sentence: tidied, first letter capitalised, ending with
    exactly one terminal mark (its own ?, ! or abbreviation period, else a full stop)."""
    t = tidy(text)
    if not t:
        return ""
    if t[0].islower():
        t = t[0].upper() + t[1:]
    if _ABBREV_END_RE.search(t):
        return t
    stripped = t.rstrip(" \t,;:-–—")
    if stripped.endswith(("...", "…")):
        return stripped  # the writer's own ellipsis
    end = re.search(r"\s*([.!?]+)([\"'”’)\]]*)$", stripped)
    if end:
        marks = end.group(1)
        mark = "?" if "?" in marks else "!" if "!" in marks else "."
        return stripped[: end.start()] + mark + end.group(2)
    return stripped + "."


def is_question(text: object) -> bool:
    return tidy(text).endswith("?")


# Openers that make an item a clause ("I have since …") rather than a noun phrase
# ("my portfolio").
_CLAUSE_OPENERS = {
    "i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "we", "we're", "we’re",
    "we've", "we’ve", "you", "you're", "you’re", "you'll", "you’ll", "he", "she", "they",
    "it", "it's", "it’s", "there", "there's", "there’s", "here", "here's", "here’s",
    "attached", "please", "since", "after", "before", "when", "as", "also", "in", "during",
    "following", "although", "while", "yes", "no", "absolutely", "certainly",
}
_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|am|be|been|have|has|had|can|could|will|would|should|may|might|do|does|"
    r"did|include[sd]?|show[s]?|led|built|managed|ran|worked|completed|finished|earned|"
    r"received|published|launched|wrote|shipped)\b", re.I)
_DETERMINER_OPENERS = {"my", "our", "the", "this", "these", "that", "those", "a", "an", "your"}


def is_clause(text: object) -> bool:
    """True when the item reads as a sentence of its own rather than a noun phrase."""
    t = tidy(text)
    if not t:
        return False
    first = t.split(" ", 1)[0].lower().rstrip(",:;")
    if first in _CLAUSE_OPENERS:
        return True
    return first in _DETERMINER_OPENERS and bool(_VERB_RE.search(t))


# First words that are ordinary vocabulary, so "Strong SQL skills" can read "strong SQL skills"
# mid-sentence. Anything else capitalised (Python, Kubernetes, Berlin) is left alone.
_COMMON_OPENERS = {
    "a", "an", "the", "my", "our", "your", "strong", "deep", "solid", "extensive", "broad",
    "proven", "excellent", "good", "great", "hands-on", "practical", "professional", "clear",
    "fluent", "native", "several", "many", "ten", "five", "four", "three", "two", "six",
    "seven", "eight", "nine", "years", "experience", "expertise", "background", "knowledge",
    "skills", "leadership", "leading", "building", "managing", "designing", "running",
    "mentoring", "communication", "attention", "ability", "track", "passion", "curiosity",
    "familiarity", "work", "working", "ownership", "product", "data", "team", "customer",
    "cross-functional", "technical", "analytical", "creative", "detail", "detailed", "recent",
    "long", "senior", "full-stack", "backend", "frontend", "front-end", "back-end", "cloud",
    "open-source", "open", "plans", "plan", "how", "what", "why", "where", "whether", "which",
    "gaps", "gap", "limited", "lack", "relocation", "relocating", "salary", "notice", "start",
    "availability", "travel", "remote", "onsite", "on-site", "hybrid", "a link", "links",
    "references", "portfolio", "certification", "certifications", "samples", "sample",
    "writing", "code", "design", "designs", "testing", "scaling", "migrating", "migration",
    "hiring", "onboarding", "growing", "the team's", "team's", "company's", "its", "their",
    "his", "her", "two-year", "one-year", "six-month", "three-month", "quick", "fast",
    "mentorship", "collaboration", "stakeholder", "people", "budget", "process", "quality",
    "performance", "security", "reliability", "automation", "pipeline", "pipelines",
    "distributed", "large-scale", "large", "small", "early-stage", "startup", "enterprise",
}


def lower_first(text: object) -> str:
    """The phrase with its first letter lowercased when its first word is ordinary
    vocabulary written with a sentence capital; names and acronyms stay as written."""
    t = phrase(text)
    if not t:
        return t
    first = t.split(" ", 1)[0]
    if (first[:1].isupper() and first[1:] == first[1:].lower()
            and first.lower().rstrip(",:;") in _COMMON_OPENERS):
        return t[0].lower() + t[1:]
    return t


_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"}


def first_name(full_name: object) -> str:
    """The given name for an informal greeting: "Zoë" for "Dr. Zoë Müller", the whole name
    when it is a single word."""
    words = tidy(full_name).split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    return words[0] if words else ""
