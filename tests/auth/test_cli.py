"""`python -m app keys create` end to end: a real process, the test's database, a production app."""
from __future__ import annotations

import os
import subprocess
import sys

from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import ROOT
from tests.conftest import make_settings


def run_cli(db_url: str, cwd, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update(FOLLOWUP_DATABASE_URL=db_url, FOLLOWUP_ENV="production", FOLLOWUP_LOG_LEVEL="WARNING",
               PYTHONPATH=str(ROOT))
    # Run from an empty directory so no stray .env file changes the settings.
    return subprocess.run([sys.executable, "-m", "app", "keys", "create", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_keys_create_prints_the_key_alone_on_its_last_line_and_it_works_in_production(db_url, engine, tmp_path):
    done = run_cli(db_url, tmp_path, "--tenant", "acme", "--scopes", "read,write")
    assert done.returncode == 0, done.stderr
    key = done.stdout.rstrip("\n").splitlines()[-1]
    assert key.startswith("ifu_") and " " not in key and len(key) > 40
    assert key not in done.stderr  # the secret goes to stdout only
    with TestClient(create_app(make_settings(db_url, env="production")), raise_server_exceptions=False) as client:
        auth = {"Authorization": f"Bearer {key}"}
        assert client.get("/v1/interviews", headers=auth).status_code == 200
        assert client.get("/v1/interviews").status_code == 401
        assert client.get("/v1/admin/keys", headers=auth).status_code == 403  # read,write only


def test_keys_create_reuses_the_tenant_and_refuses_unknown_scopes(db_url, engine, tmp_path):
    first = run_cli(db_url, tmp_path, "--tenant", "acme", "--scopes", "admin").stdout.splitlines()[-1]
    second = run_cli(db_url, tmp_path, "--tenant", "acme", "--scopes", "read").stdout.splitlines()[-1]
    with TestClient(create_app(make_settings(db_url, env="production")), raise_server_exceptions=False) as client:
        keys = client.get("/v1/admin/keys", headers={"Authorization": f"Bearer {first}"}).json()["data"]
        assert {k["prefix"] for k in keys} == {first[:12], second[:12]}
    refused = run_cli(db_url, tmp_path, "--tenant", "acme", "--scopes", "read,root")
    assert refused.returncode == 2 and "scopes" in refused.stderr and "ifu_" not in refused.stdout
