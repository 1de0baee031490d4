"""Notes written apart from the corpus, labelled by the same rubric: a check that the
detectors generalise beyond the notes they were tuned on."""
import pytest

from app.scoring.quality import measure

iv = {"candidate": {"name": "Tomás Oyelaran"}, "company": "Harbor & Finch", "position": "UX Researcher",
      "interviewers": [{"name": "Mei-Ling Zhou", "title": "Head of Design"}],
      "interviewed_at": "2026-05-04T10:00:00-07:00", "timezone": "America/Los_Angeles", "decision_expected_at": None,
      "highlights": ["the diary study with night-shift warehouse staff", "recruiting participants who don't use smartphones"],
      "strengths": ["five years of mixed-methods research", "fluent Spanish"],
      "concerns": [{"concern": "little experience with quantitative surveys", "response": "ran a 2,000-person MaxDiff survey"}],
      "additional_info": ["a redacted research report"]}
def _case(id, kind, body, labels, sent="2026-05-04T18:00:00-07:00", history=None, ms=(), gr=(), interview=None):
    full = {g: "not_applicable" for g in ["thanks","interest","concerns","additional_info","enthusiastic_close","promptness","personalization","proofreading","patience","brevity"]}
    full.update(labels)
    return {"id": id, "kind": kind, "subject": None, "body": body, "interview": interview or iv, "sent_at": sent, "history": history,
            "labels": full, "misspellings": list(ms), "grammar": list(gr)}
cases = [
 _case("h1", "thank_you", """Hi Mei-Ling,

What a great conversation yesterday — thank you for making the time. Your diary study with the night-shift warehouse team is exactly the kind of messy, real-world research I love, and the problem of reaching people without smartphones stuck with me on the drive home.

On surveys: you were right to probe. Last spring I designed and analysed a MaxDiff survey with about 2,000 respondents, and I'd be glad to walk you through how we weighted it. I've attached a redacted version of the final report so you can see how I write up findings.

Five years of mixed-methods work, plus fluent Spanish for the bilingual sites, means I could start contributing from week one. I'd be thrilled to join Harbor & Finch and can't wait to hear what's next.

Warmly,
Tomás""", dict(thanks="pass", interest="pass", concerns="pass", additional_info="pass", enthusiastic_close="pass", promptness="pass", personalization="pass", proofreading="pass", patience="pass", brevity="pass")),
 _case("h2", "thank_you", """Dear Ms. Zhou,

Thank you for the interview. I am interested in the UX Researcher job.

Regards,
Tomás Oyelaran""", dict(thanks="pass", interest="warn", concerns="fail", additional_info="fail", enthusiastic_close="fail", promptness="pass", personalization="fail", proofreading="pass", patience="pass", brevity="fail")),
 _case("h3", "check_in", """Hi Mei-Ling,

Circling back on the UX Researcher role — I'm still very keen. Happy to share anything else that would help.

Best,
Tomás""", dict(interest="pass", promptness="pass", proofreading="pass", patience="warn", brevity="pass"),
   sent="2026-05-12T09:00:00-07:00", history={"check_ins_sent": 0, "max_check_ins": 2, "check_in_opens_at": "2026-05-11T18:00:00-07:00"}),
 _case("h4", "check_in", """Hi Mei-Ling,

I'm writing once more about the researcher role, which I still want very much. I know you are busy.

Best,
Tomás""", dict(interest="pass", promptness="pass", proofreading="pass", patience="fail", brevity="pass"),
   sent="2026-05-30T09:00:00-07:00", history={"check_ins_sent": 2, "max_check_ins": 2, "check_in_opens_at": "2026-05-25T18:00:00-07:00"}),
 _case("h5", "thank_you", """Dear Mei-Ling,

I really appreciate you taking the time to meet with me. I enjoyed hearing about your diary study with warehouse staff on night shifts. With five years of mixed-methods research, I believe I'd be a strong addition, and I am eager to join your team. Regarding surveys, I recently ran a 2,000-person MaxDiff study. I will send the redacted report once my manager signs off.

i look forward to hearing from you and and thank you again.

Best regards,
Tomás""", dict(thanks="pass", interest="pass", concerns="pass", additional_info="fail", enthusiastic_close="pass", promptness="pass", personalization="pass", proofreading="warn", patience="pass", brevity="warn"),
   gr=[{"type": "lowercase_i", "text": "i look"}, {"type": "repeated_word", "text": "and and"}]),
 _case("h6", "thank_you", """Dear Mei-Ling,

Thank you for your time on Monday. I wanted to reiterate how excited I am about this oportunity; my five years of mixed-methods research would transfer directly to the diary study you described with night-shift warehouse staff.

You asked about quantitative work. Last year I ran a MaxDiff survey of roughly 2,000 people and handled the analysis myself in R. The redacted report from that project is attached, as promised.

I would welcome the chance to bring that experience, and my fluent Spanish, to your team. Thank you again for a thoughtful conversation, and I hope to hear from you soon.

Kind regards,
Tomás Oyelaran""", dict(thanks="pass", interest="pass", concerns="pass", additional_info="pass", enthusiastic_close="pass", promptness="warn", personalization="pass", proofreading="warn", patience="pass", brevity="pass"),
   sent="2026-05-05T16:00:00-07:00", ms=["oportunity"]),
]

