"""The scorer agrees with the hand-labelled corpus (tests/data/corpus, see RUBRIC.md).

The floors are the contract: every guideline F1 ≥ 0.9 on the problem class with no
not_applicable mismatch, spelling recall ≥ 0.9, at most one spelling false alarm per ten
notes. Run bench/score_quality.py -v to see each disagreement.
"""
import pytest

from app.scoring.quality import load_corpus, measure

CASES = load_corpus()
pytestmark = pytest.mark.skipif(not CASES, reason="no labelled corpus notes yet")


@pytest.fixture(scope="module")
def quality():
    return measure(CASES)


@pytest.mark.parametrize("gid", ["thanks", "interest", "concerns", "additional_info", "enthusiastic_close",
                                 "promptness", "personalization", "proofreading", "patience", "brevity"])
def test_guideline_f1_floor(quality, gid):
    stats = quality.guidelines[gid]
    assert stats.na_mismatch == 0, "\n".join(stats.errors)
    assert stats.f1 >= 0.9, f"{gid} F1 {stats.f1:.2f}\n" + "\n".join(stats.errors)


def test_spelling_recall_floor(quality):
    assert quality.spelling_recall >= 0.9, quality.table()


def test_spelling_false_alarms_at_most_one_per_ten_notes(quality):
    assert quality.false_alarms_per_ten <= 1.0, quality.spelling_false_alarms


def test_grammar_recall_floor(quality):
    assert quality.grammar_recall >= 0.9, "\n".join(quality.grammar_missed)
