"""Rendering follow-up notes (thank-you, check-in, final check-in) from an interview's facts,
with a built-in template per kind × tone or a tenant's sandboxed template.

Built-in templates write plain text; the HTML body is that text, each paragraph escaped with
markupsafe and wrapped in ``<p>``, so an interview field containing ``<script>`` is inert in
``body_html`` and verbatim in ``body_text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import escape

from app.core.facts import InterviewFacts, Person
from app.drafts import language
from app.drafts.sandbox import CompiledTemplate, local_time, template_context

__all__ = ["KINDS", "TONES", "RenderedNote", "builtin_template_ids", "render_all", "render_note"]

Kind = Literal["thank_you", "check_in"]
Tone = Literal["formal", "warm", "concise"]
KINDS: tuple[str, ...] = ("thank_you", "check_in")
TONES: tuple[str, ...] = ("formal", "warm", "concise")
_TEMPLATE_KINDS = ("thank_you", "check_in", "final_check_in")

# One environment for every built-in template. Autoescape is on for HTML templates (none of
# the built-ins is: they write text, and HTML is made from it by escaping, see _html).
_ENV = Environment(
    loader=PackageLoader("app.drafts", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True,
                                 default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
    auto_reload=False,
)
_ENV.filters.update(join_words=language.join_words, a_an=language.a_an,
                    sentence=language.as_sentence, phrase=language.phrase)

# Past this many people, a greeting by name reads like a roll call.
_MAX_NAMES_IN_GREETING = 4
_MAX_HIGHLIGHTS = 2
_MAX_STRENGTHS = 2


@dataclass(frozen=True, slots=True)
class RenderedNote:
    kind: str
    tone: str
    template_id: str
    to: Person
    subject: str
    body_text: str
    body_html: str
    mailto: str


def builtin_template_ids() -> list[str]:
    """Every built-in template id, e.g. ``builtin:thank_you:warm``, ``builtin:final_check_in:formal``."""
    return [f"builtin:{kind}:{tone}" for kind in _TEMPLATE_KINDS for tone in TONES]


def render_note(facts: InterviewFacts, *, kind: Kind, tone: Tone = "warm",
                recipient: Person | None = None, final: bool = False,
                custom: CompiledTemplate | None = None) -> RenderedNote:
    """Render one note.

    ``recipient`` None addresses every interviewer in one note (greeted together); ``to`` is
    then the first interviewer, whose address the ``mailto`` link uses. ``final`` picks the
    shorter last check-in and is ignored for a thank-you. ``custom`` renders a tenant template
    instead of the built-in one and may raise ``TemplateRenderError``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}; expected one of {', '.join(TONES)}")
    if not facts.interviewers and recipient is None:
        raise ValueError("an interview needs at least one interviewer")
    to = recipient if recipient is not None else facts.interviewers[0]
    final = bool(final) and kind == "check_in"

    if custom is not None:
        rendered = custom.render(template_context(facts, recipient=recipient, kind=kind,
                                                  tone=tone, final=final))
        subject = rendered.subject
        paragraphs = [p.split("\n") for p in re.split(r"\n\s*\n", rendered.body_text) if p.strip()]
        template_id = custom.template_id
    else:
        template_kind = "final_check_in" if final else kind
        template = _ENV.get_template(f"{template_kind}_{tone}.j2")
        text = template.render(_builtin_context(facts, recipient=recipient, kind=kind, tone=tone,
                                                final=final))
        subject, paragraphs = _layout(text)
        template_id = f"builtin:{template_kind}:{tone}"

    body_text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    return RenderedNote(
        kind=kind, tone=tone, template_id=template_id, to=to, subject=subject,
        body_text=body_text, body_html=_html(paragraphs), mailto=mailto_link(to, subject, body_text),
    )


def render_all(facts: InterviewFacts, *, kind: Kind, tone: Tone = "warm", per_interviewer: bool,
               final: bool = False, custom: CompiledTemplate | None = None) -> list[RenderedNote]:
    """One note per interviewer (each greeting and thanking that person by name), or one
    note to all of them."""
    if per_interviewer:
        return [render_note(facts, kind=kind, tone=tone, recipient=person, final=final, custom=custom)
                for person in facts.interviewers]
    return [render_note(facts, kind=kind, tone=tone, final=final, custom=custom)]


# --- mailto ----------------------------------------------------------------------------------


def mailto_link(to: Person, subject: str, body_text: str) -> str:
    """An RFC 6068 ``mailto:`` URI; line breaks are sent as CRLF (%0D%0A)."""
    address = quote(language.tidy(to.email), safe="@") if to.email else ""
    body = body_text.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


