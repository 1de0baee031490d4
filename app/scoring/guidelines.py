"""One detector per guideline of SPEC §5, each turning a parsed note into a GuidelineResult.

The detectors read cue lexicons (``lexicon.py``) and the interview's own items; they never
raise on odd text and never look at anything but their arguments.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from app.core.facts import InterviewFacts
from app.scoring import lexicon as lx
from app.scoring.proofread import GrammarSlip, Misspelling, dictionary_frequency, is_known, suggestions
from app.scoring.report import GuidelineResult, Issue, Rule, SendContext, Span, Status, context_for
from app.scoring.text import Layout, Segment, cache_by_interview, content_words, is_bullet, stem

TITLES = {
    "thanks": "Thanks the interviewer",
    "interest": "Reiterates interest and fit",
    "concerns": "Addresses concerns",
    "additional_info": "Provides additional information",
    "enthusiastic_close": "Closes with enthusiasm",
    "promptness": "Sent promptly",
    "personalization": "Personalized",
    "proofreading": "Proofread",
    "patience": "Patient, not pushy",
    "brevity": "Brief",
}
GUIDELINE_IDS = tuple(TITLES)
CHECK_IN_HELD_TO = ("interest", "promptness", "proofreading", "patience", "brevity")
STATUS_SCORE = {"pass": 1.0, "warn": 0.5, "fail": 0.0, "not_applicable": 0.0}


@dataclass
class Note:
    """A note parsed once and shared by every detector."""

    body: str
    norm: str  # the body with misspellings corrected and curly apostrophes straightened
    to_body: Callable[..., int]  # maps a position in ``norm`` back to one in ``body``
    low: str  # ``norm`` lower-cased, same length: what the cue patterns read
    kind: str
    interview: InterviewFacts | None
    sent_at: datetime | None
    now: datetime
    history: SendContext | None
    lay: Layout
    sentences: list[Segment]
    index: dict[str, list[tuple[int, int]]]  # content-word stem -> spans in the core
    ignore: frozenset[str]  # stems of company/position/people names
    issues: list[Issue] = field(default_factory=list)
    thanks_cues: tuple[list[Span], list[Span]] | None = None
    sentence_starts: list[int] | None = None


def _span(note: Note, start: int, end: int) -> Span:
    """Evidence in body coordinates from positions in ``note.norm``."""
    a, b = note.to_body(start), note.to_body(end, end=True)
    return Span(a, b, note.body[a:b])


def _body_span(note: Note, start: int, end: int) -> Span:
    return Span(start, end, note.body[start:end])


def _result(gid: str, status: Status, weight: float, evidence: list[Span], advice: str,
            score: float | None = None) -> GuidelineResult:
    if score is None:
        score = STATUS_SCORE[status]
    return GuidelineResult(gid, TITLES[gid], status, round(float(score), 3), weight, evidence, advice)


def not_applicable(gid: str, weight: float, why: str) -> GuidelineResult:
    return _result(gid, "not_applicable", weight, [], why, 0.0)


def _core_matches(note: Note, pattern: re.Pattern[str]):
    for m in pattern.finditer(note.low, note.lay.core_start, note.lay.core_end):
        yield m


def _sentence_of(note: Note, pos: int) -> Segment | None:
    if note.sentence_starts is None:
        note.sentence_starts = [s.start for s in note.sentences]
    i = bisect_right(note.sentence_starts, pos) - 1
    if i >= 0 and note.sentences[i].start <= pos < note.sentences[i].end:
        return note.sentences[i]
    return None


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ thanks

_THANKS_NOT_RE = re.compile(
    r"(?:would|'d|will|'ll)\s+be\s+(?:a|an|my)\s+(?:real\s+|great\s+)?(?:pleasure|honou?r|privilege)|"
    r"\bno\s+thanks\b", re.IGNORECASE)


def _thanks_cues(note: Note) -> tuple[list[Span], list[Span]]:
    """(sincere, backhanded) thanks in the note, found once and shared with patience."""
    if note.thanks_cues is not None:
        return note.thanks_cues
    sincere: list[Span] = []
    sarcastic: list[Span] = []
    for m in _core_matches(note, lx.THANKS_RE):
        cue = m.group(0).lower()
        sent = _sentence_of(note, m.start())
        s_start = sent.start if sent else note.lay.core_start
        s_end = sent.end if sent else note.lay.core_end
        # Windows around the cue, not the whole sentence: a 10,000-word "sentence" stays linear.
        s_start, s_end = max(s_start, m.start() - 150), min(s_end, m.end() + 150)
        before = note.low[s_start : m.start()]
        after = note.low[m.end() : s_end]
        if "appreciat" in cue and lx.THANKS_REQUEST_RE.search(note.low[max(s_start, m.start() - 20) : m.end()]):
            continue
        if _THANKS_NOT_RE.search(note.norm[max(s_start, m.start() - 30) : m.end() + 12]):
            continue
        if lx.NEGATION_BEFORE_RE.search(before[-30:]):
            sarcastic.append(_span(note, m.start(), m.end()))
            continue
        if lx.SARCASM_AFTER_RE.match(after) or lx.SARCASM_CONTEXT_RE.search(note.low, s_start, s_end):
            sarcastic.append(_span(note, s_start, s_end))
            continue
        sincere.append(_span(note, m.start(), m.end()))
    note.thanks_cues = (sincere, sarcastic)
    return note.thanks_cues


def thanks(note: Note, weight: float) -> GuidelineResult:
    sincere, sarcastic = _thanks_cues(note)
    for sp in sarcastic:
        note.issues.append(Issue(
            Rule("BACKHANDED_THANKS", "TONE", "style"), "thanks",
            "This thanks reads as sarcastic or backhanded.", sp.start, sp.end - sp.start, [],
            context_for(note.body, sp.start, sp.end - sp.start)))
    if sincere:
        return _result("thanks", "pass", weight, sincere[:3], "You thank them sincerely; keep it.")
    if sarcastic:
        return _result("thanks", "fail", weight, sarcastic[:3],
                       f'Replace the backhanded "{_clip(sarcastic[0].text, 40)}" with a sincere thank-you '
                       "for their time and the conversation.")
    return _result("thanks", "fail", weight, [],
                   "Open by thanking them for their time and the conversation, e.g. "
                   '"Thank you for taking the time to speak with me on Tuesday."')


# ------------------------------------------------------------------ matching interview items

@cache_by_interview
def ignore_stems(interview: InterviewFacts | None) -> frozenset[str]:
    if interview is None:
        return frozenset()
    texts = [interview.company, interview.position, interview.candidate.name]
    texts += [p.name for p in interview.interviewers]
    return frozenset(s for t in texts if t for s, _, _ in content_words(t))


def build_index(body: str, start: int, end: int) -> dict[str, list[tuple[int, int]]]:
    index: dict[str, list[tuple[int, int]]] = {}
    for s, a, b in content_words(body[start:end]):
        index.setdefault(s, []).append((start + a, start + b))
    return index


@dataclass
class ItemMatch:
    item: str
    matched: bool
    spans: list[tuple[int, int]]


_GENERIC_STEMS = frozenset(stem(w) for w in lx.GENERIC_WORDS)


def _word_weight(word: str, stem_: str) -> float:
    """How much a match on this word says: rare, specific words (Kafka, sepsis) count double,
    very common or generic ones (team, experience, people) half."""
    if stem_ in _GENERIC_STEMS:
        return 0.5
    freq = dictionary_frequency(word)
    if freq < 1000:
        return 2.0
    if freq >= 150_000:
        return 0.5
    return 1.0


# Head nouns that only wrap the real substance ("a list of references", "details on X").
_WRAPPER_STEMS = frozenset(stem(w) for w in (
    "list", "detail", "details", "information", "info", "overview", "more",
))
# Head nouns a note can satisfy by shape rather than by word: a date, a figure, a link.
_MONTHS_DAYS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
                r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d")
_SHAPES = {
    **{stem(w): re.compile(rf"(?i)\b(?:{_MONTHS_DAYS})") for w in (
        "date", "dates", "day", "days", "deadline", "timing", "timeline", "when")},
    **{stem(w): re.compile(r"\d") for w in (
        "number", "numbers", "figure", "figures", "metric", "metrics", "stat", "stats", "statistics",
        "salary", "expectation", "expectations", "rate", "phone", "score", "scores")},
    **{stem(w): re.compile(r"(?i)https?://|www\.|\b\w+\.(?:com|org|net|io|dev)\b") for w in (
        "link", "links", "url", "website", "site")},
}
_HEAD_END_RE = re.compile(r"\s(?:of|from|for|to|about|on|with|in|at|that|which|showing|behind|by)\s",
                          re.IGNORECASE)


def _head_present(note: Note, item: str) -> bool:
    """Is the head noun of ``item`` ("numbers" in "benchmark numbers from the project") in the note?"""
    cut = _HEAD_END_RE.search(item)
    head_words = [s for s, _, _ in _item_words(item[: cut.start()] if cut else item) if s not in note.ignore]
    if not head_words:
        return True
    head = head_words[-1]
    if head in _WRAPPER_STEMS or head in note.index:
        return True
    shape = _SHAPES.get(head)
    return bool(shape and shape.search(note.norm, note.lay.core_start, note.lay.core_end))


@lru_cache(maxsize=4096)
def _item_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """content_words of an interview item: items repeat across notes, so they are cached."""
    return tuple(content_words(text))


def _item_stems(note: Note, text: str, factor: float, stems: dict[str, float], bonus: dict[str, float]) -> None:
    """Weigh the item's content words into ``stems``; a hyphenated compound as a whole goes to
    ``bonus``: it counts when the note has it, but its parts already make up the item's total."""
    for s, a, b in _item_words(text):
        if s in note.ignore or len(s) < 2:
            continue
        word = text[a:b]
        target = stems
        if "-" in word:
            parts = [p for p in word.split("-") if p and p.lower() not in lx.STOP_WORDS]
            if parts and all(stem(p.lower()) in note.ignore for p in parts):
                continue  # "charge-nurse" when the position is "Charge Nurse"
            if parts:
                target = bonus
        w = _word_weight(word.lower(), s)
        if a > 0 and word[:1].isupper() and not word.isupper():
            w = max(w, 2.0)  # a proper noun inside the item ("Relativity", "Triton") is specific
        target[s] = max(target.get(s, 0.0), w * factor)


