"""Health, readiness, metrics, request ids, problem+json for framework errors, offline docs."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app


def test_healthz_is_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_ok_on_a_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["migrations_current"] is True


def test_readyz_is_503_when_migrations_are_behind(client, engine):
    with engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = 'old'"))
    try:
        response = client.get("/readyz")
    finally:  # the PostgreSQL test database is shared by the session
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert response.status_code == 503
    assert response.json()["migrations_current"] is False


def test_readyz_is_503_when_the_database_is_unreachable(client, tmp_path):
    from sqlalchemy import create_engine

    client.app.state.engine = create_engine(f"sqlite:///{tmp_path}/no/such/dir/x.db")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] is False
    assert "unreachable" in response.json()["detail"]


def test_metrics_count_requests_by_route_template_and_status(client, interview_payload):
    created = client.post("/v1/interviews", json=interview_payload).json()
    client.get(f"/v1/interviews/{created['id']}")
    client.get("/v1/interviews/00000000-0000-0000-0000-000000000000")
    body = client.get("/metrics").text
    assert re.search(r'http_requests_total\{method="GET",route="/v1/interviews/\{interview_id\}",status="200"\} 1\.0', body)
    assert re.search(r'http_requests_total\{method="GET",route="/v1/interviews/\{interview_id\}",status="404"\} 1\.0', body)
    assert 'http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/interviews"}' in body


def test_request_id_is_echoed_or_generated(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    generated = client.get("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)


def test_framework_errors_are_problem_json(client):
    for response, status in ((client.get("/nowhere"), 404), (client.put("/healthz"), 405),
                             (client.post("/v1/interviews", content=b"{not json",
                                          headers={"content-type": "application/json"}), 422)):
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == status and problem["type"].startswith("https://") and problem["title"]


def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(settings, engine, caplog):
    app = create_app(settings)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in response.text and "RuntimeError" not in response.text
    assert response.json()["request_id"] == "req-500"
    logged = [r for r in caplog.records if r.name == "app.errors"]
    assert logged and logged[0].request_id == "req-500"


def test_docs_work_offline_every_asset_is_served_locally(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page)
        assert html.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+)"', html.text)
        assert assets, f"{page} references no assets"
        for asset in assets:
            assert not asset.startswith(("http://", "https://", "//")), f"{page} loads {asset} from the network"
            fetched = client.get(asset)
            assert fetched.status_code == 200 and len(fetched.content) > 1000, asset
    assert client.get("/openapi.json").json()["info"]["title"] == "interview-followup"
