import pytest

from tests.scoring import check_in, status, thank_you


@pytest.mark.parametrize("sentence", [
    "I remain very interested in the position, and my ten years in critical care fit it well.",
    "I'd love to join your team; my background in sepsis care would help from day one.",
    "The role excites me, and I have led night shifts for two years.",
    "I am eager to contribute, and I bring deep experience with ICU staffing.",
])
def test_interest_with_fit_passes(sentence):
    report = thank_you(f"Dear Lucia,\n\nThank you for your time. {sentence}\n\nBest,\nPriya")
    assert status(report, "interest") == "pass"


def test_interest_without_fit_warns_and_names_a_strength():
    report = thank_you("Dear Lucia,\n\nThank you for your time. I am very interested in the role.\n\nBest,\nPriya")
    result = report.guideline("interest")
    assert result.status == "warn"
    assert "critical-care" in result.advice


def test_no_interest_fails():
    assert status(thank_you("Dear Lucia,\n\nThank you for your time today.\n\nBest,\nPriya"), "interest") == "fail"


def test_lost_interest_fails():
    report = thank_you("Dear Lucia,\n\nThank you for your time. I am no longer interested in the role.\n\nPriya")
    assert status(report, "interest") == "fail"


def test_check_in_needs_interest_but_not_fit():
    assert status(check_in("Hi Lucia,\n\nI am still keen on the role.\n\nBest,\nPriya"), "interest") == "pass"
    assert status(check_in("Hi Lucia,\n\nAny news on the role?\n\nBest,\nPriya"), "interest") == "fail"


@pytest.mark.parametrize("ending", [
    "I look forward to hearing from you.",
    "I'd be thrilled to join the team.",
    "Hoping to hear from you soon, and thank you again.",
    "I can't wait to hear about next steps.",
])
def test_enthusiastic_close_passes(ending):
    body = f"Dear Lucia,\n\nThank you for your time. The unit impressed me.\n{ending}\n\nBest regards,\nPriya"
    assert status(thank_you(body), "enthusiastic_close") == "pass"


def test_enthusiasm_only_early_in_the_note_is_not_a_close():
    body = ("Dear Lucia,\n\nI look forward to joining you. Thank you for your time. We covered staffing.\n"
            "Let me know if you need anything.\n\nBest regards,\nPriya")
    result = thank_you(body).guideline("enthusiastic_close")
    assert result.status == "fail"
    assert result.evidence and "Let me know" in result.evidence[0].text


@pytest.mark.parametrize("ending", [
    "I am not looking forward to waiting weeks again.",
    "Let me know, whatever you decide.",
])
def test_negative_close_fails(ending):
    body = f"Dear Lucia,\n\nThank you for your time.\n{ending}\n\nBest,\nPriya"
    assert status(thank_you(body), "enthusiastic_close") == "fail"