def match_item(note: Note, item: str, extra: str = "", need_head: bool = False) -> ItemMatch:
    """Does the substance of ``item`` (plus ``extra`` text, e.g. the concern's response) come back?

    With ``need_head``, the item's head ("benchmark numbers" in "benchmark numbers from the
    autoscaling project") must come back too, unless it only wraps ("a list of …") or the note
    has its shape (a date, a figure, a link); and the item must be given, not only promised."""
    stems: dict[str, float] = {}
    bonus: dict[str, float] = {}
    _item_stems(note, item or "", 1.0, stems, bonus)
    if extra:
        _item_stems(note, extra, 0.75, stems, bonus)
    if not stems and not bonus:
        return ItemMatch(item, False, [])
    item_total = sum(stems.values()) or sum(bonus.values())
    got = {s: w for s, w in (bonus | stems).items() if s in note.index}
    got_w = sum(got.values())
    matched = got_w >= 2.0 or (got_w >= 1.0 and got_w >= 0.34 * item_total)
    if matched and need_head and not _head_present(note, item):
        matched = False
    spans = sorted(note.index[s][0] for s in got)
    if matched and need_head and _only_promised(note, spans):
        matched = False
    return ItemMatch(item, matched, spans)


def _only_promised(note: Note, spans: list[tuple[int, int]]) -> bool:
    """Is every sentence that mentions the item a promise to send it later, not the thing itself?"""
    sents = {id(s): s for a, _ in spans if (s := _sentence_of(note, a)) is not None}
    return bool(sents) and all(lx.DEFERRAL_RE.search(note.low, s.start, s.end) for s in sents.values())


