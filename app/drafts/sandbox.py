"""Tenant-uploaded Jinja2 templates: checked at upload without running them, rendered in an
immutable sandbox with bounded output, loops, steps and time.

Defence in depth, each layer enough on its own for the published escapes:

1. At upload, the parsed template is walked and refused when it reaches names, attributes,
   items or strings starting with ``_`` or naming internals (``format``, ``format_map``,
   ``mro``, ``gi_frame``, …), uses ``import``/``include``/``extends``, the ``attr`` or
   ``format`` filters, method calls, or the globals ``self``, ``cycler``, ``joiner``,
   ``namespace``, ``lipsum``. Nothing is executed: constant folding is off, and every
   guard below refuses to run outside a bounded render.
2. The environment is an ``ImmutableSandboxedEnvironment`` with only allow-listed filters,
   only ``range`` (capped) as a global, only macros as callables, and no attribute that is
   a method (so ``str.format`` is unreachable however it is spelt).
3. Every loop iteration, call, attribute lookup, operator, filter and piece of output
   counts against a per-render budget (steps, loop iterations, characters emitted, wall
   time); every intermediate string or list is capped in size.

The variables a template sees are plain dicts, lists and strings (see ``template_context``).
"""
from __future__ import annotations

import contextvars
import inspect
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import wraps
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.visitor import NodeTransformer
from jinja2 import filters as jinja_filters
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.core.facts import Concern, InterviewFacts, Person
from app.drafts import language

__all__ = [
    "CompiledTemplate",
    "RenderedTemplate",
    "TemplateRenderError",
    "TemplateSourceError",
    "compile_template",
    "sample_facts",
    "template_context",
    "CONTEXT_VARIABLES",
]

# --- limits --------------------------------------------------------------------------------

MAX_SUBJECT_SOURCE_CHARS = 2_000
MAX_BODY_SOURCE_CHARS = 20_000
MAX_OUTPUT_CHARS = 64 * 1024          # per rendered field (subject or body)
MAX_VALUE_CHARS = 64 * 1024           # any intermediate string or list
MAX_EMITTED_CHARS = 256 * 1024        # all output, including macro and {% set %} buffers
MAX_RANGE = 1_000
MAX_LOOP_ITERATIONS = 10_000
MAX_STEPS = 100_000
MAX_SECONDS = 0.5
MAX_SUBJECT_CHARS = 300

# --- errors --------------------------------------------------------------------------------

Field = Literal["subject", "body"]


class TemplateSourceError(ValueError):
    """A template that cannot be accepted: a syntax error or an unsafe construct.

    ``field`` is "subject" or "body", ``line`` is 1-based in that field's source."""

    def __init__(self, field: Field, line: int, message: str) -> None:
        super().__init__(f"{field}, line {line}: {message}")
        self.field = field
        self.line = line
        self.message = message


class TemplateRenderError(RuntimeError):
    """Rendering failed: an undefined variable, a type error, a refused operation or an
    exceeded limit. ``line`` is the template line when known."""

    def __init__(self, message: str, *, field: Field | None = None, line: int | None = None) -> None:
        where = f"{field}{f', line {line}' if line else ''}: " if field else ""
        super().__init__(f"{where}{message}")
        self.message = message
        self.field = field
        self.line = line


class _LimitExceeded(Exception):
    pass


# --- the per-render budget ---------------------------------------------------------------


@dataclass(slots=True)
class _Budget:
    deadline: float
    steps: int = 0
    iterations: int = 0
    emitted: int = 0

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise _LimitExceeded(f"the template does too much work (over {MAX_STEPS} steps)")
        if time.perf_counter() > self.deadline:
            raise _LimitExceeded(f"the template took longer than {MAX_SECONDS} s to render")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("_BUDGET", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:
        # Also what stops Jinja's compile-time constant folding from running our code.
        raise SecurityError("template code runs only inside a bounded render")
    return budget


def _tick(n: int = 1) -> _Budget:
    budget = _budget()
    budget.tick(n)
    return budget


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple, dict, set, frozenset)) and len(value) > MAX_VALUE_CHARS:
        raise _LimitExceeded(f"a value in the template grew past {MAX_VALUE_CHARS} items or characters")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        raise _LimitExceeded("a number in the template grew too large")
    return value


# --- guarded building blocks ---------------------------------------------------------------


def _bounded_range(*args: Any) -> range:
    _tick()
    try:
        rng = range(*args)
        size = len(rng)
    except OverflowError:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items") from None
    if size > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items")
    return rng


