"""Two tenants, every endpoint family: nothing of one tenant is visible to or changeable by the other.

Parametrized over the app's own OpenAPI document, so a new endpoint is covered when it appears:
every path with an id parameter is called by tenant B with tenant A's ids and must answer exactly
as for an id that does not exist (404, the same body); every list must leave A's ids out.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from app.db import unit_of_work
from app.dbtypes import utcnow
from app.main import create_app
from app.settings import Settings

DOC = create_app(Settings(_env_file=None)).openapi()
METHODS = ("get", "post", "put", "patch", "delete")
OPERATIONS = [(m, p) for p, ops in DOC["paths"].items() if p.startswith("/v1") for m in ops if m in METHODS]
PARAM = re.compile(r"\{([^}]+)\}")
PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    """Webhook URLs are checked against DNS; answer with a public address instead of the network."""
    try:
        from app.webhooks import ssrf
    except ImportError:
        return
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: [PUBLIC_ADDRESS])


def resolve_ref(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def request_schema(method: str, path: str) -> dict[str, Any] | None:
    content = DOC["paths"][path][method].get("requestBody", {}).get("content", {})
    return resolve_ref(content["application/json"]["schema"]) if "application/json" in content else None


def example_body(method: str, path: str, interview_id: str | None = None) -> Any:
    """A valid body for the operation: its schema's first example (every input schema has one)."""
    schema = request_schema(method, path)
    if schema is None:
        return None
    examples = schema.get("examples")
    if not examples:
        pytest.fail(f"{method.upper()} {path}: the request schema has no `examples`; add one so this test can call it")
    body = json.loads(json.dumps(examples[0]))
    if isinstance(body, dict) and "interview_id" in body:
        body["interview_id"] = interview_id or str(uuid.uuid4())
    return body


def first_id(payload: Any) -> str | None:
    if isinstance(payload, dict) and "data" in payload:
        payload = payload["data"]
    if isinstance(payload, list):
        payload = payload[0] if payload else None
    return str(payload["id"]) if isinstance(payload, dict) and "id" in payload else None


class Owner:
    """Tenant A's side: makes the resources a path names, one per id parameter, in path order."""

    def __init__(self, client, caller) -> None:
        self.client, self.headers = client, caller.headers
        self.ids: dict[str, str] = {}

    def interview(self) -> str:
        if "interview_id" not in self.ids:
            body = {**example_body("post", "/v1/interviews"), "external_id": f"ext-{uuid.uuid4().hex[:8]}"}
            created = self.client.post("/v1/interviews", json=body, headers=self.headers)
            assert created.status_code == 201, created.text
            self.ids["interview_id"] = created.json()["id"]
        return self.ids["interview_id"]

    def stir(self) -> None:
        """Make things happen for A (an interview and a reply), and let the worker fan events out."""
        interview = self.interview()
        reply_path = "/v1/interviews/{interview_id}/replies"
        self.client.post(reply_path.format(interview_id=interview), json=example_body("post", reply_path),
                         headers=self.headers)
        try:
            from app.webhooks.service import fan_out
        except ImportError:
            return
        with unit_of_work(self.client.app.state.engine) as session:
            fan_out(session, utcnow(), limit=1000)

    def _post_json(self, path: str, body: Any) -> str | None:
        response = self.client.post(path, json=body, headers=self.headers)
        return first_id(response.json()) if response.status_code in (200, 201) else None

    def make(self, name: str, collection: str) -> str:
        """An id for parameter `name`, whose collection (the path before it, ids filled) is `collection`."""
        if name == "interview_id":
            return self.interview()
        if name == "draft_id" and "/v1/interviews/{interview_id}/drafts" in DOC["paths"]:
            made = self._post_json(f"/v1/interviews/{self.interview()}/drafts",
                                   example_body("post", "/v1/interviews/{interview_id}/drafts"))
        else:
            template = PARAM.sub(lambda m: "{" + m.group(1) + "}", collection)
            made = None
            operations = DOC["paths"].get(self._template_of(template), {})
            if "post" in operations:
                made = self._post_json(collection, example_body("post", self._template_of(template)))
            if made is None and "get" in operations:
                for _ in range(2):  # e.g. deliveries exist once something happens after their parent
                    made = first_id(self.client.get(collection, headers=self.headers).json())
                    if made:
                        break
                    self.stir()
        if made is None:
            pytest.fail(f"cannot make tenant A's {{{name}}} under {collection}: teach Owner.make how")
        self.ids[name] = made
        return made

    def _template_of(self, concrete: str) -> str:
        for template in DOC["paths"]:
            pattern = "^" + PARAM.sub("[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
            if re.match(pattern, concrete):
                return template
        return concrete

    def fill(self, path: str) -> str:
        """The path with every id parameter replaced by one of A's resources."""
        filled = path
        for name in PARAM.findall(path):
            collection = filled.split("{" + name + "}")[0].rstrip("/")
            filled = filled.replace("{" + name + "}", self.ids.get(name) or self.make(name, collection))
        return filled


def normalised(response, ids: list[str]) -> tuple[int, Any]:
    text = response.text
    for value in ids:
        text = text.replace(value, "<id>")
    body = json.loads(text) if text else None
    if isinstance(body, dict):
        body.pop("request_id", None)
    return response.status_code, body


ID_OPERATIONS = [(m, p) for m, p in OPERATIONS if PARAM.search(p)]
BODY_ID_OPERATIONS = [(m, p) for m, p in OPERATIONS if not PARAM.search(p)
                      and "interview_id" in (request_schema(m, p) or {}).get("properties", {})]


@pytest.mark.parametrize(("method", "path"), ID_OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in ID_OPERATIONS])
def test_another_tenants_id_is_exactly_a_missing_id(prod_client, alice, bob, method, path):
    owner = Owner(prod_client, alice)
    theirs = owner.fill(path)
    nowhere = PARAM.sub(lambda _: str(uuid.uuid4()), path)
    read_path = path if "get" in DOC["paths"][path] else None
    before = prod_client.get(theirs, headers=alice.headers).json() if read_path else None

    body = example_body(method, path)
    crossing = prod_client.request(method, theirs, json=body, headers=bob.headers)
    missing = prod_client.request(method, nowhere, json=body, headers=bob.headers)

    assert crossing.status_code == 404, crossing.text
    ids = list(owner.ids.values()) + PARAM.findall(nowhere) + re.findall(r"[0-9a-f-]{36}", nowhere)
    assert normalised(crossing, ids) == normalised(missing, ids)
    if read_path and method != "get":  # A's resource is untouched
        assert prod_client.get(theirs, headers=alice.headers).json() == before
    # Positive control: the same call by A reaches the resource.
    own = prod_client.request(method, theirs, json=body, headers=alice.headers)
    assert own.status_code != 404 and own.status_code < 500, own.text