def _items_result(note: Note, gid: str, weight: float, items: list[tuple[str, str]], noun: str,
                  need_head: bool = False, verb: str = "Address") -> GuidelineResult:
    results = [match_item(note, text, extra, need_head) for text, extra in items]
    hit = [r for r in results if r.matched]
    miss = [r for r in results if not r.matched]
    evidence = [_span(note, a, b) for r in hit for a, b in r.spans[:3]]
    frac = len(hit) / len(results)
    if not miss:
        return _result(gid, "pass", weight, evidence, f"Every {noun} comes back in the note.")
    names = "; ".join(f'"{_clip(r.item, 50)}"' for r in miss[:3])
    if hit:
        return _result(gid, "warn", weight, evidence, f"Also {verb.lower()} {names}.", score=frac)
    return _result(gid, "fail", weight, evidence, f"{verb} {names} in a sentence or two.", score=0.0)


def concerns(note: Note, weight: float) -> GuidelineResult:
    iv = note.interview
    if note.kind == "check_in":
        return not_applicable("concerns", weight, "A check-in need not revisit concerns.")
    if iv is None or not iv.concerns:
        return not_applicable("concerns", weight, "The interview lists no concerns.")
    items = [(c.concern, c.response or "") for c in iv.concerns]
    return _items_result(note, "concerns", weight, items, "concern")


