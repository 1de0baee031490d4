"""The worker end to end against a real receiver on 127.0.0.1: signing, retries, ordering, leases."""
from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import threading
import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from standardwebhooks import Webhook

from app.db import unit_of_work
from app.dbtypes import utcnow
from app.interviews.models import Interview
from app.main import create_app
from app.settings import ROOT
from app.webhooks import service, ssrf
from app.webhooks.models import OutboxEvent, WebhookDelivery, WebhookEndpoint
from app.webhooks.worker import BACKOFF_CAP_S, backoff_delay
from tests.conftest import make_settings
from tests.webhooks.conftest import Receiver, new_interview, register, serve


def deliveries(engine) -> list[WebhookDelivery]:
    with Session(engine) as session:
        return list(session.exec(select(WebhookDelivery).order_by(WebhookDelivery.created_at)))


def endpoint_row(engine, endpoint_id) -> WebhookEndpoint:
    with Session(engine) as session:
        return session.get(WebhookEndpoint, uuid.UUID(str(endpoint_id)))


def test_deliveries_are_signed_per_standard_webhooks(hook_client, receiver, make_worker, interview_payload):
    hook = register(hook_client, receiver.url, ["interview.created"])
    interview = new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=2))
    make_worker().run_once()

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    payload = Webhook(hook["secret"]).verify(request.body, request.headers)
    assert payload["type"] == "interview.created"
    assert payload["id"] == request.headers["webhook-id"]
    assert payload["data"]["interview"]["id"] == interview["id"]
    assert request.path == "/hooks"
    with pytest.raises(Exception, match="signature"):
        Webhook(hook["secret"]).verify(request.body.replace(b"interview", b"Interview", 1), request.headers)


def test_a_failing_receiver_is_retried_with_backoff_and_succeeds_later(hook_client, receiver, make_worker, clock,
                                                                       interview_payload, engine):
    hook = register(hook_client, receiver.url, ["interview.created"])
    new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=2))
    receiver.answer(500)
    worker = make_worker()

    worker.run_once()
    [delivery] = deliveries(engine)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert clock.now <= delivery.next_attempt_at <= clock.now + timedelta(seconds=2)
    assert delivery.last_error == "HTTP 500" and delivery.last_latency_ms is not None
    assert endpoint_row(engine, hook["id"]).consecutive_failures == 1

    clock.advance(seconds=3)
    worker.run_once()
    [delivery] = deliveries(engine)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 2, 204)
    assert delivery.delivered_at == clock.now
    assert endpoint_row(engine, hook["id"]).consecutive_failures == 0
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert len(receiver.requests) == 2 and len(ids) == 1  # a retry is the same message


def test_after_the_maximum_attempts_the_delivery_fails_for_good(hook_client, receiver, make_worker, clock,
                                                                interview_payload, engine):
    register(hook_client, receiver.url, ["interview.created"])
    new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=2))
    receiver.default_status = 503
    worker = make_worker()
    for _ in range(5):  # hook_settings: webhook_max_attempts=3
        worker.run_once()
        clock.advance(seconds=BACKOFF_CAP_S + 1)

    [delivery] = deliveries(engine)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 3, 503)
    assert len(receiver.requests) == 3


def test_sustained_failures_disable_the_endpoint_and_reenabling_resumes(hook_client, receiver, make_worker, clock,
                                                                        interview_payload, engine):
    hook = register(hook_client, receiver.url, ["interview.created"])
    for hours in (2, 3, 4):
        new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=hours))
    receiver.default_status = 500
    worker = make_worker()
    for _ in range(2):  # 3 events × 2 tries: hook_settings disable after 5 failures in a row
        worker.run_once()
        clock.advance(seconds=BACKOFF_CAP_S + 1)

    assert len(receiver.requests) == 6  # the batch claimed before the 5th failure still goes out
    read = hook_client.get(f"/v1/webhooks/{hook['id']}").json()
    assert read["enabled"] is False and read["disabled_at"] is not None and read["consecutive_failures"] >= 5
    worker.run_once()
    assert len(receiver.requests) == 6  # nothing more goes to a disabled endpoint
    assert all(d.status == "pending" for d in deliveries(engine))

    receiver.default_status = 200
    assert hook_client.patch(f"/v1/webhooks/{hook['id']}", json={"enabled": True}).json()["consecutive_failures"] == 0
    worker.run_once()
    assert [(d.status, d.attempts) for d in deliveries(engine)] == [("succeeded", 3)] * 3


