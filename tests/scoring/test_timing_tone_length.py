from datetime import timedelta

import pytest

from app.scoring import SendContext, score_note
from tests.scoring import GOOD_CHECK_IN, INTERVIEWED_AT, check_in, make_interview, status, thank_you


@pytest.mark.parametrize(("hours", "expected"), [(2, "pass"), (24, "pass"), (30, "warn"), (48, "warn"), (49, "fail")])
def test_thank_you_promptness(hours, expected):
    assert status(thank_you("Dear Lucia,\n\nThank you.\n\nPriya", hours=hours), "promptness") == expected


def test_thank_you_without_sent_at_is_judged_against_now():
    report = score_note("Thank you.", kind="thank_you", interview=make_interview(),
                        now=INTERVIEWED_AT + timedelta(days=5))
    assert status(report, "promptness") == "fail"


def test_check_in_promptness_uses_the_window():
    opens = INTERVIEWED_AT + timedelta(days=8)
    hist = SendContext(check_ins_sent=0, max_check_ins=2, check_in_opens_at=opens)
    assert status(check_in(GOOD_CHECK_IN, history=hist, sent_at=opens + timedelta(hours=1)), "promptness") == "pass"
    early = check_in(GOOD_CHECK_IN, history=hist, sent_at=opens - timedelta(days=2))
    assert status(early, "promptness") == "fail"
    assert "opens" in early.guideline("promptness").advice
    assert status(check_in(GOOD_CHECK_IN), "promptness") == "not_applicable"


@pytest.mark.parametrize("sentence", [
    "I need an answer by Friday or I will accept another offer.",
    "Please respond ASAP.",
    "Why haven't you replied yet?",
    "After all the time I spent preparing, the least you could do is reply.",
    "I really need this job, please, I'm begging you.",
    "I am VERY interested and waiting.",
    "Any news?!!",
    "It has been two weeks and I am still waiting.",
])
def test_pushy_tone_fails(sentence):
    report = check_in(f"Hi Lucia,\n\nI remain interested in the role. {sentence}\n\nPriya")
    result = report.guideline("patience")
    assert result.status == "fail"
    assert result.evidence
    assert any(i.guideline == "patience" for i in report.issues)


@pytest.mark.parametrize("sentence", [
    "Just checking in on the role.",
    "I wanted to touch base about the position.",
    "Circling back on my application.",
    "Just following up on our conversation.",
])
def test_stock_filler_warns_on_a_check_in(sentence):
    report = check_in(f"Hi Lucia,\n\n{sentence} I remain interested.\n\nPriya")
    assert status(report, "patience") == "warn"


def test_acronyms_are_not_shouting():
    body = "Hi Lucia,\n\nMy CCRN and ACLS are current, and our HIPAA training at NYU covered EHR use.\n\nPriya"
    assert status(check_in(body), "patience") == "pass"


def test_too_many_check_ins_fails_patience():
    hist = SendContext(check_ins_sent=2, max_check_ins=2, check_in_opens_at=None)
    result = check_in(GOOD_CHECK_IN, history=hist).guideline("patience")
    assert result.status == "fail"
    assert "move on" in result.advice
    assert status(check_in(GOOD_CHECK_IN), "patience") == "pass"


def _words(n: int) -> str:
    return " ".join(["word"] * n)


@pytest.mark.parametrize(("n", "expected"), [(79, "fail"), (80, "warn"), (99, "warn"), (100, "pass"),
                                             (200, "pass"), (201, "warn"), (250, "warn"), (251, "fail")])
def test_thank_you_brevity_by_word_count(n, expected):
    report = thank_you(_words(n))
    assert report.word_count == n
    assert status(report, "brevity") == expected


@pytest.mark.parametrize(("sentences", "expected"), [(3, "pass"), (4, "pass"), (5, "warn"), (6, "warn"), (7, "fail")])
def test_check_in_brevity_by_sentences(sentences, expected):
    body = "Hi Lucia,\n\n" + " ".join(["I remain keen on the role."] * sentences) + "\n\nBest regards,\nPriya Raman"
    assert status(check_in(body), "brevity") == expected


def test_word_count_counts_tokens_with_a_letter_or_digit():
    assert thank_you("Hi — Lucia, 2 days … ok!").word_count == 5
