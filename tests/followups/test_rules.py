"""The next-action rules of SPEC §4, the reminder pair and the send warnings."""
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.facts import InterviewFacts, Person
from app.followups.rules import (
    NextAction,
    PolicyValues,
    ReplyEvent,
    SendEvent,
    due_action,
    next_action,
    send_warnings,
)

DEFAULT = PolicyValues()


def mar(day: int, hour: int = 14, minute: int = 0) -> datetime:
    """A moment in March 2026, UTC. The interview in most tests is 10 March at 14:00."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def make_interview(
    interviewed_at: datetime = mar(10),
    timezone: str | None = None,
    decision_expected_at: datetime | None = None,
) -> InterviewFacts:
    return InterviewFacts(
        candidate=Person("Ada Lovelace"),
        company="Analytical Engines Ltd",
        position="Engineer",
        interviewers=(Person("Charles Babbage"),),
        interviewed_at=interviewed_at,
        timezone=timezone,
        decision_expected_at=decision_expected_at,
    )


def thank_you(at: datetime) -> SendEvent:
    return SendEvent("thank_you", at)


def check_in(at: datetime) -> SendEvent:
    return SendEvent("check_in", at)


def reply(outcome: str, at: datetime, **extra) -> ReplyEvent:
    return ReplyEvent(outcome, at, **extra)


def evaluate(at, sends=(), replies=(), policy=DEFAULT, interview=None) -> NextAction:
    return next_action(interview or make_interview(), list(sends), list(replies), policy, at)


# --------------------------------------------------------------------------- rule 1


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("offer", "offer"),
        ("rejection", "not moving forward"),
        ("next_round", "next round"),
        ("withdrawn", "withdrawn"),
    ],
)
def test_rule_1_a_decisive_reply_means_done(outcome, words):
    result = evaluate(mar(20), [thank_you(mar(11))], [reply(outcome, mar(19))])
    assert result.action == "done"
    assert result.due_at is None
    assert result.after_wait is None
    assert result.suggested_draft_kind is None
    assert words in result.reason
    assert "19 March" in result.reason
    assert result.last_contact_at == mar(19)


def test_rule_1_beats_every_other_rule():
    # An out-of-office pause, an update, maxed-out check-ins and a time before the
    # interview would each trigger another rule; the offer wins.
    interview = make_interview(interviewed_at=mar(25))
    sends = [thank_you(mar(11)), check_in(mar(12)), check_in(mar(13))]
    replies = [
        reply("out_of_office", mar(14), returns_at=mar(30)),
        reply("update", mar(15)),
        reply("offer", mar(16)),
    ]
    result = evaluate(mar(20), sends, replies, interview=interview)
    assert result.action == "done"


def test_rule_1_ignores_a_decisive_reply_after_t():
    result = evaluate(mar(12), [thank_you(mar(11))], [reply("offer", mar(13))])
    assert result.action == "wait"
    assert result.last_contact_at == mar(11)


# --------------------------------------------------------------------------- rule 2


def test_rule_2_before_the_interview_wait_then_thank_you():
    result = evaluate(mar(9))
    assert result.action == "wait"
    assert result.due_at == mar(10)
    assert result.after_wait == "send_thank_you"
    assert result.suggested_draft_kind == "thank_you"
    assert "10 March at 14:00" in result.reason
    assert result.late is False


def test_rule_2_beats_out_of_office():
    result = evaluate(mar(9), replies=[reply("out_of_office", mar(8), returns_at=mar(20))])
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(10), "send_thank_you")


# --------------------------------------------------------------------------- rule 5


@pytest.mark.parametrize(
    ("at", "late", "words"),
    [
        (mar(10, 14), False, "by 11 March at 14:00"),
        (mar(11, 14), False, "by 11 March at 14:00"),
        (mar(11, 15), False, "still time"),
        (mar(12, 14), False, "before 12 March at 14:00"),
        (mar(12, 15), True, "late"),
        (mar(17, 13, 59), True, "still worth sending"),
    ],
)
def test_rule_5_send_thank_you_until_the_moment_passes(at, late, words):
    result = evaluate(at)
    assert result.action == "send_thank_you"
    assert result.due_at == mar(11, 14)
    assert result.late is late
    assert result.suggested_draft_kind == "thank_you"
    assert words in result.reason
    assert result.check_ins_sent == 0
    assert result.check_ins_remaining == 2


def test_rule_5_moment_passed_starts_the_check_in_flow_from_interviewed_at():
    result = evaluate(mar(18))
    assert result.action == "check_in"
    assert result.due_at == mar(17)
    assert result.suggested_draft_kind == "check_in"
    assert "has passed" in result.reason
    assert result.late is False


def test_rule_5_moment_passed_then_next_check_in_counts_from_the_last_one():
    result = evaluate(mar(20), [check_in(mar(17, 16))])
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(24, 16), "check_in")
    assert result.check_ins_sent == 1
    assert result.check_ins_remaining == 1


def test_rule_5_a_check_in_does_not_replace_the_thank_you_while_there_is_time():
    result = evaluate(mar(12), [check_in(mar(11))])
    assert result.action == "send_thank_you"
    assert result.check_ins_sent == 1


# --------------------------------------------------------------------------- rule 6


def test_rule_6_wait_after_the_thank_you_with_the_reason_in_words():
    result = evaluate(mar(12), [thank_you(mar(11, 9))])
    assert result.action == "wait"
    assert result.due_at == mar(18, 9)
    assert result.after_wait == "check_in"
    assert result.suggested_draft_kind == "check_in"
    assert result.reason == (
        "Your thank-you note went out on 11 March; give them until 18 March before checking in."
    )
    assert result.last_contact_at == mar(11, 9)


def test_rule_6_check_in_opens_exactly_at_s_plus_check_in_after_days():
    sends = [thank_you(mar(11, 9))]
    assert evaluate(mar(18, 8, 59), sends).action == "wait"
    result = evaluate(mar(18, 9), sends)
    assert (result.action, result.due_at) == ("check_in", mar(18, 9))
    assert "thank-you note on 11 March" in result.reason


def test_rule_6_second_check_in_waits_for_the_interval_and_is_the_final_one():
    sends = [thank_you(mar(11)), check_in(mar(18))]
    waiting = evaluate(mar(20), sends)
    assert (waiting.action, waiting.due_at, waiting.after_wait) == ("wait", mar(25), "check_in")
    assert "second and final check-in" in waiting.reason
    due = evaluate(mar(25), sends)
    assert (due.action, due.due_at) == ("check_in", mar(25))
    assert "last" in due.reason
    assert due.check_ins_sent == 1
    assert due.check_ins_remaining == 1


def test_rule_6_max_check_ins_reached_wait_then_move_on():
    sends = [thank_you(mar(11)), check_in(mar(18)), check_in(mar(25))]
    waiting = evaluate(mar(26), sends)
    assert (waiting.action, waiting.due_at, waiting.after_wait) == ("wait", mar(25) + timedelta(days=7), "move_on")
    assert waiting.suggested_draft_kind is None
    assert waiting.check_ins_remaining == 0
    assert "twice" in waiting.reason
    moving_on = evaluate(datetime(2026, 4, 1, 14, tzinfo=UTC), sends)
    assert moving_on.action == "move_on"
    assert moving_on.due_at == datetime(2026, 4, 1, 14, tzinfo=UTC)
    assert moving_on.suggested_draft_kind is None
    assert "move on" in moving_on.reason
    assert moving_on.late is False


def test_rule_6_more_check_ins_than_allowed_still_moves_on_from_the_last():
    sends = [thank_you(mar(11)), check_in(mar(12)), check_in(mar(13)), check_in(mar(14))]
    result = evaluate(mar(15), sends)
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(21), "move_on")
    assert result.check_ins_sent == 3
    assert result.check_ins_remaining == 0


def test_rule_6_no_check_ins_allowed_moves_on_from_s():
    policy = PolicyValues(max_check_ins=0)
    waiting = evaluate(mar(12), [thank_you(mar(11))], policy=policy)
    assert (waiting.action, waiting.due_at, waiting.after_wait) == ("wait", mar(18), "move_on")
    assert evaluate(mar(18), [thank_you(mar(11))], policy=policy).action == "move_on"


def test_rule_6_k_counts_only_check_ins_since_the_latest_thank_you():
    # A check-in sent before the (late) thank-you does not use up the allowance.
    sends = [check_in(mar(11)), thank_you(mar(12))]
    result = evaluate(mar(13), sends)
    assert result.check_ins_sent == 0
    assert (result.action, result.due_at) == ("wait", mar(19))


def test_rule_6_decision_expected_at_pushes_the_first_check_in_to_the_day_after():
    interview = make_interview(decision_expected_at=mar(20, 17))
    result = evaluate(mar(19), [thank_you(mar(11))], interview=interview)
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(21, 17), "check_in")
    assert "decide by 20 March" in result.reason
    assert evaluate(mar(21, 17), [thank_you(mar(11))], interview=interview).action == "check_in"


def test_rule_6_an_early_decision_date_does_not_pull_the_check_in_forward():
    interview = make_interview(decision_expected_at=mar(12))
    result = evaluate(mar(13), [thank_you(mar(11))], interview=interview)
    assert result.due_at == mar(18)


def test_rule_6_decision_date_only_affects_the_first_check_in():
    interview = make_interview(decision_expected_at=mar(28))
    sends = [thank_you(mar(11)), check_in(mar(18))]  # checked in early, against the advice
    assert evaluate(mar(20), sends, interview=interview).due_at == mar(25)


# --------------------------------------------------------------------------- rule 3


def test_rule_3_out_of_office_waits_until_return_then_check_in():
    replies = [reply("out_of_office", mar(19), returns_at=mar(30, 8))]
    result = evaluate(mar(20), [thank_you(mar(11))], replies)
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(30, 8), "check_in")
    assert result.suggested_draft_kind == "check_in"
    assert "out of office until 30 March" in result.reason
    # The auto-reply is not a contact.
    assert result.last_contact_at == mar(11)


def test_rule_3_after_wait_resolves_a_further_wait():
    # Back on 14 March, but the check-in window only opens on 18 March.
    replies = [reply("out_of_office", mar(11, 15), returns_at=mar(14))]
    result = evaluate(mar(12), [thank_you(mar(11))], replies)
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(14), "check_in")
    # And at the return time, the rules say wait until the window opens.
    later = evaluate(mar(14), [thank_you(mar(11))], replies)
    assert (later.action, later.due_at, later.after_wait) == ("wait", mar(18), "check_in")


def test_rule_3_after_wait_resolves_to_move_on():
    sends = [thank_you(mar(1)), check_in(mar(8)), check_in(mar(15))]
    replies = [reply("out_of_office", mar(15, 15), returns_at=mar(18))]
    result = evaluate(mar(16), sends, replies, interview=make_interview(interviewed_at=mar(1)))
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(18), "move_on")
    assert result.suggested_draft_kind is None


def test_rule_3_during_the_thank_you_window_waits_then_thank_you():
    replies = [reply("out_of_office", mar(10, 16), returns_at=mar(12))]
    result = evaluate(mar(11), replies=replies)
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(12), "send_thank_you")
    assert result.suggested_draft_kind == "thank_you"


def test_rule_3_ends_when_they_are_back():
    replies = [reply("out_of_office", mar(19), returns_at=mar(22))]
    result = evaluate(mar(22), [thank_you(mar(11))], replies)
    assert (result.action, result.due_at) == ("check_in", mar(18))


def test_rule_3_several_auto_replies_wait_for_the_latest_return():
    replies = [
        reply("out_of_office", mar(19), returns_at=mar(28)),
        reply("out_of_office", mar(20), returns_at=mar(24)),
    ]
    result = evaluate(mar(21), [thank_you(mar(11))], replies)
    assert result.due_at == mar(28)


def test_rule_3_without_returns_at_does_not_pause():
    result = evaluate(mar(19), [thank_you(mar(11))], [reply("out_of_office", mar(18, 15))])
    assert result.action == "check_in"


# --------------------------------------------------------------------------- rule 4


def test_rule_4_update_restarts_the_cadence_and_replaces_decision_expected_at():
    interview = make_interview(decision_expected_at=datetime(2026, 4, 30, tzinfo=UTC))
    sends = [thank_you(mar(11)), check_in(mar(18))]
    replies = [reply("update", mar(20), decision_expected_at=mar(22))]
    result = evaluate(mar(21), sends, replies, interview=interview)
    # S = 20 March; the 22 March decision date (not 30 April) → day after is 23 March,
    # before S + 7 days, so the window opens on 27 March.
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(27), "check_in")
    assert result.check_ins_sent == 0
    assert result.check_ins_remaining == 2
    assert result.last_contact_at == mar(20)
    assert "update on 20 March" in result.reason


def test_rule_4_update_with_a_later_decision_date_pushes_the_check_in():
    replies = [reply("update", mar(20), decision_expected_at=mar(31, 12))]
    result = evaluate(mar(21), [thank_you(mar(11))], replies)
    assert result.due_at == datetime(2026, 4, 1, 12, tzinfo=UTC)
    assert "decide by 31 March" in result.reason


def test_rule_4_update_without_a_date_keeps_the_earlier_one():
    interview = make_interview(decision_expected_at=mar(30))
    replies = [reply("update", mar(20))]
    assert evaluate(mar(21), [thank_you(mar(11))], replies, interview=interview).due_at == mar(31)


def test_rule_4_update_skips_the_thank_you_rule():
    result = evaluate(mar(11), replies=[reply("update", mar(10, 18))])
    assert (result.action, result.due_at, result.after_wait) == ("wait", mar(17, 18), "check_in")


def test_rule_4_check_ins_after_the_update_count():
    sends = [thank_you(mar(11)), check_in(mar(18)), check_in(mar(28))]
    replies = [reply("update", mar(20))]
    result = evaluate(mar(29), sends, replies)
    assert result.check_ins_sent == 1
    assert (result.action, result.due_at) == ("wait", datetime(2026, 4, 4, 14, tzinfo=UTC))
    # Back at the update's check-in, the answer is "check in".
    assert evaluate(mar(27), sends[:2], replies).action == "check_in"


# --------------------------------------------------------------------------- event handling


def test_events_after_t_are_ignored():
    sends = [thank_you(mar(12)), check_in(mar(19))]
    result = evaluate(mar(11), sends, [reply("update", mar(11, 15))])
    assert result.action == "send_thank_you"
    assert result.last_contact_at is None


def test_events_exactly_at_t_count():
    assert evaluate(mar(11), [thank_you(mar(11))]).action == "wait"


def test_events_recorded_out_of_order_are_ordered_by_their_own_times():
    in_order = [thank_you(mar(10, 16)), check_in(mar(17)), thank_you(mar(18)), check_in(mar(25))]
    shuffled = [check_in(mar(25)), thank_you(mar(18)), check_in(mar(17)), thank_you(mar(10, 16))]
    a = evaluate(mar(26), in_order)
    b = evaluate(mar(26), shuffled)
    assert a == b
    # S is the thank-you of 18 March, whichever was recorded last.
    assert a.check_ins_sent == 1
    assert (a.action, a.due_at) == ("wait", datetime(2026, 4, 1, 14, tzinfo=UTC))


def test_replies_recorded_out_of_order_use_the_latest_update():
    updates = [
        reply("update", mar(25), decision_expected_at=mar(26)),
        reply("update", mar(20), decision_expected_at=datetime(2026, 5, 1, tzinfo=UTC)),
    ]
    result = evaluate(mar(26), [thank_you(mar(11))], updates)
    assert result.due_at == datetime(2026, 4, 1, 14, tzinfo=UTC)  # from the 25 March update


# --------------------------------------------------------------------------- timezones


def test_reason_dates_are_in_the_interview_timezone():
    # 10 March 23:30 UTC is already 11 March in Tokyo.
    interview = make_interview(interviewed_at=mar(10, 23, 30), timezone="Asia/Tokyo")
    result = evaluate(mar(11), interview=interview)
    assert result.action == "send_thank_you"
    assert "by 12 March at 08:30" in result.reason
    assert result.due_at == mar(11, 23, 30)


def test_no_timezone_shows_utc_dates():
    result = evaluate(mar(10, 23, 45), interview=make_interview(interviewed_at=mar(10, 23, 30)))
    assert "by 11 March at 23:30" in result.reason


def test_offsets_other_than_utc_are_normalised_and_returned_in_utc():
    plus_five = timezone(timedelta(hours=5, minutes=30))
    interview = make_interview(interviewed_at=datetime(2026, 3, 10, 19, 30, tzinfo=plus_five))
    sent = SendEvent("thank_you", datetime(2026, 3, 11, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles")))
    result = next_action(interview, [sent], [], DEFAULT, datetime(2026, 3, 12, 1, 0, tzinfo=plus_five))
    assert result.evaluated_at == datetime(2026, 3, 11, 19, 30, tzinfo=UTC)
    assert result.evaluated_at.tzinfo is UTC
    assert result.due_at == datetime(2026, 3, 18, 16, 0, tzinfo=UTC)  # 09:00 PDT + 7×24 h
    assert result.last_contact_at == datetime(2026, 3, 11, 16, 0, tzinfo=UTC)
    assert result.due_at.tzinfo is UTC


def test_plain_days_are_elapsed_time_across_dst():
    ny = ZoneInfo("America/New_York")
    interview = make_interview(interviewed_at=datetime(2026, 3, 5, 10, tzinfo=ny), timezone="America/New_York")
    sends = [SendEvent("thank_you", datetime(2026, 3, 5, 18, tzinfo=ny))]  # EST
    result = next_action(interview, sends, [], DEFAULT, datetime(2026, 3, 9, tzinfo=UTC))
    # 7 × 24 hours later; DST began on 8 March, so the wall clock reads 19:00 EDT.
    assert result.due_at == datetime(2026, 3, 12, 23, tzinfo=UTC)
    assert result.due_at.astimezone(ny).hour == 19


def test_year_is_shown_when_it_differs_from_the_evaluation_year():
    interview = make_interview(interviewed_at=datetime(2026, 12, 30, 10, tzinfo=UTC))
    result = evaluate(datetime(2027, 1, 2, tzinfo=UTC), [thank_you(datetime(2026, 12, 30, 15, tzinfo=UTC))], interview=interview)
    assert "30 December 2026" in result.reason
    assert "until 6 January before" in result.reason


# --------------------------------------------------------------------------- business days


def test_business_days_skip_the_weekend_for_the_check_in_window():
    policy = PolicyValues(business_days=True)
    # Thank-you on Friday 13 March; 7 business days later is Tuesday 24 March.
    result = evaluate(mar(14), [thank_you(mar(13))], policy=policy)
    assert result.due_at == mar(24)


def test_business_days_skip_thanksgiving_in_the_interview_timezone():
    ny = ZoneInfo("America/New_York")
    interview = make_interview(interviewed_at=datetime(2026, 11, 19, 10, tzinfo=ny), timezone="America/New_York")
    sends = [SendEvent("thank_you", datetime(2026, 11, 20, 9, tzinfo=ny))]  # Friday
    at = datetime(2026, 11, 21, tzinfo=UTC)
    with_us = next_action(interview, sends, [], PolicyValues(business_days=True, holiday_country="US"), at)
    without = next_action(interview, sends, [], PolicyValues(business_days=True), at)
    # 23,24,25,(26 Thanksgiving),27,30 Nov,1,2 Dec → 2 December 09:00 EST.
    assert with_us.due_at == datetime(2026, 12, 2, 14, tzinfo=UTC)
    assert without.due_at == datetime(2026, 12, 1, 14, tzinfo=UTC)
    assert "2 December" in with_us.reason


def test_business_days_keep_wall_clock_across_dst_for_the_check_in():
    ny = ZoneInfo("America/New_York")
    interview = make_interview(interviewed_at=datetime(2026, 10, 22, 10, tzinfo=ny), timezone="America/New_York")
    sends = [SendEvent("thank_you", datetime(2026, 10, 23, 9, tzinfo=ny))]  # Friday, EDT
    policy = PolicyValues(business_days=True, check_in_after_days=6)
    result = next_action(interview, sends, [], policy, datetime(2026, 10, 24, tzinfo=UTC))
    # 6 business days → Monday 2 November, 09:00 EST (DST ended 1 November).
    assert result.due_at.astimezone(ny).replace(tzinfo=None) == datetime(2026, 11, 2, 9)
    assert result.due_at == datetime(2026, 11, 2, 14, tzinfo=UTC)


def test_business_days_leave_thank_you_hours_as_elapsed_hours():
    friday = datetime(2026, 3, 13, 16, tzinfo=UTC)
    policy = PolicyValues(business_days=True)
    result = evaluate(friday + timedelta(hours=1), policy=policy, interview=make_interview(interviewed_at=friday))
    assert result.due_at == friday + timedelta(hours=24)  # Saturday, not Monday


def test_business_days_move_the_thank_you_moment():
    friday = datetime(2026, 3, 13, 16, tzinfo=UTC)
    policy = PolicyValues(business_days=True)
    interview = make_interview(interviewed_at=friday)
    # 7 business days after Friday 13 March is Tuesday 24 March: until then, still a thank-you.
    assert evaluate(friday + timedelta(days=10), policy=policy, interview=interview).action == "send_thank_you"
    result = evaluate(friday + timedelta(days=11), policy=policy, interview=interview)
    assert (result.action, result.due_at) == ("check_in", mar(24, 16))


# --------------------------------------------------------------------------- due_action


def test_due_action_for_each_kind_of_answer():
    assert due_action(make_interview(), [], [], DEFAULT, mar(9)) == ("send_thank_you", mar(10))
    assert due_action(make_interview(), [], [], DEFAULT, mar(10, 15)) == ("send_thank_you", mar(11))
    assert due_action(make_interview(), [thank_you(mar(11))], [], DEFAULT, mar(12)) == ("check_in", mar(18))
    assert due_action(make_interview(), [thank_you(mar(11))], [], DEFAULT, mar(19)) == ("check_in", mar(18))
    assert due_action(make_interview(), [], [reply("rejection", mar(11))], DEFAULT, mar(12)) is None
    ooo = [reply("out_of_office", mar(12), returns_at=mar(14))]
    assert due_action(make_interview(), [thank_you(mar(11))], ooo, DEFAULT, mar(13)) == ("check_in", mar(14))


# --------------------------------------------------------------------------- validation


def test_naive_datetimes_are_rejected():
    with pytest.raises(ValueError, match="aware"):
        evaluate(datetime(2026, 3, 11))
    with pytest.raises(ValueError, match="aware"):
        SendEvent("thank_you", datetime(2026, 3, 11))
    with pytest.raises(ValueError, match="aware"):
        ReplyEvent("out_of_office", mar(11), returns_at=datetime(2026, 3, 12))


def test_unknown_kinds_and_outcomes_are_rejected():
    with pytest.raises(ValueError):
        SendEvent("pigeon", mar(11))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ReplyEvent("maybe", mar(11))  # type: ignore[arg-type]


def test_policy_values_are_validated_and_normalised():
    with pytest.raises(ValueError):
        PolicyValues(max_check_ins=-1)
    with pytest.raises(ValueError):
        PolicyValues(thank_you_ideal_hours=72, thank_you_deadline_hours=48)
    with pytest.raises(ValueError, match="Unknown holiday country"):
        PolicyValues(holiday_country="XX")
    assert PolicyValues(holiday_country="us").holiday_country == "US"
    assert PolicyValues(holiday_country="us") == PolicyValues(holiday_country="US")


def test_events_are_stored_in_utc():
    event = SendEvent("thank_you", datetime(2026, 3, 11, 9, tzinfo=ZoneInfo("Europe/Paris")))
    assert event.sent_at == mar(11, 8)
    assert event.sent_at.tzinfo is UTC


# --------------------------------------------------------------------------- send_warnings


def warnings_for(new_send, prior=(), replies=(), policy=DEFAULT, interview=None) -> list[str]:
    return send_warnings(interview or make_interview(), list(prior), list(replies), policy, new_send)


def test_on_time_thank_you_has_no_warnings():
    assert warnings_for(thank_you(mar(11))) == []


def test_check_in_inside_its_window_has_no_warnings():
    assert warnings_for(check_in(mar(18)), [thank_you(mar(11))]) == []
    assert warnings_for(check_in(mar(25)), [thank_you(mar(11)), check_in(mar(18))]) == []


def test_check_in_before_its_window_says_when_it_opens():
    [warning] = warnings_for(check_in(mar(14)), [thank_you(mar(11))])
    assert "before the window opened on 18 March" in warning


def test_second_check_in_too_soon_says_when_it_opens():
    [warning] = warnings_for(check_in(mar(20)), [thank_you(mar(11)), check_in(mar(18))])
    assert "25 March" in warning


def test_more_check_ins_than_allowed():
    prior = [thank_you(mar(11)), check_in(mar(18)), check_in(mar(25))]
    [warning] = warnings_for(check_in(datetime(2026, 4, 2, tzinfo=UTC)), prior)
    assert "check-in number 3" in warning
    assert "at most 2 check-ins" in warning


def test_check_in_when_the_policy_allows_none():
    [warning] = warnings_for(check_in(mar(20)), [thank_you(mar(11))], policy=PolicyValues(max_check_ins=0))
    assert "allows no check-ins" in warning


def test_late_thank_you_says_how_late():
    [warning] = warnings_for(thank_you(mar(13, 18)))
    assert "3 days and 4 hours after the interview" in warning
    assert "1 day and 4 hours past the 48-hour limit" in warning
    assert "better than none" in warning


def test_second_thank_you():
    [warning] = warnings_for(thank_you(mar(12)), [thank_you(mar(11))])
    assert "already sent a thank-you note on 11 March" in warning


def test_check_in_before_any_thank_you_while_there_is_time():
    [warning] = warnings_for(check_in(mar(11)))
    assert "before any thank-you" in warning


def test_check_in_without_thank_you_is_fine_once_the_moment_passed():
    assert warnings_for(check_in(mar(17))) == []


def test_check_in_after_a_decisive_reply():
    [warning] = warnings_for(check_in(mar(20)), [thank_you(mar(11))], [reply("offer", mar(19))])
    assert "already answered on 19 March" in warning
    assert "an offer" in warning


def test_check_in_while_they_are_out_of_office():
    replies = [reply("out_of_office", mar(18, 15), returns_at=mar(23))]
    [warning] = warnings_for(check_in(mar(19)), [thank_you(mar(11))], replies)
    assert "out of office until 23 March" in warning


def test_send_before_the_interview():
    [warning] = warnings_for(thank_you(mar(9)))
    assert "before the interview" in warning


def test_warnings_only_consider_events_before_the_new_send():
    # A thank-you recorded earlier but dated later is not "a second thank-you" for this one.
    assert warnings_for(thank_you(mar(11)), [thank_you(mar(12))]) == []
    # A check-in at the same instant is not a prior one.
    assert warnings_for(check_in(mar(18)), [thank_you(mar(11)), check_in(mar(18))]) == []


def test_check_in_after_an_update_counts_from_the_update():
    prior = [thank_you(mar(11)), check_in(mar(18)), check_in(mar(25))]
    replies = [reply("update", mar(26))]
    assert warnings_for(check_in(datetime(2026, 4, 2, 14, tzinfo=UTC)), prior, replies) == []
    [warning] = warnings_for(check_in(mar(28)), prior, replies)
    assert "2 April" in warning


# --------------------------------------------------------------------------- properties

MOMENTS = st.datetimes(
    min_value=datetime(2026, 2, 1), max_value=datetime(2026, 6, 30), timezones=st.just(UTC)
)
OPTIONAL_MOMENT = st.none() | MOMENTS
SENDS = st.builds(SendEvent, kind=st.sampled_from(["thank_you", "check_in"]), sent_at=MOMENTS)
REPLIES = st.builds(
    ReplyEvent,
    outcome=st.sampled_from(["offer", "rejection", "next_round", "withdrawn", "update", "out_of_office"]),
    received_at=MOMENTS,
    returns_at=OPTIONAL_MOMENT,
    decision_expected_at=OPTIONAL_MOMENT,
)
POLICIES = st.builds(
    lambda ideal, extra, after, interval, max_ci, move_on, business, country: PolicyValues(
        thank_you_ideal_hours=ideal,
        thank_you_deadline_hours=ideal + extra,
        check_in_after_days=after,
        check_in_interval_days=interval,
        max_check_ins=max_ci,
        move_on_after_days=move_on,
        business_days=business,
        holiday_country=country,
    ),
    st.integers(0, 72),
    st.integers(0, 72),
    st.integers(0, 21),
    st.integers(0, 21),
    st.integers(0, 4),
    st.integers(0, 21),
    st.booleans(),
    st.sampled_from([None, "US", "GB"]),
)
INTERVIEWS = st.builds(
    make_interview,
    interviewed_at=MOMENTS,
    timezone=st.sampled_from([None, "America/New_York", "Europe/London", "Asia/Tokyo"]),
    decision_expected_at=OPTIONAL_MOMENT,
)


@settings(max_examples=300, deadline=None)
@given(
    interview=INTERVIEWS,
    sends=st.lists(SENDS, max_size=6),
    replies=st.lists(REPLIES, max_size=4),
    policy=POLICIES,
    at=MOMENTS,
    data=st.data(),
)
def test_next_action_is_deterministic_order_free_and_well_formed(interview, sends, replies, policy, at, data):
    result = next_action(interview, sends, replies, policy, at)
    shuffled_sends = data.draw(st.permutations(sends))
    shuffled_replies = data.draw(st.permutations(replies))
    assert next_action(interview, shuffled_sends, shuffled_replies, policy, at) == result

    assert result.evaluated_at == at and result.evaluated_at.tzinfo is UTC
    assert result.check_ins_remaining == max(0, policy.max_check_ins - result.check_ins_sent)
    if result.action == "wait":
        assert result.due_at is not None and result.due_at > at
        assert result.after_wait in ("send_thank_you", "check_in", "move_on")
        assert due_action(interview, sends, replies, policy, at) == (result.after_wait, result.due_at)
    elif result.action == "done":
        assert result.due_at is None
        assert due_action(interview, sends, replies, policy, at) is None
    else:
        assert result.due_at is not None and result.due_at.tzinfo is UTC
        assert result.after_wait is None
    if result.late:
        assert result.action == "send_thank_you"
    assert result.reason and result.reason[0].isupper() and result.reason.endswith(".")


@settings(max_examples=200, deadline=None)
@given(
    interview=INTERVIEWS,
    sends=st.lists(SENDS, max_size=6),
    replies=st.lists(REPLIES, max_size=4),
    policy=POLICIES.filter(lambda p: p.check_in_after_days > 0),
    at=MOMENTS,
)
def test_a_wait_ends_in_its_after_wait_when_nothing_new_happens(interview, sends, replies, policy, at):
    # Only what is known at `at`; and nothing dated before the interview, since rule 2 says
    # "then send_thank_you" whatever such (nonsensical) events would later imply.
    start = interview.interviewed_at
    known_sends = [s for s in sends if start <= s.sent_at <= at]
    known_replies = [r for r in replies if start <= r.received_at <= at]
    result = next_action(interview, known_sends, known_replies, policy, at)
    if result.action != "wait":
        return
    current = result
    for _ in range(4):  # an out-of-office wait may be followed by one more wait
        assert current.due_at is not None
        current = next_action(interview, known_sends, known_replies, policy, current.due_at)
        if current.action != "wait":
            break
        assert current.after_wait == result.after_wait
    assert current.action == result.after_wait


@settings(max_examples=200, deadline=None)
@given(
    interview=INTERVIEWS,
    prior=st.lists(SENDS, max_size=5),
    replies=st.lists(REPLIES, max_size=3),
    policy=POLICIES,
    new_send=SENDS,
)
def test_send_warnings_never_raise_and_are_sentences(interview, prior, replies, policy, new_send):
    warnings = send_warnings(interview, prior, replies, policy, new_send)
    assert all(w and w.endswith(".") for w in warnings)
    assert len(warnings) == len(set(warnings))
