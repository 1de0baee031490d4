"""Request bodies the suite sends: a realistic 150-word thank-you with its interview, inline."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

INTERVIEW = {
    "candidate": {"name": "Priya Raman", "email": "priya@example.com"},
    "company": "St. Mary's Hospital",
    "position": "ICU Charge Nurse",
    "interviewers": [{"name": "Lucia Alvarez", "title": "Director of Nursing", "email": "lucia@stmarys.example"}],
    "interviewed_at": "2026-03-10T14:00:00+00:00",
    "timezone": "America/Chicago",
    "highlights": ["the new sepsis screening protocol", "12-hour shift handoffs"],
    "strengths": ["ten years of critical-care experience"],
    "concerns": [{"concern": "no charge-nurse title yet", "response": "I led night shifts as relief charge nurse"}],
    "additional_info": ["my CCRN certification renewal date"],
}

# The note bench/score_speed.py times plus one sentence: 150 words, one misspelling.
NOTE = """Dear Ms. Alvarez,

Thank you for taking the time to meet with me yesterday about the ICU Charge Nurse role. I
especially enjoyed hearing about the new sepsis screening protocol your unit is piloting, and how
you have tightened the 12-hour shift handoffs. It was also a pleasure to meet the night team on the tour.

With ten years of critical-care experience, I am confident I could support your team from day one.
You asked about my lack of a formal charge-nurse title: for the past two years I have led night
shifts as relief charge nurse, coordinating assignments for up to eight nurses. I also wanted to
follow up on my CCRN certification, which I recieved in 2019 and renew in June 2027.

I remain very interested in the position and would be thrilled to join your team. I look forward
to hearing from you about next steps.

Best regards,
Priya Raman
"""

SCORE = {
    "kind": "thank_you",
    "subject": "Thank you for yesterday's conversation",
    "body": NOTE,
    "interview": INTERVIEW,
    "sent_at": "2026-03-10T20:00:00+00:00",
}

RENDER = {"interview": INTERVIEW, "kind": "thank_you", "tone": "formal"}


def interview_create(days_ago: float = 3.0, external_id: str | None = None) -> dict:
    """An interview that happened `days_ago`, so sends between then and now are valid."""
    at = datetime.now(UTC) - timedelta(days=days_ago)
    body = dict(INTERVIEW, interviewed_at=at.isoformat())
    if external_id:
        body["external_id"] = external_id
    return body