def additional_info(note: Note, weight: float) -> GuidelineResult:
    iv = note.interview
    if note.kind == "check_in":
        return not_applicable("additional_info", weight, "A check-in need not add information.")
    if iv is None or not iv.additional_info:
        return not_applicable("additional_info", weight, "The interview lists no additional information.")
    return _items_result(note, "additional_info", weight, [(a, "") for a in iv.additional_info],
                         "item of additional information", need_head=True, verb="Include")


def personalization(note: Note, weight: float) -> GuidelineResult:
    iv = note.interview
    if note.kind == "check_in":
        return not_applicable("personalization", weight, "A check-in is held to fewer guidelines.")
    if iv is None or not iv.highlights:
        return not_applicable("personalization", weight, "The interview lists no highlights to refer to.")
    results = [match_item(note, h) for h in iv.highlights]
    hit = [r for r in results if r.matched]
    if hit:
        evidence = [_span(note, a, b) for r in hit for a, b in r.spans[:3]]
        return _result("personalization", "pass", weight, evidence,
                       f'You refer to "{_clip(hit[0].item, 50)}" from the conversation.')
    return _result("personalization", "fail", weight, [],
                   f'Mention a specific point from the conversation, e.g. "{_clip(iv.highlights[0], 60)}".')


# ------------------------------------------------------------------ interest

def interest(note: Note, weight: float) -> GuidelineResult:
    negated = [_span(note, m.start(), m.end()) for m in _core_matches(note, lx.INTEREST_NEGATED_RE)]
    cues = []
    for m in _core_matches(note, lx.INTEREST_RE):
        if any(n.start <= m.start() <= n.end + 5 for n in negated):
            continue
        cues.append(_span(note, m.start(), m.end()))
    if negated and not cues:
        return _result("interest", "fail", weight, negated[:3],
                       "The note signals lost interest; if you still want the role, say so plainly.")
    if not cues:
        return _result("interest", "fail", weight, [],
                       'Say plainly that you want the role, e.g. "I remain very interested in the position."')
    if note.kind == "check_in":
        return _result("interest", "pass", weight, cues[:3], "You restate your interest; keep it.")
    fit = [_span(note, m.start(), m.end()) for m in _core_matches(note, lx.FIT_RE)]
    iv = note.interview
    if iv is not None:
        for s in iv.strengths:
            r = match_item(note, s)
            if r.matched:
                fit += [_span(note, a, b) for a, b in r.spans[:2]]
    if fit:
        return _result("interest", "pass", weight, (cues[:2] + fit[:2]),
                       "You restate interest and say why you fit; keep both.")
    hint = f' such as "{_clip(iv.strengths[0], 50)}"' if iv is not None and iv.strengths else ""
    return _result("interest", "warn", weight, cues[:3],
                   f"Add one sentence on why you fit: a strength or experience{hint}.")