def test_events_of_one_interview_arrive_in_order_even_across_retries(hook_client, receiver, make_worker, clock,
                                                                     interview_payload, engine):
    register(hook_client, receiver.url, ["interview.created", "send.recorded", "reply.recorded"])
    interviewed = utcnow() - timedelta(days=3)
    interview = new_interview(hook_client, interview_payload, interviewed)
    other = new_interview(hook_client, interview_payload, interviewed)
    sent = hook_client.post(f"/v1/interviews/{interview['id']}/sends",
                            json={"kind": "thank_you", "sent_at": (interviewed + timedelta(hours=3)).isoformat()})
    replied = hook_client.post(f"/v1/interviews/{interview['id']}/replies",
                               json={"outcome": "update", "received_at": (interviewed + timedelta(days=1)).isoformat()})
    assert sent.status_code == 201 and replied.status_code == 201
    receiver.answer(500)  # the first event of the first interview fails once
    worker = make_worker()

    worker.run_once()
    first_pass = [(e["type"], e["data"].get("interview", {}).get("id")) for e in receiver.events()]
    # The failed event blocks the rest of its interview; the other interview is not held up.
    assert sorted(first_pass, key=str) == sorted([("interview.created", interview["id"]),
                                                  ("interview.created", other["id"])], key=str)

    clock.advance(seconds=5)
    worker.run_once()
    of_first = [e["type"] for e in receiver.events()
                if e["data"].get("interview", {}).get("id") == interview["id"]
                or e["data"].get("send", {}).get("interview_id") == interview["id"]
                or e["data"].get("reply", {}).get("interview_id") == interview["id"]]
    assert of_first == ["interview.created", "interview.created", "send.recorded", "reply.recorded"]
    assert all(d.status == "succeeded" for d in deliveries(engine))


def test_a_worker_killed_mid_delivery_leaves_it_to_be_delivered_exactly_once(hook_client, receiver, make_worker,
                                                                             clock, interview_payload, engine):
    register(hook_client, receiver.url, ["interview.created"])
    new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=2))
    dead = make_worker(holder="dead")
    # The dead worker fanned out, claimed the delivery (lease committed) and died before the POST.
    dead.fan_out()
    assert dead._renew_lease()
    with unit_of_work(engine) as session:
        [claim] = service.claim_deliveries(session, clock.now, clock.now + timedelta(seconds=dead.lease_s), limit=10)

    survivor = make_worker(holder="survivor")
    assert survivor.run_once() == 0 and receiver.requests == []  # the lease still holds: no double delivery

    clock.advance(seconds=dead.lease_s + 1)
    survivor.run_once()
    assert len(receiver.requests) == 1
    [delivery] = deliveries(engine)
    assert (delivery.status, delivery.attempts) == ("succeeded", 2)  # the lost attempt counts

    # The dead worker's late result (if it ever comes back) is not recorded over the survivor's.
    with unit_of_work(engine) as session:
        assert service.record_attempt(session, claim, service.AttemptResult(500, 1.0, "HTTP 500"), clock.now,
                                      max_attempts=3, disable_after=5, backoff_s=lambda n: 1.0) is None
    survivor.run_once()
    assert len(receiver.requests) == 1