def _guard_iter(value: Any) -> Iterator[Any]:
    budget = _tick()
    if value is None:
        raise TypeError("cannot loop over an empty value")
    for item in value:
        budget.iterations += 1
        if budget.iterations > MAX_LOOP_ITERATIONS:
            raise _LimitExceeded(f"the template runs more than {MAX_LOOP_ITERATIONS} loop iterations")
        budget.tick()
        yield item


def _emit(value: Any) -> str:
    budget = _tick()
    text = "" if value is None else str(value)
    budget.emitted += len(text)
    if budget.emitted > MAX_EMITTED_CHARS:
        raise _LimitExceeded(f"the template writes more than {MAX_EMITTED_CHARS} characters")
    return text


def _concat(parts: Iterable[Any]) -> str:
    _tick()
    out: list[str] = []
    size = 0
    for part in parts:
        text = "" if part is None else str(part)
        size += len(text)
        if size > MAX_VALUE_CHARS:
            raise _LimitExceeded(f"a value in the template grew past {MAX_VALUE_CHARS} characters")
        out.append(text)
    return "".join(out)


_SEQUENCES = (str, list, tuple)


def _binop(operator: str, left: Any, right: Any) -> Any:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                if len(seq) * max(times, 0) > MAX_VALUE_CHARS:
                    raise _LimitExceeded("a repeated value in the template would be too large")
    elif operator == "+":
        if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            if len(left) + len(right) > MAX_VALUE_CHARS:
                raise _LimitExceeded("a value in the template grew too large")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int):
            if right > 0 and max(abs(left), 2).bit_length() * right > 256:
                raise _LimitExceeded("a power in the template would be too large")
    elif operator == "%" and isinstance(left, str):
        raise SecurityError("string formatting with % is not available; use ~ to join text")
    return _check_size(_BINOPS[operator](left, right))


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "**": lambda a, b: a**b,
}


# --- filters -------------------------------------------------------------------------------


def _guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)  # keeps jinja_pass_arg (pass_environment/pass_context markers)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _tick()
        return _check_size(func(*args, **kwargs))

    return wrapper


