"""score_note: a note, the interview and the send history in; a Guideline report out."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Literal

from app.core.facts import InterviewFacts
from app.scoring import guidelines as g
from app.scoring.proofread import proofread
from app.scoring.report import GuidelineResult, Report, SendContext
from app.scoring.text import apply_corrections, cache_by_interview, layout, sentences, word_count

WEIGHTS: dict[str, float] = {
    "thanks": 1.0,
    "interest": 1.0,
    "concerns": 1.0,
    "additional_info": 0.5,
    "enthusiastic_close": 0.75,
    "promptness": 1.0,
    "personalization": 1.0,
    "proofreading": 1.0,
    "patience": 1.5,
    "brevity": 0.5,
}
"""Weight of each guideline in ``Report.overall``.

``overall`` is the weighted mean of the scores of the guidelines that apply (pass = 1,
warn = a partial score, usually 0.5, fail = 0), times 100, rounded. Patience weighs most
(1.5): a pushy note or one check-in too many does more harm than any omission. Thanks,
interest, concerns, promptness, personalization and proofreading are the core advice
(1.0 each). The enthusiastic close (0.75) is one line; additional information and brevity
(0.5 each) matter less to how the note lands.
"""

_WORD_RE = re.compile(r"[A-Za-z]+")


@cache_by_interview
def _interview_terms(iv: InterviewFacts | None) -> frozenset[str]:
    """Lower-case words of the interview data: never misspellings in this note."""
    if iv is None:
        return frozenset()
    texts = [iv.company, iv.position, iv.candidate.name, iv.candidate.email or "", iv.timezone or "",
             *iv.highlights, *iv.strengths, *iv.additional_info]
    for p in iv.interviewers:
        texts += [p.name, p.title or "", p.email or ""]
    for c in iv.concerns:
        texts += [c.concern, c.response or ""]
    return frozenset(w.lower() for t in texts for w in _WORD_RE.findall(t or ""))


def score_note(
    body: str,
    *,
    kind: Literal["thank_you", "check_in"],
    subject: str | None = None,
    interview: InterviewFacts | None = None,
    sent_at: datetime | None = None,
    now: datetime | None = None,
    history: SendContext | None = None,
) -> Report:
    """Judge a follow-up note against the guidelines of SPEC §5 and the corpus rubric.

    ``interview`` supplies the items to match (highlights, concerns, additional info, strengths)
    and the terms never to flag as misspellings; ``sent_at`` (or ``now``, or the clock) is judged
    for promptness; ``history`` says how many check-ins went before and when the window opened.
    ``subject`` is accepted for symmetry with drafts but not scored: every offset in the report
    indexes the body. Pure apart from reading the clock when neither ``sent_at`` nor ``now`` is
    given; deterministic; never raises on any text."""
    body = body if isinstance(body, str) else ""
    kind = "check_in" if kind == "check_in" else "thank_you"
    lay = layout(body)
    sents = sentences(body, lay.core_start, lay.core_end)
    words = word_count(body)
    spelling_issues, misspellings, slips = proofread(body, lay, _interview_terms(interview), sents)
    # Cue patterns read the note as meant: misspelled words replaced by their best correction.
    fixes = []
    for issue in spelling_issues:
        if issue.rule.issue_type == "misspelling" and issue.replacements:
            fixes.append((issue.offset, issue.offset + issue.length, issue.replacements[0]))
    text, to_body = apply_corrections(body, fixes)
    text = text.replace("’", "'").replace("‘", "'")
    if fixes:
        lay = layout(text)
        sents = sentences(text, lay.core_start, lay.core_end)
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lower-case to two; keep offsets aligned
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    note = g.Note(
        body=body, norm=text, low=low, to_body=to_body, kind=kind, interview=interview, sent_at=sent_at,
        now=now or datetime.now(timezone.utc), history=history, lay=lay, sentences=sents,
        index=g.build_index(text, lay.core_start, lay.core_end),
        ignore=g.ignore_stems(interview),
    )
    w = WEIGHTS
    results: list[GuidelineResult] = [
        g.thanks(note, w["thanks"]) if kind == "thank_you"
        else g.not_applicable("thanks", w["thanks"], "A check-in need not thank them again."),
        g.interest(note, w["interest"]),
        g.concerns(note, w["concerns"]),
        g.additional_info(note, w["additional_info"]),
        g.enthusiastic_close(note, w["enthusiastic_close"]),
        g.promptness(note, w["promptness"]),
        g.personalization(note, w["personalization"]),
        g.proofreading(note, w["proofreading"], misspellings, slips),
        g.patience(note, w["patience"]),
        g.brevity(note, w["brevity"], words),
    ]
    held_to = list(g.GUIDELINE_IDS) if kind == "thank_you" else list(g.CHECK_IN_HELD_TO)
    applicable = [r for r in results if r.status != "not_applicable"]
    total_w = sum(r.weight for r in applicable)
    overall = round(100 * sum(r.score * r.weight for r in applicable) / total_w) if total_w else 0
    issues = sorted(spelling_issues + note.issues, key=lambda i: (i.offset, i.length))
    return Report(overall=int(overall), guidelines=results, issues=issues, word_count=words, held_to=held_to)
