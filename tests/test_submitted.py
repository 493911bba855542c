"""What a submission holds, decided once: the export, the render, verify's count, the review and the e-mail agree.

The oracle is written out by hand below: a draft whose skip logic hides answers (q11 by q10 = no,
q13 by q12 = no, the CIO's card by q4 = no), with details of unchecked options, a checked "Other"
with its text, an unchecked "Other" with text, blank and empty answers, and the exact answers its
submission must hold. Nothing here computes the expected answers with the code under test.
"""

import email
import email.policy
import json
import re
import tomllib
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msq_tui.cli import main
from msq_tui.model.answers import Response
from msq_tui.model.submitted import progress
from msq_tui.store.drafts import DraftStore
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.document import sealed, to_json
from msq_tui.submission.verify import SubmissionError, read_submission
from msq_tui.tui.screens.review import ReviewScreen

from .tui_helpers import SIZE, make_app

DRAFT_ANSWERS = {
    "q1": [
        {"label": "", "url": "www.egovernment.ir", "children": []},
        {"label": "  ", "url": "", "children": []},
    ],
    "q2a": [],
    "q4": "no",
    "q4_cio": {
        "name": "Hidden Cio",
        "title": "Vice Minister",
        "organization": "ITO",
        "email": "cio@ito.gov.ir",
        "phone": "",
    },
    "q6": "   ",
    "q7": "A national strategy was adopted in 2017.",
    "q8": {
        "selected": ["implementation_plan"],
        "details": {
            "implementation_plan": "Appendix C of the roadmap",
            "sdgs": "UNCHECKED DETAIL goals 8, 9 and 12",
        },
        "other": "",
        "explanation": "See the roadmap.",
    },
    "q9": {
        "selected": [],
        "details": {"open_data": "UNCHECKED DETAIL open data law"},
        "other": "",
        "explanation": "",
    },
    "q10": "no",
    "q11": "HIDDEN ANSWER eleven " + "word " * 300,  # over its limit, but hidden: not submitted, not blocking
    "q12": "no",
    "q13": "HIDDEN ANSWER thirteen",
    "q15": {
        "selected": ["big_data", "other"],
        "details": {},
        "other": "Cognitive science",
        "explanation": "",
    },
    "contact": {
        "name": "Amir Nazemi",
        "title": "President of ITO",
        "organization": "ITO",
        "email": "nazemi@ito.gov.ir",
        "phone": "",
    },
    "x1": {"selected": ["authorized"], "details": {}, "other": "UNCHECKED OTHER text", "explanation": ""},
    "x2": {"selected": [], "details": {}, "other": "", "explanation": ""},
}

# What the submission of that draft holds, written out by hand.
SUBMITTED = {
    "q1": [{"url": "www.egovernment.ir"}],
    "q4": "no",
    "q7": "A national strategy was adopted in 2017.",
    "q8": {
        "selected": ["implementation_plan"],
        "details": {"implementation_plan": "Appendix C of the roadmap"},
        "explanation": "See the roadmap.",
    },
    "q10": "no",
    "q12": "no",
    "q15": {"selected": ["big_data", "other"], "other": "Cognitive science"},
    "contact": {
        "name": "Amir Nazemi",
        "title": "President of ITO",
        "organization": "ITO",
        "email": "nazemi@ito.gov.ir",
    },
    "x1": {"selected": ["authorized"]},
}
LEFT_OUT_TEXTS = ("HIDDEN ANSWER", "Hidden Cio", "UNCHECKED DETAIL", "UNCHECKED OTHER")
# Questions that apply: the 40 of the form without the CIO's card (it counts with q4), q11 and q13.
ANSWERED, ASKED = 9, 37


def oracle_response(questionnaire) -> Response:
    response = Response.new(questionnaire, "IRN")
    response.response_id = uuid.UUID("22222222-3333-4444-8555-666666666666")
    response.answers = json.loads(json.dumps(DRAFT_ANSWERS))
    return response


def saved_oracle(questionnaire, home: Path) -> str:
    store = DraftStore(home)
    store.prepare()
    response = oracle_response(questionnaire)
    store.save(response)
    return str(response.response_id)[:8]


def test_the_questionnaire_has_the_shape_the_oracle_assumes(questionnaire) -> None:
    questions = list(questionnaire.questions())
    assert len(questions) == 40 and [q.id for q in questions if q.part_of] == ["q4_cio"]
    assert {q.id: q.applies_when.question for q in questions if q.applies_when} == {
        "q4_cio": "q4",
        "q11": "q10",
        "q13": "q12",
    }


