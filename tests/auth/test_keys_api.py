"""API key management over HTTP: an admin key manages its own tenant's keys; revocation is immediate."""
from __future__ import annotations

import pytest
from sqlmodel import select

from app.auth import service
from app.auth.models import ApiKey
from app.db import unit_of_work


def test_an_admin_key_creates_a_key_whose_secret_is_shown_once_and_works(prod_client, alice):
    created = prod_client.post("/v1/admin/keys", json={"name": "ATS", "scopes": ["read"]}, headers=alice.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["scopes"] == ["read"] and body["name"] == "ATS" and body["revoked_at"] is None
    assert body["key"].startswith(body["prefix"] + "_")
    new = {"Authorization": f"Bearer {body['key']}"}
    assert prod_client.get("/v1/interviews", headers=new).status_code == 200
    # Shown once: neither reading nor listing the key returns the secret (or its hash).
    for response in (prod_client.get(f"/v1/admin/keys/{body['id']}", headers=alice.headers),
                     prod_client.get("/v1/admin/keys", headers=alice.headers)):
        assert response.status_code == 200
        assert body["key"] not in response.text
        assert service.hash_key(body["key"]) not in response.text
        assert "key_hash" not in response.text
    listed = prod_client.get("/v1/admin/keys", headers=alice.headers).json()["data"]
    assert {k["prefix"] for k in listed} == {alice.prefix, body["prefix"]}


def test_scopes_are_stored_in_canonical_order_without_repeats(prod_client, alice):
    body = prod_client.post("/v1/admin/keys", json={"scopes": ["admin", "read", "admin"]}, headers=alice.headers).json()
    assert body["scopes"] == ["read", "admin"]
    assert prod_client.post("/v1/admin/keys", json={}, headers=alice.headers).json()["scopes"] == ["read", "write"]


@pytest.mark.parametrize(("payload", "pointer"), [
    ({"scopes": []}, "/scopes"),
    ({"scopes": ["root"]}, "/scopes/0"),
    ({"scopes": "admin"}, "/scopes"),
    ({"scopes": ["read"], "tenant": "someone-else"}, "/tenant"),
    ({"name": "x" * 101}, "/name"),
])
def test_invalid_key_requests_are_422_naming_the_field_and_create_nothing(prod_client, alice, engine, payload, pointer):
    response = prod_client.post("/v1/admin/keys", json=payload, headers=alice.headers)
    assert response.status_code == 422
    assert pointer in [e.get("pointer") for e in response.json()["errors"]]
    with unit_of_work(engine, write=False) as session:
        assert len(session.exec(select(ApiKey)).all()) == 1


def test_a_revoked_key_fails_on_its_very_next_request(prod_client, alice, make_key):
    other = make_key(alice.tenant, "read,write")
    assert prod_client.get("/v1/interviews", headers=other.headers).status_code == 200
    assert prod_client.delete(f"/v1/admin/keys/{other.key_id}", headers=alice.headers).status_code == 204
    refused = prod_client.get("/v1/interviews", headers=other.headers)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    # Revoking again is a no-op that keeps the first revocation time.
    first = prod_client.get(f"/v1/admin/keys/{other.key_id}", headers=alice.headers).json()["revoked_at"]
    assert first is not None
    assert prod_client.delete(f"/v1/admin/keys/{other.key_id}", headers=alice.headers).status_code == 204
    assert prod_client.get(f"/v1/admin/keys/{other.key_id}", headers=alice.headers).json()["revoked_at"] == first


def test_an_admin_key_may_revoke_itself_so_a_leaked_key_can_always_be_shut_off(prod_client, alice):
    assert prod_client.delete(f"/v1/admin/keys/{alice.key_id}", headers=alice.headers).status_code == 204
    assert prod_client.get("/v1/admin/keys", headers=alice.headers).status_code == 401


def test_the_list_hides_revoked_keys_unless_asked_and_paginates(prod_client, alice, make_key):
    extra = [make_key(alice.tenant, "read", name=f"k{i}") for i in range(4)]
    prod_client.delete(f"/v1/admin/keys/{extra[0].key_id}", headers=alice.headers)
    active = prod_client.get("/v1/admin/keys", headers=alice.headers).json()["data"]
    assert extra[0].prefix not in {k["prefix"] for k in active} and len(active) == 4
    every = prod_client.get("/v1/admin/keys?include_revoked=true", headers=alice.headers).json()["data"]
    assert len(every) == 5
    seen, cursor = [], None
    while True:
        page = prod_client.get("/v1/admin/keys", params={"limit": 2, "include_revoked": True,
                                                          **({"cursor": cursor} if cursor else {})},
                               headers=alice.headers).json()
        seen += [k["id"] for k in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [k["id"] for k in every]


def test_an_unknown_key_id_is_404(prod_client, alice):
    missing = "00000000-0000-0000-0000-000000000000"
    assert prod_client.get(f"/v1/admin/keys/{missing}", headers=alice.headers).status_code == 404
    assert prod_client.delete(f"/v1/admin/keys/{missing}", headers=alice.headers).status_code == 404


def test_every_key_authenticates_whatever_characters_its_secret_holds(engine, make_key):
    # Secrets are base64url and often contain "_"; the prefix must not be cut at the last one.
    callers = [make_key("many") for _ in range(60)]
    assert any("_" in c.key[len(c.prefix) + 1:] for c in callers)
    with unit_of_work(engine, write=False) as session:
        assert all(service.authenticate(session, c.key) is not None for c in callers)


def test_development_mode_manages_the_local_tenants_keys(client):
    created = client.post("/v1/admin/keys", json={"scopes": ["read"]})
    assert created.status_code == 201
    assert [k["id"] for k in client.get("/v1/admin/keys").json()["data"]] == [created.json()["id"]]