def _join(value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    items = list(value)
    if attribute is not None:
        items = [item.get(attribute, "") if isinstance(item, Mapping) else "" for item in items]
    return _concat(_interleave(items, str(d)))


def _interleave(items: list[Any], separator: str) -> Iterator[Any]:
    for index, item in enumerate(items):
        if index:
            yield separator
        yield item


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    occurrences = (len(text) + 1) if old == "" else text.count(old)
    if count is not None and count >= 0:
        occurrences = min(occurrences, count)
    if len(text) + occurrences * max(len(new) - len(old), 0) > MAX_VALUE_CHARS:
        raise _LimitExceeded("replace() would make the text too large")
    return text.replace(old, new, -1 if count is None else count)


# Filters that cannot amplify output or reach internals. Absent on purpose: attr, format,
# center, indent, wordwrap, batch, slice, pprint, xmlattr, tojson, urlize, safe, escape,
# random, filesizeformat.
_ALLOWED_JINJA_FILTERS = (
    "abs", "capitalize", "count", "d", "default", "dictsort", "first", "float", "groupby",
    "int", "items", "last", "length", "list", "lower", "map", "max", "min", "reject",
    "rejectattr", "reverse", "round", "select", "selectattr", "sort", "string", "striptags",
    "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
)

_OUR_FILTERS: dict[str, Callable[..., Any]] = {
    "join": _join,
    "replace": _replace,
    "join_words": language.join_words,
    "a_an": language.a_an,
    "sentence": language.as_sentence,
    "phrase": language.phrase,
    "lower_first": language.lower_first,
    "first_name": language.first_name,
}

# Internal filters the compiler inserts; names starting with "_" are refused in sources, so a
# template cannot call them itself.
_GUARD_ITER, _EMIT, _CONCAT = "__guard_iter", "__emit", "__concat"


# --- the environment -----------------------------------------------------------------------


def _is_allowed_callable(obj: Any) -> bool:
    if isinstance(obj, Macro) or obj is _bounded_range:
        return True
    return (inspect.ismethod(obj) and isinstance(obj.__self__, LoopContext)
            and obj.__name__ in {"cycle", "changed"})


class _NoteSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(_BINOPS)
    intercepted_unops = frozenset({"+", "-"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in _FORBIDDEN_ATTRS:
            return False
        if callable(value) and not _is_allowed_callable(value):
            # Data only: methods of str/list/dict (format, center, join…) are not reachable.
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> None:
        # str.format/format_map are refused outright (is_safe_attribute), not wrapped.
        return None

    def is_safe_callable(self, obj: Any) -> bool:
        return _is_allowed_callable(obj) and super().is_safe_callable(obj)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _tick()
        if not __self.is_safe_callable(__obj):
            raise SecurityError("only macros, caller(), range(), loop.cycle() and loop.changed() can be called")
        return _check_size(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        return _binop(operator, left, right)

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        _tick()
        return -arg if operator == "-" else +arg


def _make_environment() -> _NoteSandbox:
    env = _NoteSandbox(
        autoescape=False,  # text out; HTML is made by escaping the text, like the built-ins
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        optimized=False,  # no constant folding: nothing runs at upload
        auto_reload=False,
        cache_size=0,
    )
    env.globals.clear()
    env.globals["range"] = _bounded_range
    filters = {name: _guarded(env.filters[name]) for name in _ALLOWED_JINJA_FILTERS}
    filters.update({name: _guarded(func) for name, func in _OUR_FILTERS.items()})
    filters[_GUARD_ITER] = _guard_iter
    filters[_EMIT] = _emit
    filters[_CONCAT] = _concat
    env.filters.clear()
    env.filters.update(filters)
    return env


_ENV = _make_environment()

# --- checking a source without running it ---------------------------------------------------

_FORBIDDEN_NAMES = frozenset({
    "self", "super", "cycler", "joiner", "namespace", "lipsum", "dict", "config", "request",
    "environment", "context", "globals", "builtins", "getattr", "setattr", "eval", "exec",
    "import", "open", "os", "sys",
})
_FORBIDDEN_ATTRS = frozenset({
    "format", "format_map", "mro", "func_globals", "func_code", "func_closure",
    "func_defaults", "func_dict", "im_func", "im_self", "im_class", "gi_frame", "gi_code",
    "gi_yieldfrom", "gi_running", "cr_frame", "cr_code", "cr_await", "ag_frame", "ag_code",
    "ag_await", "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "tb_frame",
    "tb_next", "co_code", "globals", "builtins", "subclasses", "base", "bases", "environment",
    "module", "modules", "system", "popen", "eval", "exec", "import", "getattr", "setattr",
    "delattr", "exported_vars", "blocks", "root_render_func", "parent", "vars", "callable",
})
_FORBIDDEN_FILTERS = {
    "attr": "the attr filter is not available; use item access like person.name",
    "format": "the format filter is not available; use ~ to join text",
}
_LOOP_METHODS = {"cycle", "changed"}


def _unsafe_word(word: str) -> bool:
    return word.startswith("_") or "__" in word or word in _FORBIDDEN_ATTRS


def _check_tree(tree: nodes.Template, field: Field) -> None:
    def refuse(node: nodes.Node, message: str) -> None:
        raise TemplateSourceError(field, getattr(node, "lineno", 1) or 1, message)

    for node in tree.find_all(nodes.Node):
        if isinstance(node, (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
            refuse(node, "import, include and extends are not available in uploaded templates")
        elif isinstance(node, nodes.Name):
            if node.name.startswith("_") or node.name in _FORBIDDEN_NAMES:
                refuse(node, f"the name {node.name!r} is not available")
        elif isinstance(node, nodes.Getattr):
            if _unsafe_word(node.attr):
                refuse(node, f"access to the attribute {node.attr!r} is not allowed")
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) \
                    and _unsafe_word(node.arg.value):
                refuse(node, f"access to the item {node.arg.value!r} is not allowed")
        elif isinstance(node, (nodes.Filter, nodes.Test)):
            if node.name in _FORBIDDEN_FILTERS and isinstance(node, nodes.Filter):
                refuse(node, _FORBIDDEN_FILTERS[node.name])
            if node.name.startswith("_"):
                refuse(node, f"the filter or test {node.name!r} is not available")
        elif isinstance(node, nodes.Const):
            if isinstance(node.value, str) and _unsafe_word(node.value):
                refuse(node, f"the string {node.value!r} names an internal attribute")
        elif isinstance(node, nodes.Keyword):
            if node.key.startswith("_"):
                refuse(node, f"the argument name {node.key!r} is not allowed")
        elif isinstance(node, nodes.Call):
            callee = node.node
            is_loop_method = (isinstance(callee, nodes.Getattr) and callee.attr in _LOOP_METHODS
                              and isinstance(callee.node, nodes.Name) and callee.node.name == "loop")
            if isinstance(callee, (nodes.Getattr, nodes.Getitem)) and not is_loop_method:
                refuse(node, "method calls are not available; use a filter (x|upper, x|join(', '))")
        elif isinstance(node, nodes.For):
            if node.recursive:
                refuse(node, "recursive loops are not available")
        elif isinstance(node, (nodes.Macro, nodes.Block)):
            if node.name.startswith("_"):
                refuse(node, f"the name {node.name!r} is not allowed")
        elif isinstance(node, nodes.NSRef):
            refuse(node, "namespace assignments are not available")


# --- instrumenting a checked tree ------------------------------------------------------------


def _filter(node: nodes.Expr, name: str, lineno: int) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=lineno)


class _Instrument(NodeTransformer):
    """Route every loop, piece of output and ``~`` through the budgeted guards."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _filter(node.iter, _GUARD_ITER, node.lineno)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        wrapped: list[nodes.Expr] = []
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                child = nodes.Const(child.data, lineno=child.lineno)
            wrapped.append(_filter(child, _EMIT, child.lineno))
        node.nodes = wrapped
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter(nodes.List(list(node.nodes), lineno=node.lineno), _CONCAT, node.lineno)


def _compile_field(source: str, field: Field, limit: int) -> Template:
    if not isinstance(source, str):
        raise TemplateSourceError(field, 1, "the template must be text")
    if len(source) > limit:
        raise TemplateSourceError(field, 1, f"the template is longer than {limit} characters")
    try:
        tree = _ENV.parse(source)
        _check_tree(tree, field)
        tree = _Instrument().visit(tree)
        tree.set_environment(_ENV)
        return _ENV.from_string(tree)
    except TemplateSourceError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateSourceError(field, exc.lineno or 1, exc.message or str(exc)) from None
    except RecursionError:
        raise TemplateSourceError(field, 1, "the template is nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 - any compiler failure is the source's fault
        raise TemplateSourceError(field, 1, f"the template cannot be compiled: {exc}") from None


# --- compiled templates ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderedTemplate:
    subject: str
    body_text: str


@dataclass(frozen=True)
class CompiledTemplate:
    """A checked, compiled tenant template. Render it with ``render(context)`` or through
    ``app.drafts.render.render_note(..., custom=...)``."""

    template_id: str
    subject_source: str
    body_source: str
    _subject: Template = field(repr=False, compare=False)
    _body: Template = field(repr=False, compare=False)

    def render(self, context: Mapping[str, Any]) -> RenderedTemplate:
        """Render both fields within one budget. Raises only ``TemplateRenderError``."""
        budget = _Budget(deadline=time.perf_counter() + MAX_SECONDS)
        token = _BUDGET.set(budget)
        try:
            subject = _run(self._subject, context, "subject")
            body = _run(self._body, context, "body")
        finally:
            _BUDGET.reset(token)
        subject = language.tidy(subject)
        if len(subject) > MAX_SUBJECT_CHARS:
            raise TemplateRenderError(f"the subject is longer than {MAX_SUBJECT_CHARS} characters",
                                      field="subject")
        body = _tidy_body(body)
        if not body:
            raise TemplateRenderError("the body is empty", field="body")
        return RenderedTemplate(subject=subject, body_text=body)


def _run(template: Template, context: Mapping[str, Any], field: Field) -> str:
    chunks: list[str] = []
    size = 0
    try:
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise _LimitExceeded(f"the {field} is longer than {MAX_OUTPUT_CHARS} characters")
            _tick()
            chunks.append(chunk)
    except Exception as exc:  # noqa: BLE001 - a tenant template's failure is always a render error
        raise TemplateRenderError(_describe(exc), field=field, line=_template_line(exc)) from None
    return "".join(chunks)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (_LimitExceeded, SecurityError)):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "the template recurses too deeply"
    if isinstance(exc, MemoryError):
        return "the template needs too much memory"
    name = type(exc).__name__
    if name == "UndefinedError":
        return f"undefined variable: {exc}"
    return f"{name}: {exc}"


def _template_line(exc: BaseException) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _tidy_body(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue  # no leading blank lines, no runs of blank lines
        out.append(line)
    return "\n".join(out).strip("\n")


def compile_template(subject_source: str, body_source: str, *,
                     template_id: str = "custom") -> CompiledTemplate:
    """Check and compile a tenant template; raises ``TemplateSourceError`` (field, line,
    message) for a syntax error or an unsafe construct. Nothing in the source runs."""
    subject = _compile_field(subject_source, "subject", MAX_SUBJECT_SOURCE_CHARS)
    body = _compile_field(body_source, "body", MAX_BODY_SOURCE_CHARS)
    return CompiledTemplate(template_id, subject_source, body_source, subject, body)


# --- the context a template sees --------------------------------------------------------------

CONTEXT_VARIABLES: dict[str, str] = {
    "candidate": "{name, first_name, email}",
    "company": "the company's name",
    "position": "the position applied for",
    "interviewer": "the recipient {name, first_name, title, email}; the first interviewer "
                   "when one note goes to all",
    "interviewers": "every interviewer, [{name, first_name, title, email}]",
    "to_all": "true when one note is addressed to all interviewers",
    "interviewed_at": "ISO 8601 time of the interview in its timezone",
    "interview_date": 'the interview day in words, e.g. "Tuesday, 10 March"',
    "highlights": "[text] specific points from the conversation",
    "strengths": "[text] the candidate's strengths",
    "concerns": "[{concern, response}] questions raised and the candidate's answers",
    "additional_info": "[text] what the candidate could not fully give in the interview",
    "decision_expected_at": 'ISO 8601 time the decision was expected, or ""',
    "decision_date": 'that day in words, or ""',
    "kind": '"thank_you" or "check_in"',
    "tone": '"formal", "warm" or "concise"',
    "final": "true for the last, shorter check-in",
}
"""Variables available to uploaded templates. Absent values are "" (never None), so they
never print as "None". Filters: join_words ("A, B, and C"), a_an ("an MBA"), sentence,
phrase, lower_first, first_name, plus Jinja's safe built-ins (upper, lower, join, …)."""


def local_time(facts: InterviewFacts, moment: datetime) -> datetime:
    """``moment`` in the interview's timezone (its own offset when none is named)."""
    if facts.timezone:
        try:
            return moment.astimezone(ZoneInfo(facts.timezone))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def person_dict(person: Person) -> dict[str, str]:
    return {
        "name": language.tidy(person.name),
        "first_name": language.first_name(person.name),
        "title": language.tidy(person.title),
        "email": language.tidy(person.email),
    }


def template_context(facts: InterviewFacts, *, recipient: Person | None = None,
                     kind: str = "thank_you", tone: str = "warm",
                     final: bool = False) -> dict[str, Any]:
    """The documented variables (``CONTEXT_VARIABLES``) as plain dicts, lists and strings."""
    interviewed = local_time(facts, facts.interviewed_at)
    decision = local_time(facts, facts.decision_expected_at) if facts.decision_expected_at else None
    to = recipient if recipient is not None else (facts.interviewers[0] if facts.interviewers else Person(name=""))
    candidate = person_dict(facts.candidate)
    del candidate["title"]
    return {
        "candidate": candidate,
        "company": language.tidy(facts.company),
        "position": language.tidy(facts.position),
        "interviewer": person_dict(to),
        "interviewers": [person_dict(p) for p in facts.interviewers],
        "to_all": recipient is None and len(facts.interviewers) > 1,
        "interviewed_at": interviewed.isoformat(),
        "interview_date": language.date_in_words(interviewed),
        "highlights": [language.tidy(h) for h in facts.highlights if language.tidy(h)],
        "strengths": [language.tidy(s) for s in facts.strengths if language.tidy(s)],
        "concerns": [{"concern": language.tidy(c.concern), "response": language.tidy(c.response)}
                     for c in facts.concerns if language.tidy(c.concern)],
        "additional_info": [language.tidy(a) for a in facts.additional_info if language.tidy(a)],
        "decision_expected_at": decision.isoformat() if decision else "",
        "decision_date": language.date_in_words(decision) if decision else "",
        "kind": kind,
        "tone": tone,
        "final": bool(final),
    }


def sample_facts() -> InterviewFacts:
    """A realistic interview for template previews."""
    return InterviewFacts(
        candidate=Person(name="Zoë Müller", email="zoe.mueller@example.com"),
        company="Northwind Analytics",
        position="Senior Data Engineer",
        interviewers=(
            Person(name="Ana Lopez", title="Engineering Manager", email="ana.lopez@example.com"),
            Person(name="Ben Okafor", title="Staff Data Engineer", email="ben.okafor@example.com"),
        ),
        interviewed_at=datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        timezone="Europe/Berlin",
        decision_expected_at=datetime(2026, 3, 20, 17, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        highlights=(
            "your plan to move the nightly batch jobs to streaming",
            "the way the team runs blameless post-mortems",
            "the open-source data catalogue you maintain",
        ),
        strengths=("six years of building data pipelines in Python", "experience mentoring junior engineers"),
        concerns=(
            Concern("my limited experience with Kubernetes",
                    "I have since completed the CKA certification and run a small cluster for my own projects"),
            Concern("Are you comfortable being on call?",
                    "Yes. In my current role I share a one-week rotation with five colleagues"),
        ),
        additional_info=("a link to the pipeline migration write-up I mentioned: https://example.com/zoe/migration",),
    )
