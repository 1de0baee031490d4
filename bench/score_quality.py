"""Score every labelled corpus note and print how the scorer agrees with the labels.

Run: .venv/bin/python bench/score_quality.py [-v]   (-v also lists every disagreement)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.scoring.quality import measure  # noqa: E402


def main() -> None:
    quality = measure()
    print(quality.table())
    if "-v" in sys.argv[1:]:
        print()
        print(quality.disagreements())


if __name__ == "__main__":
    main()
