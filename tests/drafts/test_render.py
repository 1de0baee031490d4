"""Built-in notes: every template against a matrix of interview shapes reads naturally, and
the text, HTML and mailto forms agree."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from app.core.facts import Concern, InterviewFacts, Person
from app.drafts import language
from app.drafts.render import RenderedNote, builtin_template_ids, mailto_link, render_all, render_note
from app.drafts.sandbox import sample_facts

ANA = Person(name="Ana Lopez", title="Engineering Manager", email="ana.lopez@example.com")
BEN = Person(name="Ben Okafor", email="ben.okafor@example.com")
CHI = Person(name="Chidi Anagonye", title="Recruiter")
JOSE = Person(name="José Núñez", email="jose.nunez@example.es")
BASE = InterviewFacts(
    candidate=Person(name="Sam Rivera", email="sam@example.com"),
    company="Acme",
    position="Data Engineer",
    interviewers=(ANA,),
    interviewed_at=datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc),
)
LONG = "the long-running effort to consolidate " + "every regional reporting pipeline " * 12 + "into one"

INTERVIEWS: dict[str, InterviewFacts] = {
    "all_optionals_empty": BASE,
    "one_item_each": replace(
        BASE, highlights=("your move to event-driven billing",), strengths=("Strong SQL skills",),
        concerns=(Concern("my limited Kubernetes experience", "I have since completed the CKA."),),
        additional_info=("my portfolio at https://sam.example.com",),
        decision_expected_at=datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)),
    "many_items": replace(
        BASE, interviewers=(ANA, BEN, CHI),
        highlights=("your move to event-driven billing", "the team's on-call rotation",
                    "We talked about the data catalogue.", "the hackathon", "pairing culture"),
        strengths=("six years of Python", "experience mentoring engineers", "I am a fast learner",
                   "Airflow"),
        concerns=(Concern("my limited Kubernetes experience", "I have since completed the CKA."),
                  Concern("Can you start in May?", "yes, my notice period ends on 30 April!"),
                  Concern("salary expectations", None),
                  Concern("travel", ""),
                  Concern("Are you open to relocating?", None)),
        additional_info=("my portfolio at https://sam.example.com.",
                         "I led the 2024 migration to PostgreSQL 16",
                         "references from two former managers;")),
    "two_interviewers": replace(
        BASE, interviewers=(ANA, BEN), highlights=("the billing migration", "your pairing culture"),
        strengths=("six years of Python", "experience mentoring engineers"),
        concerns=(Concern("my notice period", "It is four weeks, and I can start on 1 May."),
                  Concern("Are you comfortable being on call?", "Yes; I share a rotation today.")),
        additional_info=("a link to my conference talk on streaming",)),
    "non_ascii_names": replace(
        BASE, candidate=Person(name="Zoë Müller", email="zoe@example.de"),
        company="Café Ümlaut GmbH", position="Ingeniera de Datos", interviewers=(JOSE, ANA),
        highlights=("the Zürich office",), strengths=("fluent German and Spanish",),
        concerns=(Concern("Würden Sie umziehen?", "Ja, sehr gerne."),)),
    "very_long_values": replace(
        BASE, position="Principal Staff Senior Lead Data Platform Reliability Engineer " * 3,
        company="Acme International Holdings " * 5, highlights=(LONG,), strengths=(LONG,),
        concerns=(Concern(LONG, LONG + " is something I have done before"),),
        additional_info=(LONG,)),
    "decision_known_tokyo": replace(
        BASE, timezone="Asia/Tokyo",
        interviewed_at=datetime(2026, 3, 10, 23, 30, tzinfo=timezone.utc),  # Wed 11 March in Tokyo
        decision_expected_at=datetime(2026, 3, 19, 16, 0, tzinfo=timezone.utc)),  # Fri 20 March
    "html_in_fields": replace(
        BASE, company="<script>alert(1)</script> & Sons",
        highlights=("the <b>bold</b> roadmap",),
        concerns=(Concern("<img src=x onerror=alert(1)>", "I answered <i>that</i>."),)),
    "vowel_position": replace(BASE, position="Engineering Manager"),
    "acronym_position": replace(BASE, position="UX Designer"),
    "six_interviewers": replace(
        BASE, interviewers=tuple(Person(name=f"Person {n}") for n in "ABCDEF")),
}
TEMPLATES = [(kind, final, tone) for kind, final in (("thank_you", False), ("check_in", False),
                                                      ("check_in", True))
             for tone in ("formal", "warm", "concise")]


def _parts(note: RenderedNote) -> list[str]:
    return [note.subject, note.body_text]


def assert_reads_cleanly(note: RenderedNote) -> None:
    for text in _parts(note):
        assert "None" not in text
        assert "  " not in text
        assert "\n\n\n" not in text
        assert " ." not in text and " ," not in text and " ;" not in text
        assert not re.search(r"(?<!\.)\.\.(?!\.)", text), "a doubled full stop"
        assert not re.search(r"[.!?,;:]\s*[.!?,;:](?!\.)", text.replace("...", "…")), \
            "an empty sentence or clashing punctuation"
        assert text == text.strip()
        assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\n" not in note.subject and note.subject
    assert not note.body_text.startswith("\n")


def visible_html_text(html: str) -> str:
    return html.replace("<p>", "").replace("</p>", "").replace("<br>\n", "\n").replace("\n", "")


@pytest.mark.parametrize(("kind", "final", "tone"), TEMPLATES,
                         ids=[f"{'final_' if f else ''}{k}-{t}" for k, f, t in TEMPLATES])
@pytest.mark.parametrize("name", list(INTERVIEWS))
def test_every_builtin_template_reads_naturally_for_every_interview_shape(name, kind, final, tone):
    facts = INTERVIEWS[name]
    notes = render_all(facts, kind=kind, tone=tone, per_interviewer=False, final=final)
    notes += render_all(facts, kind=kind, tone=tone, per_interviewer=True, final=final)
    for note in notes:
        assert_reads_cleanly(note)
        assert note.template_id == f"builtin:{'final_check_in' if final else kind}:{tone}"
        assert note.body_text.endswith(f"\n{facts.candidate.name}")  # signed with the name
        # HTML is the same text, escaped, as paragraphs.
        assert note.body_html.startswith("<p>") and note.body_html.endswith("</p>")
        assert note.body_html.count("<p>") == note.body_text.count("\n\n") + 1
        assert visible_html_text(note.body_html) == str(escape(note.body_text.replace("\n\n", "")
                                                              .replace("\n", "")))
        # mailto decodes back to the subject and body.
        link = urlsplit(note.mailto)
        assert link.scheme == "mailto"
        assert unquote(link.path) == (note.to.email or "")
        query = parse_qs(link.query, keep_blank_values=True, strict_parsing=True)
        assert query["subject"] == [note.subject]
        assert query["body"] == [note.body_text.replace("\n", "\r\n")]
        if kind == "thank_you":
            for concern in facts.concerns:
                if language.tidy(concern.response):
                    assert language.phrase(concern.response)[1:] in note.body_text
            for item in facts.additional_info:
                assert language.phrase(item)[1:] in note.body_text


@pytest.mark.parametrize("tone", ["formal", "warm", "concise"])
def test_a_note_to_all_greets_every_interviewer_by_name(tone):
    facts = INTERVIEWS["many_items"]
    note = render_note(facts, kind="thank_you", tone=tone)
    greeting = note.body_text.split("\n", 1)[0]
    if tone == "formal":
        assert greeting == "Dear Ana Lopez, Ben Okafor, and Chidi Anagonye,"
    else:
        assert greeting == "Hi Ana, Ben, and Chidi,"
    assert "Thank you all for" in note.body_text
    assert note.to == ANA


def test_two_interviewers_are_greeted_and_thanked_together():
    note = render_note(INTERVIEWS["two_interviewers"], kind="thank_you", tone="formal")
    assert note.body_text.startswith("Dear Ana Lopez and Ben Okafor,\n\nThank you both for")
    warm = render_note(INTERVIEWS["two_interviewers"], kind="thank_you", tone="warm")
    assert warm.body_text.startswith("Hi Ana and Ben,\n")


def test_per_interviewer_notes_greet_and_thank_each_person():
    facts = INTERVIEWS["non_ascii_names"]
    notes = render_all(facts, kind="thank_you", tone="formal", per_interviewer=True)
    assert [n.to for n in notes] == [JOSE, ANA]
    assert notes[0].body_text.startswith("Dear José Núñez,\n\nThank you for")
    assert notes[1].body_text.startswith("Dear Ana Lopez,\n\nThank you for")
    warm = render_all(facts, kind="thank_you", tone="warm", per_interviewer=True)
    assert warm[0].body_text.startswith("Hi José,")
    assert "Zoë Müller" in warm[0].body_text and "Café Ümlaut GmbH" in warm[0].body_text


def test_many_interviewers_get_a_collective_greeting():
    facts = INTERVIEWS["six_interviewers"]
    assert render_note(facts, kind="thank_you", tone="formal").body_text.startswith("Dear Hiring Team,")
    assert render_note(facts, kind="check_in", tone="warm").body_text.startswith("Hi everyone,")


def test_a_thank_you_follows_the_advice_in_order():
    body = render_note(INTERVIEWS["two_interviewers"], kind="thank_you", tone="warm").body_text
    marks = ["Thank you both", "the billing migration and your pairing culture",
             "six years of Python and experience mentoring engineers", "my notice period",
             "It is four weeks", "Are you comfortable being on call?", "Yes; I share a rotation today.",
             "a link to my conference talk on streaming", "joining the team",
             "I look forward to hearing from you", "Best wishes,\nSam Rivera"]
    positions = [body.index(m) for m in marks]
    assert positions == sorted(positions)


def test_unanswered_concerns_are_offered_gracefully_and_lists_read_naturally():
    body = render_note(INTERVIEWS["many_items"], kind="thank_you", tone="formal").body_text
    assert "I would be glad to discuss salary expectations and travel in more detail" in body
    assert "You also asked, “Can you start in May?” Yes, my notice period ends on 30 April!" in body
    assert "We talked about the data catalogue." not in body  # only two highlights are woven in
    assert "your move to event-driven billing and the team's on-call rotation" in body
    assert "I led the 2024 migration to PostgreSQL 16." in body
    assert "my portfolio at https://sam.example.com and references from two former managers." in body


@pytest.mark.parametrize("tone", ["formal", "warm", "concise"])
def test_typical_thank_you_length(tone):
    words = len(render_note(INTERVIEWS["two_interviewers"], kind="thank_you", tone=tone).body_text.split())
    low = 80 if tone == "concise" else 100
    assert low <= words <= 200


def _sentences(note: RenderedNote) -> int:
    paragraphs = note.body_text.split("\n\n")[1:-1]  # without greeting and sign-off
    return sum(len(re.findall(r"[.?!](?=\s|$)", p)) for p in paragraphs)


@pytest.mark.parametrize("tone", ["formal", "warm", "concise"])
@pytest.mark.parametrize("name", ["decision_known_tokyo", "all_optionals_empty"])
def test_check_in_is_three_or_four_sentences_with_date_and_question(name, tone):
    facts = INTERVIEWS[name]
    note = render_note(facts, kind="check_in", tone=tone)
    assert 3 <= _sentences(note) <= 4
    assert "?" in note.body_text
    assert "Data Engineer position" in note.body_text
    lowered = note.body_text.lower()
    for filler in ("just checking in", "touching base", "circling back", "just following up"):
        assert filler not in lowered
    if name == "decision_known_tokyo":
        assert "on Wednesday, 11 March" in note.body_text  # the interview's timezone, not UTC
        assert "by Friday, 20 March" in note.body_text
    else:
        assert "on Tuesday, 10 March" in note.body_text
        assert "decision" not in lowered


@pytest.mark.parametrize("tone", ["formal", "warm", "concise"])
def test_final_check_in_is_shorter_and_gracious(tone):
    facts = INTERVIEWS["decision_known_tokyo"]
    first = render_note(facts, kind="check_in", tone=tone)
    final = render_note(facts, kind="check_in", tone=tone, final=True)
    assert final.kind == "check_in" and final.template_id == f"builtin:final_check_in:{tone}"
    assert len(final.body_text.split()) < len(first.body_text.split()) + 5
    assert _sentences(final) <= 3
    assert "thank you" in final.body_text.lower()


def test_final_is_ignored_for_a_thank_you():
    note = render_note(BASE, kind="thank_you", final=True)
    assert note.template_id == "builtin:thank_you:warm"


@pytest.mark.parametrize(("name", "expected"), [
    ("vowel_position", "as an Engineering Manager"),
    ("acronym_position", "as a UX Designer"),
    ("all_optionals_empty", "as a Data Engineer"),
])
def test_article_before_the_position_is_chosen_by_sound(name, expected):
    assert expected in render_note(INTERVIEWS[name], kind="thank_you", tone="formal").body_text


def test_html_is_escaped_and_text_is_not():
    note = render_note(INTERVIEWS["html_in_fields"], kind="thank_you", tone="warm")
    assert "<script>alert(1)</script> & Sons" in note.body_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" in note.body_html
    assert "<script>" not in note.body_html and "<img" not in note.body_html
    assert "&lt;i&gt;that&lt;/i&gt;" in note.body_html
    final = render_note(INTERVIEWS["html_in_fields"], kind="check_in", final=True)
    assert final.subject == "Data Engineer position at <script>alert(1)</script> & Sons"  # plain text


def test_mailto_without_an_address_has_an_empty_path():
    facts = replace(BASE, interviewers=(CHI,))
    note = render_note(facts, kind="check_in", tone="concise")
    assert note.mailto.startswith("mailto:?subject=")
    assert "%0D%0A" in note.mailto and "\n" not in note.mailto and " " not in note.mailto


def test_mailto_percent_encodes_every_reserved_character():
    link = mailto_link(Person(name="X", email="a+b@example.com"), "Q&A = 100% ?", "a&b\nc#d")
    assert link == "mailto:a%2Bb@example.com?subject=Q%26A%20%3D%20100%25%20%3F&body=a%26b%0D%0Ac%23d"


def test_builtin_template_ids_cover_every_kind_and_tone():
    ids = builtin_template_ids()
    assert len(ids) == 9 and "builtin:thank_you:warm" in ids and "builtin:final_check_in:formal" in ids


def test_unknown_kind_or_tone_is_refused():
    with pytest.raises(ValueError):
        render_note(BASE, kind="thanks", tone="warm")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render_note(BASE, kind="thank_you", tone="chummy")  # type: ignore[arg-type]


def test_sample_interview_notes_score_well():
    from app.scoring.scorer import score_note

    facts = sample_facts()
    for kind, final in (("thank_you", False), ("check_in", False), ("check_in", True)):
        for tone in ("formal", "warm", "concise"):
            note = render_note(facts, kind=kind, tone=tone, final=final)
            report = score_note(note.body_text, kind=kind, subject=note.subject, interview=facts,
                                sent_at=facts.interviewed_at.astimezone(ZoneInfo("UTC")))
            failing = [g.id for g in report.guidelines if g.status == "fail"]
            assert failing in ([], ["promptness"]), (note.template_id, failing)
            assert not report.issues, (note.template_id, report.issues)


_words = st.from_regex(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{0,30}[A-Za-zÀ-ÿ.?!,;]", fullmatch=True).filter(
    lambda w: "None" not in w)


@settings(max_examples=60, deadline=None)
@given(
    highlights=st.lists(_words, max_size=4), strengths=st.lists(_words, max_size=3),
    concerns=st.lists(st.tuples(_words, st.one_of(st.none(), _words)), max_size=3),
    info=st.lists(_words, max_size=3), company=_words, position=_words,
    kind=st.sampled_from(["thank_you", "check_in"]), tone=st.sampled_from(["formal", "warm", "concise"]),
    final=st.booleans(),
)
def test_any_reasonable_input_renders_cleanly(highlights, strengths, concerns, info, company,
                                              position, kind, tone, final):
    facts = replace(BASE, highlights=tuple(highlights), strengths=tuple(strengths),
                    concerns=tuple(Concern(c, r) for c, r in concerns), additional_info=tuple(info),
                    company=company, position=position)
    note = render_note(facts, kind=kind, tone=tone, final=final)
    for text in _parts(note):
        assert "None" not in text
        assert "  " not in text and "\n\n\n" not in text
        assert all(line == line.rstrip() for line in text.split("\n"))