IV_SCHOOL = {"candidate": {"name": "Rosa Delgado"}, "company": "Pinecrest Unified School District", "position": "High School Chemistry Teacher",
      "interviewers": [{"name": "Dr. Alan Whitaker", "title": "Principal"}, {"name": "Keisha Brown"}],
      "interviewed_at": "2026-06-10T13:00:00-05:00", "timezone": "America/Chicago", "decision_expected_at": None,
      "highlights": ["the new AP Chemistry lab renovation", "the school's peer tutoring program"],
      "strengths": ["eight years teaching chemistry", "Google Classroom"],
      "concerns": [{"concern": "coaching an after-school club", "response": "happy to sponsor Science Olympiad"}],
      "additional_info": ["sample lab safety contract"]}


def _school(*args, **kwargs):
    return _case(*args, interview=IV_SCHOOL, **kwargs)


cases += [
 _school("k1", "thank_you", """Dear Dr. Whitaker and Ms. Brown,

It was a pleasure meeting you both this afternoon. Seeing the plans for the AP Chemistry lab renovation was a highlight; I can already picture running titration labs in that space.

After eight years of teaching chemistry, I know how much a well-designed lab changes what students attempt. You asked whether I would take on an after-school club: yes, and I would be glad to sponsor a Science Olympiad team. I have attached the lab safety contract I use with my students.

I am excited about the chance to join Pinecrest and would be delighted to continue the conversation.

Sincerely,
Rosa Delgado""", dict(thanks="pass", interest="pass", concerns="pass", additional_info="pass", enthusiastic_close="pass", promptness="pass", personalization="pass", proofreading="pass", patience="pass", brevity="pass")),
 _school("k2", "check_in", """Good morning Dr. Whitaker,

I hope the end of the school year is going smoothly. I wanted to touch base about the chemistry position; I remain very excited about the opportunity to teach at Pinecrest.

Warm regards,
Rosa""", dict(interest="pass", promptness="fail", proofreading="pass", patience="warn", brevity="pass"),
   sent="2026-06-14T08:00:00-05:00", history={"check_ins_sent": 0, "max_check_ins": 2, "check_in_opens_at": "2026-06-17T19:00:00-05:00"}),
 _school("k3", "check_in", """Dr. Whitaker,

I have not heard anything in THREE WEEKS. Surely you can spare two minutes to tell me where things stand. I remain interested in the chemistry position.

Rosa""", dict(interest="pass", promptness="pass", proofreading="pass", patience="fail", brevity="pass"),
   sent="2026-07-01T08:00:00-05:00", history={"check_ins_sent": 1, "max_check_ins": 2, "check_in_opens_at": "2026-06-24T19:00:00-05:00"}),
 _school("k4", "thank_you", """Dear Dr. Whitaker,

Thank you for the interview today. I beleive my eight years teaching chemistry make me a good fit, and I am very interested in the position. The peer tutoring program you described is a great idea and I would love to help with it.

Please let me know if you need anything else from me.

Sincerely,
Rosa Delgado""", dict(thanks="pass", interest="pass", concerns="fail", additional_info="fail", enthusiastic_close="fail", promptness="pass", personalization="pass", proofreading="warn", patience="pass", brevity="fail"),
   ms=["beleive"]),
 _school("k5", "thank_you", """Dear Dr. Whitaker,

thank you for meeting with me on Wednesday. I am grateful for the opportunity to interview for the High School Chemistry Teacher role. The AP Chemistry lab renovation sounds wonderful, and with eight years of teaching chemistry behind me I'd love to help shape how it is used. About the after-school club, I'd happily sponsor Science Olympiad.. I am attaching a sample lab safety contract. I look forward to hearing from you.

Best,
Rosa""", dict(thanks="pass", interest="pass", concerns="pass", additional_info="pass", enthusiastic_close="pass", promptness="pass", personalization="pass", proofreading="warn", patience="pass", brevity="fail"),
   gr=[{"type": "sentence_case", "text": "thank you"}, {"type": "doubled_punctuation", "text": "Olympiad.."}]),
]


@pytest.mark.parametrize("case", cases, ids=[c["id"] for c in cases])
def test_held_out_note_matches_its_labels(case):
    quality = measure([case])
    errors = [e for st in quality.guidelines.values() for e in st.errors]
    assert errors == []
    assert quality.spelling_found == quality.spelling_listed and not quality.spelling_false_alarms
    assert quality.grammar_found == quality.grammar_listed and not quality.grammar_false_alarms
