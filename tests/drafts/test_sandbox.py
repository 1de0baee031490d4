"""Tenant templates: unsafe sources are refused at upload without running, renders are
bounded, and every failure is a TemplateSourceError or TemplateRenderError."""
from __future__ import annotations

import time

import pytest

from app.core.facts import Concern, Person
from app.drafts import sandbox
from app.drafts.render import render_note
from app.drafts.sandbox import (
    CONTEXT_VARIABLES,
    TemplateRenderError,
    TemplateSourceError,
    compile_template,
    sample_facts,
    template_context,
)

CONTEXT = template_context(sample_facts())


def render_body(body: str) -> str:
    return compile_template("Subject", body).render(CONTEXT).body_text


# Published escapes and their relatives. Each must be refused at upload.
ESCAPES = {
    "CVE-2016-10745 str.format": '{{ "{0.__class__.__init__.__globals__}".format(candidate) }}',
    "CVE-2016-10745 format on a variable": "{{ position.format(candidate) }}",
    "CVE-2019-10906 format_map": '{{ "{x.__class__}".format_map({"x": candidate}) }}',
    "CVE-2024-56326 indirect format": '{% set f = "{0.__class__}".format %}{{ f(candidate) }}',
    "CVE-2024-56326 indirect via item": '{% set f = position["format"] %}{{ f(candidate) }}',
    "CVE-2025-27516 attr format": '{{ "{0.__class__}"|attr("format")(candidate) }}',
    "attr filter": '{{ position|attr("upper") }}',
    "attr filter in map": '{{ highlights|map("attr", "__class__")|list }}',
    "map attribute dunder": '{{ highlights|map(attribute="__class__")|list }}',
    "selectattr dunder": '{{ interviewers|selectattr("__class__")|list }}',
    "format filter": '{{ "%s"|format(candidate) }}',
    "class mro subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "item dunder": "{{ candidate['__class__'] }}",
    "self globals": "{{ self.__init__.__globals__ }}",
    "self alone": "{{ self }}",
    "cycler globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "joiner": "{{ joiner() }}",
    "namespace": "{% set ns = namespace(x=1) %}{{ ns.x }}",
    "namespace assign": "{% set n.x = 1 %}",
    "lipsum globals": "{{ lipsum.__globals__ }}",
    "mro": "{{ position.mro }}",
    "func_globals": "{{ candidate.func_globals }}",
    "gi_frame": "{{ candidate.gi_frame }}",
    "builtins item": "{{ candidate['__builtins__'] }}",
    "init": "{{ candidate.__init__ }}",
    "import": "{% import 'x.j2' as x %}",
    "from import": "{% from 'x.j2' import y %}",
    "include": "{% include 'x.j2' %}",
    "extends": "{% extends 'x.j2' %}",
    "method call": "{{ position.upper() }}",
    "underscore name": "{% set _x = 1 %}{{ _x }}",
    "underscore keyword": "{{ highlights|join(_x=1) }}",
    "recursive loop": "{% for x in highlights recursive %}{{ loop(x) }}{% endfor %}",
    "unknown filter": "{{ position|center(1000000000) }}",
}


@pytest.mark.parametrize("source", ESCAPES.values(), ids=ESCAPES.keys())
def test_unsafe_sources_are_refused_at_upload(source):
    with pytest.raises(TemplateSourceError) as raised:
        compile_template("Hello", "Line one\n" + source)
    assert raised.value.field == "body"
    assert raised.value.line == 2
    assert raised.value.message


def test_unsafe_subject_is_reported_on_the_subject():
    with pytest.raises(TemplateSourceError) as raised:
        compile_template("{{ self.__dict__ }}", "fine")
    assert raised.value.field == "subject" and raised.value.line == 1


@pytest.mark.parametrize(("body", "line"), [
    ("Hi\n{% if x %}\nunclosed", 3),
    ("one\ntwo\n{{ x | }}", 3),
    ("{% endfor %}", 1),
    ("a\n{{ ", 2),
])
def test_syntax_errors_give_the_line(body, line):
    with pytest.raises(TemplateSourceError) as raised:
        compile_template("Hi", body)
    assert raised.value.field == "body" and raised.value.line == line


def test_compiling_runs_nothing():
    # Each of these would fail if evaluated; compiling them must not evaluate them.
    compiled = compile_template("{{ 1 // 0 }}", "{{ 'x' * 1000000000 }}{{ range(10**12)|list }}")
    with pytest.raises(TemplateRenderError):
        compiled.render(CONTEXT)


def test_a_string_key_built_at_runtime_cannot_reach_format():
    with pytest.raises(TemplateRenderError, match="unsafe|can be called"):
        render_body('{% set f = position["for" ~ "mat"] %}{{ f("{0}", candidate) }}')


@pytest.mark.parametrize("body", [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(1000) %}{{ i }}{% endfor %}{% endfor %}",
    "{% set s %}{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}{% endset %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('ab', 60) }}",
    "{% for a in position %}{% for b in position %}{% for c in position %}{% for d in position %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{{ 9**9**9 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ position|replace('', position * 1000) }}",
    "{{ range(1000)|list|join(position * 1000) }}",
])
def test_runaway_templates_fail_fast(body):
    started = time.perf_counter()
    with pytest.raises(TemplateRenderError):
        render_body(body)
    assert time.perf_counter() - started < 1.0


