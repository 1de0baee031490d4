"""Behaviours added while tuning against the corpus, each pinned by a paraphrase of its own."""
import pytest

from app.core.facts import Concern
from app.scoring.text import apply_corrections, layout, sentences, stem
from tests.scoring import check_in, make_interview, status, thank_you


def _spelling(report, body):
    return [body[i.offset:i.offset + i.length] for i in report.issues if i.rule.issue_type == "misspelling"]


@pytest.mark.parametrize(("text", "flagged"), [
    ("Its been a week and I cant wait to hear.", ["Its", "cant"]),
    ("Im sure I dont need to add more.", ["Im", "dont"]),
    ("The team and its roadmap impressed me.", []),
    ("Lets talk next week.", ["Lets"]),
    ("It lets the team ship faster.", []),
])
def test_contractions_without_apostrophes(text, flagged):
    body = f"Dear Lucia,\n\n{text}\n\nBest,\nPriya"
    report = thank_you(body)
    assert _spelling(report, body) == flagged
    for issue in report.issues:
        if issue.rule.id == "EN_CONTRACTION_SPELLING":
            assert "'" in issue.replacements[0]


def test_cues_are_read_through_spelling_corrections():
    body = "Dear Lucia,\n\nThnak you for your time. I am very intrested in the role.\n\nBest,\nPriya"
    report = thank_you(body)
    assert status(report, "thanks") == "pass"
    assert report.guideline("interest").status in {"pass", "warn"}
    evidence = report.guideline("interest").evidence[0]
    assert body[evidence.start:evidence.end] == evidence.text
    assert "intrested" in evidence.text


def test_apply_corrections_maps_positions_back():
    body = "I am intrested now"
    text, to_body = apply_corrections(body, [(5, 14, "interested")])
    assert text == "I am interested now"
    assert to_body(5) == 5 and to_body(15, end=True) == 14 and to_body(16) == 15


def test_misspelled_valediction_is_caught_and_still_ends_the_note():
    body = "Dear Lucia,\n\nThank you for your time.\n\nSincerly,\nPriya Raman"
    lay = layout(body)
    assert lay.sign_off is not None and lay.sign_off.text.startswith("Sincerly")
    assert _spelling(thank_you(body), body) == ["Sincerly"]


def test_foreign_salutation_is_not_a_misspelling():
    body = "Estimada Lucia,\n\nThank you for your time.\n\nSaludos,\nPriya"
    assert _spelling(thank_you(body), body) == []


@pytest.mark.parametrize("sentence", [
    "I will send the renewal certificate once HR approves its release.",
    "I am still putting together the renewal paperwork and will forward it separately.",
    "I can provide my CCRN renewal date on request.",
])
def test_promised_items_are_not_supplied(sentence):
    iv = make_interview(additional_info=("my CCRN renewal date",))
    result = thank_you(f"Dear Lucia,\n\nThank you. {sentence}\n\nBest,\nPriya", interview=iv).guideline("additional_info")
    assert result.status == "fail"


def test_item_head_must_come_back_but_shapes_count():
    iv = make_interview(additional_info=("benchmark numbers from the autoscaling project", "a link to my portfolio"))
    mentioned = thank_you("Dear Lucia,\n\nThank you. I led the autoscaling project.\n\nBest,\nPriya", interview=iv)
    assert status(mentioned, "additional_info") == "fail"
    supplied = thank_you("Dear Lucia,\n\nThank you. The autoscaling project cut p99 latency by 41%. "
                         "My portfolio: https://priya.dev/work\n\nBest,\nPriya", interview=iv)
    assert status(supplied, "additional_info") == "pass"


def test_hyphenated_compounds_match_as_a_whole():
    iv = make_interview(concerns=(Concern("willingness to be on-call"),))
    body = "Dear Lucia,\n\nThank you. I am comfortable being on-call one week in four.\n\nBest,\nPriya"
    assert status(thank_you(body, interview=iv), "concerns") == "pass"


def test_enjoying_content_is_not_thanks_but_enjoying_the_conversation_is():
    assert status(thank_you("Dear Lucia,\n\nI enjoyed hearing about the new unit.\n\nPriya"), "thanks") == "fail"
    assert status(thank_you("Dear Lucia,\n\nI enjoyed our conversation on Monday.\n\nPriya"), "thanks") == "pass"


@pytest.mark.parametrize("sentence", [
    "Thanks a lot for the runaround.",
    "Thanks for wasting my whole afternoon.",
])
def test_backhanded_thanks_also_fails_patience(sentence):
    report = thank_you(f"Dear Lucia,\n\n{sentence} I remain interested.\n\nPriya")
    assert status(report, "thanks") == "fail"
    assert status(report, "patience") == "fail"