# ------------------------------------------------------------------ enthusiastic close

_COURTESY_RE = re.compile(
    r"\s*(?:(?:and\s+)?(?:once\s+)?again,?\s+)?(?:thank|thanks|many\s+thanks|i\s+appreciate|i\s+really\s+appreciate|"
    r"i'm\s+grateful|i\s+am\s+grateful|have\s+a\s+(?:great|good|nice|lovely|wonderful|fantastic|terrific|relaxing)|all\s+the\s+best|best\s+wishes)",
    re.IGNORECASE)


def enthusiastic_close(note: Note, weight: float) -> GuidelineResult:
    if note.kind == "check_in":
        return not_applicable("enthusiastic_close", weight, "A check-in is held to fewer guidelines.")
    sents = [s for s in note.sentences if not is_bullet(s.text)]
    # The closing sentiment is the last sentence, or the one before a last courtesy line
    # ("Thank you again for your time."); enthusiasm earlier on does not make a close.
    last = sents[-1:]
    if len(sents) >= 2 and _COURTESY_RE.match(note.norm, sents[-1].start, sents[-1].end):
        last = sents[-2:]
    if not last:
        return _result("enthusiastic_close", "fail", weight, [],
                       'End with a line of enthusiasm, e.g. "I look forward to hearing from you."')
    start, end = last[0].start, last[-1].end
    negative = [_span(note, m.start(), m.end()) for m in lx.CLOSE_NEGATIVE_RE.finditer(note.low, start, end)]
    cues = [_span(note, m.start(), m.end()) for m in lx.CLOSE_RE.finditer(note.low, start, end)
            if not re.search(r"\bnot\s$", note.low[max(0, m.start() - 4) : m.start()])]
    if negative:
        return _result("enthusiastic_close", "fail", weight, negative[:3],
                       f'The close "{_clip(negative[0].text, 40)}" reads negative; end on what you look forward to.')
    if cues:
        return _result("enthusiastic_close", "pass", weight, cues[:3], "You close with enthusiasm; keep it.")
    return _result("enthusiastic_close", "fail", weight, [_span(note, last[-1].start, last[-1].end)],
                   'The note ends flat; close with enthusiasm, e.g. "I would be thrilled to join the team '
                   'and look forward to hearing from you."')


# ------------------------------------------------------------------ promptness

def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


def _hours(delta: timedelta) -> str:
    h = delta.total_seconds() / 3600
    return f"{h:.0f} hours" if h < 72 else f"{h / 24:.0f} days"


def promptness(note: Note, weight: float) -> GuidelineResult:
    if note.kind == "check_in":
        h = note.history
        if h is None or h.check_in_opens_at is None:
            return not_applicable("promptness", weight, "Without the send history the check-in window is unknown.")
        when = _aware(note.sent_at or note.now)
        opens = _aware(h.check_in_opens_at)
        if when >= opens:
            return _result("promptness", "pass", weight, [], "Sent within the check-in window.")
        return _result("promptness", "fail", weight, [],
                       f"Too early: the check-in window opens {opens.isoformat()}; wait "
                       f"{_hours(opens - when)} more before sending.")
    iv = note.interview
    if iv is None:
        return not_applicable("promptness", weight, "Without the interview time promptness cannot be judged.")
    when = _aware(note.sent_at or note.now)
    delta = when - _aware(iv.interviewed_at)
    if delta <= timedelta(hours=24):
        return _result("promptness", "pass", weight, [], "Sent within 24 hours of the interview.")
    if delta <= timedelta(hours=48):
        return _result("promptness", "warn", weight, [],
                       f"Sent {_hours(delta)} after the interview; within 24 hours is ideal.")
    return _result("promptness", "fail", weight, [],
                   f"Sent {_hours(delta)} after the interview; send thank-yous within 24 hours, 48 at most.")


