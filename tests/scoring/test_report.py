from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

import app.scoring as scoring
from app.scoring import WEIGHTS, SendContext, score_note
from tests.scoring import GOOD_CHECK_IN, GOOD_THANK_YOU, check_in, make_interview, thank_you

IDS = ["thanks", "interest", "concerns", "additional_info", "enthusiastic_close", "promptness",
       "personalization", "proofreading", "patience", "brevity"]


def test_report_lists_every_guideline_in_spec_order_with_weights():
    report = thank_you(GOOD_THANK_YOU)
    assert [g.id for g in report.guidelines] == IDS
    assert all(g.weight == WEIGHTS[g.id] for g in report.guidelines)
    assert all(g.advice for g in report.guidelines)
    assert report.held_to == IDS
    assert report.overall == 100


def test_weights_cover_every_guideline_and_are_documented_next_to_the_dict():
    assert set(WEIGHTS) == set(IDS)
    assert all(w > 0 for w in WEIGHTS.values())
    source = open(scoring.scorer.__file__, encoding="utf-8").read()
    assert source.index("WEIGHTS: dict[str, float]") < source.index('"""Weight of each guideline')


def test_overall_is_the_weighted_mean_of_applicable_scores():
    report = check_in(GOOD_CHECK_IN.replace("I remain very interested in the ICU Charge Nurse position and", "I"))
    applicable = [g for g in report.guidelines if g.status != "not_applicable"]
    expected = round(100 * sum(g.score * g.weight for g in applicable) / sum(g.weight for g in applicable))
    assert report.overall == expected
    assert report.guideline("interest").status == "fail"
    assert 0 < report.overall < 100


def test_report_is_deterministic_and_serialisable():
    a = thank_you(GOOD_THANK_YOU).as_dict()
    b = thank_you(GOOD_THANK_YOU).as_dict()
    assert a == b
    assert set(a) == {"overall", "guidelines", "issues", "word_count", "held_to"}


def test_issue_offsets_are_code_points_into_the_body():
    body = "Dear Zoë 🙂,\n\nThank you for the oportunity.\n\nBest,\nPriya"
    report = thank_you(body)
    issue = next(i for i in report.issues if i.rule.issue_type == "misspelling")
    assert body[issue.offset:issue.offset + issue.length] == "oportunity"
    ctx = issue.context
    assert ctx.text[ctx.offset:ctx.offset + ctx.length] == "oportunity"


@given(st.text(max_size=400))
@settings(max_examples=100, deadline=None)
def test_never_raises_on_any_text(text):
    for kind in ("thank_you", "check_in"):
        report = score_note(text, kind=kind, interview=make_interview(),
                            history=SendContext(1, 2, datetime(2026, 3, 20, tzinfo=timezone.utc)))
        assert 0 <= report.overall <= 100
        for issue in report.issues:
            assert 0 <= issue.offset <= issue.offset + issue.length <= len(text)
        for g in report.guidelines:
            for span in g.evidence:
                assert text[span.start:span.end] == span.text


def test_edge_inputs_do_not_raise():
    bodies = ["", "   \n\t ", "🙂🎉🚀", "שלום, תודה רבה על הראיון", "مرحبا شكرا لكم", "!!!...???,,,",
              "word " * 10_000, "a" * 5000, "\u200f\u200e\ufeff", "Dear ,\n\n\n\nBest,\n",
              "İstanbul İİİ ŞEHİR ﬁnance ǅ thanks, I am very interested"]
    for body in bodies:
        for kind in ("thank_you", "check_in"):
            report = score_note(body, kind=kind)
            assert 0 <= report.overall <= 100
    assert score_note("", kind="thank_you").word_count == 0


def test_interview_with_lists_instead_of_tuples_still_scores():
    iv = make_interview(highlights=["the new sepsis screening protocol"], strengths=["critical-care experience"])
    report = thank_you(GOOD_THANK_YOU, interview=iv)
    assert report.guideline("personalization").status == "pass"


def test_dictionary_loads_once_under_concurrent_first_use(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    import spellchecker

    from app.scoring import proofread

    monkeypatch.setattr(proofread, "_words", None)
    monkeypatch.setattr(proofread, "_vocabulary", None)
    loads = []

    class CountingChecker(spellchecker.SpellChecker):
        def __init__(self, *args, **kwargs):
            loads.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(spellchecker, "SpellChecker", CountingChecker)
    body = "Dear Lucia,\n\nThank you for the oportunity.\n\nBest,\nPriya"
    with ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(lambda _: thank_you(body).as_dict(), range(16)))
    assert len(loads) == 1
    assert all(r == reports[0] for r in reports)


_FRAGMENTS = ["Dear Lucia,", "\n\n", "Thank you", " for the oportunity", ". ", "I am very intrested", " in the role",
              "!!", " i think", " a MBA", " the the", "Its been", " a week", "’", "İ", "🙂", "Best,\nPriya",
              " recieve", " definately", " sepsis screening", " ASAP", " just checking in", "..", "\t", "—"]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40))
@settings(max_examples=150, deadline=None)
def test_evidence_and_issue_spans_point_into_the_body_even_through_corrections(parts):
    body = "".join(parts)
    report = score_note(body, kind="thank_you", interview=make_interview(),
                        sent_at=datetime(2026, 3, 10, 20, tzinfo=timezone.utc))
    for g in report.guidelines:
        for span in g.evidence:
            assert 0 <= span.start <= span.end <= len(body)
            assert body[span.start:span.end] == span.text
    for issue in report.issues:
        ctx = issue.context
        assert ctx.text[ctx.offset:ctx.offset + ctx.length] == body[issue.offset:issue.offset + issue.length]
