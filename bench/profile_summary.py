"""Summarise a py-spy `--format raw` (collapsed stacks) profile: the functions holding the most
samples, inclusive and self, so a profile can be read as text in a report.

Run: .venv/bin/python bench/profile_summary.py bench/results/<file>.txt [top]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# Leaf frames of a thread that is waiting, not working: an idle pool thread or the event loop's poll.
IDLE_LEAVES = ("Condition.wait (threading.py)", "Queue.get (queue.py)", "select (selectors.py)",
               "EpollSelector.select (selectors.py)", "Runner.run (asyncio/runners.py)")
_IDLE_WORKER = {"WorkerThread.run (anyio/_backends/_asyncio.py)", "Queue.get (queue.py)",
                "Condition.wait (threading.py)", "Thread._bootstrap_inner (threading.py)",
                "Thread._bootstrap (threading.py)", "Thread.run (threading.py)"}
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^():]+)(?::\d+)?\)$")


def _short(frame: str) -> str:
    m = _FRAME.match(frame.strip())
    if not m:
        return frame.strip()
    path = m["file"]
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{m['func']} ({path})"


def summarise(path: Path, top: int = 25) -> str:
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = idle = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_short(f) for f in stack.split(";") if not f.startswith(("thread ", "process "))]
        if frames and (frames[-1] in IDLE_LEAVES[2:] or set(frames[-3:]) <= _IDLE_WORKER):
            idle += n
            continue
        total += n
        for f in set(frames):
            inclusive[f] += n
        if frames:
            own[frames[-1]] += n
    if not total:
        return f"{path.name}: no samples"
    lines = [f"{path.name}: {total} working samples (share of these below; {idle} idle-thread samples left out)",
             "  inclusive:"]
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in inclusive.most_common(top)]
    lines.append("  self:")
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in own.most_common(top // 2)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 25))
