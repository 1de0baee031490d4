"""POST /v1/score through HTTP: inline or stored interview, history-aware check-ins, hostile text."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

NOW = datetime.now(UTC).replace(microsecond=0)
GOOD_NOTE = (
    "Dear Lucia,\n\nThank you for taking the time to speak with me today about the Senior Data Engineer role. "
    "I enjoyed our conversation about moving the claims pipeline to streaming, and it made me even more "
    "excited about the position. My six years of HIPAA-compliant data platforms would let me contribute quickly. "
    "You asked about Kafka in production: I ran Kinesis at scale and the concepts carry over directly. "
    "As promised, my portfolio link is at the bottom of this note.\n\n"
    "I look forward to hearing from you and would be thrilled to join the team.\n\nBest regards,\nPriya Raman"
)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def guideline(report: dict, guideline_id: str) -> dict:
    return next(g for g in report["guidelines"] if g["id"] == guideline_id)


def test_score_with_an_inline_interview_reports_every_guideline(client, interview_payload):
    sent = datetime.fromisoformat(interview_payload["interviewed_at"]) + timedelta(hours=4)
    response = client.post("/v1/score", json={"kind": "thank_you", "body": GOOD_NOTE,
                                              "interview": interview_payload, "sent_at": sent.isoformat()})
    assert response.status_code == 200, response.text
    report = response.json()
    assert {g["id"] for g in report["guidelines"]} == {
        "thanks", "interest", "concerns", "additional_info", "enthusiastic_close", "promptness",
        "personalization", "proofreading", "patience", "brevity"}
    assert guideline(report, "thanks")["status"] == "pass"
    assert guideline(report, "promptness")["status"] == "pass"
    assert guideline(report, "personalization")["status"] == "pass"
    evidence = guideline(report, "thanks")["evidence"][0]
    assert GOOD_NOTE[evidence["start"]:evidence["end"]] == evidence["text"]
    assert 0 <= report["overall"] <= 100 and report["overall"] >= 80


def test_issue_offsets_count_code_points_even_after_emoji(client):
    body = "Dear Zoë 😊,\n\nThank you for the oportunity.\n\nBest,\nSøren"
    report = client.post("/v1/score", json={"kind": "thank_you", "body": body}).json()
    issue = next(i for i in report["issues"] if i["rule"]["issue_type"] == "misspelling")
    assert body[issue["offset"]:issue["offset"] + issue["length"]] == "oportunity"
    assert "opportunity" in issue["replacements"]


def test_a_check_in_beyond_the_policy_fails_patience_given_the_interview_id(client, interview_payload):
    start = NOW - timedelta(days=30)
    created = client.post("/v1/interviews", json={**interview_payload, "interviewed_at": iso(start)}).json()
    url = f"/v1/interviews/{created['id']}/sends"
    for kind, days in (("thank_you", 0.2), ("check_in", 8), ("check_in", 15)):
        assert client.post(url, json={"kind": kind, "sent_at": iso(start + timedelta(days=days))}).status_code == 201
    body = ("Hi Lucia,\n\nI hope you are well. I wanted to ask whether there is any news on the Senior Data "
            "Engineer role we discussed. I remain very interested.\n\nBest,\nPriya")
    report = client.post("/v1/score", json={"kind": "check_in", "body": body, "interview_id": created["id"],
                                            "sent_at": iso(start + timedelta(days=22))}).json()
    assert guideline(report, "patience")["status"] == "fail"
    early = client.post("/v1/score", json={"kind": "check_in", "body": body, "interview_id": created["id"],
                                           "sent_at": iso(start + timedelta(days=9))}).json()
    assert guideline(early, "promptness")["status"] == "fail"  # the second check-in's window opens on day 15


def test_score_for_an_unknown_interview_is_a_404(client):
    response = client.post("/v1/score", json={"kind": "thank_you", "body": "Thanks!",
                                              "interview_id": "00000000-0000-0000-0000-000000000001"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("body", [
    "", "   \n\t  ", "😊" * 500, "שלום, תודה רבה על הראיון", "مرحبا، شكرا لك على وقتك",
    "word " * 10_000, "\u202e\u202dthank you\u0000", "a" * 100_000, "!!!!!!!!!!!!" * 100, "Dear ,\n\n,\n\n",
])
def test_score_never_fails_on_hostile_text(client, body):
    for kind in ("thank_you", "check_in"):
        response = client.post("/v1/score", json={"kind": kind, "body": body})
        assert response.status_code == 200, response.text[:300]
        assert 0 <= response.json()["overall"] <= 100


def test_score_rejects_text_over_the_limit_and_both_interview_forms(client, interview_payload):
    too_long = client.post("/v1/score", json={"kind": "thank_you", "body": "a" * 100_001})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["pointer"] == "/body"
    both = client.post("/v1/score", json={"kind": "thank_you", "body": "Thanks", "interview": interview_payload,
                                          "interview_id": "00000000-0000-0000-0000-000000000001"})
    assert both.status_code == 422 and "either" in both.text
