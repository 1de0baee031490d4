"""Drafts and templates: choose the template, render, score, store. Every drafts query lives here."""
from __future__ import annotations

import uuid
from dataclasses import asdict

from sqlmodel import Session, select

from app.core.facts import InterviewFacts
from app.drafts import render as renderer
from app.drafts import sandbox
from app.drafts.models import Draft, Template
from app.drafts.schemas import DraftCreate, DraftRead, RenderedDraft, TemplateCreate, TemplatePreview, TemplateRead
from app.errors import InvalidInput, NotFound
from app.followups import service as followups
from app.interviews import service as interviews
from app.interviews.models import Interview
from app.pagination import keyset_page
from app.scoring import score_note
from app.scoring.report import SendContext
from app.scoring.router import report_out

BUILTIN_KINDS = ("thank_you", "check_in", "final_check_in")
TONES = ("formal", "warm", "concise")
BUILTIN_PREFIX = "builtin:"


# --- templates ------------------------------------------------------------------------------

def builtin_templates() -> list[TemplateRead]:
    return [
        TemplateRead(id=f"{BUILTIN_PREFIX}{kind}:{tone}", name=f"Built-in {kind.replace('_', ' ')}, {tone}",
                     kind="check_in" if kind == "final_check_in" else kind, tone=tone, builtin=True)
        for kind in BUILTIN_KINDS for tone in TONES
    ]


def _template_read(template: Template) -> TemplateRead:
    return TemplateRead(id=str(template.id), name=template.name, kind=template.kind, tone=template.tone,
                        builtin=False, subject_source=template.subject_source, body_source=template.body_source,
                        created_at=template.created_at)


def list_templates(session: Session, tenant_id: uuid.UUID) -> list[TemplateRead]:
    own = session.exec(select(Template).where(Template.tenant_id == tenant_id)
                       .order_by(Template.created_at, Template.id).limit(500))
    return builtin_templates() + [_template_read(t) for t in own]


def _own_template(session: Session, tenant_id: uuid.UUID, template_id: str) -> Template:
    try:
        ident = uuid.UUID(template_id)
    except ValueError:
        ident = None
    template = session.exec(select(Template).where(Template.id == ident, Template.tenant_id == tenant_id)).first() \
        if ident else None
    if template is None:
        raise NotFound(f"No template {template_id}.")
    return template


def get_template(session: Session, tenant_id: uuid.UUID, template_id: str) -> TemplateRead:
    if template_id.startswith(BUILTIN_PREFIX):
        found = next((t for t in builtin_templates() if t.id == template_id), None)
        if found is None:
            raise NotFound(f"No template {template_id}.")
        return found
    return _template_read(_own_template(session, tenant_id, template_id))


def _compile(subject_source: str, body_source: str, template_id: str = "custom") -> sandbox.CompiledTemplate:
    try:
        return sandbox.compile_template(subject_source, body_source, template_id=template_id)
    except sandbox.TemplateSourceError as exc:
        where = f"/{exc.field}_source"
        raise InvalidInput(f"The {exc.field} template does not compile (line {exc.line}): {exc.message}",
                           errors=[{"pointer": where, "detail": f"line {exc.line}: {exc.message}"}]) from None


def create_template(session: Session, tenant_id: uuid.UUID, data: TemplateCreate) -> TemplateRead:
    _compile(data.subject_source, data.body_source)  # refuse what cannot compile or reaches unsafe attributes
    template = Template(tenant_id=tenant_id, **data.model_dump())
    session.add(template)
    session.flush()
    return _template_read(template)


# --- rendering ------------------------------------------------------------------------------

def _choose(session: Session, tenant_id: uuid.UUID, template_id: str | None, kind: str, tone: str,
            final: bool) -> tuple[str, str, bool, sandbox.CompiledTemplate | None]:
    """(kind, tone, final, custom) for a request: a built-in id fixes kind and tone."""
    if template_id is None:
        return kind, tone, final, None
    if template_id.startswith(BUILTIN_PREFIX):
        parts = template_id.split(":")
        if len(parts) != 3 or parts[1] not in BUILTIN_KINDS or parts[2] not in TONES:
            raise InvalidInput.at("/template_id", f"no built-in template {template_id!r}")
        builtin_kind = parts[1]
        return ("check_in" if builtin_kind == "final_check_in" else builtin_kind), parts[2], \
            builtin_kind == "final_check_in", None
    try:
        template = _own_template(session, tenant_id, template_id)
    except NotFound:
        raise InvalidInput.at("/template_id", f"no template {template_id!r} for this tenant") from None
    return template.kind, tone, final, _compile(template.subject_source, template.body_source, str(template.id))


