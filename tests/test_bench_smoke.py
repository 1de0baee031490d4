"""The benchmark suite still runs end to end and reports every endpoint (no timings asserted).

Smoke mode: no wrk, a few sequential httpx requests against real uvicorn subprocesses (the
baseline and the service on a fresh migrated SQLite file), tiny scale data. It makes its own
database, so it uses no database fixture and runs in the SQLite pass only.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_smoke_run_reports_every_endpoint_scale_figures_and_targets(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        run = importlib.import_module("run")
        out = tmp_path / "BENCHMARKS.md"
        section = run.main(["--smoke", "--engines", "sqlite", "--output", str(out)], log=lambda *_: None)
    finally:
        sys.path.remove(str(BENCH))

    table = [line for line in section.splitlines() if line.startswith("| `")]
    for endpoint in run.ENDPOINTS:
        assert any(line.startswith(f"| `{endpoint}` | sqlite |") for line in table), endpoint
    assert "| sqlite | 200 |" in section  # the scale row
    assert "Recompute of stored next actions" in section
    assert "Scorer alone" in section
    assert "### Targets" in section and "p99 < 50 ms" in section
    written = out.read_text()
    assert written.count(run.BEGIN) == 1 and written.count(run.END) == 1 and section in written
    run.write_benchmarks(out, "second run")  # a re-run replaces the section, keeps one pair of markers
    assert out.read_text().count(run.BEGIN) == 1 and "second run" in out.read_text() and section not in out.read_text()