@pytest.mark.parametrize(("method", "path"), BODY_ID_OPERATIONS,
                         ids=[f"{m.upper()} {p}" for m, p in BODY_ID_OPERATIONS])
def test_another_tenants_interview_id_in_a_body_is_exactly_a_missing_one(prod_client, alice, bob, method, path):
    theirs = Owner(prod_client, alice).interview()
    nowhere = str(uuid.uuid4())
    crossing = prod_client.request(method, path, json=example_body(method, path, theirs), headers=bob.headers)
    missing = prod_client.request(method, path, json=example_body(method, path, nowhere), headers=bob.headers)
    assert crossing.status_code == 404, crossing.text
    assert normalised(crossing, [theirs, nowhere]) == normalised(missing, [theirs, nowhere])
    own = prod_client.request(method, path, json=example_body(method, path, theirs), headers=alice.headers)
    assert own.status_code == 200, own.text


LISTS = [p for m, p in OPERATIONS if m == "get" and not PARAM.search(p)]


@pytest.mark.parametrize("path", LISTS)
def test_a_list_shows_none_of_another_tenants_resources(prod_client, alice, bob, path):
    owner = Owner(prod_client, alice)
    for name_path in ID_OPERATIONS:  # give A one of everything that has an id
        owner.fill(name_path[1])
    bob_view = prod_client.get(path, headers=bob.headers)
    assert bob_view.status_code == 200, bob_view.text
    leaked = [f"{name}={value}" for name, value in owner.ids.items() if value in bob_view.text]
    assert leaked == [] and alice.tenant not in bob_view.text and alice.prefix not in bob_view.text


@pytest.mark.parametrize(("path", "what"), [
    ("/v1/interviews", "interview_id"), ("/v1/next-actions", "interview_id"),
    ("/v1/next-actions.ics", "interview_id"), ("/v1/admin/keys", None),
])
def test_the_lists_do_show_the_owners_own_resources(prod_client, alice, path, what):
    # The control for the test above: A's own view of the same lists holds what B's must not.
    owner = Owner(prod_client, alice)
    expected = owner.interview() if what else str(alice.key_id)
    assert expected in prod_client.get(path, headers=alice.headers).text


def test_each_tenant_sees_and_changes_only_its_own_policy(prod_client, alice, bob):
    default = prod_client.get("/v1/policy", headers=bob.headers).json()
    changed = prod_client.put("/v1/policy", json={"max_check_ins": 1}, headers=alice.headers)
    assert changed.status_code == 200 and changed.json()["max_check_ins"] == 1
    assert prod_client.get("/v1/policy", headers=alice.headers).json()["max_check_ins"] == 1
    assert prod_client.get("/v1/policy", headers=bob.headers).json() == default
    assert default["max_check_ins"] == 2


def test_an_admin_cannot_revoke_or_read_another_tenants_key(prod_client, alice, bob):
    for method in ("get", "delete"):
        assert prod_client.request(method, f"/v1/admin/keys/{alice.key_id}", headers=bob.headers).status_code == 404
    assert prod_client.get("/v1/interviews", headers=alice.headers).status_code == 200


def test_every_id_path_is_covered():
    # The families the issue names must be among the parametrized paths (guards a broken DOC walk).
    covered = {p for _, p in ID_OPERATIONS}
    for path in ("/v1/interviews/{interview_id}", "/v1/interviews/{interview_id}/sends",
                 "/v1/interviews/{interview_id}/replies", "/v1/interviews/{interview_id}/next-action",
                 "/v1/admin/keys/{key_id}"):
        assert path in covered
