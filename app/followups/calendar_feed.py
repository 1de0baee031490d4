"""The due-actions list as an iCalendar feed, built with the icalendar library."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from app.dbtypes import utcnow

if TYPE_CHECKING:
    from app.followups.schemas import DueActionRead

DEFAULT_HORIZON = timedelta(days=60)
_SUMMARIES = {
    "send_thank_you": "Send a thank-you note: {position} at {company}",
    "check_in": "Check in: {position} at {company}",
    "move_on": "Time to move on: {position} at {company}",
}
_DESCRIPTIONS = {
    "send_thank_you": "Thank {candidate}'s interviewers for their time while the conversation is fresh.",
    "check_in": "A brief, polite check-in about the {position} role is due.",
    "move_on": "No answer after the check-ins the policy allows: focus on other opportunities.",
}


def render(actions: list["DueActionRead"]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//interview-followup//next actions//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Interview follow-ups")
    stamp = utcnow()
    for item in actions:
        words = {"position": item.position, "company": item.company, "candidate": item.candidate.name}
        event = Event()
        # One UID per interview: when its next action moves, the calendar updates the event.
        event.add("uid", f"next-action-{item.interview_id}@interview-followup")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_at)
        event.add("duration", timedelta(minutes=15))
        event.add("summary", _SUMMARIES[item.action].format(**words))
        event.add("description", _DESCRIPTIONS[item.action].format(**words))
        event.add("categories", [item.action])
        cal.add_component(event)
    return cal.to_ical()
