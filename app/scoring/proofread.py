"""Proofreading: offline spelling (pyspellchecker + our vocabulary + the interview's own terms)
and a handful of grammar rules (repeated word, a/an, lowercase "i", sentence case, doubled
punctuation). Issues come out in LanguageTool's match shape.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from app.scoring.report import Issue, Rule, context_for
from app.scoring.text import Layout, Segment, is_bullet, sentences

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_lock = threading.Lock()
_words: dict[str, int] | None = None  # the dictionary: word -> frequency
_vocabulary: frozenset[str] | None = None


def _load() -> tuple[dict[str, int], frozenset[str]]:
    """Load the dictionary and our vocabulary once, on first use, from any thread."""
    global _words, _vocabulary
    if _words is None or _vocabulary is None:
        with _lock:
            if _words is None or _vocabulary is None:
                from spellchecker import SpellChecker

                checker = SpellChecker(distance=1)
                text = resources.files("app.scoring").joinpath("data/vocabulary.txt").read_text("utf-8")
                vocab = frozenset(
                    line.strip().lower() for line in text.splitlines()
                    if line.strip() and not line.startswith("#")
                )
                _vocabulary = vocab
                _words = dict(checker.word_frequency.dictionary)
    return _words, _vocabulary


def warm_up() -> None:
    """Load the dictionary (~130 ms, ~40 MB) and the distance-2 index (~0.3 s, ~35 MB) now
    rather than on the first request that needs them."""
    _load()
    _deletes_index()


# ----------------------------------------------------------------- British spellings

# (British ending, American ending): "organise"→"organize", "colour"→"color", "centre"→"center".
_BRITISH = (
    ("isation", "ization"), ("isations", "izations"), ("isational", "izational"), ("tred", "tered"),
    ("tring", "tering"), ("ising", "izing"), ("ised", "ized"),
    ("ises", "izes"), ("ise", "ize"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
    ("yses", "yzes"), ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"),
    ("ourite", "orite"), ("ourites", "orites"), ("ourable", "orable"), ("ourful", "orful"),
    ("tre", "ter"), ("tres", "ters"), ("bre", "ber"), ("bres", "bers"), ("ence", "ense"),
    ("ogue", "og"), ("ogues", "ogs"), ("mme", "m"), ("mmes", "ms"), ("lled", "led"),
    ("lling", "ling"), ("ller", "ler"), ("llers", "lers"), ("ement", "ment"), ("ae", "e"),
    ("eable", "able"), ("lment", "llment"), ("l", "ll"), ("ys", "ies"), ("ce", "se"),
)
_BRITISH_INNER = (("ae", "e"), ("oe", "e"), ("ise", "ize"), ("yse", "yze"), ("our", "or"))


def _american(word: str) -> list[str]:
    out = []
    for brit, us in _BRITISH:
        if word.endswith(brit) and len(word) > len(brit) + 1:
            out.append(word[: -len(brit)] + us)
    for brit, us in _BRITISH_INNER:
        if brit in word[1:]:
            out.append(word.replace(brit, us))
    return out


# ----------------------------------------------------------------- known words

_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "'s")


def is_known(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """Is the lower-case ``word`` English, our vocabulary, or a term of this interview?"""
    words, vocab = _load()
    if word in words or word in vocab or word in extra:
        return True
    for suf in _INFLECTIONS:
        if word.endswith(suf) and len(word) - len(suf) >= 2:
            base = word[: -len(suf)]
            if base in vocab or base in extra or base + "e" in vocab:
                return True
            if suf in _DICT_INFLECTIONS and len(base) >= 4 and base in words:
                return True
    if _regular_past_or_gerund(word, words):
        return True
    return any(us in words or us in vocab or _inflected_known(us, words) for us in _american(word))


# Plurals are inferred from the dictionary; "-ly" forms are not ("truely"), and "-ed"/"-ing"
# forms only where no consonant doubling is in question (below).
_DICT_INFLECTIONS = {"s", "es"}
_VOWELS = set("aeiou")


def _regular_past_or_gerund(word: str, words: dict[str, int]) -> bool:
    """"benchmarked", "templating": a known verb plus a regular ending. Not where the spelling
    hinges on doubling a consonant: "occured" and "refered" need it, "comming" must not have it."""
    for suf in ("ed", "ing"):
        if not word.endswith(suf):
            continue
        base = word[: -len(suf)]
        if len(base) < 4 or base[-1] == base[-2]:
            return False
        if base[-1] not in _VOWELS and base[-1] not in "wxy" and base[-2] in _VOWELS and base[-3] not in _VOWELS:
            return False  # ends consonant-vowel-consonant: "occur", "refer", "travel"
        return base in words or base + "e" in words
    return False


def _inflected_known(word: str, words: dict[str, int]) -> bool:
    for suf in ("d", "ed", "s", "ing"):
        if word.endswith(suf):
            base = word[: -len(suf)]
            if len(base) >= 4 and (base in words or base + "e" in words):
                return True
    return False


def dictionary_frequency(word: str) -> int:
    """How often the dictionary saw ``word`` (0 when unknown); a proxy for how specific it is."""
    words, _ = _load()
    return words.get(word.lower().replace("’", "'"), 0)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


_deletes_lock = threading.Lock()
_deletes: dict[str, tuple[str, ...]] | None = None
_DELETES_TOP = 25_000  # the most frequent words: where a distance-2 typo's intended word almost always is


def _deletes1(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletes_index() -> dict[str, tuple[str, ...]]:
    """Frequent words keyed by themselves and by each one-letter deletion (a small SymSpell),
    built once on first need: two words within edit distance 2 share a key."""
    global _deletes
    if _deletes is None:
        with _deletes_lock:
            if _deletes is None:
                words, vocab = _load()
                top = sorted(words, key=words.__getitem__, reverse=True)[:_DELETES_TOP]
                index: dict[str, list[str]] = {}
                for w in [*top, *vocab]:
                    if 3 <= len(w) <= 20 and w.isalpha():
                        for key in _deletes1(w) | {w}:
                            index.setdefault(key, []).append(w)
                _deletes = {k: tuple(v) for k, v in index.items()}
    return _deletes


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=4096)
def _near1(word: str) -> tuple[tuple[int, str], ...]:
    """(frequency, word) of every known word one edit from ``word``."""
    if len(word) > 30:
        return ()
    words, vocab = _load()
    found = []
    for cand in _edits1(word):
        if cand in vocab:
            found.append((10**9, cand))
        elif cand in words:
            found.append((words[cand], cand))
    return tuple(found)


@lru_cache(maxsize=4096)
def suggestions(word: str) -> tuple[str, ...]:
    """Up to five corrections, most frequent first: edit distance 1 against the whole dictionary,
    else distance 2 against its frequent words through the deletion index (pyspellchecker's own
    distance-2 search can take seconds)."""
    if len(word) > 30:
        return ()
    words, _ = _load()
    found = list(_near1(word))
    if not found and 4 <= len(word) <= 20:
        index = _deletes_index()
        keys = _deletes1(word) | {word}
        keys |= {k2 for k in list(keys) for k2 in _deletes1(k)}  # two letters too many ("maintainance")
        near = {c for key in keys for c in index.get(key, ())}
        found = [(words.get(c, 10**9), c) for c in near if _distance(word, c) <= 2]
    if not found:  # two words run together: "thankyou", "alot"
        for i in range(2, len(word) - 1):
            a, b = word[:i], word[i:]
            if words.get(a, 0) > 10_000 and words.get(b, 0) > 10_000:
                found.append((min(words[a], words[b]), f"{a} {b}"))
    found.sort(key=lambda fc: (-fc[0], fc[1]))
    return tuple(c for _, c in found[:5])


def _match_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# ----------------------------------------------------------------- spelling

_CHUNK_RE = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{}<>.,;:!?*_~`…|«»"
_URLISH_RE = re.compile(
    r"(?:^[a-z][a-z0-9+.-]*://|^www\.|@|\.(?:com|org|net|io|co|dev|ai|edu|gov|us|uk|ca|de|app|"
    r"ly|me|info|biz)\b)", re.IGNORECASE)
_ASCII_WORD_RE = re.compile(r"^[A-Za-z]+$")
_DIGIT_RE = re.compile(r"\d")
_TITLES = {"mr", "mrs", "ms", "dr", "prof", "st", "mx"}


@dataclass(frozen=True, slots=True)
class Misspelling:
    start: int
    end: int
    word: str
    fix: str | None = None  # a known correction (missing apostrophe); otherwise suggestions()


def _sentence_start(body: str, offset: int) -> bool:
    i = offset - 1
    while i >= 0 and body[i] in " \t\"'“‘([":
        i -= 1
    if i < 0 or body[i] in "\r\n":
        return True
    if body[i] in "!?":
        return True
    if body[i] == ".":
        m = re.search(r"(\w+)\.$", body[max(0, i - 10) : i + 1])
        return not (m and m.group(1).lower() in _TITLES)
    return False


# Contractions typed without their apostrophe. Words that are also real words ("its", "cant",
# "wont") are flagged only where the contraction is the likely reading.
_NO_APOSTROPHE = {
    "cant": "can't", "wont": "won't", "dont": "don't", "didnt": "didn't", "doesnt": "doesn't",
    "isnt": "isn't", "wasnt": "wasn't", "werent": "weren't", "couldnt": "couldn't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "havent": "haven't", "hasnt": "hasn't",
    "hadnt": "hadn't", "arent": "aren't", "youre": "you're", "theyre": "they're", "im": "I'm",
    "ive": "I've", "youve": "you've", "weve": "we've", "theyve": "they've", "thats": "that's",
    "whats": "what's", "theres": "there's", "heres": "here's", "wouldve": "would've",
    "couldve": "could've", "shouldve": "should've", "lets": "let's", "its": "it's",
}
_ITS_IS_RE = re.compile(
    r"\s+(?:been|a|an|not|going|great|ok|okay|hard|nice|so|very|too|just|always|never|now|time|"
    r"important|possible|clear|true|fine|getting|taking|been|likely|unlikely|my|your|the\s+(?:best|first|"
    r"last|right))\b", re.IGNORECASE)
_LETS_IS_RE = re.compile(r"\s+(?:me|us|talk|discuss|connect|chat|meet|keep|schedule|see|find)\b", re.IGNORECASE)


def _missing_apostrophe(word: str, body: str, end: int) -> str | None:
    low = word.lower()
    fix = _NO_APOSTROPHE.get(low)
    if fix is None:
        return None
    if low == "its" and not _ITS_IS_RE.match(body, end):
        return None
    if low == "lets" and not (word[0].isupper() and _LETS_IS_RE.match(body, end)):
        return None
    return fix


def find_misspellings(body: str, lay: Layout, extra: frozenset[str]) -> list[Misspelling]:
    words, _ = _load()
    out: list[Misspelling] = []
    for m in _CHUNK_RE.finditer(body):
        chunk = m.group(0)
        core = chunk.strip(_EDGE)
        low = core.lower()
        if low in words and low not in _NO_APOSTROPHE:
            continue  # the common case: a dictionary word
        if not core or _DIGIT_RE.search(chunk) or (
                ("@" in chunk or "." in chunk or ":" in chunk) and _URLISH_RE.search(chunk)):
            continue
        lead = len(chunk) - len(chunk.lstrip(_EDGE))
        base = m.start() + lead
        pos = 0
        for part in core.split("/") if "/" in core else (core,):
            start = base + pos
            pos += len(part) + 1
            low = part.lower()
            if low in words and low not in _NO_APOSTROPHE:
                continue  # the common case: a dictionary word
            if len(part) < 2 or not _ASCII_WORD_RE.match(part):
                continue  # contractions, hyphenated compounds, "e.g.", accented names, other scripts
            fix = _missing_apostrophe(part, body, start + len(part))
            if fix is not None:
                out.append(Misspelling(start, start + len(part), part, _match_case(part, fix)))
                continue
            if low in words or part.isupper() or any(ch.isupper() for ch in part[1:]):
                continue  # acronyms (SKU, HIPAA) and brand casing (LinkedIn, PyTorch)
            in_names = lay.core_start > start >= lay.names_start or start >= lay.sign_off_names_start
            if part[0].isupper() and (in_names or not _sentence_start(body, start)):
                continue  # a proper noun mid-sentence, or a name in the greeting/sign-off
            if not is_known(low, extra):
                if part[0].isupper() and not _near1(low):
                    # A capitalised word with no English word one edit away ("Okonkwo" opening a
                    # sentence, "Estimado" in a greeting) is a name or a foreign word, not a typo.
                    continue
                out.append(Misspelling(start, start + len(part), part))
    return out


# ----------------------------------------------------------------- grammar

@dataclass(frozen=True, slots=True)
class GrammarSlip:
    type: str
    start: int
    end: int
    message: str
    replacements: tuple[str, ...]


_REPEATED_RE = re.compile(r"\b([^\W\d_]+)[ \t]+(\1)\b", re.IGNORECASE)
_REPEAT_OK = {"had", "that", "bye", "no", "very", "so", "ha", "really", "knock", "tsk", "la", "da"}
_ARTICLE_RE = re.compile(r"(?<![\w&.'’\-/])(a|an|A|An|AN)\s+([\"'“‘(]?)([^\W_][\w'’\-]*(?:\.\w+)*)", re.UNICODE)
# Vowel letters that sound like consonants ("a university", "a one-time", "a European").
_YU_RE = re.compile(r"^(?:uni(?!n|m|d|nt|mp)|use|usa|usu|uti|ura|ure|uri|uro|ubi|uk|ufo|eu|ewe|one\b|once|"
                    r"one-)", re.IGNORECASE)
# Consonant letters that are silent ("an hour", "an honest").
_SILENT_H_RE = re.compile(r"^(?:hour|honest|honou?r|heir|herb\b)", re.IGNORECASE)
# Letters whose spoken name starts with a vowel sound: an MBA, an SQL, an HR, an FAQ.
_VOWEL_NAMED = set("AEFHILMNORSX")
_LOWER_I_RE = re.compile(r"(?<![\w'’.\-/@])i(?=(?:['’](?:m|ve|d|ll)\b)|(?![\w'’\-@])(?!\.\w))")
# "!!" is shouting, judged under patience, not a proofreading slip.
_DOUBLED_RE = re.compile(r"(?<!\.)\.\.(?!\.)|,{2,}|\?{2,}|;{2,}")


def _wants_an(word: str) -> bool | None:
    """True if ``word`` takes "an", False if "a", None when unsure (numbers, symbols)."""
    w = word.strip("\"'“‘(")
    if not w or not w[0].isalpha():
        return None
    letters = re.sub(r"[^A-Za-z]", "", w)
    if len(letters) >= 2 and letters.isupper() and len(letters) <= 6:
        return letters[0] in _VOWEL_NAMED  # read letter by letter
    if len(w) == 1:
        return w.upper() in _VOWEL_NAMED
    if _SILENT_H_RE.match(w):
        return True
    if _YU_RE.match(w):
        return False
    if not w[0].isascii():
        return None
    return w[0].lower() in "aeiou"


def find_grammar(body: str, lay: Layout, sents: list[Segment] | None = None) -> list[GrammarSlip]:
    slips: list[GrammarSlip] = []
    for m in _REPEATED_RE.finditer(body):
        if m.group(1).lower() in _REPEAT_OK:
            continue
        slips.append(GrammarSlip("repeated_word", m.start(), m.end(),
                                 f'Possible typo: you repeated a word ("{m.group(1)}").', (m.group(1),)))
    for m in _ARTICLE_RE.finditer(body):
        article, word = m.group(1), m.group(3)
        if article == "A" and word[:1] == "." or word.lower() in {"lot", "few", "a", "an"}:
            continue
        if "." in word[:-1] and not word.replace(".", "").isupper():
            continue  # "a.m.", "e.g."
        wants = _wants_an(word)
        if wants is None:
            continue
        is_an = article.lower() == "an"
        if wants != is_an:
            right = ("an" if wants else "a")
            right = right.capitalize() if article[0].isupper() else right
            slips.append(GrammarSlip("a_an", m.start(1), m.end(3),
                                     f'Use "{right}" instead of "{article}" before "{word}".',
                                     (f"{right} {m.group(2)}{word}",)))
    for m in _LOWER_I_RE.finditer(body):
        s = m.start()
        if s > 0 and body[s - 1] == "(" and body[s + 1 : s + 2] == ")":
            continue  # list numbering "(i)"
        slips.append(GrammarSlip("lowercase_i", s, s + 1, 'The pronoun "I" is always capitalised.', ("I",)))
    for m in _DOUBLED_RE.finditer(body):
        ch = m.group(0)[0]
        slips.append(GrammarSlip("doubled_punctuation", m.start(), m.end(),
                                 f'Doubled punctuation "{m.group(0)}".', (ch,)))
    lower_i = {s.start for s in slips if s.type == "lowercase_i"}
    if sents is None:
        sents = sentences(body, lay.core_start, lay.core_end)
    for sent in sents:
        first = re.search(r"[^\W\d_]", sent.text)
        if not first or first.start() > 3 or is_bullet(sent.text):
            continue
        pos = sent.start + first.start()
        word = re.match(r"[^\s]+", body[pos:]).group(0)
        if not body[pos].islower() or pos in lower_i:
            continue
        if any(ch.isupper() for ch in word[1:]) or "@" in word or "://" in word or word.startswith("www."):
            continue  # "iPhone", "eBay", an address
        if not _after_sentence_end(body, pos, lay):
            continue
        slips.append(GrammarSlip("sentence_case", pos, pos + len(word.rstrip(_EDGE)) or pos + 1,
                                 "This sentence does not start with an uppercase letter.",
                                 (word[:1].upper() + word[1:].rstrip(_EDGE),)))
    slips.sort(key=lambda s: s.start)
    return slips


def _after_sentence_end(body: str, pos: int, lay: Layout) -> bool:
    """Does ``pos`` follow the end of a sentence, a blank line, or the greeting?"""
    i = pos - 1
    newlines = 0
    while i >= lay.core_start and body[i] in " \t\r\n\"'“‘([":
        newlines += body[i] == "\n"
        i -= 1
    if i < lay.core_start:
        return True
    if body[i] == "…" or body[i] == "." and i > 0 and body[i - 1] == ".":
        return newlines >= 2  # after an ellipsis a sentence may go on in lower case
    return body[i] in ".!?" or newlines >= 2


# ----------------------------------------------------------------- issues

_GRAMMAR_RULES = {
    "repeated_word": Rule("ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication"),
    "a_an": Rule("EN_A_VS_AN", "MISC", "grammar"),
    "lowercase_i": Rule("I_LOWERCASE", "CASING", "grammar"),
    "sentence_case": Rule("UPPERCASE_SENTENCE_START", "CASING", "typographical"),
    "doubled_punctuation": Rule("DOUBLE_PUNCTUATION", "PUNCTUATION", "typographical"),
}
_SPELLING_RULE = Rule("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling")
_CONTRACTION_RULE = Rule("EN_CONTRACTION_SPELLING", "TYPOS", "misspelling")
_MAX_SUGGESTED = 200  # beyond this many misspellings, skip suggestions to bound the cost


def proofread(
    body: str, lay: Layout, extra: frozenset[str], sents: list[Segment] | None = None,
) -> tuple[list[Issue], list[Misspelling], list[GrammarSlip]]:
    misspellings = find_misspellings(body, lay, extra)
    slips = find_grammar(body, lay, sents)
    issues: list[Issue] = []
    for n, miss in enumerate(misspellings):
        if miss.fix is not None:
            rule, reps = _CONTRACTION_RULE, [miss.fix]
            message = f'"{miss.word}" needs an apostrophe: "{miss.fix}".'
        else:
            rule = _SPELLING_RULE
            found = suggestions(miss.word.lower()) if n < _MAX_SUGGESTED else ()
            reps = [_match_case(miss.word, r) for r in found]
            message = f'Possible spelling mistake: "{miss.word}".'
        issues.append(Issue(
            rule=rule, guideline="proofreading", message=message,
            offset=miss.start, length=miss.end - miss.start, replacements=reps,
            context=context_for(body, miss.start, miss.end - miss.start),
        ))
    for slip in slips:
        issues.append(Issue(
            rule=_GRAMMAR_RULES[slip.type], guideline="proofreading", message=slip.message,
            offset=slip.start, length=slip.end - slip.start, replacements=list(slip.replacements),
            context=context_for(body, slip.start, slip.end - slip.start),
        ))
    issues.sort(key=lambda i: i.offset)
    return issues, misspellings, slips
