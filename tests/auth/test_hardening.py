"""Limits and secure defaults through the real app: body cap, rate limit, response headers,
CORS, secrets kept out of logs, and no detailed `server` header."""
from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.observability import JsonFormatter
from app.security import RateLimiter
from tests.conftest import make_settings


def prod(db_url: str, **overrides) -> TestClient:
    return TestClient(create_app(make_settings(db_url, env="production", **overrides)), raise_server_exceptions=False)


# --- rate limit -------------------------------------------------------------------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_token_bucket_allows_a_burst_then_the_rate_and_says_how_long_to_wait():
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.hit("k") for _ in range(3)] == [None, None, None]
    assert limiter.hit("k") == 1
    assert limiter.hit("other") is None  # buckets are per caller
    clock.now += 1.0
    assert limiter.hit("k") is None and limiter.hit("k") == 1
    clock.now += 60
    assert [limiter.hit("k") for _ in range(4)] == [None, None, None, 1]  # refills up to the burst, no further


def test_the_limiter_forgets_idle_callers_instead_of_growing_without_bound():
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock)
    limiter.MAX_BUCKETS = 10
    for i in range(10):
        limiter.hit(f"k{i}")
    clock.now += 5
    limiter.hit("new")
    assert len(limiter._buckets) == 1


def test_a_key_over_its_rate_gets_a_429_problem_with_retry_after(db_url, engine, make_key):
    other = make_key("acme", "read")
    caller = make_key("acme", "read")
    with prod(db_url, rate_limit_per_minute=1, rate_limit_burst=2) as client:
        assert [client.get("/v1/interviews", headers=caller.headers).status_code for _ in range(2)] == [200, 200]
        limited = client.get("/v1/interviews", headers=caller.headers)
        assert limited.status_code == 429
        assert limited.headers["content-type"] == "application/problem+json"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert limited.json()["status"] == 429
        # Another key of the same tenant has its own bucket; health checks are never limited.
        assert client.get("/v1/interviews", headers=other.headers).status_code == 200
        assert client.get("/healthz").status_code == 200


def test_bad_keys_do_not_drain_the_bucket_of_the_key_whose_prefix_they_claim(db_url, engine, make_key):
    victim = make_key("acme", "read")
    with prod(db_url, rate_limit_per_minute=1, rate_limit_burst=1) as client:
        forged = {"Authorization": f"Bearer {victim.prefix}_{'A' * 43}"}
        assert {client.get("/v1/interviews", headers=forged).status_code for _ in range(5)} == {401}
        assert client.get("/v1/interviews", headers=victim.headers).status_code == 200


def test_development_mode_limits_by_client_address(db_url, engine):
    app = create_app(make_settings(db_url, rate_limit_per_minute=1, rate_limit_burst=1))
    with TestClient(app, raise_server_exceptions=False) as local, \
            TestClient(app, raise_server_exceptions=False, client=("127.0.0.9", 50000)) as neighbour:
        assert local.get("/v1/interviews").status_code == 200
        assert local.get("/v1/interviews").status_code == 429
        assert neighbour.get("/v1/interviews").status_code == 200


def test_a_rate_of_zero_turns_limiting_off(db_url, engine):
    with TestClient(create_app(make_settings(db_url, rate_limit_per_minute=0, rate_limit_burst=1))) as client:
        assert {client.get("/v1/interviews").status_code for _ in range(30)} == {200}


# --- request body cap -------------------------------------------------------------------------

