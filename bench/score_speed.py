"""Time score_note on a typical 150-word thank-you after warm-up; prints µs per report.

Run: .venv/bin/python bench/score_speed.py [repetitions]
"""
from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.facts import Concern, InterviewFacts, Person  # noqa: E402
from app.scoring import score_note  # noqa: E402

INTERVIEW = InterviewFacts(
    candidate=Person("Priya Raman", email="priya@example.com"),
    company="St. Mary's Hospital",
    position="ICU Charge Nurse",
    interviewers=(Person("Lucia Alvarez", "Director of Nursing"),),
    interviewed_at=datetime(2026, 3, 10, 14, tzinfo=timezone.utc),
    highlights=("the new sepsis screening protocol", "12-hour shift handoffs"),
    strengths=("ten years of critical-care experience",),
    concerns=(Concern("no charge-nurse title yet", "I led night shifts as relief charge nurse"),),
    additional_info=("my CCRN certification renewal date",),
)
BODY = """Dear Ms. Alvarez,

Thank you for taking the time to meet with me yesterday about the ICU Charge Nurse role. I
especially enjoyed hearing about the new sepsis screening protocol your unit is piloting, and how
you have tightened the 12-hour shift handoffs.

With ten years of critical-care experience, I am confident I could support your team from day one.
You asked about my lack of a formal charge-nurse title: for the past two years I have led night
shifts as relief charge nurse, coordinating assignments for up to eight nurses. I also wanted to
follow up on my CCRN certification, which I recieved in 2019 and renew in June 2027.

I remain very interested in the position and would be thrilled to join your team. I look forward
to hearing from you about next steps.

Best regards,
Priya Raman
"""


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sent = INTERVIEW.interviewed_at + timedelta(hours=6)
    for _ in range(50):  # warm-up: dictionary load, caches
        score_note(BODY, kind="thank_you", interview=INTERVIEW, sent_at=sent)
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(reps):
        report = score_note(BODY, kind="thank_you", interview=INTERVIEW, sent_at=sent)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # CPU time is the steadier number on a shared machine; wall time includes waiting for a core.
    print(f"{report.word_count} words, overall {report.overall}: {elapsed / reps * 1e6:.0f} µs per report "
          f"wall, {cpu / reps * 1e6:.0f} µs CPU ({reps} reports)")


if __name__ == "__main__":
    main()