def test_output_is_capped():
    with pytest.raises(TemplateRenderError, match=str(sandbox.MAX_OUTPUT_CHARS)):
        render_body("{% for i in range(10) %}{{ 'x' * 7000 }}{% endfor %}")
    assert len(render_body("{% for i in range(9) %}{{ 'x' * 7000 }}{% endfor %}")) == 63_000


@pytest.mark.parametrize(("body", "message"), [
    ("{{ no_such_variable }}", "undefined"),
    ("{{ candidate.no_such_key }}", "undefined"),
    ("{{ 1 + 'a' }}", "TypeError"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ position.upper }}", "unsafe"),
    ("{{ caller() }}", "can be called"),
    ("{{ highlights|first|int }}x{{ none_here.x }}", "undefined"),
    ("{{ range('a') }}", "TypeError"),
    ("{% for x in 5 %}{% endfor %}", "TypeError"),
    ("{{ interviewers|map('nope')|list }}", "nope"),
])
def test_runtime_errors_are_template_render_errors(body, message):
    with pytest.raises(TemplateRenderError, match=message):
        render_body(body)


def test_render_error_reports_the_template_line():
    with pytest.raises(TemplateRenderError) as raised:
        render_body("Hi\n\n{{ missing }}")
    assert raised.value.line == 3 and raised.value.field == "body"


def test_a_useful_template_renders_with_the_documented_context_and_filters():
    body = (
        "Dear {{ interviewer.name }},\n\n"
        "Thank you for meeting me on {{ interview_date }} about {{ position|a_an }} role.\n"
        "{% for c in concerns %}{% if c.response %}{{ c.response|sentence }} {% endif %}{% endfor %}\n\n"
        "I enjoyed hearing about {{ highlights[:2]|join_words }}.\n"
        "{% if decision_date %}You expected to decide by {{ decision_date }}.{% endif %}\n\n\n\n"
        "{% for i in range(3) %}{{ loop.cycle('a', 'b') }}{% endfor %}\n"
        "Best,   \n{{ candidate.name|upper }}\n"
    )
    result = compile_template("Thanks, {{ interviewer.first_name }}!", body).render(CONTEXT)
    assert result.subject == "Thanks, Ana!"
    assert result.body_text.startswith("Dear Ana Lopez,\n\nThank you for meeting me on Tuesday, 10 March"
                                       " about a Senior Data Engineer role.\n")
    assert "Yes. In my current role I share a one-week rotation with five colleagues." in result.body_text
    assert "\n\n\n" not in result.body_text and "Best,\n" in result.body_text
    assert "aba" in result.body_text and result.body_text.endswith("ZOË MÜLLER")


def test_custom_templates_render_through_render_note_with_escaped_html():
    facts = sample_facts()
    facts = type(facts)(**{**{f: getattr(facts, f) for f in facts.__slots__},
                           "company": "<script>x</script>",
                           "concerns": (Concern("pay", None),)})
    compiled = compile_template("Hello {{ company }}", "Hi {{ interviewer.first_name }},\n\n"
                                "About {{ company }}.\nLine two.\n\nBye", template_id="tenant:42")
    note = render_note(facts, kind="thank_you", tone="formal", recipient=facts.interviewers[1],
                       custom=compiled)
    assert note.template_id == "tenant:42" and note.to.name == "Ben Okafor"
    assert note.subject == "Hello <script>x</script>"
    assert note.body_text == "Hi Ben,\n\nAbout <script>x</script>.\nLine two.\n\nBye"
    assert note.body_html == ("<p>Hi Ben,</p>\n<p>About &lt;script&gt;x&lt;/script&gt;.<br>\nLine two.</p>\n"
                              "<p>Bye</p>")
    assert note.mailto.startswith("mailto:ben.okafor@example.com?subject=Hello%20%3Cscript%3E")


def test_empty_body_and_overlong_subject_are_render_errors():
    with pytest.raises(TemplateRenderError, match="empty"):
        compile_template("x", "{% if false %}x{% endif %}").render(CONTEXT)
    with pytest.raises(TemplateRenderError, match="subject"):
        compile_template("{{ 'x' * 400 }}", "body").render(CONTEXT)


def test_source_size_is_limited():
    with pytest.raises(TemplateSourceError, match="longer"):
        compile_template("x", "a" * (sandbox.MAX_BODY_SOURCE_CHARS + 1))


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return isinstance(value, (str, bool, int))


def test_context_is_plain_data_with_the_documented_names_and_no_none():
    context = template_context(sample_facts(), recipient=Person(name="Ana Lopez"))
    assert set(context) == set(CONTEXT_VARIABLES)
    assert _plain(context)
    assert context["interviewer"] == {"name": "Ana Lopez", "first_name": "Ana", "title": "", "email": ""}
    assert context["interview_date"] == "Tuesday, 10 March"
    assert context["decision_date"] == "Friday, 20 March"


def test_guards_refuse_to_run_outside_a_render():
    with pytest.raises(Exception, match="bounded render"):
        sandbox._ENV.filters["upper"]("x")