def test_a_body_over_the_cap_with_content_length_is_413(db_url, engine, make_key):
    caller = make_key("acme")
    with prod(db_url, max_body_bytes=2048) as client:
        response = client.post("/v1/interviews", content=b"x" * 4096,
                               headers={**caller.headers, "content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "2048 bytes" in response.json()["detail"]


def test_a_streamed_body_over_the_cap_without_content_length_is_413(db_url, engine, make_key):
    caller = make_key("acme")

    def chunks():
        for _ in range(8):
            yield b"x" * 1024

    with prod(db_url, max_body_bytes=2048) as client:
        response = client.post("/v1/interviews", content=chunks(),
                               headers={**caller.headers, "content-type": "application/json"})
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


def test_a_streamed_body_over_the_cap_is_refused_and_stores_nothing(db_url, engine, make_key):
    # The oversized stream never becomes a 2xx.
    caller = make_key("acme")
    with prod(db_url, max_body_bytes=2048) as client:
        response = client.post("/v1/interviews", content=iter([b'{"company": "' + b"x" * 4096 + b'"}']),
                               headers={**caller.headers, "content-type": "application/json"})
        assert response.status_code in (400, 413)
        assert client.get("/v1/interviews", headers=caller.headers).json()["data"] == []


# --- response headers -------------------------------------------------------------------------

SECURE = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


@pytest.mark.parametrize("path", ["/v1/interviews", "/v1/nowhere", "/healthz", "/openapi.json", "/docs", "/redoc"])
def test_every_response_carries_the_secure_defaults(client, path):
    response = client.get(path)
    for name, value in SECURE.items():
        assert response.headers[name] == value, name
    assert "server" not in response.headers


def test_v1_responses_are_never_cached_and_forbid_loading_anything(client):
    for response in (client.get("/v1/interviews"), client.get("/v1/policy"), client.post("/v1/interviews", json={})):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "cache-control" not in client.get("/healthz").headers


def test_the_security_headers_do_not_break_the_docs(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    # The docs start Swagger UI with an inline script: no CSP that would block it.
    assert "content-security-policy" not in page.headers
    assert "content-security-policy" not in client.get("/redoc").headers
    asset = client.get("/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset.headers["x-content-type-options"] == "nosniff"


def test_401_and_413_responses_carry_the_secure_defaults_too(db_url, engine):
    with prod(db_url, max_body_bytes=2048) as client:
        for response in (client.get("/v1/interviews"), client.post("/v1/interviews", content=b"x" * 4096)):
            assert response.status_code in (401, 413)
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["cache-control"] == "no-store"


def test_serve_hides_the_server_header(monkeypatch):
    import uvicorn

    from app.__main__ import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    assert main(["serve"]) == 0
    assert seen["server_header"] is False and seen["access_log"] is False


# --- CORS -------------------------------------------------------------------------------------

def preflight(client: TestClient, origin: str):
    return client.options("/v1/interviews", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "authorization,content-type"})


def test_cors_is_off_by_default(client):
    response = preflight(client, "https://app.example.com")
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in client.get("/v1/interviews", headers={"Origin": "https://x.example"}).headers


def test_cors_admits_only_allowlisted_origins(db_url, engine):
    with TestClient(create_app(make_settings(db_url, cors_origins=["https://app.example.com"]))) as client:
        allowed = preflight(client, "https://app.example.com")
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in allowed.headers
        refused = preflight(client, "https://evil.example.com")
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers
        simple = client.get("/v1/interviews", headers={"Origin": "https://evil.example.com"})
        assert "access-control-allow-origin" not in simple.headers


# --- secrets out of logs ----------------------------------------------------------------------

def test_keys_and_authorization_headers_never_reach_the_logs(db_url, engine, make_key, caplog):
    caller = make_key("acme")
    wrong = f"{caller.prefix}_{'S3cr3t' * 7}"
    with caplog.at_level(logging.DEBUG), prod(db_url, access_log=True, log_level="DEBUG") as client:
        assert client.get("/v1/interviews", headers=caller.headers).status_code == 200
        assert client.get("/v1/interviews", headers={"Authorization": f"Bearer {wrong}"}).status_code == 401
        assert client.get("/v1/interviews", headers={"Authorization": f"Basic {caller.key}"}).status_code == 401
    requests = [r for r in caplog.records if r.name == "app.access"]
    assert len(requests) == 3 and requests[0].key_prefix == caller.prefix  # the access log did run
    formatter = JsonFormatter()
    for record in caplog.records:
        text = formatter.format(record) + repr(record.__dict__)
        secret_part = caller.key[len(caller.prefix) + 1:]
        assert secret_part not in text and wrong[len(caller.prefix) + 1:] not in text
        assert "authorization" not in text.lower() or "[redacted]" in text
