"""The question kinds: each kind's rules in its module, asked through the registry.

A kind's submitted value reads back as what was answered; every empty form of a kind is no
answer; the three-way merge; the `choice` kind end to end in the core; and a kind made only here,
registered, answered through validation, submission and render without any other module knowing it.
"""

import re
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msq_tui.model.answers import Response, is_answered
from msq_tui.model.definitions import Questionnaire, Section
from msq_tui.model.definitions_check import check_definitions_text, load_definitions
from msq_tui.model.kinds import KINDS, Conflict, Merged, kind_of, question_union
from msq_tui.model.kinds.base import Kind, Question
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.model.kinds.choice import ChoiceAnswer
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.problems import Problem
from msq_tui.model.submitted import submission_answers
from msq_tui.model.validation import validate_answer, validate_response
from msq_tui.submission.document import submission_document
from msq_tui.submission.render import render

from .conftest import DATA, REPOSITORY

CHOICE_FILE = DATA / "choice.toml"


@pytest.fixture(scope="module")
def choice_form() -> Questionnaire:
    return load_definitions(CHOICE_FILE)


def response_to(questionnaire: Questionnaire, answers: dict[str, Any]) -> Response:
    response = Response.new(questionnaire, "IRN")
    for question_id, answer in answers.items():
        response.set_answer(questionnaire.question(question_id), answer)
    return response


# -- The registry -------------------------------------------------------------------------------


def test_every_kind_is_told_apart_by_its_name() -> None:
    for name, kind in KINDS.items():
        assert kind.name == name
        assert kind.question_model.model_fields["kind"].annotation == Literal[name]
    assert set(KINDS) >= {"urls", "text", "yes_no", "checklist", "contact", "choice"}


def test_an_unknown_kind_is_refused_naming_every_kind_of_the_registry() -> None:
    text = CHOICE_FILE.read_text().replace('kind = "choice"', 'kind = "ranking"')
    _, problems = check_definitions_text(text, "ranking.toml")
    assert problems and "unknown kind 'ranking': use one of " + ", ".join(KINDS) in problems[0].message


# -- Answers read back as answered; empty forms are no answer ------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
words = st.text(alphabet="abc xyz", min_size=1, max_size=30).filter(str.strip)
entry = st.builds(UrlEntry, label=words, url=st.sampled_from(["www.ito.gov.ir", "https://data.gov.ir/", ""]))
url_lists = st.lists(
    st.builds(UrlEntry, label=words, url=st.just("www.iran.gov.ir"), children=st.lists(entry, max_size=2)),
    min_size=1,
    max_size=3,
)


def _answers_for(questionnaire: Questionnaire) -> st.SearchStrategy[tuple[str, Any]]:
    """(question id, an answer with nothing hidden) for the kinds of the built-in form and the choice."""
    by_kind = {
        "urls": url_lists,
        "text": words,
        "yes_no": st.sampled_from(["yes", "no"]),
        "contact": st.builds(ContactAnswer, name=words, email=st.just("a@b.org")),
    }
    pairs = []
    for question in questionnaire.questions():
        if question.applies_when is None and question.kind in by_kind:
            pairs.append(st.tuples(st.just(question.id), by_kind[question.kind]))
        elif question.kind == "checklist" and question.applies_when is None:
            options = [option.id for option in question.options]
            pairs.append(
                st.tuples(
                    st.just(question.id),
                    st.builds(
                        ChecklistAnswer, selected=st.lists(st.sampled_from(options), min_size=1, unique=True)
                    ),
                )
            )
        elif question.kind == "choice":
            chosen = st.sampled_from([option.id for option in question.options])
            pairs.append(st.tuples(st.just(question.id), st.builds(ChoiceAnswer, selected=chosen)))
    return st.one_of(pairs)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_submitted_value_reads_back_as_what_was_answered(questionnaire, choice_form, data) -> None:
    for form in (questionnaire, choice_form):
        question_id, answer = data.draw(_answers_for(form))
        question = form.question(question_id)
        kind = kind_of(question)
        submitted = submission_answers(form, response_to(form, {question_id: answer}).answers)
        read_back = kind.read(submitted[question_id])
        assert kind.same_answer(read_back, kind.visible(question, answer))
        assert read_back == kind.visible(question, answer)


