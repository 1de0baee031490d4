"""Text plumbing shared by the detectors: note layout, sentences, words, stems.

Everything here keeps offsets into the original body so evidence spans stay exact.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from app.scoring.lexicon import (
    CLOSING_PHRASES,
    GREETING_RE,
    IRREGULAR_STEMS,
    STOP_WORDS,
    SYNONYMS,
)

# A word: letters/digits with inner apostrophes or hyphens ("don't", "follow-up").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp",
    "e.g", "i.e", "eg", "ie", "no", "approx", "dept", "mt", "ft", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.k", "ph.d",
}
# Sentence end: one or more of .!? (not an ellipsis) followed by optional closers, then space/end.
_SENT_END_RE = re.compile(r"(?<!\.)(?:[.!?…]+)(?=[\"'”’)\]]*(?:\s|$))")
_BULLET_RE = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the greeting, the body proper and the sign-off are in a note."""

    body: str
    core_start: int  # after the greeting line
    core_end: int  # before the sign-off block
    greeting: Segment | None
    sign_off: Segment | None
    names_start: int = 0  # greeting after its salutation word: names, not prose
    sign_off_names_start: int = 0  # sign-off after the valediction line: names, titles, numbers

    @property
    def core(self) -> str:
        return self.body[self.core_start : self.core_end]


def word_count(body: str) -> int:
    """Whitespace-separated tokens that contain at least one letter or digit."""
    return sum(1 for tok in body.split() if tok.isalnum() or any(ch.isalnum() for ch in tok))


def _lines(body: str) -> list[Segment]:
    out, pos = [], 0
    for line in body.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        out.append(Segment(pos, pos + len(stripped), stripped))
        pos += len(line)
    return out


_CLOSING_PREFIXES = (
    "best", "warm", "kind", "warmest", "with", "many", "all", "yours", "thanks", "thank you",
    "regards", "sincerely", "cheers", "respectfully", "gratefully", "looking forward",
)


def _is_closing_line(text: str) -> bool:
    """"Best regards," or "Thanks again," — a valediction, not a sentence that happens to thank."""
    raw = text.strip()
    t = raw.lower().rstrip(",.!—-– ").strip()
    if not t or len(t) > 40:
        return False
    if t in CLOSING_PHRASES:
        return True
    return raw.endswith(",") and len(t.split()) <= 5 and t.startswith(_CLOSING_PREFIXES)


def _looks_like_name_block(lines: list[Segment]) -> bool:
    """A few short lines (name, title, phone, e-mail) with no sentence punctuation."""
    if not lines or len(lines) > 4:
        return False
    for seg in lines:
        t = seg.text.strip()
        if len(t.split()) > 6 or t.endswith((".", "!", "?")) and not t.endswith(("Jr.", "Sr.")):
            return False
    return True


def layout(body: str) -> Layout:
    lines = [seg for seg in _lines(body) if seg.text.strip()]
    greeting = None
    core_start, core_end = 0, len(body)
    names_start = 0
    if lines:
        first = lines[0]
        ft = first.text.strip()
        if (GREETING_RE.match(ft) and len(ft.split()) <= 8) or (
                ft.endswith((",", ":", "—", "–", "-")) and len(ft.split()) <= 4 and len(lines) > 1):
            # "Dear Ana, thank you for..." on one line: only the salutation up to the comma.
            text = first.text
            comma = re.search(r"[,:!—–]", text)
            if comma and text[comma.end():].strip():
                end = first.start + comma.end()
            else:
                end = first.end
            greeting = Segment(first.start, end, body[first.start:end])
            core_start = end
            salutation = re.match(r"\s*\S+", text)
            names_start = first.start + (salutation.end() if salutation else 0)
    sign_off = None
    names_after = len(body)
    for i in range(len(lines) - 1, -1, -1):
        seg = lines[i]
        if seg.start < core_start or len(lines) - i > 6:
            break
        rest = lines[i + 1 :]
        valediction = _is_closing_line(seg.text) or (
            # a misspelled or unusual valediction ("Sincerly,") right before the name
            seg.text.strip().endswith(",") and len(seg.text.split()) <= 3 and 1 <= len(rest) <= 2)
        if valediction and _looks_like_name_block(rest):
            sign_off = Segment(seg.start, len(body), body[seg.start:])
            core_end = seg.start
            names_after = rest[0].start if rest else len(body)
            break
    if sign_off is None and len(lines) >= 3:
        # A bare name on the last line ("— Sam") after a paragraph.
        last = lines[-1]
        t = last.text.strip().lstrip("-—– ")
        words = t.split()
        if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not t.endswith((".", "!", "?")) and last.start >= core_start:  # noqa: E501
            sign_off = Segment(last.start, len(body), body[last.start:])
            core_end = last.start
            names_after = last.start
    return Layout(body, core_start, core_end, greeting, sign_off, names_start, names_after)


