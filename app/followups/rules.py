"""The next-action rules (SPEC §4): a pure function of an interview, its sends and replies,
the tenant's policy and a moment in time. No I/O, no clock: the caller passes ``at``.

Decisions the spec leaves open, written down here:
- ``late`` is set only for a thank-you (rule 5: past ``thank_you_deadline_hours``). A check-in
  or moving on has no deadline in the advice, so a late one breaks no rule; ``late`` stays False.
- Sends and replies at exactly ``at`` count. Ties between events at the same instant are broken
  by their other fields, so the answer never depends on list order.
- "Check-ins since S" include a check-in at exactly S.
- S is the later of the latest ``update`` reply and the latest thank-you (a thank-you sent after
  an update restarts the cadence from the thank-you).
- The latest ``update`` that carries a ``decision_expected_at`` replaces the interview's; an
  update without one leaves the earlier date standing.
- "The day after ``decision_expected_at``" is that moment plus one day, counted like every other
  day (a business day when ``business_days`` is on).
- Several out-of-office replies: the wait lasts until the latest ``returns_at`` still ahead.
  ``after_wait`` is what the rules say at that moment given the events known now; a further wait
  there is resolved to its own ``after_wait``.
- ``suggested_draft_kind`` follows the action, or for a wait the action after it: ``thank_you``
  for send_thank_you, ``check_in`` for check_in, otherwise None.
- ``last_contact_at`` is the latest send or reply other than out-of-office auto-replies.
- Reasons show dates in the interview's timezone (UTC when it has none); the year is added only
  when it differs from the year of ``at``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from app.core.facts import InterviewFacts
from app.followups.calendar import add_days, validate_holiday_country, zone

__all__ = [
    "ActionName",
    "NextAction",
    "PolicyValues",
    "ReplyEvent",
    "ReplyOutcome",
    "SendEvent",
    "SendKind",
    "due_action",
    "next_action",
    "send_warnings",
]

SendKind = Literal["thank_you", "check_in"]
ReplyOutcome = Literal["offer", "rejection", "next_round", "withdrawn", "update", "out_of_office"]
ActionName = Literal["send_thank_you", "wait", "check_in", "move_on", "done"]

TERMINAL_OUTCOMES: frozenset[str] = frozenset({"offer", "rejection", "next_round", "withdrawn"})
_SEND_KINDS = frozenset({"thank_you", "check_in"})
_OUTCOMES = TERMINAL_OUTCOMES | {"update", "out_of_office"}


def _utc(value: datetime | None, name: str) -> datetime | None:
    """``value`` in UTC, so that arithmetic is elapsed time and comparison never wall-clock."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def _normalise(obj: object, *names: str) -> None:
    for name in names:
        object.__setattr__(obj, name, _utc(getattr(obj, name), name))


def _utc_interview(interview: InterviewFacts) -> InterviewFacts:
    return replace(
        interview,
        interviewed_at=_utc(interview.interviewed_at, "interviewed_at"),
        decision_expected_at=_utc(interview.decision_expected_at, "decision_expected_at"),
    )


