"""Scale figures: GET /v1/next-actions first-page latency at 10k/100k/1M stored interviews (through
HTTP), the recompute of 100k stored next actions after a policy change, and the scorer alone.

Run alone: .venv/bin/python bench/scale.py [--engines sqlite,postgresql] [--sizes 10000,100000]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

import servers  # noqa: E402

NOISE_SHARE = 0.1  # interviews of another tenant, per interview of the tenant under test
RECOMPUTE_SIZE = 100_000


@dataclass
class ScaleResult:
    engine: str
    due_page_ms: dict[int, float] = field(default_factory=dict)   # interviews stored → median ms
    due_page_p95_ms: dict[int, float] = field(default_factory=dict)
    load_s: dict[int, float] = field(default_factory=dict)        # seconds to bulk-load up to that size
    recompute: tuple[int, float] | None = None                    # (interviews, seconds)
    note: str = ""


def _median_due_page(base_url: str, requests: int) -> tuple[float, float]:
    times = []
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for i in range(requests + 5):
            t0 = time.perf_counter()
            r = client.get("/v1/next-actions")
            elapsed = time.perf_counter() - t0
            r.raise_for_status()
            if i >= 5:  # the first few warm the connection pool and the page cache
                times.append(elapsed)
        page = r.json()["data"]
    if len(page) != 50:
        raise RuntimeError(f"expected a full first page of 50, got {len(page)}")
    times.sort()
    return statistics.median(times) * 1000, times[min(len(times) - 1, int(0.95 * len(times)))] * 1000


def recompute_seconds(engine, tenant_id) -> tuple[int, float]:
    """app.followups.service.recompute_tenant inside app.db.unit_of_work, as PUT /v1/policy runs it."""
    from app.db import unit_of_work
    from app.followups.models import Policy
    from app.followups.service import recompute_tenant

    start = time.perf_counter()
    with unit_of_work(engine) as session:
        # A policy change: check in after 5 days instead of 7.
        count = recompute_tenant(session, tenant_id, Policy(tenant_id=tenant_id, check_in_after_days=5))
    return count, time.perf_counter() - start


def run_scale(engine_name: str, db_url: str, sizes: list[int], *, requests: int = 100,
              recompute_size: int = RECOMPUTE_SIZE, log=print) -> ScaleResult:
    """Grow one database through `sizes` interviews (plus noise), timing the first page at each."""
    import seed
    from app.db import make_engine
    from app.settings import Settings

    result = ScaleResult(engine=engine_name)
    engine = make_engine(Settings(_env_file=None, database_url=db_url))
    try:
        tenant = seed.tenant_id(engine, "local")  # the tenant development mode serves
        noise = seed.tenant_id(engine, "noise")
        stored = 0
        with servers.service(db_url) as server:
            for i, size in enumerate(sorted(sizes)):
                start = time.perf_counter()
                seed.insert_interviews(engine, tenant, size - stored, seed=10 + i)
                seed.insert_interviews(engine, noise, int((size - stored) * NOISE_SHARE), seed=100 + i)
                seed.analyze(engine)
                result.load_s[size] = time.perf_counter() - start
                stored = size
                median, p95 = _median_due_page(server.base_url, requests)
                result.due_page_ms[size], result.due_page_p95_ms[size] = median, p95
                log(f"  {engine_name}: {size:>9,} interviews (+{int(size * NOISE_SHARE):,} noise) loaded in "
                    f"{result.load_s[size]:.1f} s; GET /v1/next-actions median {median:.2f} ms, p95 {p95:.2f} ms")
                if size == recompute_size or (result.recompute is None and size >= recompute_size):
                    count, seconds = recompute_seconds(engine, tenant)
                    result.recompute = (count, seconds)
                    log(f"  {engine_name}: recompute_tenant over {count:,} interviews: {seconds:.2f} s")
    finally:
        engine.dispose()
    return result


SCORER_SNIPPET = r'''
import json, os, sys, time
from datetime import datetime
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
os.sched_setaffinity(0, {{0}})  # one core
import payloads
from app.interviews.service import facts_from_fields
from app.interviews.schemas import InterviewFields
from app.scoring import score_note
fields = InterviewFields.model_validate(payloads.INTERVIEW).model_dump(mode="python")
facts = facts_from_fields(**fields)
sent = datetime.fromisoformat(payloads.SCORE["sent_at"])
call = lambda: score_note(payloads.NOTE, kind="thank_you", subject=payloads.SCORE["subject"], interview=facts, sent_at=sent)
for _ in range(50):
    call()
times = []
for _ in range({reps}):
    t0 = time.perf_counter_ns(); call(); times.append(time.perf_counter_ns() - t0)
times.sort()
print(json.dumps({{"median_us": times[len(times) // 2] / 1000, "mean_us": sum(times) / len(times) / 1000,
                  "p99_us": times[int(len(times) * 0.99)] / 1000, "reps": {reps}}}))
'''


def scorer_us(reps: int = 1000) -> dict:
    """score_note on the suite's 150-word note, after warm-up, in a process pinned to one core."""
    code = SCORER_SNIPPET.format(root=str(servers.ROOT), bench=str(Path(__file__).resolve().parent), reps=reps)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=servers.ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    for name in args.engines.split(","):
        ctx = servers.sqlite_database() if name == "sqlite" else servers.postgres_database()
        with ctx as url:
            print(asdict(run_scale(name, url, sizes, requests=args.requests)))
    print("scorer:", scorer_us())
    return 0


if __name__ == "__main__":
    os.chdir(servers.ROOT)
    raise SystemExit(main())
