"""The principal dependency stays on the event loop unless it must look a key up."""
from __future__ import annotations

import pytest

from app.auth import deps


def test_development_mode_resolves_the_principal_without_a_thread(client, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_thread(*_args, **_kwargs):
        raise AssertionError("development mode must not hop to the thread pool for the principal")

    monkeypatch.setattr(deps, "run_in_threadpool", no_thread)
    response = client.post("/v1/score", json={"kind": "thank_you", "body": "Thank you for your time today."})
    assert response.status_code == 200


def test_a_bearer_key_is_looked_up_in_the_thread_pool(prod_client, make_key, monkeypatch: pytest.MonkeyPatch) -> None:
    caller = make_key("acme", "read")
    calls = []
    real = deps.run_in_threadpool

    async def counting(func, *args, **kwargs):
        calls.append(func)
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(deps, "run_in_threadpool", counting)
    response = prod_client.post("/v1/score", json={"kind": "thank_you", "body": "Thank you."}, headers=caller.headers)
    assert response.status_code == 200
    assert calls == [deps._lookup]