@dataclass(frozen=True, slots=True)
class PolicyValues:
    """A tenant's follow-up policy; defaults are the advice in SPEC §1."""

    thank_you_ideal_hours: int = 24
    thank_you_deadline_hours: int = 48
    check_in_after_days: int = 7
    check_in_interval_days: int = 7
    max_check_ins: int = 2
    move_on_after_days: int = 7
    business_days: bool = False
    holiday_country: str | None = None

    def __post_init__(self) -> None:
        for name in (
            "thank_you_ideal_hours",
            "thank_you_deadline_hours",
            "check_in_after_days",
            "check_in_interval_days",
            "max_check_ins",
            "move_on_after_days",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number, 0 or more")
        if self.thank_you_ideal_hours > self.thank_you_deadline_hours:
            raise ValueError("thank_you_ideal_hours must not exceed thank_you_deadline_hours")
        if self.holiday_country is not None:
            # Frozen: normalise through object.__setattr__ so "us" and "US" compare equal.
            object.__setattr__(self, "holiday_country", validate_holiday_country(self.holiday_country))


@dataclass(frozen=True, slots=True)
class SendEvent:
    """Something the candidate sent or did. ``sent_at`` is stored in UTC."""

    kind: SendKind
    sent_at: datetime

    def __post_init__(self) -> None:
        if self.kind not in _SEND_KINDS:
            raise ValueError(f"unknown send kind {self.kind!r}")
        _normalise(self, "sent_at")


@dataclass(frozen=True, slots=True)
class ReplyEvent:
    """Something that came back from the employer. Datetimes are stored in UTC."""

    outcome: ReplyOutcome
    received_at: datetime
    returns_at: datetime | None = None
    decision_expected_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.outcome not in _OUTCOMES:
            raise ValueError(f"unknown reply outcome {self.outcome!r}")
        _normalise(self, "received_at", "returns_at", "decision_expected_at")


@dataclass(frozen=True, slots=True)
class NextAction:
    """The answer of ``next_action``; the wire shape of SPEC §4 minus ``interview_id``."""

    action: ActionName
    reason: str
    due_at: datetime | None
    after_wait: ActionName | None
    late: bool
    check_ins_sent: int
    check_ins_remaining: int
    last_contact_at: datetime | None
    evaluated_at: datetime
    suggested_draft_kind: SendKind | None


# --------------------------------------------------------------------------- public API


def next_action(
    interview: InterviewFacts,
    sends: Sequence[SendEvent],
    replies: Sequence[ReplyEvent],
    policy: PolicyValues,
    at: datetime,
) -> NextAction:
    """What the candidate should do at ``at``: SPEC §4 rules 1–6, in order.

    Only events at or before ``at`` count, ordered by their own times.
    """
    at = _utc(at, "at")
    interview = _utc_interview(interview)
    visible_sends, visible_replies = _visible(sends, replies, at, inclusive=True)
    return _decide(_Ctx(interview, policy, at), visible_sends, visible_replies, at)


def due_action(
    interview: InterviewFacts,
    sends: Sequence[SendEvent],
    replies: Sequence[ReplyEvent],
    policy: PolicyValues,
    at: datetime,
) -> tuple[str, datetime] | None:
    """The next non-wait action and when it is due, for a reminder index; None when done.

    A wait gives ``(after_wait, due_at)``. The pair is exact until the next event or policy
    change, with one exception the caller should refresh for: a thank-you reminder turns into
    the check-in flow once ``interviewed_at + check_in_after_days`` passes with no thank-you.
    """
    answer = next_action(interview, sends, replies, policy, at)
    if answer.action == "done":
        return None
    assert answer.due_at is not None  # every non-done action has a due time
    if answer.action == "wait":
        assert answer.after_wait is not None
        return answer.after_wait, answer.due_at
    return answer.action, answer.due_at


def send_warnings(
    interview: InterviewFacts,
    prior_sends: Sequence[SendEvent],
    replies: Sequence[ReplyEvent],
    policy: PolicyValues,
    new_send: SendEvent,
) -> list[str]:
    """Plain-English warnings for a send that goes against the advice; empty when it is fine.

    The send is judged against the events before its own ``sent_at``.
    """
    interview = _utc_interview(interview)
    at = new_send.sent_at
    ctx = _Ctx(interview, policy, at)
    sends, replies_before = _visible(prior_sends, replies, at, inclusive=False)
    warnings: list[str] = []

    if at < interview.interviewed_at:
        warnings.append(
            f"This {_KIND_WORDS[new_send.kind]} is dated {ctx.day(at)}, before the interview on "
            f"{ctx.day_time(interview.interviewed_at)}."
        )
        return warnings

    if new_send.kind == "thank_you":
        earlier = [s for s in sends if s.kind == "thank_you"]
        deadline = interview.interviewed_at + timedelta(hours=policy.thank_you_deadline_hours)
        if earlier:
            warnings.append(
                f"You already sent a thank-you note on {ctx.day(earlier[-1].sent_at)}; one is "
                "enough, and a second can read as pushy."
            )
        elif at > deadline:
            warnings.append(
                f"This thank-you went out {_duration(at - interview.interviewed_at)} after the "
                f"interview, {_duration(at - deadline)} past the "
                f"{policy.thank_you_deadline_hours}-hour limit. It is still better than none; "
                f"next time aim for within {policy.thank_you_ideal_hours} hours."
            )
        return warnings

    terminal = [r for r in replies_before if r.outcome in TERMINAL_OUTCOMES]
    if terminal:
        last = terminal[-1]
        warnings.append(
            f"They had already answered on {ctx.day(last.received_at)} "
            f"({_OUTCOME_WORDS[last.outcome]}), so this check-in was not needed."
        )
        return warnings

    away = _out_of_office_until(replies_before, at)
    if away is not None:
        warnings.append(
            f"They are out of office until {ctx.day(away)}; this check-in may sit unread until then."
        )

    cadence = _cadence(ctx, sends, replies_before, at)
    k = len(cadence.check_ins)
    if cadence.thank_you_window:
        warnings.append(
            "This check-in went out before any thank-you note, while there was still time to "
            "send one; a thank-you should come first, and a check-in only after about "
            f"{_days(policy.check_in_after_days)}."
        )
    elif k >= policy.max_check_ins:
        allowed = (
            "allows no check-ins"
            if policy.max_check_ins == 0
            else f"allows at most {_count(policy.max_check_ins, 'check-in')}"
        )
        warnings.append(
            f"This is check-in number {k + 1}, but the policy {allowed}; more than that can "
            "come across as pushy, and it is usually time to move on."
        )
    elif cadence.opening is not None and at < cadence.opening:
        warnings.append(
            f"This check-in went out before the window opened on {ctx.day(cadence.opening)}; "
            "checking in too early can come across as impatient."
        )
    return warnings


# --------------------------------------------------------------------------- internals

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_KIND_WORDS = {"thank_you": "thank-you note", "check_in": "check-in"}
_OUTCOME_WORDS = {
    "offer": "an offer",
    "rejection": "a rejection",
    "next_round": "an invitation to a next round",
    "withdrawn": "the application was withdrawn",
}
_NEXT_STEP_WORDS = {
    "send_thank_you": "send your thank-you note",
    "check_in": "send a brief check-in",
    "move_on": "move on",
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


class _Ctx:
    """What every rule needs besides the events: interview, policy, display zone, day maths."""

    __slots__ = ("interview", "policy", "zone", "year")

    def __init__(self, interview: InterviewFacts, policy: PolicyValues, at: datetime) -> None:
        self.interview = interview
        self.policy = policy
        self.zone = zone(interview.timezone)
        self.year = at.astimezone(self.zone).year

    def plus_days(self, start: datetime, days: int) -> datetime:
        return add_days(
            start,
            days,
            business_days=self.policy.business_days,
            tz=self.interview.timezone,
            holiday_country=self.policy.holiday_country,
        )

    def day(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        text = f"{local.day} {_MONTHS[local.month - 1]}"
        return text if local.year == self.year else f"{text} {local.year}"

    def day_time(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        return f"{self.day(moment)} at {local:%H:%M}"


@dataclass(frozen=True, slots=True)
class _Cadence:
    """Rules 4–6 worked out at one moment: where the cadence starts and what comes next."""

    start: datetime
    source: Literal["thank_you", "update", "interview"]
    thank_you_window: bool  # rule 5 applies: no thank-you, no update, moment not passed
    decision_expected_at: datetime | None
    check_ins: tuple[SendEvent, ...]  # check-ins since start, oldest first
    opening: datetime | None  # next check-in window, when k < max_check_ins
    move_on_at: datetime | None  # when k >= max_check_ins


def _send_key(event: SendEvent) -> tuple:
    return (event.sent_at, event.kind)


def _reply_key(event: ReplyEvent) -> tuple:
    def optional(moment: datetime | None) -> tuple:
        return (0,) if moment is None else (1, moment)

    return (
        event.received_at,
        event.outcome,
        optional(event.returns_at),
        optional(event.decision_expected_at),
    )


def _visible(
    sends: Sequence[SendEvent], replies: Sequence[ReplyEvent], at: datetime, *, inclusive: bool
) -> tuple[tuple[SendEvent, ...], tuple[ReplyEvent, ...]]:
    def counts(moment: datetime) -> bool:
        return moment <= at if inclusive else moment < at

    return (
        tuple(sorted((s for s in sends if counts(s.sent_at)), key=_send_key)),
        tuple(sorted((r for r in replies if counts(r.received_at)), key=_reply_key)),
    )


def _out_of_office_until(replies: Sequence[ReplyEvent], at: datetime) -> datetime | None:
    ahead = [
        r.returns_at
        for r in replies
        if r.outcome == "out_of_office" and r.returns_at is not None and r.returns_at > at
    ]
    return max(ahead) if ahead else None


def _cadence(
    ctx: _Ctx, sends: Sequence[SendEvent], replies: Sequence[ReplyEvent], at: datetime
) -> _Cadence:
    interview, policy = ctx.interview, ctx.policy
    updates = [r for r in replies if r.outcome == "update"]
    thank_yous = [s for s in sends if s.kind == "thank_you"]

    starts: list[tuple[datetime, Literal["thank_you", "update"]]] = []
    if updates:
        starts.append((updates[-1].received_at, "update"))
    if thank_yous:
        starts.append((thank_yous[-1].sent_at, "thank_you"))
    if starts:
        start, source = max(starts, key=lambda item: item[0])
        thank_you_window = False
    else:
        start, source = interview.interviewed_at, "interview"
        thank_you_window = at < ctx.plus_days(interview.interviewed_at, policy.check_in_after_days)

    dated_updates = [r for r in updates if r.decision_expected_at is not None]
    decision = dated_updates[-1].decision_expected_at if dated_updates else interview.decision_expected_at

    check_ins = tuple(s for s in sends if s.kind == "check_in" and s.sent_at >= start)
    opening = move_on_at = None
    if len(check_ins) < policy.max_check_ins:
        if check_ins:
            opening = ctx.plus_days(check_ins[-1].sent_at, policy.check_in_interval_days)
        else:
            opening = ctx.plus_days(start, policy.check_in_after_days)
            if decision is not None:
                opening = max(opening, ctx.plus_days(decision, 1))
    else:
        base = check_ins[-1].sent_at if check_ins else start
        move_on_at = ctx.plus_days(base, policy.move_on_after_days)
    return _Cadence(start, source, thank_you_window, decision, check_ins, opening, move_on_at)


def _decide(
    ctx: _Ctx, sends: tuple[SendEvent, ...], replies: tuple[ReplyEvent, ...], at: datetime
) -> NextAction:
    """Rules 1–6 on events already filtered to ``at`` and sorted by their own times."""
    interview, policy = ctx.interview, ctx.policy
    cadence = _cadence(ctx, sends, replies, at)
    k = len(cadence.check_ins)
    contacts = [s.sent_at for s in sends] + [r.received_at for r in replies if r.outcome != "out_of_office"]

    def answer(
        action: ActionName,
        reason: str,
        due_at: datetime | None,
        after_wait: ActionName | None = None,
        late: bool = False,
    ) -> NextAction:
        upcoming = after_wait if action == "wait" else action
        return NextAction(
            action=action,
            reason=reason,
            due_at=None if due_at is None else due_at.astimezone(UTC),
            after_wait=after_wait,
            late=late,
            check_ins_sent=k,
            check_ins_remaining=max(0, policy.max_check_ins - k),
            last_contact_at=max(contacts).astimezone(UTC) if contacts else None,
            evaluated_at=at.astimezone(UTC),
            suggested_draft_kind=_DRAFT_KIND.get(upcoming or ""),
        )

    # Rule 1: a decisive reply ends the follow-up.
    terminal = [r for r in replies if r.outcome in TERMINAL_OUTCOMES]
    if terminal:
        last = terminal[-1]
        return answer("done", _done_reason(ctx, last), None)

    # Rule 2: the interview has not happened yet.
    if at < interview.interviewed_at:
        return answer(
            "wait",
            f"Your interview is on {ctx.day_time(interview.interviewed_at)}. Once it is over, send "
            f"a thank-you note: within {policy.thank_you_ideal_hours} hours is ideal.",
            interview.interviewed_at,
            "send_thank_you",
        )

    # Rule 3: an out-of-office auto-reply pauses everything until they are back.
    away = _out_of_office_until(replies, at)
    if away is not None:
        then = _decide(ctx, sends, replies, away)
        following = then.after_wait if then.action == "wait" else then.action
        assert following is not None and following not in ("wait", "done")
        return answer(
            "wait",
            f"They are out of office until {ctx.day(away)}, so hold off until then; after that, "
            f"the next step is to {_NEXT_STEP_WORDS[following]}.",
            away,
            following,
        )

    # Rule 5 (rule 4 is folded into the cadence: an update skips straight to rule 6).
    if cadence.thank_you_window:
        ideal = interview.interviewed_at + timedelta(hours=policy.thank_you_ideal_hours)
        deadline = interview.interviewed_at + timedelta(hours=policy.thank_you_deadline_hours)
        if at > deadline:
            reason = (
                f"Your thank-you note is late: the {policy.thank_you_deadline_hours}-hour mark "
                f"passed on {ctx.day_time(deadline)}. A short, sincere note is still worth sending "
                "today."
            )
        elif at > ideal:
            reason = (
                f"The ideal {policy.thank_you_ideal_hours} hours have passed, but there is still "
                f"time: send your thank-you note before {ctx.day_time(deadline)}, the "
                f"{policy.thank_you_deadline_hours}-hour limit."
            )
        else:
            reason = (
                f"Send your thank-you note by {ctx.day_time(ideal)}: within "
                f"{policy.thank_you_ideal_hours} hours of the interview is ideal."
            )
        return answer("send_thank_you", reason, ideal, late=at > deadline)

    # Rule 6: check in, patiently, up to max_check_ins times; then move on.
    if cadence.opening is not None:
        opening = cadence.opening
        if at < opening:
            return answer("wait", _check_in_wait_reason(ctx, cadence, opening), opening, "check_in")
        return answer("check_in", _check_in_reason(ctx, cadence, opening), opening)

    assert cadence.move_on_at is not None
    if at < cadence.move_on_at:
        return answer("wait", _move_on_wait_reason(ctx, cadence), cadence.move_on_at, "move_on")
    return answer("move_on", _move_on_reason(ctx, cadence), cadence.move_on_at)


_DRAFT_KIND: dict[str, SendKind] = {"send_thank_you": "thank_you", "check_in": "check_in"}


def _done_reason(ctx: _Ctx, reply: ReplyEvent) -> str:
    when = ctx.day(reply.received_at)
    if reply.outcome == "offer":
        return f"They made you an offer on {when}. Congratulations: there is nothing left to follow up."
    if reply.outcome == "rejection":
        return (
            f"They let you know on {when} that they are not moving forward. There is nothing "
            "more to follow up here; a gracious reply is optional, and the next opportunity "
            "deserves your energy."
        )
    if reply.outcome == "next_round":
        return (
            f"They invited you to a next round on {when}, so this follow-up is complete. "
            "Add the next interview to start a fresh one."
        )
    return f"The application was withdrawn on {when}, so there is nothing more to follow up."


def _since_words(ctx: _Ctx, cadence: _Cadence) -> str:
    if cadence.source == "thank_you":
        return f"Your thank-you note went out on {ctx.day(cadence.start)}"
    if cadence.source == "update":
        return f"They gave you an update on {ctx.day(cadence.start)}"
    return (
        f"The moment for a thank-you note after your interview on {ctx.day(cadence.start)} "
        "has passed"
    )


def _decision_pushes(ctx: _Ctx, cadence: _Cadence) -> bool:
    if cadence.decision_expected_at is None:
        return False
    return ctx.plus_days(cadence.decision_expected_at, 1) > ctx.plus_days(
        cadence.start, ctx.policy.check_in_after_days
    )


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if 0 < n <= len(_ORDINALS) else f"number {n}"


def _check_in_wait_reason(ctx: _Ctx, cadence: _Cadence, opening: datetime) -> str:
    k = len(cadence.check_ins)
    if k == 0:
        if _decision_pushes(ctx, cadence):
            assert cadence.decision_expected_at is not None
            return (
                f"{_since_words(ctx, cadence)}, and they said they would decide by "
                f"{ctx.day(cadence.decision_expected_at)}; give them until {ctx.day(opening)} "
                "before checking in."
            )
        return f"{_since_words(ctx, cadence)}; give them until {ctx.day(opening)} before checking in."
    final = " and final" if k + 1 == ctx.policy.max_check_ins else ""
    return (
        f"You checked in on {ctx.day(cadence.check_ins[-1].sent_at)}; give them until "
        f"{ctx.day(opening)} before a {_ordinal(k + 1)}{final} check-in."
    )


def _check_in_reason(ctx: _Ctx, cadence: _Cadence, opening: datetime) -> str:
    k = len(cadence.check_ins)
    if k == 0:
        if _decision_pushes(ctx, cadence):
            assert cadence.decision_expected_at is not None
            return (
                f"They said they would decide by {ctx.day(cadence.decision_expected_at)} and you "
                "have not heard back; a brief, polite check-in is fine now."
            )
        if cadence.source == "thank_you":
            return (
                f"You have not heard back since your thank-you note on {ctx.day(cadence.start)}; "
                "a brief, polite check-in is fine now."
            )
        if cadence.source == "update":
            return (
                f"Nothing new since their update on {ctx.day(cadence.start)}; a brief, polite "
                "check-in is fine now."
            )
        return (
            f"The moment for a thank-you note after your interview on {ctx.day(cadence.start)} "
            "has passed; instead, send a brief, polite check-in that restates your interest."
        )
    last = ctx.policy.max_check_ins - k == 1
    tail = "make it your last." if last else "keep it short and friendly."
    return (
        f"No answer since your check-in on {ctx.day(cadence.check_ins[-1].sent_at)}; one more "
        f"brief check-in is fine now. {tail[0].upper()}{tail[1:]}"
    )


def _move_on_wait_reason(ctx: _Ctx, cadence: _Cadence) -> str:
    assert cadence.move_on_at is not None
    if cadence.check_ins:
        done_part = (
            f"You have checked in {_times(len(cadence.check_ins))}, the last time on "
            f"{ctx.day(cadence.check_ins[-1].sent_at)}, which is as much as is wise"
        )
    else:
        done_part = f"{_since_words(ctx, cadence)}, and your policy is not to check in"
    return f"{done_part}; if nothing comes by {ctx.day(cadence.move_on_at)}, it will be time to move on."


def _move_on_reason(ctx: _Ctx, cadence: _Cadence) -> str:
    if cadence.check_ins:
        followed = (
            f"You followed up well, checking in {_times(len(cadence.check_ins))}, and have not "
            "heard back."
        )
    else:
        followed = "You have given them plenty of time and have not heard back."
    return (
        f"{followed} It is time to move on: put your energy into other opportunities, and if "
        "they come back to you, all the better."
    )


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _days(n: int) -> str:
    return _count(n, "day")


def _duration(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours < 1:
        return "less than an hour"
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(_count(days, "day"))
    if hours:
        parts.append(_count(hours, "hour"))
    return " and ".join(parts)
