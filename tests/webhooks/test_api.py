"""The webhooks API: register, list, read, change, delete; deliveries and redelivery; scopes and tenants."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from app.auth import service as auth
from app.db import unit_of_work
from app.dbtypes import utcnow
from app.main import create_app
from app.webhooks import ssrf
from tests.conftest import make_settings
from tests.webhooks.conftest import new_interview, register


def test_create_returns_the_secret_once_and_reads_never_show_it(hook_client, receiver):
    response = hook_client.post("/v1/webhooks", json={
        "url": receiver.url, "events": ["reply.recorded", "next_action.due", "reply.recorded"],
        "description": "CRM"})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["reply.recorded", "next_action.due"]
    assert created["enabled"] is True and created["consecutive_failures"] == 0

    read = hook_client.get(f"/v1/webhooks/{created['id']}").json()
    assert "secret" not in read
    assert read == {k: v for k, v in created.items() if k != "secret"}
    listed = hook_client.get("/v1/webhooks").json()
    assert [w["id"] for w in listed["data"]] == [created["id"]] and "secret" not in listed["data"][0]


def test_the_list_is_cursor_paginated(hook_client, receiver):
    ids = [register(hook_client, receiver.url)["id"] for _ in range(3)]
    first = hook_client.get("/v1/webhooks", params={"limit": 2}).json()
    second = hook_client.get("/v1/webhooks", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [w["id"] for w in first["data"] + second["data"]] == ids
    assert second["next_cursor"] is None


@pytest.mark.parametrize(("body", "pointer"), [
    ({"url": "https://x.example", "events": []}, "/events"),
    ({"url": "https://x.example", "events": ["interview.updated"]}, "/events/0"),
    ({"url": "https://x.example"}, "/events"),
    ({"url": "https://x.example/" + "a" * 2000, "events": ["send.recorded"]}, "/url"),
    ({"url": "https://x.example", "events": ["send.recorded"], "secret": "mine"}, "/secret"),
    ({"url": "https://x.example", "events": ["send.recorded"], "description": "d" * 501}, "/description"),
])
def test_bad_input_is_a_422_naming_the_field(hook_client, body, pointer):
    response = hook_client.post("/v1/webhooks", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert pointer in [e.get("pointer") for e in response.json()["errors"]]


@pytest.mark.parametrize(("url", "fragment"), [
    ("http://127.0.0.1:8080/hook", "plain http"),
    ("https://127.0.0.1/hook", "loopback"),
    ("https://localhost/hook", "loopback"),
    ("https://169.254.169.254/latest/meta-data/", "metadata"),
    ("https://[fd00:ec2::254]/", "metadata"),
    ("https://10.0.0.8/", "private"),
    ("https://user:secret@hooks.example.com/", "credentials"),
    ("javascript:alert(1)", "scheme"),
])
def test_ssrf_targets_are_refused_at_creation(client, url, fragment, monkeypatch):
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["127.0.0.1"] if host == "localhost" else ["93.184.215.14"])
    response = client.post("/v1/webhooks", json={"url": url, "events": ["send.recorded"]})
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["pointer"] == "/url" and fragment in error["detail"]


def test_a_public_https_url_is_accepted(client, monkeypatch):
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.215.14"])
    response = client.post("/v1/webhooks", json={"url": "https://hooks.example.com/in", "events": ["send.recorded"]})
    assert response.status_code == 201, response.text


def test_patch_changes_fields_and_checks_the_url(hook_client, receiver):
    hook = register(hook_client, receiver.url)
    response = hook_client.patch(f"/v1/webhooks/{hook['id']}", json={"events": ["send.recorded"], "enabled": False})
    assert response.status_code == 200
    assert (response.json()["events"], response.json()["enabled"]) == (["send.recorded"], False)
    bad = hook_client.patch(f"/v1/webhooks/{hook['id']}", json={"url": "ftp://x.example/"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["pointer"] == "/url"
    assert hook_client.patch(f"/v1/webhooks/{hook['id']}", json={"enabled": None}).status_code == 422


def test_delete_removes_the_endpoint(hook_client, receiver):
    hook = register(hook_client, receiver.url)
    assert hook_client.delete(f"/v1/webhooks/{hook['id']}").status_code == 204
    assert hook_client.get(f"/v1/webhooks/{hook['id']}").status_code == 404
    assert hook_client.delete(f"/v1/webhooks/{hook['id']}").status_code == 404


def test_deliveries_are_listed_newest_first_and_can_be_redelivered(hook_client, receiver, make_worker, clock,
                                                                   interview_payload):
    hook = register(hook_client, receiver.url, ["interview.created"])
    first = new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=3))
    second = new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=2))
    worker = make_worker()
    worker.run_once()

    page = hook_client.get(f"/v1/webhooks/{hook['id']}/deliveries", params={"limit": 1}).json()
    rest = hook_client.get(f"/v1/webhooks/{hook['id']}/deliveries",
                           params={"limit": 1, "cursor": page["next_cursor"]}).json()
    listed = page["data"] + rest["data"]
    assert [d["interview_id"] for d in listed] == [second["id"], first["id"]]
    delivery = listed[0]
    assert delivery["status"] == "succeeded" and delivery["attempts"] == 1 and delivery["last_status_code"] == 204
    assert delivery["event_type"] == "interview.created" and delivery["webhook_id"] == hook["id"]
    assert delivery["last_latency_ms"] >= 0 and delivery["delivered_at"] and delivery["next_attempt_at"] is None
    assert hook_client.get(f"/v1/webhooks/{hook['id']}/deliveries", params={"status": "failed"}).json()["data"] == []

    again = hook_client.post(f"/v1/webhooks/{hook['id']}/deliveries/{delivery['id']}/redeliver")
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "pending" and again.json()["next_attempt_at"]
    clock.now = utcnow()  # the API scheduled it on the real clock
    worker.run_once()
    assert len(receiver.requests) == 3
    assert receiver.requests[-1].headers["webhook-id"] == delivery["event_id"]
    after = hook_client.get(f"/v1/webhooks/{hook['id']}/deliveries").json()["data"][0]
    assert (after["status"], after["attempts"]) == ("succeeded", 2)


def test_redelivering_to_a_disabled_endpoint_is_a_conflict(hook_client, receiver, make_worker, interview_payload):
    hook = register(hook_client, receiver.url, ["interview.created"])
    new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=3))
    make_worker().run_once()
    [delivery] = hook_client.get(f"/v1/webhooks/{hook['id']}/deliveries").json()["data"]
    hook_client.patch(f"/v1/webhooks/{hook['id']}", json={"enabled": False})
    response = hook_client.post(f"/v1/webhooks/{hook['id']}/deliveries/{delivery['id']}/redeliver")
    assert response.status_code == 409
    missing = hook_client.post(f"/v1/webhooks/{hook['id']}/deliveries/{uuid.uuid4()}/redeliver")
    assert missing.status_code == 404


# --- production mode: tenants and scopes ------------------------------------------------------

def _key(engine, tenant: str, scopes: str) -> dict[str, str]:
    with unit_of_work(engine) as session:
        _, secret = auth.create_key(session, auth.get_or_create_tenant(session, tenant), scopes.split(","))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def prod_client(db_url, engine):
    settings = make_settings(db_url, env="production", webhook_allow_private=True)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_another_tenants_webhook_is_a_404(prod_client, engine, receiver):
    alice, bob = _key(engine, "alice", "read,write,admin"), _key(engine, "bob", "read,write,admin")
    hook = prod_client.post("/v1/webhooks", json={"url": receiver.url, "events": ["send.recorded"]}, headers=alice)
    assert hook.status_code == 201
    hook_id = hook.json()["id"]
    for method, path in [("GET", f"/v1/webhooks/{hook_id}"), ("DELETE", f"/v1/webhooks/{hook_id}"),
                         ("PATCH", f"/v1/webhooks/{hook_id}"), ("GET", f"/v1/webhooks/{hook_id}/deliveries"),
                         ("POST", f"/v1/webhooks/{hook_id}/deliveries/{uuid.uuid4()}/redeliver")]:
        response = prod_client.request(method, path, headers=bob, json={"enabled": True} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path, response.text)
    assert prod_client.get("/v1/webhooks", headers=bob).json()["data"] == []
    assert prod_client.get(f"/v1/webhooks/{hook_id}", headers=alice).status_code == 200


def test_registering_needs_admin_and_listing_needs_read(prod_client, engine, receiver):
    reader, writer = _key(engine, "acme", "read"), _key(engine, "acme", "read,write")
    body = {"url": receiver.url, "events": ["send.recorded"]}
    assert prod_client.post("/v1/webhooks", json=body, headers=reader).status_code == 403
    assert prod_client.post("/v1/webhooks", json=body, headers=writer).status_code == 403
    assert prod_client.post("/v1/webhooks", json=body).status_code == 401
    hook = prod_client.post("/v1/webhooks", json=body, headers=_key(engine, "acme", "admin")).json()
    assert prod_client.get("/v1/webhooks", headers=reader).status_code == 200
    assert prod_client.delete(f"/v1/webhooks/{hook['id']}", headers=writer).status_code == 403
