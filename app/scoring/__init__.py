"""Pure guideline scoring of follow-up notes: text and interview data in, a report out."""
from app.scoring.report import (
    Context,
    GuidelineResult,
    Issue,
    Report,
    Rule,
    SendContext,
    Span,
)
from app.scoring.proofread import warm_up
from app.scoring.scorer import WEIGHTS, score_note

__all__ = [
    "WEIGHTS", "Context", "GuidelineResult", "Issue", "Report", "Rule", "SendContext", "Span", "score_note", "warm_up",
]