# ------------------------------------------------------------------ proofreading

def _fix_hint(m: Misspelling) -> str:
    best = m.fix or next(iter(suggestions(m.word.lower())), None)
    return f'"{m.word}" (did you mean "{best}"?)' if best else f'"{m.word}"'


def proofreading(note: Note, weight: float, misspellings: list[Misspelling], slips: list[GrammarSlip]) -> GuidelineResult:
    n = len(misspellings) + len(slips)
    evidence = sorted([_body_span(note, m.start, m.end) for m in misspellings]
                      + [_body_span(note, s.start, s.end) for s in slips],
                      key=lambda s: s.start)
    if n == 0:
        return _result("proofreading", "pass", weight, [], "No spelling or grammar slips found.")
    parts = [_fix_hint(m) for m in misspellings[:3]] + [
        f'"{note.body[s.start:s.end]}" ({s.type.replace("_", " ")}' + (f', use "{s.replacements[0]}")' if s.replacements else ")")
        for s in slips[:3]]
    advice = f"Fix {', '.join(parts[:4])}" + (" and the rest" if n > 4 else "") + "."
    if n <= 2:
        return _result("proofreading", "warn", weight, evidence[:10], advice)
    return _result("proofreading", "fail", weight, evidence[:10], advice)


# ------------------------------------------------------------------ patience

_CAPS_RE = re.compile(r"\b[A-Z][A-Z'’]{2,}\b")
_BANGS_RE = re.compile(r"!{2,}")


@cache_by_interview
def _acronyms(interview: InterviewFacts | None) -> frozenset[str]:
    if interview is None:
        return frozenset()
    texts = [interview.company, interview.position, interview.candidate.name, *interview.highlights,
             *interview.strengths, *interview.additional_info]
    texts += [p.name for p in interview.interviewers] + [p.title or "" for p in interview.interviewers]
    texts += [c.concern for c in interview.concerns] + [c.response or "" for c in interview.concerns]
    return frozenset(w.upper() for t in texts for w in re.findall(r"[A-Za-z]{2,}", t) if w.isupper())


_NEXT_WORD_RE = re.compile(r"[\s\-]+([a-z]+)")


def _is_shouting(word: str, known_acronyms: frozenset[str], text: str = "", end: int = 0) -> bool:
    nxt = _NEXT_WORD_RE.match(text, end)
    if nxt and nxt.group(1) in lx.ACRONYM_HEAD_NOUNS:
        return False  # "the FAR section", "our SAP rollout"
    w = word.replace("’", "'").split("'")[0]
    if len(w) < 3 or w in lx.ACRONYMS or w in known_acronyms:
        return False
    if w.endswith("S") and (w[:-1] in lx.ACRONYMS or w[:-1] in known_acronyms):
        return False
    return is_known(w.lower())  # an English word in capitals; unknown ones are likely acronyms