# --- layout ----------------------------------------------------------------------------------

_SPACES_RE = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?])(?=\s|$)")


def _clean_line(line: str) -> str:
    line = _SPACES_RE.sub(" ", line.strip())
    return _SPACE_BEFORE_PUNCT_RE.sub(r"\1", line)


def _layout(text: str) -> tuple[str, list[list[str]]]:
    """Built-in template text → (subject, paragraphs as lists of lines). See _layout.j2."""
    blocks = [b for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]
    subject = _clean_line(" ".join(blocks[0].split()))
    paragraphs: list[list[str]] = []
    for index, block in enumerate(blocks[1:], start=1):
        lines = [_clean_line(line) for line in block.split("\n") if line.strip()]
        if index == len(blocks) - 1:
            paragraphs.append(lines)  # the sign-off keeps its line break
        else:
            paragraphs.append([_clean_line(" ".join(lines))])
    return subject, paragraphs


def _html(paragraphs: list[list[str]]) -> str:
    return "\n".join(
        "<p>" + "<br>\n".join(str(escape(line)) for line in lines) + "</p>" for lines in paragraphs)


# --- what the built-in templates see ----------------------------------------------------------


def _builtin_context(facts: InterviewFacts, *, recipient: Person | None, kind: str, tone: str,
                     final: bool) -> dict[str, Any]:
    """The sandbox's documented context plus phrases prepared for natural sentences."""
    ctx = template_context(facts, recipient=recipient, kind=kind, tone=tone, final=final)
    addressees = [recipient] if recipient is not None else list(facts.interviewers)
    ctx.update(_greeting_names(addressees))
    ctx["you_all"] = "" if len(addressees) < 2 else (" both" if len(addressees) == 2 else " all")
    ctx["interview_weekday"] = local_time(facts, facts.interviewed_at).strftime("%A")
    ctx["the_position"] = _the_position(facts.position)
    ctx["as_position"] = language.with_article(facts.position) or ""

    highlights = [h for h in ctx["highlights"]][:_MAX_HIGHLIGHTS]
    ctx["topics"] = [language.lower_first(h) for h in highlights if not language.is_clause(h)]
    ctx["remarks"] = [language.as_sentence(h) for h in highlights if language.is_clause(h)]

    strengths = ctx["strengths"][:_MAX_STRENGTHS]
    ctx["strengths_phrase"] = language.join_words(
        language.lower_first(s) for s in strengths if not language.is_clause(s))
    ctx["strength_sentences"] = [language.as_sentence(s) for s in strengths if language.is_clause(s)]

    concern_items, open_topics, open_questions = [], [], 0
    for concern in ctx["concerns"]:
        question = language.is_question(concern["concern"])
        if concern["response"]:
            concern_items.append({
                "question": question,
                "text": language.as_sentence(concern["concern"]) if question
                else language.lower_first(concern["concern"]),
                "response": language.as_sentence(concern["response"]),
            })
        elif question:
            open_questions += 1
        else:
            open_topics.append(language.lower_first(concern["concern"]))
    ctx.update(concern_items=concern_items, open_topics=open_topics, open_questions=open_questions)

    info = ctx["additional_info"]
    ctx["info_items"] = [language.phrase(i) for i in info if not language.is_clause(i)]
    ctx["info_sentences"] = [language.as_sentence(i) for i in info if language.is_clause(i)]
    ctx["info_count"] = len(ctx["info_sentences"])
    return ctx


def _greeting_names(people: list[Person]) -> dict[str, str]:
    """Names to greet: full names for formal notes, first names otherwise ("" past a handful,
    where the templates say "Hiring Team" / "everyone")."""
    if not people or len(people) > _MAX_NAMES_IN_GREETING:
        return {"greet_full": "", "greet_first": ""}
    full = [language.tidy(p.name) for p in people]
    first = [language.first_name(p.name) for p in people]
    if len(set(first)) < len(first):
        first = full  # two Anas: first names alone would be ambiguous
    return {"greet_full": language.join_words(full), "greet_first": language.join_words(first)}


_ROLE_NOUN_RE = re.compile(r"\b(?:role|position|job|opening|vacancy|internship|programme|program)$",
                           re.I)


def _the_position(position: str) -> str:
    """"the Data Engineer position", or "the Backend role" when the title already says so."""
    text = language.phrase(position)
    return f"the {text}" if _ROLE_NOUN_RE.search(text) else f"the {text} position"