@pytest.mark.parametrize("sentence", [
    "My address is 14 Pine Street if you need to send paperwork.",
    "I know you must be very busy with the quarter-end close.",
    "I passed the FAR section of the CPA exam last week.",
])
def test_polite_phrases_are_not_pushy(sentence):
    assert status(check_in(f"Hi Lucia,\n\nI remain interested in the role. {sentence}\n\nPriya"), "patience") == "pass"


@pytest.mark.parametrize("sentence", [
    "My family is counting on me and I don't know what I will do.",
    "Please tell me something, anything.",
    "Whatever. Good luck with your new menu.",
])
def test_desperate_or_bitter_check_ins_fail_patience(sentence):
    assert status(check_in(f"Hi Lucia,\n\nI remain interested in the role. {sentence}\n\nPriya"), "patience") == "fail"


def test_close_is_the_last_sentence_unless_it_is_a_courtesy():
    logistics = ("Dear Lucia,\n\nThank you. I am very interested in the role. Let me know if you need anything "
                 "else from me.\n\nBest,\nPriya")
    assert status(thank_you(logistics), "enthusiastic_close") == "fail"
    courtesy = "Dear Lucia,\n\nI look forward to hearing from you. Thank you again for your time.\n\nBest,\nPriya"
    assert status(thank_you(courtesy), "enthusiastic_close") == "pass"


def test_stemming_folds_word_forms_and_synonyms():
    assert stem("migrating") == stem("migration") == stem("migrated")
    assert stem("k8s") == stem("Kubernetes")
    assert stem("clients") == stem("customer")


def test_sentences_ignore_abbreviations_and_ellipses():
    body = "We met Dr. Smith at 3 p.m. today... it was great. Then we left!"
    assert [s.text for s in sentences(body, 0, len(body))] == [
        "We met Dr. Smith at 3 p.m. today... it was great.", "Then we left!"]


def test_paraphrased_gratitude_interest_and_fit():
    body = ("Dear Lucia,\n\nI wanted to express my gratitude for the time you spent with me on Tuesday. This role is "
            "exactly what I have been looking for, and a decade in critical care has prepared me for it.\n\n"
            "Have a wonderful weekend.\n\nWarm regards,\nPriya")
    report = thank_you(body)
    assert status(report, "thanks") == "pass"
    assert status(report, "interest") == "pass"
    assert status(report, "enthusiastic_close") == "pass"


def test_polite_request_for_an_update_is_patient():
    body = ("Hi Lucia,\n\nI understand these decisions take time. I'm still very enthusiastic about the role and "
            "happy to provide anything else you need. I'd appreciate a quick update whenever you have a moment."
            "\n\nBest,\nPriya")
    report = check_in(body)
    assert status(report, "patience") == "pass"
    assert status(report, "interest") == "pass"


def test_counting_past_emails_and_expecting_a_reply_is_pushy():
    body = "Lucia,\n\nI have emailed three times now. I expect the courtesy of a reply this week.\n\nPriya"
    assert status(check_in(body), "patience") == "fail"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The role remains my top choice.", "pass"),
    ("I'd still love to be considered for the position.", "pass"),
    ("I have accepted another offer, so please withdraw my application.", "fail"),
    ("I'm not sure this is the right fit for me.", "fail"),
])
def test_check_in_interest_paraphrases(sentence, expected):
    assert status(check_in(f"Hi Lucia,\n\n{sentence}\n\nBest,\nPriya"), "interest") == expected


def test_unknown_capitalised_sentence_opener_is_a_name_but_a_capitalised_typo_is_not():
    body = "Dear Lucia,\n\nThank you. Okonkwo showed me the ward. Definately a great team.\n\nBest,\nPriya"
    assert _spelling(thank_you(body), body) == ["Definately"]


@pytest.mark.parametrize("greeting", ["Dear Ms. Alvarez,", "Good afternoon Lucia,", "Lucia —", "Hello team:"])
def test_greeting_lines_are_not_sentences(greeting):
    body = f"{greeting}\n\nI remain keen on the role. Any news would be welcome.\n\nBest regards,\nPriya Raman\nRN, BSN"
    lay = layout(body)
    assert lay.greeting is not None and lay.sign_off is not None
    assert len(sentences(body, lay.core_start, lay.core_end)) == 2


def test_a_signature_in_capitals_is_not_shouting():
    body = "Hi Lucia,\n\nI remain interested in the role.\n\nBest,\nJOHN SMITH\nSENIOR NURSE"
    assert status(check_in(body), "patience") == "pass"


@pytest.mark.parametrize("sentence", [
    "I would appreciate it if you could let me know where things stand by Friday, as I have another offer.",
    "Please respond at your earliest convenience.",
])
def test_polite_mentions_of_timing_are_not_ultimatums(sentence):
    assert status(check_in(f"Hi Lucia,\n\nI remain very interested in the role. {sentence}\n\nBest,\nPriya"),
                  "patience") == "pass"