def test_two_workers_running_together_deliver_each_event_exactly_once(hook_client, receiver, make_worker,
                                                                      interview_payload, engine):
    register(hook_client, receiver.url, ["interview.created"])
    register(hook_client, receiver.url, ["interview.created"])
    for hours in range(2, 14):
        new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=hours))
    receiver.delay_s = 0.01
    workers = [make_worker(holder=f"w{i}") for i in range(2)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(worker) -> None:
        try:
            start.wait()
            for _ in range(3):
                worker.run_once()
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    keys = [(r.headers["webhook-id"], r.json["data"]["interview"]["id"]) for r in receiver.requests]
    assert len(keys) == 24  # 12 events × 2 endpoints
    rows = deliveries(engine)
    assert len(rows) == 24 and all(d.status == "succeeded" and d.attempts == 1 for d in rows)


def test_two_worker_processes_deliver_each_event_exactly_once(hook_client, receiver, db_url, interview_payload,
                                                              engine):
    register(hook_client, receiver.url, ["interview.created"])
    for hours in range(2, 8):
        new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=hours))
    env = {**os.environ, "FOLLOWUP_DATABASE_URL": db_url, "FOLLOWUP_WEBHOOK_ALLOW_PRIVATE": "true",
           "FOLLOWUP_LOG_LEVEL": "WARNING", "FOLLOWUP_ENV": "development"}
    procs = [subprocess.Popen([sys.executable, "-m", "app", "worker", "--once"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    # On SQLite one process may find the lease taken and do nothing; run once more to finish.
    leftovers = [d for d in deliveries(engine) if d.status != "succeeded"]
    if leftovers:
        subprocess.run([sys.executable, "-m", "app", "worker", "--once"], cwd=ROOT, env=env, check=True, timeout=60)
    ids = [r.headers["webhook-id"] for r in receiver.requests]
    assert len(ids) == 6 and len(set(ids)) == 6


def test_acceptance_a_registered_url_gets_exactly_one_signed_check_in_due(hook_client, receiver, make_worker, clock,
                                                                          interview_payload, engine):
    hook = register(hook_client, receiver.url, ["next_action.due"])
    interviewed = utcnow() - timedelta(days=2)
    interview = new_interview(hook_client, interview_payload, interviewed, external_id="crm-42")
    assert interview["next_action"] == "send_thank_you"
    sent_at = interviewed + timedelta(hours=20)
    assert hook_client.post(f"/v1/interviews/{interview['id']}/sends",
                            json={"kind": "thank_you", "sent_at": sent_at.isoformat()}).status_code == 201
    worker = make_worker()

    worker.run_once()
    assert receiver.requests == []  # the check-in opens 7 days after the thank-you

    clock.advance(days=6)
    for _ in range(3):
        worker.run_once()
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    event = Webhook(hook["secret"]).verify(request.body, request.headers)
    assert event["type"] == "next_action.due"
    assert event["data"]["interview_id"] == interview["id"]
    assert event["data"]["external_id"] == "crm-42"
    assert event["data"]["action"] == "check_in"
    assert event["data"]["due_at"] == (sent_at + timedelta(days=7)).isoformat()
    assert event["data"]["reason"]
    with Session(engine) as session:
        assert len(session.exec(select(OutboxEvent).where(OutboxEvent.type == "next_action.due")).all()) == 1


def test_the_due_scan_announces_each_transition_once_even_when_two_workers_race(hook_client, make_worker,
                                                                                interview_payload, engine):
    for hours in range(30, 40):  # thank-you due 24 h after each interview: all due now
        new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=hours))
    workers = [make_worker(holder=f"w{i}") for i in range(2)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(worker) -> None:
        try:
            start.wait()
            worker.announce_due()
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    with Session(engine) as session:
        due = session.exec(select(OutboxEvent).where(OutboxEvent.type == "next_action.due")).all()
        assert sorted(e.payload["action"] for e in due) == ["send_thank_you"] * 10
        assert len({e.interview_id for e in due}) == 10


def test_a_stale_thank_you_reminder_turns_into_a_check_in_announcement(hook_client, make_worker, clock,
                                                                       interview_payload, engine):
    interview = new_interview(hook_client, interview_payload, utcnow() - timedelta(days=3))
    worker = make_worker()
    worker.announce_due()
    with unit_of_work(engine) as session:
        row = session.get(Interview, uuid.UUID(interview["id"]))
        # Pretend the thank-you reminder was announced 9 days ago and nothing touched the row since.
        row.interviewed_at -= timedelta(days=6)
        row.next_action_at -= timedelta(days=6)
        row.due_notified = service.notified_key(row.next_action, row.next_action_at)
        session.add(row)
    worker._last_sweep = None
    worker.announce_due()
    with Session(engine) as session:
        actions = [e.payload["action"] for e in session.exec(
            select(OutboxEvent).where(OutboxEvent.type == "next_action.due").order_by(OutboxEvent.seq))]
    assert actions == ["send_thank_you", "check_in"]


@pytest.mark.parametrize("micro", [0, 123456, 500000])
def test_the_sql_notified_key_matches_python(hook_client, interview_payload, engine, micro):
    interview = new_interview(hook_client, interview_payload, utcnow() - timedelta(days=2))
    with unit_of_work(engine) as session:
        row = session.get(Interview, uuid.UUID(interview["id"]))
        row.next_action_at = row.next_action_at.replace(microsecond=micro)
        row.due_notified = service.notified_key(row.next_action, row.next_action_at)
        session.add(row)
    with Session(engine) as session:
        assert service._due_unannounced(session, utcnow(), 10) == []


def test_a_host_that_now_resolves_to_loopback_is_refused_at_delivery(receiver, engine, clock, db_url, make_worker,
                                                                     interview_payload, monkeypatch):
    strict = make_settings(db_url)
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.215.14"])
    with TestClient(create_app(strict), raise_server_exceptions=False) as client:
        register(client, "https://hooks.example.com/in", ["interview.created"])
        new_interview(client, interview_payload, utcnow() - timedelta(hours=2))
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["127.0.0.1"])
    make_worker(settings=strict).run_once()
    [delivery] = deliveries(engine)
    assert delivery.status == "pending" and delivery.last_status_code is None
    assert "loopback" in delivery.last_error


def test_backoff_is_exponential_with_full_jitter_and_capped():
    top = [backoff_delay(n, rng=lambda lo, hi: hi) for n in range(1, 15)]
    assert top[:4] == [2.0, 4.0, 8.0, 16.0] and top[-1] == BACKOFF_CAP_S
    assert all(backoff_delay(n, rng=lambda lo, hi: lo) == 0.0 for n in range(1, 15))
    assert 0.0 <= backoff_delay(3) <= 8.0


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_delivery_connects_to_the_checked_address_with_the_hostname_for_tls(
        hook_client, make_worker, interview_payload, engine, tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=hooks.test",
                    "-addext", "subjectAltName=DNS:hooks.test"], check=True, capture_output=True)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    tls = Receiver()
    stop = serve(tls, server_ctx, host="hooks.test")
    try:
        # hooks.test exists nowhere but in this resolver: the worker must connect to the address it checked.
        monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["127.0.0.1"])
        register(hook_client, tls.url, ["interview.created"])
        new_interview(hook_client, interview_payload, utcnow() - timedelta(hours=2))
        client = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), trust_env=False, timeout=5)
        make_worker(http=client).run_once()
    finally:
        stop()
    [delivery] = deliveries(engine)
    assert delivery.status == "succeeded", delivery.last_error
    assert tls.requests[0].headers["host"] == tls.url.split("/")[2]
