"""Who may call what: 401 for any bad key (one body, prefix known or not), 403 for a missing
scope on every operation that needs it, and development mode's keyless loopback-only service."""
from __future__ import annotations

import logging
import re
import uuid

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.main import create_app
from app.settings import Settings
from tests.conftest import make_settings

DOC = create_app(Settings(_env_file=None)).openapi()
V1 = [(m.upper(), p) for p, ops in DOC["paths"].items() if p.startswith("/v1")
      for m in ops if m in ("get", "post", "put", "patch", "delete")]
IDS = [f"{m} {p}" for m, p in V1]
# Stateless computations that take a body but change nothing; a read key may call them.
READ_ONLY_POSTS = {"/v1/score", "/v1/render", "/v1/templates/{template_id}/preview"}


def is_admin_operation(method: str, path: str) -> bool:
    """Managing keys, changing the tenant-wide policy, and pointing the tenant's events at a URL."""
    return (path.startswith("/v1/admin/") or (method, path) == ("PUT", "/v1/policy")
            or (method in ("POST", "PATCH", "DELETE") and path in ("/v1/webhooks", "/v1/webhooks/{webhook_id}")))


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


@pytest.mark.parametrize(("method", "path"), V1, ids=IDS)
def test_every_v1_operation_refuses_a_missing_key_in_production(prod_client, method, path):
    response = prod_client.request(method, concrete(path), json={})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="interview-followup"'


@pytest.mark.parametrize(("method", "path"), V1, ids=IDS)
def test_a_read_key_may_read_but_gets_403_on_every_write_and_admin_operation(prod_client, make_key, method, path):
    response = prod_client.request(method, concrete(path), json={}, headers=make_key("acme", "read").headers)
    if is_admin_operation(method, path):
        assert response.status_code == 403, response.text
    elif method == "GET" or path in READ_ONLY_POSTS:
        assert response.status_code != 403, response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["detail"] in ("This API key lacks the `write` scope.",
                                             "This API key lacks the `admin` scope.")


@pytest.mark.parametrize(("method", "path"), V1, ids=IDS)
def test_a_read_write_key_gets_403_exactly_on_admin_operations(prod_client, make_key, method, path):
    response = prod_client.request(method, concrete(path), json={}, headers=make_key("acme", "read,write").headers)
    if is_admin_operation(method, path):
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == "This API key lacks the `admin` scope."
    else:
        assert response.status_code != 403, response.text


def test_admin_implies_read_and_write(prod_client, make_key):
    admin = make_key("acme", "admin")
    assert prod_client.get("/v1/interviews", headers=admin.headers).status_code == 200
    assert prod_client.post("/v1/interviews", json={}, headers=admin.headers).status_code == 422  # past the scope check


def test_every_kind_of_bad_key_gets_the_same_401_whether_or_not_its_prefix_exists(prod_client, make_key):
    real = make_key("acme", "read")
    revoked = make_key("acme", "read")
    admin = make_key("acme", "admin")
    assert prod_client.delete(f"/v1/admin/keys/{revoked.key_id}", headers=admin.headers).status_code == 204
    presented = {
        "missing": None,
        "known prefix, wrong secret": f"Bearer {real.prefix}_{'A' * 43}",
        "unknown prefix": f"Bearer ifu_00000000_{'A' * 43}",
        "revoked": f"Bearer {revoked.key}",
        "malformed": "Bearer not-a-key",
        "prefix only": f"Bearer {real.prefix}",
        "empty bearer": "Bearer ",
        "other scheme": f"Basic {real.key}",
        "too long": f"Bearer {real.key}{'x' * 300}",
        "secret with a space": f"Bearer {real.key} extra",
    }
    bodies = {}
    for name, header in presented.items():
        response = prod_client.get("/v1/interviews", headers={"Authorization": header} if header else {})
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"] == 'Bearer realm="interview-followup"', name
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        body.pop("request_id")
        bodies[name] = body
    assert all(body == bodies["missing"] for body in bodies.values()), bodies
    assert prod_client.get("/v1/interviews", headers=real.headers).status_code == 200


def test_operations_outside_v1_need_no_key(prod_client):
    assert prod_client.get("/healthz").status_code == 200
    assert prod_client.get("/openapi.json").status_code == 200


def test_development_mode_needs_no_key_and_says_so_loudly(settings, engine, caplog):
    with caplog.at_level(logging.WARNING, logger="app"), \
            TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/v1/interviews").status_code == 200
    warning = next(r for r in caplog.records if "DEVELOPMENT MODE" in r.getMessage())
    assert warning.levelno == logging.WARNING and "WITHOUT API KEYS" in warning.getMessage()


def test_development_mode_still_checks_a_key_that_is_sent(client):
    assert client.get("/v1/interviews", headers={"Authorization": "Bearer ifu_00000000_nope"}).status_code == 401


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_development_mode_refuses_a_non_loopback_host(db_url, host):
    with pytest.raises(ValidationError, match="loopback"):
        make_settings(db_url, host=host)
    assert make_settings(db_url, host=host, env="production").host == host


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_development_mode_binds_to_loopback(db_url, host):
    assert make_settings(db_url, host=host).env == "development"
