import pytest

from app.scoring.proofread import suggestions
from tests.scoring import make_interview, status, thank_you


def _spelling(report):
    return [(i.context.text[i.context.offset:i.context.offset + i.length], i.replacements)
            for i in report.issues if i.rule.issue_type == "misspelling"]


def _grammar(report):
    return [i.rule.id for i in report.issues if i.guideline == "proofreading" and i.rule.issue_type != "misspelling"]


def test_misspellings_found_with_suggestions_and_exact_offsets():
    body = "Dear Lucia,\n\nThank you for the oportunity. I definately hope to recieve news.\n\nBest,\nPriya"
    report = thank_you(body)
    found = {w: reps for w, reps in _spelling(report)}
    assert set(found) == {"oportunity", "definately", "recieve"}
    assert found["recieve"][0] == "receive"
    assert "opportunity" in found["oportunity"]
    for issue in report.issues:
        assert body[issue.offset:issue.offset + issue.length] in found or issue.rule.issue_type != "misspelling"
    assert status(report, "proofreading") == "fail"
    assert "oportunity" in report.guideline("proofreading").advice


def test_vocabulary_names_and_interview_terms_are_not_misspellings():
    iv = make_interview(highlights=("the Zorblatt triage dashboard",), strengths=("Epic and Cerner charting",))
    body = ("Dear Ms. Alvarez,\n\nOur talk about Kubernetes, PostgreSQL, HIPAA, onboarding, stakeholders, EBITDA, "
            "Figma, SKUs, KPIs, Q3, LinkedIn, PyTorch, SaaS, DevOps, Terraform, GitHub, roadmaps and upskilling "
            "was great. I'm sure the zorblatt dashboard, a well-known tool, helps. Email me at priya.r@example.com "
            "or see https://example.com/priya. We'd organise the colour scheme and centre the programme. "
            "Since 2019 I have met Dr. Okonkwo-Smith.\n\nBest,\nPriya Raman")
    report = thank_you(body, interview=iv)
    assert _spelling(report) == []


def test_lowercase_misspelling_mid_sentence_is_caught_but_capitalised_names_are_not():
    report = thank_you("Dear Lucia,\n\nI met Ingeborg and Thaddeus, who were very helpfull.\n\nPriya")
    assert [w for w, _ in _spelling(report)] == ["helpfull"]


@pytest.mark.parametrize(("text", "rule"), [
    ("We discussed the the schedule.", "ENGLISH_WORD_REPEAT_RULE"),
    ("It was a honor to meet you.", "EN_A_VS_AN"),
    ("It was an pleasure to meet you.", "EN_A_VS_AN"),
    ("I have a MBA from a good school.", "EN_A_VS_AN"),
    ("I think i would fit well.", "I_LOWERCASE"),
    ("It went well. the team was kind.", "UPPERCASE_SENTENCE_START"),
    ("It went well.. The team was kind.", "DOUBLE_PUNCTUATION"),
    ("Really,, it went well.", "DOUBLE_PUNCTUATION"),
    ("Would you consider me??", "DOUBLE_PUNCTUATION"),
])
def test_grammar_slips(text, rule):
    assert _grammar(thank_you(f"Dear Lucia,\n\n{text}\n\nBest,\nPriya")) == [rule]


@pytest.mark.parametrize("text", [
    "It was an hour well spent at a university hospital.",
    "I hold an MBA and a one-time certificate from a European board, an RN license and a KPI focus.",
    "I was thinking... maybe we could talk.",
    "I had had a long day. That that works is great.",
    "Sent from my iPhone at 3 p.m. on the 5th, e.g. after lunch.",
    "I checked the items (i) and (ii).",
])
def test_correct_text_has_no_grammar_slips(text):
    assert _grammar(thank_you(f"Dear Lucia,\n\n{text}\n\nBest,\nPriya")) == []


def test_wrapped_lines_are_not_sentence_starts():
    body = "Dear Lucia,\n\nThank you for the interview and\nthe tour of the unit.\n\nBest,\nPriya"
    assert _grammar(thank_you(body)) == []


def test_suggestions_are_distance_one_and_cached():
    assert suggestions("recieve")[0] == "receive"
    assert suggestions("zzzzzzzzqqq") == ()
    assert suggestions.cache_info().hits >= 0


def test_one_or_two_slips_warn():
    report = thank_you("Dear Lucia,\n\nThank you for the oportunity.\n\nBest,\nPriya")
    assert status(report, "proofreading") == "warn"


@pytest.mark.parametrize(("typo", "fix"), [
    ("tommorow", "tomorrow"), ("maintainance", "maintenance"), ("reccomend", "recommend"),
    ("occured", "occurred"), ("truely", "truly"), ("thankyou", "thank you"),
])
def test_distance_two_typos_and_run_together_words_get_a_suggestion(typo, fix):
    body = f"Dear Lucia,\n\nI {typo} it.\n\nBest,\nPriya"
    issue = next(i for i in thank_you(body).issues if i.rule.issue_type == "misspelling")
    assert body[issue.offset:issue.offset + issue.length] == typo
    assert issue.replacements[0] == fix


def test_regular_inflections_pass_but_doubling_mistakes_do_not():
    from app.scoring.proofread import is_known

    assert all(is_known(w) for w in ("benchmarked", "architected", "benchmarking"))
    assert not any(is_known(w) for w in ("occured", "refered", "comming", "truely", "writting"))