def test_export_holds_exactly_the_visible_answers(questionnaire, isolated_home, tmp_path, capsys) -> None:
    draft = saved_oracle(questionnaire, isolated_home)
    assert main(["sign", draft, "--publish", "no"]) == 0  # the long hidden q11 does not block
    assert main(["export", draft, "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    json_file, toml_file = sorted((tmp_path / "out").iterdir())
    from_json = json.loads(json_file.read_text(encoding="utf-8"))
    assert from_json["answers"] == SUBMITTED
    assert list(from_json["answers"]) == list(SUBMITTED)  # in the form's order
    assert tomllib.loads(toml_file.read_text(encoding="utf-8"))["answers"] == SUBMITTED
    for text in LEFT_OUT_TEXTS:
        assert text not in json_file.read_text(encoding="utf-8")
    # Nothing was lost: the draft keeps every word typed.
    assert (
        DraftStore(isolated_home).load(DraftStore(isolated_home).find(draft), questionnaire).answers
        == DRAFT_ANSWERS
    )


def test_render_shows_what_the_export_holds_for_a_draft_and_for_its_file(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    draft = saved_oracle(questionnaire, isolated_home)
    assert main(["render", draft]) == 0  # a draft, not signed off
    rendered_draft = capsys.readouterr().out
    for text in LEFT_OUT_TEXTS:
        assert text not in rendered_draft, text
    assert "Appendix C of the roadmap" in rendered_draft and "Cognitive science" in rendered_draft
    assert "☒ Other: Cognitive science" in rendered_draft
    # The render of the draft is the render of a response holding exactly the oracle's answers.
    only_submitted = oracle_response(questionnaire)
    only_submitted.answers = json.loads(json.dumps(SUBMITTED))
    from msq_tui.submission.render import render

    assert rendered_draft == render(questionnaire, only_submitted, "md")
    # Signed off and exported: the file renders as the draft does.
    assert main(["sign", draft, "--publish", "yes"]) == 0
    assert main(["export", draft, "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert main(["render", draft, "--format", "html"]) == 0
    from_draft = capsys.readouterr().out
    assert main(["render", str(sorted((tmp_path / "out").iterdir())[0]), "--format", "html"]) == 0
    from_file = capsys.readouterr().out
    assert from_draft == from_file
    for text in LEFT_OUT_TEXTS:
        assert text not in from_file


def test_verify_review_and_email_count_what_the_export_holds(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    draft = saved_oracle(questionnaire, isolated_home)
    assert progress(questionnaire, oracle_response(questionnaire)) == (ANSWERED, ASKED)
    assert main(["sign", draft, "--publish", "yes"]) == 0
    assert main(["export", draft, "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    json_file = sorted((tmp_path / "out").iterdir())[0]
    assert main(["verify", str(json_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"Answers:       {ANSWERED} of {ASKED} questions answered" in lines
    assert main(["email", str(json_file), "-o", str(tmp_path / "mail.eml")]) == 0
    message = email.message_from_bytes((tmp_path / "mail.eml").read_bytes(), policy=email.policy.default)
    assert (
        f"It has {ANSWERED} of {ASKED} questions answered."
        in message.get_body(preferencelist=("plain",)).get_content()
    )


async def test_the_review_counts_and_lists_what_is_left_out(questionnaire, isolated_home) -> None:
    app = make_app(isolated_home, oracle_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        summary = str(review.query_one("#review-summary").render())
        assert summary.startswith(f"{ANSWERED} of {ASKED} questions answered. No errors")
        listing = review.query_one("#review-list")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        start = next(i for i, line in enumerate(lines) if line.startswith("Hidden answers"))
        assert lines[start].startswith("Hidden answers, kept (6)")
        hidden = " ".join(lines[start + 1 : start + 7])
        for name in (
            "question 4 (details)",
            "question 11",
            "question 13",
            "'is aligned with the Sustainable",
            "'open government data'",
            'Question X.1 (Please select whichever applies:): the "Other" text',
        ):
            assert name in hidden, name
        not_answered = " ".join(lines[:start])
        assert re.search(
            r"Question 9 \([^)]*\) is not answered", not_answered
        )  # only an unchecked option's detail: nothing submitted


def test_a_signed_file_holding_what_a_submission_leaves_out_is_not_valid(
    questionnaire, capsys, tmp_path
) -> None:
    document = {
        "format": "msq-submission",
        "format_version": 1,
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "title": questionnaire.title,
        },
        "response_id": "22222222-3333-4444-8555-666666666666",
        "revision": 1,
        "country": {"iso3": "IRN", "name": "Iran (Islamic Republic of)"},
        "answers": {**SUBMITTED, "q11": "HIDDEN ANSWER eleven"},
        "signoff": {
            "name": "A",
            "title": "B",
            "organization": "C",
            "email": "a@b.org",
            "publish": True,
            "signed_at": "2019-03-27T10:15:00Z",
            "revision": 1,
        },
    }
    path = tmp_path / "forged.json"
    path.write_bytes(to_json(sealed(document)))
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"NOT VALID: {path} holds what a submission leaves out, so msq's export did not write it:"
        " the answer to question 11, which its skip logic hides"
    )
    assert "Cause: does-not-fit" in err
    document["answers"] = SUBMITTED
    assert read_submission(to_json(sealed(document)), known_questionnaires()).document["answers"] == SUBMITTED
    with_details = {
        **SUBMITTED,
        "q8": {**SUBMITTED["q8"], "details": {"sdgs": "x"}},
        "x1": {"selected": ["authorized"], "other": "y"},
    }
    with pytest.raises(SubmissionError) as caught:
        read_submission(to_json(sealed({**document, "answers": with_details})), known_questionnaires())
    assert caught.value.cause == "does-not-fit"
    assert "the detail of option 'sdgs' of question 8, which is not checked" in str(caught.value)
    assert 'the "Other" text of question X.1, which is not checked' in str(caught.value)


def test_errors_in_what_is_not_submitted_do_not_block_sign_off(questionnaire) -> None:
    from msq_tui.submission.signoff import Signer, sign_off

    response = oracle_response(questionnaire)
    response.answers = {
        **response.answers,
        "q4_cio": {**DRAFT_ANSWERS["q4_cio"], "email": "not-an-address"},
        "x1": {"selected": [], "other": "word " * 300},
    }
    signed = sign_off(
        questionnaire,
        response,
        Signer("A", "B", "C", "a@b.org"),
        publish=True,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert signed.is_signed
    response.answers = {**response.answers, "q4": "yes"}  # shown again: judged again
    from msq_tui.model.validation import errors, validate_response

    assert [p.question_id for p in errors(validate_response(questionnaire, response))] == ["q4_cio"]


blank_or_text = st.sampled_from(["", "  ", "\n", "text", " padded ", "سلام"])
entry = st.fixed_dictionaries(
    {
        "label": blank_or_text,
        "url": st.sampled_from(["", " ", "www.gov.ir"]),
        "children": st.lists(
            st.fixed_dictionaries({"label": blank_or_text, "url": blank_or_text}), max_size=2
        ),
    }
)
checklist = st.fixed_dictionaries(
    {
        "selected": st.lists(
            st.sampled_from(["implementation_plan", "sdgs", "other", "authorized", "big_data"]),
            unique=True,
            max_size=3,
        ),
        "details": st.dictionaries(
            st.sampled_from(["implementation_plan", "sdgs", "open_data"]), blank_or_text, max_size=2
        ),
        "other": blank_or_text,
        "explanation": blank_or_text,
    }
)
contact = st.fixed_dictionaries(
    {field: blank_or_text for field in ("name", "title", "organization", "email", "phone")}
)
draft_answers = st.fixed_dictionaries(
    {},
    optional={
        "q1": st.lists(entry, max_size=3),
        "q4": st.sampled_from(["yes", "no"]),
        "q4_cio": contact,
        "q6": blank_or_text,
        "q8": checklist,
        "q10": st.sampled_from(["yes", "no"]),
        "q11": blank_or_text,
        "q15": checklist,
        "contact": contact,
        "x1": checklist,
    },
)


@settings(max_examples=300, deadline=None)
@given(answers=draft_answers)
def test_what_is_submitted_submits_itself_and_leaves_nothing_out(answers) -> None:
    """A file msq exports is one `msq verify` accepts: the rule applied to its own output changes nothing."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.model.submitted import left_out, submission_answers

    questionnaire = builtin_questionnaire()
    exported = submission_answers(questionnaire, answers)
    assert submission_answers(questionnaire, exported) == exported
    assert [
        part for question in questionnaire.questions() for part in left_out(questionnaire, question, exported)
    ] == []
    assert all(value not in ("", [], {}) for value in exported.values())