def render_drafts(facts: InterviewFacts, *, kind: str, tone: str, per_interviewer: bool, final: bool,
                  custom: sandbox.CompiledTemplate | None, history: SendContext | None,
                  pointer: str = "/template_id") -> list[RenderedDraft]:
    """Render the notes and score each one: the pure part of a draft, shared by /render and stored drafts."""
    try:
        notes = renderer.render_all(facts, kind=kind, tone=tone, per_interviewer=per_interviewer, final=final,
                                    custom=custom)
    except sandbox.TemplateRenderError as exc:
        raise InvalidInput.at(pointer, f"the template failed to render: {exc}") from None
    drafts = []
    for note in notes:
        report = score_note(note.body_text, kind=kind, subject=note.subject, interview=facts, history=history)
        drafts.append(RenderedDraft(kind=kind, tone=note.tone, to=asdict(note.to) | {}, subject=note.subject,
                                    body_text=note.body_text, body_html=note.body_html,
                                    template_id=note.template_id, mailto=note.mailto, report=report_out(report)))
    return drafts


def _suggested_kind(session: Session, tenant_id: uuid.UUID, interview: Interview) -> str:
    answer = followups.next_action(session, tenant_id, interview.id, None)
    if answer.suggested_draft_kind is None:
        raise InvalidInput.at(
            "/kind", f"the next action is `{answer.action}`, which needs no note; pass `kind` to draft one anyway")
    return answer.suggested_draft_kind


def create_drafts(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, data: DraftCreate) -> list[DraftRead]:
    interview = interviews.get(session, tenant_id, interview_id)
    kind = data.kind or _suggested_kind(session, tenant_id, interview)
    facts, history = followups.scoring_context(session, tenant_id, interview.id, kind=kind, at=None)
    final = kind == "check_in" and history is not None and history.check_ins_sent >= 1
    kind, tone, final, custom = _choose(session, tenant_id, data.template_id, kind, data.tone, final)
    rendered = render_drafts(facts, kind=kind, tone=tone, per_interviewer=data.per_interviewer, final=final,
                             custom=custom, history=history)
    stored = []
    for draft in rendered:
        row = Draft(tenant_id=tenant_id, interview_id=interview.id, **draft.model_dump(mode="json"))
        session.add(row)
        stored.append(row)
    session.flush()
    return [_draft_read(row) for row in stored]


def render_stateless(session: Session | None, tenant_id: uuid.UUID, facts: InterviewFacts, *, kind: str | None,
                     tone: str, per_interviewer: bool, template_id: str | None, check_ins_sent: int) -> list[RenderedDraft]:
    """Render from inline data; `session` is needed only for an uploaded template."""
    kind = kind or "thank_you"
    final = kind == "check_in" and check_ins_sent >= 1
    kind, tone, final, custom = _choose(session, tenant_id, template_id, kind, tone, final)
    return render_drafts(facts, kind=kind, tone=tone, per_interviewer=per_interviewer, final=final, custom=custom,
                         history=None)


def preview(session: Session, tenant_id: uuid.UUID, template_id: str, data: TemplatePreview) -> RenderedDraft:
    chosen = get_template(session, tenant_id, template_id)  # an unknown template is the 404, whatever the body says
    if data.interview is not None:
        facts = interviews.facts_from_fields(**data.interview.model_dump(mode="python"))
    elif data.interview_id is not None:
        facts = interviews.facts(interviews.get(session, tenant_id, data.interview_id))
    else:
        facts = sandbox.sample_facts()
    kind, tone, final, custom = _choose(session, tenant_id, template_id, chosen.kind, chosen.tone or "warm", False)
    return render_drafts(facts, kind=kind, tone=tone, per_interviewer=False, final=final, custom=custom,
                         history=None, pointer="/template")[0]


# --- stored drafts --------------------------------------------------------------------------

def _draft_read(row: Draft) -> DraftRead:
    return DraftRead.model_validate(row, from_attributes=True)


def get_draft(session: Session, tenant_id: uuid.UUID, draft_id: uuid.UUID) -> DraftRead:
    row = session.exec(select(Draft).where(Draft.id == draft_id, Draft.tenant_id == tenant_id)).first()
    if row is None:
        raise NotFound(f"No draft {draft_id}.")
    return _draft_read(row)


def list_drafts(session: Session, tenant_id: uuid.UUID, interview_id: uuid.UUID, *, limit: int,
                cursor: str | None) -> tuple[list[DraftRead], str | None]:
    interview = interviews.get(session, tenant_id, interview_id)
    stmt = select(Draft).where(Draft.interview_id == interview.id, Draft.tenant_id == tenant_id)
    rows, next_cursor = keyset_page(session, stmt, Draft.created_at, Draft.id, limit=limit, cursor=cursor)
    return [_draft_read(r) for r in rows], next_cursor