EMPTY_FORMS = {
    "urls": [[], [UrlEntry()], [UrlEntry(label="  ", children=[UrlEntry(url=" ")])]],
    "text": ["", "  \n\t "],
    "checklist": [ChecklistAnswer(), ChecklistAnswer(details={"sdgs": " "}, other="  ")],
    "contact": [ContactAnswer(), ContactAnswer(name=" ", phone="\n")],
    "choice": [ChoiceAnswer(), ChoiceAnswer(other="  ")],
}


@pytest.mark.parametrize("kind_name", sorted(EMPTY_FORMS))
def test_every_empty_form_of_a_kind_is_no_answer_and_the_same_as_none(kind_name) -> None:
    kind = KINDS[kind_name]
    for empty in EMPTY_FORMS[kind_name]:
        assert kind.is_empty(empty)
        assert kind.same_answer(empty, None) and kind.same_answer(None, empty)
        for other in EMPTY_FORMS[kind_name]:
            assert kind.same_answer(empty, other)


def test_is_answered_asks_the_kind(questionnaire, choice_form) -> None:
    assert not is_answered(questionnaire.question("q1"), [{"label": " ", "url": ""}])
    assert is_answered(questionnaire.question("q1"), [{"label": "Portal", "url": ""}])
    assert not is_answered(choice_form.question("hosting"), {"selected": "", "other": " "})
    assert is_answered(choice_form.question("hosting"), {"selected": "cloud"})


# -- Merging --------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(base=st.one_of(st.none(), words), ours=st.one_of(st.none(), words), theirs=st.one_of(st.none(), words))
def test_the_three_way_rule(base, ours, theirs) -> None:
    kind = KINDS["text"]
    merged = kind.merge(base, ours, theirs)
    if kind.same_answer(ours, theirs):
        assert merged == Merged(ours)
    elif kind.same_answer(base, ours):
        assert merged == Merged(theirs)  # only theirs changed it
    elif kind.same_answer(base, theirs):
        assert merged == Merged(ours)  # only ours changed it
    else:
        assert merged == Conflict(base, ours, theirs)  # both, differently: both kept


def test_merge_treats_empty_forms_as_no_change() -> None:
    urls = KINDS["urls"]
    ours = [UrlEntry(url="www.ito.gov.ir")]
    assert urls.merge(None, [UrlEntry()], ours) == Merged(ours)
    assert urls.merge([], ours, [UrlEntry(label=" ")]) == Merged(ours)


def test_a_contact_card_merges_field_by_field() -> None:
    contact = KINDS["contact"]
    base = ContactAnswer(name="Amir", email="a@ito.gov.ir", phone="+98 21 1")
    ours = base.model_copy(update={"phone": "+98 21 2"})
    theirs = base.model_copy(update={"email": "amir@ito.gov.ir"})
    assert contact.merge(base, ours, theirs) == Merged(
        ContactAnswer(name="Amir", email="amir@ito.gov.ir", phone="+98 21 2")
    )
    both = base.model_copy(update={"phone": "+98 21 3"})
    assert contact.merge(base, ours, both) == Conflict(base, ours, both)


# -- The choice kind ------------------------------------------------------------------------------


def test_a_choice_is_judged_with_structured_problems(choice_form) -> None:
    question = choice_form.question("hosting")

    def problems(answer: ChoiceAnswer) -> list[Problem]:
        response = response_to(choice_form, {"hosting": answer})
        return validate_answer(choice_form, question, response.answers.get("hosting"), response.answers)

    assert problems(ChoiceAnswer(selected="cloud")) == []
    [unknown] = problems(ChoiceAnswer(selected="moon"))
    assert (unknown.code, unknown.part, unknown.option, unknown.is_error) == (
        "unknown-option",
        "option",
        "moon",
        True,
    )
    assert unknown.field == "option:moon" and unknown.message.startswith("Question 1: option 'moon'")
    [long] = problems(ChoiceAnswer(selected="other", other="word " * 21))
    assert (long.code, long.field, long.is_error) == ("words", "other", True)
    assert long.shown_in_place.startswith("Other: 21 words, 1 over the limit of 20")
    assert long.shown_at_part.startswith("21 words")
    [empty_other] = problems(ChoiceAnswer(selected="other"))
    assert (empty_other.code, empty_other.severity) == ("other-empty", "warning")
    [hidden] = problems(ChoiceAnswer(selected="cloud", other="a rack in the basement"))
    assert (hidden.code, hidden.field, hidden.severity) == ("hidden", "other", "warning")


