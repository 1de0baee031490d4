"""English helpers: list joining, articles, dates, sentence and phrase shaping."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.drafts import language


@pytest.mark.parametrize(("items", "expected"), [
    ([], ""),
    (["A"], "A"),
    (["A", "B"], "A and B"),
    (["A", "B", "C"], "A, B, and C"),
    (["A", "", "  ", None, "B"], "A and B"),
])
def test_join_words_joins_lists_as_people_write(items, expected):
    assert language.join_words(items) == expected


@pytest.mark.parametrize(("phrase", "expected"), [
    ("hour", "an hour"), ("honest answer", "an honest answer"), ("university", "a university"),
    ("MBA", "an MBA"), ("UX role", "a UX role"), ("URL", "a URL"), ("API", "an API"),
    ("HR partner", "an HR partner"), ("SQL expert", "an SQL expert"), ("NASA project", "a NASA project"),
    ("8-week course", "an 8-week course"), ("18-month contract", "an 18-month contract"),
    ("one-year contract", "a one-year contract"), ("European team", "a European team"),
    ("update", "an update"), ("user", "a user"), ("iOS engineer", "an iOS engineer"),
    ("Engineering Manager", "an Engineering Manager"), ("Data Engineer", "a Data Engineer"),
    ("X-ray", "an X-ray"), ("", ""),
])
def test_a_an_chooses_the_article_by_sound(phrase, expected):
    assert language.a_an(phrase) == expected


@pytest.mark.parametrize(("position", "expected"), [
    ("Senior Data Engineer", "a Senior Data Engineer"),
    ("Engineering Manager", "an Engineering Manager"),
    ("UX Designer", "a UX Designer"),
    ("Head of Design", "Head of Design"),
    ("CTO", "CTO"),
    ("Backend role", None),
    ("Graduate programme (2026)", None),
])
def test_with_article_reads_as_a_job_title_or_declines(position, expected):
    assert language.with_article(position) == expected


def test_date_in_words_names_weekday_day_and_month():
    moment = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert language.date_in_words(moment) == "Tuesday, 10 March"
    assert language.date_in_words(moment, with_year=True) == "Tuesday, 10 March 2026"


@pytest.mark.parametrize(("text", "expected"), [
    ("done", "Done."), ("done.", "Done."), ("done..", "Done."), ("done!!", "Done!"),
    ("Really?", "Really?"), ("ok,", "Ok."), ("and so on...", "And so on..."),
    ("we use Python, SQL, etc.", "We use Python, SQL, etc."), ("  spaced   out  ", "Spaced out."),
    ("word .", "Word."), ("", ""), (None, ""),
])
def test_as_sentence_ends_with_exactly_one_mark(text, expected):
    assert language.as_sentence(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("my portfolio.", "my portfolio"), ("Acme Inc.", "Acme Inc."), ("a link;", "a link"),
    ("Kubernetes?", "Kubernetes"),
])
def test_phrase_strips_trailing_punctuation_but_keeps_abbreviations(text, expected):
    assert language.phrase(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Strong SQL skills", "strong SQL skills"), ("Python expertise", "Python expertise"),
    ("AWS certification", "AWS certification"), ("Experience leading teams", "experience leading teams"),
])
def test_lower_first_keeps_names_and_acronyms(text, expected):
    assert language.lower_first(text) == expected


@pytest.mark.parametrize(("text", "clause"), [
    ("I have since completed the CKA", True), ("We discussed the roadmap", True),
    ("My references are available on request", True), ("a link to my portfolio", False),
    ("my portfolio", False), ("the billing migration", False),
])
def test_is_clause_tells_sentences_from_noun_phrases(text, clause):
    assert language.is_clause(text) is clause


@pytest.mark.parametrize(("name", "first"), [
    ("Zoë Müller", "Zoë"), ("Dr. José Núñez", "José"), ("Prince", "Prince"), ("  Ana   Lopez ", "Ana"),
])
def test_first_name_skips_honorifics(name, first):
    assert language.first_name(name) == first