def _without_overlaps(found: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """One finding per stretch of text: "I need an answer by Friday" is one ultimatum, not two."""
    kept: list[tuple[str, Span]] = []
    for label, sp in sorted(found, key=lambda ls: (ls[1].start, -ls[1].end)):
        if kept and sp.start < kept[-1][1].end:
            continue
        kept.append((label, sp))
    return kept


def patience(note: Note, weight: float) -> GuidelineResult:
    pushy: list[tuple[str, Span]] = []
    for label, pattern in lx.PATIENCE_FAIL_PATTERNS:
        for m in _core_matches(note, pattern):
            pushy.append((label, _span(note, m.start(), m.end())))
    acr = _acronyms(note.interview)
    for m in _CAPS_RE.finditer(note.norm, note.lay.core_start, note.lay.core_end):  # not a signature in capitals
        if _is_shouting(m.group(0), acr, note.norm, m.end()):
            pushy.append(("shouting", _span(note, m.start(), m.end())))
    for m in _BANGS_RE.finditer(note.norm, note.lay.core_start, note.lay.core_end):
        pushy.append(("shouting", _span(note, m.start(), m.end())))
    pushy = _without_overlaps(pushy)
    for label, sp in pushy:
        note.issues.append(Issue(
            Rule(f"TONE_{label.upper()}", "TONE", "style"), "patience",
            f"This reads as {label}; keep the tone patient and polite.", sp.start, sp.end - sp.start, [],
            context_for(note.body, sp.start, sp.end - sp.start)))
    # Backhanded thanks ("thanks for wasting my afternoon") is hostile, not patient.
    _, sarcastic = _thanks_cues(note)
    seen = {(sp.start, sp.end) for _, sp in pushy}
    pushy += [("sarcasm", sp) for sp in sarcastic if (sp.start, sp.end) not in seen]
    pushy.sort(key=lambda ls: ls[1].start)
    h = note.history
    too_many = note.kind == "check_in" and h is not None and h.check_ins_sent >= h.max_check_ins
    if too_many:
        return _result("patience", "fail", weight, [p for _, p in pushy][:3],
                       f"You have already sent {h.check_ins_sent} check-in(s), the most the policy allows "
                       f"({h.max_check_ins}); it is time to move on.")
    if pushy:
        label, sp = pushy[0]
        return _result("patience", "fail", weight, [p for _, p in pushy][:5],
                       f'"{_clip(sp.text, 40)}" reads as {label}; rephrase it as a polite, patient request.')
    filler = [_span(note, m.start(), m.end()) for m in _core_matches(note, lx.PATIENCE_FILLER_RE)]
    for sp in filler:
        note.issues.append(Issue(
            Rule("STOCK_FILLER", "STYLE", "style"), "patience",
            f'"{sp.text}" is stock filler; say what you are following up on.', sp.start, sp.end - sp.start, [],
            context_for(note.body, sp.start, sp.end - sp.start)))
    if filler and note.kind == "check_in":
        return _result("patience", "warn", weight, filler[:3],
                       f'Replace the stock "{_clip(filler[0].text, 30)}" with a specific reason for writing.')
    return _result("patience", "pass", weight, [], "The tone is patient and polite.")


# ------------------------------------------------------------------ brevity

def brevity(note: Note, weight: float, words: int) -> GuidelineResult:
    n_sent = len(note.sentences)
    if note.kind == "check_in":
        if n_sent <= 4 and words < 150:
            return _result("brevity", "pass", weight, [], f"{n_sent} sentences, {words} words: brief.")
        if n_sent <= 6 and words < 200:
            return _result("brevity", "warn", weight, [],
                           f"{n_sent} sentences, {words} words; trim the check-in to 3–4 sentences under 150 words.")
        return _result("brevity", "fail", weight, [],
                       f"{n_sent} sentences, {words} words; a check-in should be 3–4 sentences under 150 words.")
    if 100 <= words <= 200:
        return _result("brevity", "pass", weight, [], f"{words} words: about the right length.")
    if 80 <= words <= 250:
        verb = "add a sentence or two" if words < 100 else "trim a sentence or two"
        return _result("brevity", "warn", weight, [], f"{words} words; {verb} to land within 100–200 words.")
    verb = "expand it" if words < 80 else "cut it down"
    return _result("brevity", "fail", weight, [], f"{words} words; {verb} to about 100–200 words.")