def test_a_choice_submits_only_what_shows_and_drives_the_skip_logic(choice_form) -> None:
    kept_aside = ChoiceAnswer(selected="government", other="a rack in the basement")
    response = response_to(choice_form, {"hosting": kept_aside, "cloud_provider": "Provider X"})
    assert submission_answers(choice_form, response.answers) == {"hosting": {"selected": "government"}}
    problems = validate_response(choice_form, response)
    hidden = [p for p in problems if p.question_id == "cloud_provider"]
    assert [p.code for p in hidden] == ["hidden"]
    assert "'With a commercial cloud provider' is chosen in question 1" in hidden[0].message
    response.set_answer(choice_form.question("hosting"), ChoiceAnswer(selected="cloud"))
    assert submission_answers(choice_form, response.answers) == {
        "hosting": {"selected": "cloud"},
        "cloud_provider": "Provider X",
    }


def test_a_choice_reads_in_markdown_html_and_plain_text(choice_form) -> None:
    response = response_to(
        choice_form, {"hosting": ChoiceAnswer(selected="other", other="<b>Own & shared</b>")}
    )
    markdown = render(choice_form, response, "md")
    assert "- ☐ In a government data centre" in markdown
    assert r"- ☒ Other, please specify: (Max. 20 words) \<b\>Own \& shared\</b\>" in markdown
    page = render(choice_form, response, "html")
    assert (
        '<span class="box">☒</span> Other, please specify: (Max. 20 words) <span class="answer">&lt;b&gt;Own &amp; shared&lt;/b&gt;</span>'
        in page
    )
    blank = render(choice_form, None, "md")
    assert blank.count("- ☐ ") == 4 and "☒" not in blank.split("## I.")[1]
    question = choice_form.question("hosting")
    assert kind_of(question).text_lines(question, ChoiceAnswer(selected="cloud")) == [
        "With a commercial cloud provider"
    ]


def test_the_definitions_check_asks_the_choice_kind(choice_form) -> None:
    text = CHOICE_FILE.read_text()
    broken = text.replace('{ id = "abroad"', '{ id = "cloud"').replace(
        'selected = "cloud"', 'selected = "moon"'
    )
    broken = broken.replace("max_words = 20 }", "max_words = 25 }")
    _, problems = check_definitions_text(broken, "broken.toml")
    messages = [problem.message for problem in problems]
    assert any("option id 'cloud' is used twice in this choice" in message for message in messages)
    assert any(
        "skip logic names option 'moon'" in message and "government, cloud" in message for message in messages
    )
    assert any("the wording says 20 words but other.max_words is 25" in message for message in messages)
    equals = text.replace('selected = "cloud"', 'equals = "yes"')
    _, problems = check_definitions_text(equals, "equals.toml")
    assert any("which is a choice question, not yes_no" in problem.message for problem in problems)


# -- Adding a kind touches its two modules, the registry and the definitions check ----------------


def test_the_choice_kind_is_named_only_in_its_modules_and_the_registries() -> None:
    """The proof of issue 13's first item: `choice` was added by these files and no other."""
    # The kind as code names it: its name as a string, its modules, its classes.
    naming = re.compile(
        r"[\"']choice[\"']|kinds\.choice|widgets\.choice|Choice(Question|Answer|Kind|Editor)\b"
    )
    package = REPOSITORY / "msq_tui"
    files = {
        path.relative_to(REPOSITORY).as_posix()
        for path in package.rglob("*.py")
        if naming.search(path.read_text(encoding="utf-8"))
    }
    assert files <= {
        "msq_tui/model/kinds/choice.py",
        "msq_tui/model/kinds/__init__.py",
        "msq_tui/tui/widgets/choice.py",
        "msq_tui/tui/widgets/__init__.py",
    }, files


class NumberQuestion(Question):
    kind: Literal["number"]
    maximum: int = 1_000_000


