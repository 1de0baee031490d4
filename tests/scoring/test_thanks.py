import pytest

from tests.scoring import GOOD_THANK_YOU, check_in, status, thank_you


@pytest.mark.parametrize("sentence", [
    "Thank you for taking the time to speak with me on Tuesday.",
    "Thanks so much for the conversation yesterday.",
    "I appreciated the chance to learn more about the unit.",
    "It was a pleasure speaking with you about the role.",
    "I'm grateful for the time you spent walking me through the ward.",
    "I really enjoyed our conversation about patient flow.",
    "It was great to meet the whole team on Monday.",
    "I was delighted to meet you and the team.",
    "Many thanks for a thoughtful interview.",
])
def test_paraphrased_thanks_passes(sentence):
    report = thank_you(f"Dear Lucia,\n\n{sentence} I am eager to join.\n\nBest,\nPriya")
    assert status(report, "thanks") == "pass"
    assert report.guideline("thanks").evidence


@pytest.mark.parametrize("sentence", [
    "Thanks for nothing.",
    "Thanks for wasting my afternoon with that panel.",
    "Thanks a lot for ghosting me after the interview.",
    "Thank you, I guess, for the interview.",
    "I do not appreciate how the interview went.",
])
def test_sarcastic_or_negated_thanks_fails(sentence):
    report = thank_you(f"Dear Lucia,\n\n{sentence}\n\nPriya")
    result = report.guideline("thanks")
    assert result.status == "fail"
    assert result.evidence, "the backhanded thanks is shown as evidence"
    assert any(i.guideline == "thanks" for i in report.issues)


def test_no_thanks_fails_with_actionable_advice():
    result = thank_you("Dear Lucia,\n\nI am interested in the role.\n\nPriya").guideline("thanks")
    assert result.status == "fail"
    assert "thank" in result.advice.lower()


def test_a_request_to_appreciate_is_not_thanks():
    report = thank_you("Dear Lucia,\n\nI would appreciate an update on the role.\n\nPriya")
    assert status(report, "thanks") == "fail"


def test_sign_off_alone_is_not_thanks():
    report = thank_you("Dear Lucia,\n\nI am interested in the role.\n\nThanks,\nPriya")
    assert status(report, "thanks") == "fail"


def test_good_note_thanks_pass_and_check_in_is_not_held_to_thanks():
    assert status(thank_you(GOOD_THANK_YOU), "thanks") == "pass"
    assert status(check_in("Hi Lucia,\n\nI remain interested in the role.\n\nBest,\nPriya"), "thanks") == "not_applicable"
