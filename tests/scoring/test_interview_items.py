from app.core.facts import Concern, Person
from tests.scoring import GOOD_THANK_YOU, check_in, make_interview, status, thank_you


def test_all_items_addressed_by_paraphrase_pass():
    report = thank_you(GOOD_THANK_YOU)
    for gid in ("concerns", "additional_info", "personalization"):
        assert status(report, gid) == "pass", gid
        assert report.guideline(gid).evidence


def test_paraphrase_with_other_word_forms_matches():
    iv = make_interview(
        highlights=("migrating the billing service to Kubernetes",),
        concerns=(Concern("limited experience managing large budgets"),),
        additional_info=("references from my previous supervisor",),
    )
    body = ("Dear Lucia,\n\nThank you for your time. I enjoyed our talk about the billing migration to k8s. "
            "On budgets: I managed a $2M budget last year. My former manager is happy to act as a reference."
            "\n\nBest,\nPriya")
    report = thank_you(body, interview=iv)
    assert status(report, "personalization") == "pass"
    assert status(report, "concerns") == "pass"
    assert status(report, "additional_info") == "pass"


def test_some_concerns_addressed_warns_and_names_the_missing_one():
    iv = make_interview(concerns=(Concern("no charge-nurse title yet"), Concern("weekend availability")))
    body = "Dear Lucia,\n\nThank you. About the title: I have served as relief charge for two years.\n\nBest,\nPriya"
    result = thank_you(body, interview=iv).guideline("concerns")
    assert result.status == "warn"
    assert "weekend availability" in result.advice
    assert 0 < result.score < 1


def test_company_and_position_names_alone_are_not_personal():
    body = "Dear Lucia,\n\nThank you for the ICU Charge Nurse interview at St. Mary's Hospital.\n\nBest,\nPriya"
    report = thank_you(body)
    assert status(report, "personalization") == "fail"
    assert "sepsis" in report.guideline("personalization").advice


def test_none_addressed_fails():
    report = thank_you("Dear Lucia,\n\nThank you for your time.\n\nBest,\nPriya")
    assert status(report, "concerns") == "fail"
    assert status(report, "additional_info") == "fail"


def test_not_applicable_without_items_and_for_check_ins():
    iv = make_interview(concerns=(), additional_info=(), highlights=())
    report = thank_you("Dear Lucia,\n\nThank you.\n\nPriya", interview=iv)
    for gid in ("concerns", "additional_info", "personalization"):
        assert status(report, gid) == "not_applicable"
    report = check_in("Hi Lucia,\n\nStill keen on the role.\n\nPriya")
    for gid in ("concerns", "additional_info", "personalization", "thanks", "enthusiastic_close"):
        assert status(report, gid) == "not_applicable"
    assert report.held_to == ["interest", "promptness", "proofreading", "patience", "brevity"]


def test_non_ascii_names_and_items():
    iv = make_interview(candidate=Person("Zoë Ångström"), interviewers=(Person("José Núñez"),),
                        highlights=("the Malmö clinic's triage redesign",))
    body = ("Estimado José Núñez,\n\nThank you for your time. The Malmö triage redesign impressed me, "
            "and I am keen to help.\n\nBest,\nZoë Ångström")
    report = thank_you(body, interview=iv)
    assert status(report, "personalization") == "pass"
    assert not [i for i in report.issues if i.rule.issue_type == "misspelling"]