class NumberKind(Kind[NumberQuestion, int]):
    """A whole number up to a maximum: a kind defined in this test alone."""

    name = "number"
    question_model = NumberQuestion
    answer_type = int
    answer_description = "a whole number"

    def problems(self, question: NumberQuestion, answer: int, name: str, applies: bool) -> list[Problem]:
        if 0 <= answer <= question.maximum:
            return []
        said = f"{answer} is not between 0 and {question.maximum}"
        return [Problem(question.id, "error", "range", f"{name}: {said}", reason=said)]

    def markdown(self, question: NumberQuestion, answer: int | None, blank: bool) -> list[str]:
        return [f"Number: {answer if answer is not None else '____'}", ""]

    def html(self, question: NumberQuestion, answer: int | None, blank: bool) -> list[str]:
        return [f"<p>Number: {answer if answer is not None else ''}</p>"]


@pytest.fixture
def number_kind() -> Iterator[Kind[Any, Any]]:
    kind = NumberKind()
    KINDS["number"] = kind
    yield kind
    del KINDS["number"]


def test_a_kind_registered_here_alone_is_answered_judged_submitted_and_rendered(number_kind) -> None:
    from pydantic import TypeAdapter

    questions = TypeAdapter(list[question_union()]).validate_python(
        [{"kind": "number", "id": "agencies", "number": "1", "text": "How many agencies?", "maximum": 500}]
    )
    section = Section.model_construct(id="I", title="Numbers", groups=[], questions=questions)
    form = Questionnaire.model_validate(
        {
            "format": "msq-definitions",
            "format_version": 1,
            "questionnaire": {"id": "numbers", "version": "1", "short_title": "Numbers", "title": "Numbers"},
            "sections": [section],
        }
    )
    question = form.question("agencies")
    assert kind_of(question) is number_kind
    response = response_to(form, {"agencies": 42})
    assert [p.code for p in validate_response(form, response)] == []
    assert submission_document(form, response)["answers"] == {"agencies": 42}
    assert "Number: 42" in render(form, response, "md") and "<p>Number: 42</p>" in render(
        form, response, "html"
    )
    response.set_answer(question, 900)
    [problem] = validate_response(form, response)
    assert (problem.code, problem.is_error) == ("range", True)
    response.answers = {"agencies": "many"}
    [shape] = validate_response(form, response)
    assert shape.code == "shape" and "it should be a whole number" in shape.message


def test_plain_mode_answers_a_choice_on_one_line_as_the_kind_reads_it(choice_form, isolated_home) -> None:
    import io

    from msq_tui.plain.mode import run_plain
    from msq_tui.store.drafts import DraftStore

    store = DraftStore(isolated_home)
    out = io.StringIO()
    run_plain(store, choice_form, new_country="IRN", stdin=io.StringIO("7\n4 Own racks\n:quit\n"), stdout=out)
    said = out.getvalue()
    assert "1 ( ) In a government data centre" in said and "4 ( ) Other, please specify" in said
    assert "Type the number of your choice; for 4, its text after the number." in said
    assert "Type a number from 1 to 4. (an empty line keeps the answer)" in said  # "7" was refused
    [draft_id] = store.ids()
    saved = store.load(draft_id, choice_form)
    assert saved.answers["hosting"] == {"selected": "other", "other": "Own racks"}


@pytest.mark.parametrize(
    ("kind", "reserved", "other_label"),
    [("checklist", "other", "Other:"), ("choice", "other", "Other, please specify:")],
)
def test_the_id_kept_for_other_is_refused_as_an_option_of_either_kind_with_options(
    kind: str, reserved: str, other_label: str
) -> None:
    from msq_tui.model.kinds import KINDS

    question = KINDS[kind].question_model.model_validate(
        {
            "kind": kind,
            "id": "q",
            "text": "Which?",
            "options": [
                {"id": "a", "text": "A"},
                {"id": reserved, "text": "Something else"},
                {"id": "a", "text": "A"},
            ],
        }
    )
    messages = [message for message, _ in KINDS[kind].definition_problems(question)]
    assert f"option id 'a' is used twice in this {kind}" in messages
    assert any(
        f'option id {reserved!r} is kept for the "Other" field' in m and other_label in m for m in messages
    )
