"""The answer model and the rules that judge it: errors block sign-off, warnings inform."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msq_tui.model.answers import Response
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.validation import errors, progress, validate_response


@pytest.fixture
def response(questionnaire) -> Response:
    return Response.new(questionnaire, "IRN")


def problems_for(questionnaire, response, question_id):
    return [p for p in validate_response(questionnaire, response) if p.question_id == question_id]


def test_a_new_response(questionnaire, response) -> None:
    assert response.country == "IRN"
    assert response.status == "draft"
    assert response.questionnaire_id == "msq2020"
    assert response.questionnaire_version == questionnaire.version
    assert len(str(response.response_id)) == 36
    problems = validate_response(questionnaire, response)
    assert errors(problems) == []
    unanswered = {p.question_id for p in problems if p.code == "unanswered"}
    # Every question that applies is listed as unanswered; skipped ones (q11, q13, the CIO) are not.
    assert "q1" in unanswered and "x2" in unanswered
    assert not {"q11", "q13", "q4_cio"} & unanswered


def test_country_must_be_a_member_state(questionnaire) -> None:
    with pytest.raises(ValueError):
        Response.new(questionnaire, "XXX")
    assert Response.new(questionnaire, "irn").country == "IRN"


def test_invalid_url_is_an_error_naming_the_entry(questionnaire, response) -> None:
    q1 = questionnaire.question("q1")
    response.set_answer(
        q1, [UrlEntry(url="www.egovernment.ir"), UrlEntry(label="Portal", url="javascript:alert(1)")]
    )
    (problem,) = problems_for(questionnaire, response, "q1")
    assert problem.is_error and problem.code == "url" and problem.field == "url:1"
    assert "entry 2" in problem.message and "only http" in problem.message


def test_nesting_one_level_only(questionnaire, response) -> None:
    grandchild = UrlEntry(url="c.gov.ir")
    response.set_answer(
        questionnaire.question("q5g"),
        [
            UrlEntry(
                label="Ministry", url="moe.gov.ir", children=[UrlEntry(url="b.gov.ir", children=[grandchild])]
            )
        ],
    )
    kinds = [p.code for p in problems_for(questionnaire, response, "q5g")]
    assert kinds == ["nesting"]


def test_more_words_than_the_limit_is_an_error(questionnaire, response) -> None:
    q6 = questionnaire.question("q6")
    response.set_answer(q6, "word " * 250)
    assert problems_for(questionnaire, response, "q6") == []
    response.set_answer(q6, "word " * 251)
    (problem,) = problems_for(questionnaire, response, "q6")
    assert problem.is_error and "251 words, 1 over the limit of 250" in problem.message


def test_contact_email_and_phone(questionnaire, response) -> None:
    response.set_answer(
        questionnaire.question("contact"),
        ContactAnswer(
            name="Amir Nazemi",
            title="Deputy",
            organization="ITO",
            email="nazemi@ito.gov.ir ; egov@ito.gov.ir",
        ),
    )
    assert errors(problems_for(questionnaire, response, "contact")) == []
    response.set_answer(
        questionnaire.question("contact"),
        ContactAnswer(name="A", title="B", organization="C", email="nazemi.ito.gov.ir"),
    )
    (problem,) = problems_for(questionnaire, response, "contact")
    assert problem.is_error and problem.field == "email"
    response.answers = {**response.answers, "q4": "yes"}
    response.set_answer(
        questionnaire.question("q4_cio"),
        ContactAnswer(name="A", title="B", organization="C", email="a@b.org", phone="call me"),
    )
    (problem,) = problems_for(questionnaire, response, "q4_cio")
    assert problem.is_error and problem.field == "phone"


def test_a_field_the_card_does_not_ask_is_an_error(questionnaire, response) -> None:
    response.set_answer(
        questionnaire.question("contact"),
        ContactAnswer(name="A", title="B", organization="C", email="a@b.org", phone="+98 21 8838 6301"),
    )
    assert [p.field for p in errors(problems_for(questionnaire, response, "contact"))] == ["phone"]


def test_unknown_question_and_option_are_errors(questionnaire, response) -> None:
    response.answers = {"q99": "something", "q8": {"selected": ["nope", "sdgs"]}}
    problems = errors(validate_response(questionnaire, response))
    assert {(p.question_id, p.code) for p in problems} == {
        ("q99", "unknown-question"),
        ("q8", "unknown-option"),
    }


def test_an_answer_that_does_not_fit_its_question(questionnaire, response) -> None:
    response.answers = {"q1": "www.egovernment.ir", "q10": "maybe", "q6": 42}
    kinds = {p.question_id: p.code for p in errors(validate_response(questionnaire, response))}
    assert kinds == {"q1": "shape", "q10": "shape", "q6": "shape"}


def test_hidden_answers_are_kept_and_warned(questionnaire, response) -> None:
    response.answers = {"q10": "yes", "q11": "Yes, on payesh.iran.gov.ir"}
    assert not [p for p in validate_response(questionnaire, response) if p.question_id == "q11"]
    response.answers = {**response.answers, "q10": "no"}
    (problem,) = problems_for(questionnaire, response, "q11")
    assert problem.severity == "warning" and problem.code == "hidden"
    assert "question 10 is answered yes" in problem.message
    assert response.answers["q11"] == "Yes, on payesh.iran.gov.ir"


def test_checklist_other_and_details(questionnaire, response) -> None:
    x1 = questionnaire.question("x1")
    response.set_answer(
        x1, ChecklistAnswer(selected=["authorized"], other="ITO evaluates e-services twice a year")
    )
    (problem,) = problems_for(questionnaire, response, "x1")
    assert problem.code == "hidden" and problem.field == "other"
    response.set_answer(x1, ChecklistAnswer(selected=["authorized", "other"], other="word " * 251))
    (problem,) = problems_for(questionnaire, response, "x1")
    assert problem.is_error and problem.code == "words"


def test_an_option_detail_is_held_to_the_explanations_word_limit(questionnaire, response) -> None:
    q8 = questionnaire.question("q8")
    limit = q8.explanation.max_words
    response.set_answer(
        q8,
        ChecklistAnswer(
            selected=["implementation_plan"],
            details={"implementation_plan": "Act\nArticle 5 " + "word " * limit},
        ),
    )
    (problem,) = problems_for(questionnaire, response, "q8")
    assert problem.is_error and problem.code == "words" and problem.field == "detail:implementation_plan"
    response.set_answer(
        q8,
        ChecklistAnswer(selected=["implementation_plan"], details={"implementation_plan": "Act\nArticle 5"}),
    )
    assert problems_for(questionnaire, response, "q8") == []


def test_progress_counts_questions_that_apply(questionnaire, response) -> None:
    answered, asked = progress(questionnaire, response, "I")
    assert (answered, asked) == (0, 17)  # q1, q2a-e, q3, q4, q5a-i; the CIO card counts with q4
    response.set_answer(questionnaire.question("q1"), [UrlEntry(url="www.egovernment.ir")])
    assert progress(questionnaire, response, "I") == (1, 17)
    assert progress(questionnaire, response, "IV") == (0, 1)
    response.answers = {**response.answers, "q10": "yes"}
    assert progress(questionnaire, response, "IV") == (1, 2)


# Persian, Arabic, CJK, emoji with joiners, combining marks, and anything else Unicode has.
unicode_text = st.lists(
    st.one_of(
        st.text(max_size=5), st.sampled_from(["سلام", "دنیا", "中文", "👩‍👩‍👧", "e\u0301", "\u200c", "مرحبا"])
    ),
    max_size=40,
).map("".join)


@given(unicode_text, unicode_text, unicode_text)
def test_round_trip_through_json(text: str, label: str, other: str) -> None:
    from msq_tui.model.definitions_check import builtin_questionnaire

    questionnaire = builtin_questionnaire()
    response = Response.new(questionnaire, "CHN")
    response.set_answer(questionnaire.question("q6"), text)
    response.set_answer(
        questionnaire.question("q1"),
        [UrlEntry(label=label, url="www.gov.cn", children=[UrlEntry(label=other)])],
    )
    response.set_answer(questionnaire.question("x2"), ChecklistAnswer(selected=["other"], other=other))
    again = Response.model_validate_json(response.model_dump_json())
    assert again == response
    again = Response.model_validate(
        json.loads(json.dumps(response.model_dump(mode="json"), ensure_ascii=False))
    )
    assert again.answers["q6"] == text
