"""Measure the scorer against the labelled corpus in ``tests/data/corpus`` (see its RUBRIC.md).

Per guideline: precision, recall and F1 on the "problem" class (warn or fail), exact-status
agreement, and not_applicable mismatches. For proofreading: spelling recall, spelling false
alarms per ten notes, and grammar recall. Used by ``bench/score_quality.py`` and the quality test.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.facts import Concern, InterviewFacts, Person
from app.scoring.guidelines import GUIDELINE_IDS
from app.scoring.report import Report, SendContext
from app.scoring.scorer import score_note

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "corpus"
PROBLEM = {"warn", "fail"}
_GRAMMAR_RULE_TYPES = {
    "ENGLISH_WORD_REPEAT_RULE": "repeated_word", "EN_A_VS_AN": "a_an", "I_LOWERCASE": "lowercase_i",
    "UPPERCASE_SENTENCE_START": "sentence_case", "DOUBLE_PUNCTUATION": "doubled_punctuation",
}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def facts_from(data: dict) -> InterviewFacts:
    cand = data.get("candidate") or {}
    return InterviewFacts(
        candidate=Person(cand.get("name", ""), None, cand.get("email")),
        company=data.get("company", ""),
        position=data.get("position", ""),
        interviewers=tuple(Person(p.get("name", ""), p.get("title"), p.get("email"))
                           for p in data.get("interviewers") or []),
        interviewed_at=_dt(data["interviewed_at"]),
        timezone=data.get("timezone"),
        decision_expected_at=_dt(data.get("decision_expected_at")),
        highlights=tuple(data.get("highlights") or ()),
        strengths=tuple(data.get("strengths") or ()),
        concerns=tuple(Concern(c.get("concern", ""), c.get("response")) for c in data.get("concerns") or ()),
        additional_info=tuple(data.get("additional_info") or ()),
    )


def history_from(data: dict | None) -> SendContext | None:
    if not data:
        return None
    return SendContext(int(data.get("check_ins_sent", 0)), int(data.get("max_check_ins", 2)),
                       _dt(data.get("check_in_opens_at")))


def load_corpus(directory: Path = CORPUS_DIR) -> list[dict]:
    return [json.loads(p.read_text("utf-8")) | {"_file": p.name} for p in sorted(directory.glob("*.json"))]


def score_case(case: dict) -> Report:
    return score_note(
        case["body"], kind=case["kind"], subject=case.get("subject"),
        interview=facts_from(case["interview"]) if case.get("interview") else None,
        sent_at=_dt(case.get("sent_at")), history=history_from(case.get("history")),
    )


@dataclass
class GuidelineStats:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: int = 0
    total: int = 0
    na_mismatch: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass
class Quality:
    notes: int
    guidelines: dict[str, GuidelineStats]
    spelling_listed: int
    spelling_found: int
    spelling_false_alarms: list[str]
    grammar_listed: int
    grammar_found: int
    grammar_missed: list[str]
    grammar_false_alarms: list[str]

    @property
    def spelling_recall(self) -> float:
        return self.spelling_found / self.spelling_listed if self.spelling_listed else 1.0

    @property
    def false_alarms_per_ten(self) -> float:
        return 10 * len(self.spelling_false_alarms) / self.notes if self.notes else 0.0

    @property
    def grammar_recall(self) -> float:
        return self.grammar_found / self.grammar_listed if self.grammar_listed else 1.0

    def table(self) -> str:
        rows = [f"{'guideline':<20} {'P':>5} {'R':>5} {'F1':>5} {'exact':>6} {'n/a≠':>5}  (tp fp fn, n={self.notes})"]
        for gid, st in self.guidelines.items():
            exact = st.agree / st.total if st.total else 1.0
            rows.append(f"{gid:<20} {st.precision:5.2f} {st.recall:5.2f} {st.f1:5.2f} {exact:6.2f} "
                        f"{st.na_mismatch:5d}  ({st.tp} {st.fp} {st.fn})")
        rows.append(f"spelling recall      {self.spelling_recall:5.2f}  ({self.spelling_found}/{self.spelling_listed})")
        rows.append(f"spelling false alarms per ten notes {self.false_alarms_per_ten:.2f}  "
                    f"({len(self.spelling_false_alarms)}: {', '.join(self.spelling_false_alarms[:12])})")
        rows.append(f"grammar recall       {self.grammar_recall:5.2f}  ({self.grammar_found}/{self.grammar_listed})"
                    f"  extra flags: {len(self.grammar_false_alarms)}")
        return "\n".join(rows)

    def disagreements(self) -> str:
        out = []
        for gid, st in self.guidelines.items():
            out += [f"{gid}: {e}" for e in st.errors]
        out += [f"grammar missed: {m}" for m in self.grammar_missed]
        out += [f"grammar extra: {m}" for m in self.grammar_false_alarms]
        return "\n".join(out)


def _grammar_matches(case: dict, report: Report) -> tuple[int, list[str], list[str]]:
    body = case["body"]
    predicted = [(i, _GRAMMAR_RULE_TYPES[i.rule.id]) for i in report.issues if i.rule.id in _GRAMMAR_RULE_TYPES]
    used: set[int] = set()
    found, missed = 0, []
    for label in case.get("grammar") or []:
        text, typ = label.get("text", ""), label.get("type", "")
        spans, low, start = [], body.lower(), 0
        while text and (k := low.find(text.lower(), start)) >= 0:
            spans.append((k, k + len(text)))
            start = k + 1
        hit = None
        for n, (issue, ptype) in enumerate(predicted):
            if n in used or ptype != typ:
                continue
            if any(issue.offset < b and a < issue.offset + max(issue.length, 1) for a, b in spans):
                hit = n
                break
        if hit is None:
            missed.append(f"{case['id']}: {typ} {text!r}")
        else:
            used.add(hit)
            found += 1
    extra = [f"{case['id']}: {t} {body[i.offset:i.offset + i.length]!r}"
             for n, (i, t) in enumerate(predicted) if n not in used]
    return found, missed, extra


def measure(cases: list[dict] | None = None) -> Quality:
    cases = load_corpus() if cases is None else cases
    stats = {gid: GuidelineStats() for gid in GUIDELINE_IDS}
    sp_listed = sp_found = g_listed = g_found = 0
    sp_false: list[str] = []
    g_missed: list[str] = []
    g_extra: list[str] = []
    for case in cases:
        report = score_case(case)
        labels = case.get("labels") or {}
        for res in report.guidelines:
            label = labels.get(res.id)
            if label is None:
                continue
            st = stats[res.id]
            st.total += 1
            pred = res.status
            if pred == label:
                st.agree += 1
            else:
                st.errors.append(f"{case['id']}: label {label}, scored {pred} — {res.advice}")
            if (pred == "not_applicable") != (label == "not_applicable"):
                st.na_mismatch += 1
            p, l_ = pred in PROBLEM, label in PROBLEM
            st.tp += p and l_
            st.fp += p and not l_
            st.fn += l_ and not p
        listed = Counter(case.get("misspellings") or [])
        flagged = Counter(case["body"][i.offset:i.offset + i.length] for i in report.issues
                          if i.rule.issue_type == "misspelling")
        sp_listed += sum(listed.values())
        sp_found += sum((listed & flagged).values())
        sp_false += [f"{w} ({case['id']})" for w in (flagged - listed).elements()]
        found, missed, extra = _grammar_matches(case, report)
        g_listed += len(case.get("grammar") or [])
        g_found += found
        g_missed += missed
        g_extra += extra
    return Quality(len(cases), stats, sp_listed, sp_found, sp_false, g_listed, g_found, g_missed, g_extra)
