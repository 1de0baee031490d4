"""Drafts, stateless rendering and templates through HTTP."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

NOW = datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def rich_interview(interview_payload):
    return {
        **interview_payload,
        "interviewed_at": iso(NOW - timedelta(hours=3)),
        "interviewers": [{"name": "Lucia Alvarez", "title": "Director of Data", "email": "lucia@northwind.example"},
                         {"name": "Ben Okafor", "title": "Staff Engineer", "email": "ben@northwind.example"}],
        "highlights": ["moving the claims pipeline from nightly batches to streaming", "the on-call rotation redesign",
                       "blameless postmortems"],
        "concerns": [{"concern": "limited Kafka experience", "response": "I ran Kinesis at scale"},
                     {"concern": "the commute", "response": "I can be on site three days a week"}],
        "additional_info": ["my portfolio at https://priya.example/data"],
    }


def test_per_interviewer_drafts_greet_each_person_and_are_stored(client, rich_interview):
    created = client.post("/v1/interviews", json=rich_interview).json()
    response = client.post(f"/v1/interviews/{created['id']}/drafts", json={"tone": "warm", "per_interviewer": True})
    assert response.status_code == 201, response.text
    drafts = response.json()["data"]
    assert [d["to"]["name"] for d in drafts] == ["Lucia Alvarez", "Ben Okafor"]
    assert drafts[0]["body_text"].startswith("Hi Lucia,") and drafts[1]["body_text"].startswith("Hi Ben,")
    for draft in drafts:
        assert draft["kind"] == "thank_you"  # the next action suggests it
        assert draft["template_id"] == "builtin:thank_you:warm"
        for text in ("I ran Kinesis at scale", "on site three days a week", "https://priya.example/data"):
            assert text in draft["body_text"]
        assert draft["report"]["overall"] >= 85, draft["report"]
        assert client.get(f"/v1/drafts/{draft['id']}").json() == draft
    listed = client.get(f"/v1/interviews/{created['id']}/drafts").json()["data"]
    assert {d["id"] for d in listed} == {d["id"] for d in drafts}


def test_render_and_stored_drafts_give_the_same_text_for_the_same_input(client, rich_interview):
    created = client.post("/v1/interviews", json=rich_interview).json()
    for tone in ("formal", "warm", "concise"):
        stored = client.post(f"/v1/interviews/{created['id']}/drafts",
                             json={"tone": tone, "kind": "thank_you"}).json()["data"][0]
        rendered = client.post("/v1/render", json={"interview": rich_interview, "tone": tone,
                                                   "kind": "thank_you"}).json()["data"][0]
        for field in ("subject", "body_text", "body_html", "mailto", "template_id"):
            assert stored[field] == rendered[field], (tone, field)


def test_html_is_escaped_and_text_is_not(client, rich_interview):
    hostile = {**rich_interview, "highlights": ["<script>alert('x')</script> & more"]}
    draft = client.post("/v1/render", json={"interview": hostile}).json()["data"][0]
    assert "<script>" not in draft["body_html"] and "&lt;script&gt;" in draft["body_html"]
    assert "<script>alert('x')</script> & more" in draft["body_text"]


def test_mailto_decodes_back_to_subject_and_body(client, rich_interview):
    draft = client.post("/v1/render", json={"interview": rich_interview}).json()["data"][0]
    link = urlsplit(draft["mailto"])
    assert link.scheme == "mailto" and unquote(link.path) == "lucia@northwind.example"
    query = parse_qs(link.query)
    assert query["subject"] == [draft["subject"]]
    assert query["body"][0].replace("\r\n", "\n") == draft["body_text"]


def test_a_check_in_draft_after_the_first_uses_the_final_wording(client, rich_interview):
    start = NOW - timedelta(days=20)
    created = client.post("/v1/interviews", json={**rich_interview, "interviewed_at": iso(start)}).json()
    url = f"/v1/interviews/{created['id']}"
    client.post(f"{url}/sends", json={"kind": "thank_you", "sent_at": iso(start + timedelta(hours=4))})
    first = client.post(f"{url}/drafts", json={}).json()["data"][0]
    assert first["kind"] == "check_in" and first["template_id"] == "builtin:check_in:warm"
    client.post(f"{url}/sends", json={"kind": "check_in", "sent_at": iso(start + timedelta(days=8))})
    second = client.post(f"{url}/drafts", json={"tone": "formal"}).json()["data"][0]
    assert second["template_id"] == "builtin:final_check_in:formal"
    assert len(second["body_text"]) < len(first["body_text"]) + 200


def test_nothing_to_draft_once_the_cadence_is_done_unless_asked(client, rich_interview):
    start = NOW - timedelta(days=5)
    created = client.post("/v1/interviews", json={**rich_interview, "interviewed_at": iso(start)}).json()
    client.post(f"/v1/interviews/{created['id']}/replies", json={"outcome": "offer", "received_at": iso(start + timedelta(days=1))})
    refused = client.post(f"/v1/interviews/{created['id']}/drafts", json={})
    assert refused.status_code == 422 and refused.json()["errors"][0]["pointer"] == "/kind"
    assert "done" in refused.json()["detail"]
    assert client.post(f"/v1/interviews/{created['id']}/drafts", json={"kind": "thank_you"}).status_code == 201


def test_templates_list_builtins_upload_preview_and_use(client, rich_interview):
    builtins = [t for t in client.get("/v1/templates").json() if t["builtin"]]
    assert len(builtins) == 9
    source = {"name": "Short", "kind": "thank_you", "subject_source": "Thanks, {{ interviewer.first_name }}",
              "body_source": "Hi {{ interviewer.first_name }},\n\nThank you for discussing the {{ position }} role"
                             "{% if highlights %}, especially {{ highlights[0] }}{% endif %}.\n\n"
                             "I look forward to hearing from you.\n\n{{ candidate.name }}"}
    uploaded = client.post("/v1/templates", json=source)
    assert uploaded.status_code == 201, uploaded.text
    template_id = uploaded.json()["id"]
    assert client.get(f"/v1/templates/{template_id}").json()["body_source"] == source["body_source"]
    preview = client.post(f"/v1/templates/{template_id}/preview", json={})
    assert preview.status_code == 200 and preview.json()["body_text"].startswith("Hi ")
    created = client.post("/v1/interviews", json=rich_interview).json()
    draft = client.post(f"/v1/interviews/{created['id']}/drafts", json={"template_id": template_id}).json()["data"][0]
    assert draft["subject"] == "Thanks, Lucia" and draft["template_id"] == template_id
    assert "especially moving the claims pipeline" in draft["body_text"]


@pytest.mark.parametrize(("body_source", "fragment"), [
    ("Hello {{ name }\n", "line 1"),
    ("ok\n{% for x in y %}\nno end", "line"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", ""),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", ""),
    ("{{ '{0.__class__}'.format(position) }}", ""),
    ("{{ position|attr('__class__') }}", ""),
])
def test_bad_or_unsafe_templates_are_refused_at_upload(client, body_source, fragment):
    response = client.post("/v1/templates", json={"name": "x", "kind": "thank_you", "subject_source": "Hi",
                                                  "body_source": body_source})
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["pointer"] == "/body_source" and fragment in error["detail"]
    assert [t for t in client.get("/v1/templates").json() if not t["builtin"]] == []


def test_a_template_failing_at_render_is_a_422_not_a_500(client, rich_interview):
    template_id = client.post("/v1/templates", json={
        "name": "loops", "kind": "thank_you", "subject_source": "Hi",
        "body_source": "{% for a in range(1000) %}{% for b in range(1000) %}x{% endfor %}{% endfor %}"}).json()["id"]
    response = client.post("/v1/render", json={"interview": rich_interview, "template_id": template_id})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == "/template_id"
    undefined = client.post("/v1/templates", json={"name": "u", "kind": "thank_you", "subject_source": "Hi",
                                                   "body_source": "{{ no_such_thing.attribute }}"}).json()["id"]
    preview = client.post(f"/v1/templates/{undefined}/preview", json={})
    assert preview.status_code == 422


def test_unknown_template_ids(client, rich_interview):
    assert client.get("/v1/templates/builtin:thank_you:shouty").status_code == 404
    assert client.get("/v1/templates/00000000-0000-0000-0000-000000000000").status_code == 404
    response = client.post("/v1/render", json={"interview": rich_interview, "template_id": "builtin:nope:warm"})
    assert response.status_code == 422 and response.json()["errors"][0]["pointer"] == "/template_id"