_TAIL_TOKEN_RE = re.compile(r"(\w+(?:\.\w+)*)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the '.' at index ``dot`` the end of an abbreviation or an initial, not a sentence?"""
    m = _TAIL_TOKEN_RE.search(text, max(0, dot - 24), dot)  # a bounded look-back keeps this linear
    if not m:
        return False
    tok = m.group(1)
    if tok.lower() in _ABBREVIATIONS:
        return True
    if len(tok) == 1 and tok.isupper():  # an initial: "J. Smith"
        return True
    return bool(re.fullmatch(r"(?:\w\.)+\w", tok))  # "U.S", "e.g"


def _blocks(body: str, start: int, end: int) -> list[Segment]:
    """Paragraphs of ``body[start:end]``; a bullet line, or a line after one ending in sentence
    punctuation, starts a new block, while hard-wrapped lines stay together."""
    blocks: list[Segment] = []
    cur_s = cur_e = None
    prev_text = ""
    for line in _lines(body[start:end]):
        s, e, text = start + line.start, start + line.end, line.text
        if not text.strip():
            if cur_s is not None:
                blocks.append(Segment(cur_s, cur_e, body[cur_s:cur_e]))
            cur_s = cur_e = None
            prev_text = ""
            continue
        new_block = (
            cur_s is None or is_bullet(text) or is_bullet(prev_text)
            or prev_text.rstrip().endswith((".", "!", "?", ":", ";", "…"))
        )
        if new_block:
            if cur_s is not None:
                blocks.append(Segment(cur_s, cur_e, body[cur_s:cur_e]))
            cur_s = s
        cur_e = e
        prev_text = text
    if cur_s is not None:
        blocks.append(Segment(cur_s, cur_e, body[cur_s:cur_e]))
    return blocks


def sentences(body: str, start: int, end: int) -> list[Segment]:
    """Split ``body[start:end]`` into sentences (paragraph breaks and bullets also end one)."""
    out: list[Segment] = []
    for block in _blocks(body, start, end):
        base, text, cursor = block.start, block.text, 0
        for m in _SENT_END_RE.finditer(text):
            mark = m.group(0)
            if mark == "." and _is_abbreviation(text, m.start()):
                continue
            if set(mark) == {"."} and len(mark) >= 3:
                nxt = re.match(r"[\s\"'”’)\]]*(\S)", text[m.end():])
                if nxt and nxt.group(1).islower():
                    continue  # an ellipsis inside a sentence
            _add(out, body, base + cursor, base + m.end())
            cursor = m.end()
        if cursor < len(text):
            _add(out, body, base + cursor, base + len(text))
    return out


def _add(out: list[Segment], body: str, s: int, e: int) -> None:
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    if s < e and any(ch.isalnum() for ch in body[s:e]):
        out.append(Segment(s, e, body[s:e]))


def is_bullet(text: str) -> bool:
    return bool(_BULLET_RE.match(text))


# ---------------------------------------------------------------- stems and content words

_SUFFIXES = (
    "ational", "izations", "ization", "isation", "fulness", "iveness", "ations", "ation", "ions", "ion",
    "ments", "ment", "ingly", "ities", "ity", "ings", "ing", "ness", "ists", "ist", "isms", "ism",
    "ably", "ibly", "ally", "fully", "ful", "ives", "ive", "ized", "ised", "izes", "ises", "ize",
    "ise", "ers", "er", "ors", "or", "ied", "ies", "ed", "es", "ly", "al", "s",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, pure-Python suffix stripper: 'migrations'→'migr', 'migrated'→'migr'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = IRREGULAR_STEMS.get(w, w)
    w = SYNONYMS.get(w, w)
    if len(w) <= 3:
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    if w.endswith("at") and len(w) > 5:  # "migrat(ing)" and "migr(ation)" meet at "migr"
        w = w[:-2]
    # Double consonant left by -ing/-ed ("planning" → "plann" → "plan").
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiousl":
        w = w[:-1]
    return w


def content_words(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of the words in ``text`` that carry meaning. A hyphenated compound
    yields its parts and the joined whole ("on-call" → "on", "call", "oncall")."""
    out = []
    for m in WORD_RE.finditer(text):
        raw = m.group(0)
        pos = m.start()
        parts = raw.split("-")
        for part in parts:
            low = part.lower().replace("’", "'")
            if low not in STOP_WORDS and len(low) >= 2:
                out.append((stem(low), pos, pos + len(part)))
            pos += len(part) + 1
        if len(parts) > 1:
            joined = "".join(parts).lower().replace("’", "'")
            out.append((stem(joined), m.start(), m.end()))
    return out


def cache_by_interview(fn):
    """lru_cache keyed on the (frozen, hashable) interview; computes uncached for an unhashable one."""
    cached = lru_cache(maxsize=512)(fn)

    def wrapper(interview):
        try:
            return cached(interview)
        except TypeError:  # e.g. lists where tuples belong
            return fn(interview)

    wrapper.__doc__ = fn.__doc__
    wrapper.cache_clear = cached.cache_clear
    return wrapper


def apply_corrections(body: str, fixes: list[tuple[int, int, str]]):
    """``body`` with each (start, end, replacement) applied, and a function mapping positions in
    the corrected text back to the body, so cue patterns see "interested" where the candidate
    typed "intrested" while evidence still points at what they typed."""
    if not fixes:
        return body, lambda pos, end=False: max(0, min(pos, len(body)))
    parts: list[str] = []
    # (start in new, start in old, length in new, length in old) for each run of text
    runs: list[tuple[int, int, int, int]] = []
    old = new = 0
    for start, end, rep in sorted(fixes):
        if start < old:
            continue
        if start > old:
            parts.append(body[old:start])
            runs.append((new, old, start - old, start - old))
            new += start - old
        parts.append(rep)
        runs.append((new, start, len(rep), end - start))
        new += len(rep)
        old = end
    parts.append(body[old:])
    runs.append((new, old, len(body) - old, len(body) - old))
    starts = [r[0] for r in runs]

    def to_body(pos: int, end: bool = False) -> int:
        i = max(0, bisect_right(starts, pos) - 1)
        n_start, o_start, n_len, o_len = runs[i]
        if n_len == o_len:
            return min(o_start + (pos - n_start), len(body))
        if pos == n_start:
            return o_start
        return o_start + o_len if end or pos - n_start >= o_len else o_start + (pos - n_start)

    return "".join(parts), to_body
