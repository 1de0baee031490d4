"""Tests of the pure scorer; the factories below build its inputs."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.core.facts import Concern, InterviewFacts, Person
from app.scoring import Report, SendContext, score_note

INTERVIEWED_AT = datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc)


def make_interview(**overrides) -> InterviewFacts:
    fields = dict(
        candidate=Person("Priya Raman", email="priya@example.com"),
        company="St. Mary's Hospital",
        position="ICU Charge Nurse",
        interviewers=(Person("Lucia Alvarez", "Director of Nursing"),),
        interviewed_at=INTERVIEWED_AT,
        highlights=("the new sepsis screening protocol",),
        strengths=("ten years of critical-care experience",),
        concerns=(Concern("no charge-nurse title yet", "I led night shifts as relief charge nurse"),),
        additional_info=("my CCRN certification renewal date",),
    )
    fields.update(overrides)
    return InterviewFacts(**fields)


def thank_you(body: str, *, hours: float = 5, interview: InterviewFacts | None = None, **kw) -> Report:
    iv = interview or make_interview()
    return score_note(body, kind="thank_you", interview=iv, sent_at=iv.interviewed_at + timedelta(hours=hours), **kw)


def check_in(body: str, *, history: SendContext | None = None, sent_at: datetime | None = None, **kw) -> Report:
    return score_note(body, kind="check_in", interview=kw.pop("interview", make_interview()),
                      history=history, sent_at=sent_at, **kw)


def status(report: Report, gid: str) -> str:
    return report.guideline(gid).status


GOOD_THANK_YOU = """Dear Ms. Alvarez,

Thank you for taking the time to meet with me yesterday about the ICU Charge Nurse role. I especially
enjoyed hearing about the new sepsis screening protocol your unit is piloting.

With ten years of critical-care experience, I am confident I could support your team from day one.
You asked about my lack of a formal charge-nurse title: for the past two years I have led night shifts
as relief charge nurse. My CCRN certification renews in June 2027, well after any start date.

I remain very interested in the position and look forward to hearing from you.

Best regards,
Priya Raman"""

GOOD_CHECK_IN = """Hi Lucia,

I hope your week is going well. I remain very interested in the ICU Charge Nurse position and would
be glad to share anything else that helps your decision. Thank you again for your time.

Best,
Priya"""
