"""An agency's draft is judged on its own questions only: the review, sign-off, plain mode, `msq list`
and the start screen agree on what is missing; the coordinator's questions are named as such."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from msq_tui.agencies.assignment import agency_draft
from msq_tui.agencies.part import sign_part
from msq_tui.model.assigned import named_questions, not_assigned, others_line, section_not_assigned
from msq_tui.model.contributions import Assignment
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.submitted import progress
from msq_tui.model.validation import question_problems, validate_response
from msq_tui.submission.signoff import Signer
from msq_tui.tui.screens.review import ReviewScreen

from .fixtures import full_response
from .test_tui_agencies import draft_in_conflict
from .tui_helpers import SIZE, make_app, widget_for

WHEN = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
ASSIGNED = ["q16", "q17", "q18", "q19", "q20", "q21"]  # VII's q16 and section VIII
ANSWERED = ["q16", "q17"]  # four of its six are still to answer
SIGNER = Signer("Sara Ahmadi", "Director", "Ministry of Justice", "sara@moj.ir")


def the_agency_draft(context: dict | None = None):
    """Ministry of Justice's draft of q16 and VIII, two of its six answered, as `msq import` makes it."""
    questionnaire = builtin_questionnaire()
    whole = full_response(questionnaire)
    assignment = Assignment(
        response_id=whole.response_id,
        country="IRN",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="ITO",
        agency="Ministry of Justice",
        questions=ASSIGNED,
        base={question_id: whole.answers[question_id] for question_id in ANSWERED},
        context=context or {},
        created=WHEN,
    )
    return agency_draft(questionnaire, assignment)


# -- The core: one filter, in validation ---------------------------------------------------------------


def test_only_the_assigned_questions_are_missing_in_an_agencys_draft() -> None:
    questionnaire = builtin_questionnaire()
    problems = validate_response(questionnaire, the_agency_draft())
    missing = {problem.question_id for problem in problems if problem.code == "unanswered"}
    assert missing == {"q18", "q19", "q20", "q21"}  # not q1 ... x2, the coordinator's
    assert progress(questionnaire, the_agency_draft()) == (2, 6)


def test_the_coordinators_answers_neither_block_nor_warn_the_parts_sign_off() -> None:
    """A context answer of the coordinator's that would be an error (a URL without a dot) is not the
    part's: its sign-off goes ahead."""
    questionnaire = builtin_questionnaire()
    draft = the_agency_draft(context={"q1": [{"url": "http://ministry", "label": "", "children": []}]})
    assert not [problem for problem in validate_response(questionnaire, draft) if problem.is_error]
    signed = sign_part(questionnaire, draft, SIGNER, now=WHEN)
    assert signed.is_signed


def test_one_question_is_judged_as_the_whole_response_judges_it() -> None:
    """The screen's per-question judgement and the whole response's agree: a conflict is its own
    question's, once (it was given to every question judged, and twice to its own)."""
    questionnaire = builtin_questionnaire()
    merged = draft_in_conflict()
    whole = validate_response(questionnaire, merged)
    for question in questionnaire.questions():
        mine = [problem for problem in whole if problem.question_id == question.id]
        assert question_problems(questionnaire, merged, question.id) == mine, question.id
    agency = the_agency_draft()
    assert question_problems(questionnaire, agency, "q6") == []  # the coordinator's
    assert [p.code for p in question_problems(questionnaire, agency, "q18")] == ["unanswered"]


def test_the_coordinators_questions_are_named_in_one_place() -> None:
    questionnaire = builtin_questionnaire()
    assert named_questions(questionnaire, {"q9"}) == "question 9"
    assert named_questions(questionnaire, {"q17", "q18"}) == "questions 17 and 18"
    assert named_questions(questionnaire, set(ASSIGNED)) == "questions 16–21"
    assert named_questions(questionnaire, {"q4", "q4_cio", "q5a", "q5b", "q9"}) == "questions 4–5b and 9"
    assert named_questions(questionnaire, {"q4_cio"}) == "question 4 (details)"
    assert (
        named_questions(questionnaire, {"contact", "x1", "x2"})
        == "questions X.1 and X.2, and the contact card of section X"
    )
    draft = the_agency_draft()
    said = not_assigned(questionnaire, draft, questionnaire.question("q6"))
    assert said == (
        "Question 6 is answered by the coordinator, ITO, who handed out this part;"
        " this draft answers questions 16–21 for Ministry of Justice."
    )
    assert section_not_assigned(questionnaire, draft, "II").startswith(
        "Section II is answered by the coordinator"
    )
    others = len([q for q in questionnaire.questions() if not q.part_of]) - len(ASSIGNED)
    assert (
        others_line(questionnaire, draft)
        == f"{others} other questions are answered by the coordinator, ITO: not counted here."
    )
    assert others_line(questionnaire, full_response(questionnaire)) == ""  # a whole response has none


# -- The TUI ---------------------------------------------------------------------------------------------


def review_text(screen: ReviewScreen) -> tuple[str, list[str]]:
    from textual.widgets import OptionList, Static

    summary = str(screen.query_one("#review-summary", Static).render())
    listed = screen.query_one("#review-list", OptionList)
    lines = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
    return summary, lines


async def test_the_review_of_an_agencys_draft_lists_its_own_questions_only(tmp_path: Path) -> None:
    questionnaire = builtin_questionnaire()
    draft = the_agency_draft()
    app = make_app(tmp_path / "home", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        summary, lines = review_text(app.screen)
    assert summary.startswith("2 of 6 questions answered. No errors: ready for sign-off (s).")
    assert others_line(questionnaire, draft) in summary  # one line, not 33 warnings
    assert "Not answered (4)" in lines
    missing = [line for line in lines if "is not answered" in line]
    assert [line.split("(")[0].strip(" ·") for line in missing] == [
        "Question 18",
        "Question 19",
        "Question 20",
        "Question 21",
    ]
    assert "  II   —   " in summary and "VII  1/1" in summary and "VIII  1/5" in summary  # II: not its own


async def test_typing_into_the_coordinators_question_says_whose_it_is(tmp_path: Path) -> None:
    questionnaire = builtin_questionnaire()
    draft = the_agency_draft()
    app = make_app(tmp_path / "home", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.show_section("II", focus=True)  # question 6, a text: read-only here
        await pilot.pause()
        await pilot.pause()
        assert app.screen.focused is not None
        await pilot.press(*"Our plan")
        await pilot.pause()
        said = [str(notice.message) for notice in app._notifications]
        assert app.session.response.answers.get("q6") is None
        at_rest = widget_for(app, "q7").query_one(".text-at-rest")
        assert str(at_rest.render()) == "Not answered"  # not "Type your answer": nothing is typed here
        index = app.screen.query_one("#section-index")
        prompts = [str(index.get_option_at_index(i).prompt) for i in range(index.option_count)]
        assert prompts[1].rstrip().endswith("—")  # II is not the agency's: no ✓ as if it were done
        assert prompts[6].rstrip().endswith("1/1 ✓")  # VII's q16 is, answered
    assert not_assigned(questionnaire, draft, questionnaire.question("q6")) in said
    assert not any("Nothing here takes typing" in message for message in said)


async def test_the_parts_sign_off_counts_its_own_unanswered_questions(tmp_path: Path) -> None:
    from msq_tui.tui.screens.signoff_dialog import SignOffDialog

    app = make_app(tmp_path / "home", the_agency_draft())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SignOffDialog)
        assert app.screen.unanswered == 4  # its own; it said "Every question is answered" before


# -- Plain mode, `msq list` and the start screen agree ---------------------------------------------------


@pytest.fixture
def agency_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from msq_tui.store.drafts import DraftStore

    monkeypatch.setenv("MSQ_HOME", str(tmp_path / "agency"))
    store = DraftStore()
    store.prepare()
    draft = the_agency_draft()
    store.save(draft)
    return store, draft


def test_plain_mode_reviews_and_lists_the_agencys_questions_only(agency_home) -> None:
    from msq_tui.plain.mode import run_plain

    store, draft = agency_home
    questionnaire = builtin_questionnaire()
    out = io.StringIO()
    commands = ":review\n:unanswered\n:goto VII\n:list\n:quit\n"
    run_plain(store, questionnaire, open_id=str(draft.response_id), stdin=io.StringIO(commands), stdout=out)
    said = out.getvalue()
    review = said[said.index("Review: ") : said.index("4 questions not answered:")]
    assert "Review: 2 of 6 questions answered; 0 errors" in review
    assert others_line(questionnaire, draft) in review
    assert "Question 1 is not answered" not in review and "Question 18 is not answered" in review
    assert "Question 15: the coordinator's" in said  # :list of VII: 15 is not the agency's, 16 is
    assert "Question 16: answered" in said


async def test_msq_list_the_start_screen_and_the_review_agree(agency_home, capsys, tmp_path: Path) -> None:
    from msq_tui.cli import main

    from .test_start_screen import shown_drafts

    store, draft = agency_home
    questionnaire = builtin_questionnaire()
    assert main(["list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["answered"], listed["asked"]) == (2, 6) == progress(questionnaire, draft)
    missing = [problem for problem in validate_response(questionnaire, draft) if problem.code == "unanswered"]
    assert len(missing) == 6 - 2  # the review's "Not answered (4)"
    app = make_app(store.home, country="")  # the start screen
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [first_line, *_] = shown_drafts(app)[str(draft.response_id)]
        assert " 2/6 " in first_line


def test_a_coordinators_draft_is_judged_whole() -> None:
    """A draft that answers no assignment is judged whole, as before."""
    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    response.answers.pop("q6")
    missing = [p.question_id for p in validate_response(questionnaire, response) if p.code == "unanswered"]
    assert missing == ["q6"]


def test_plain_mode_signs_off_and_exports_a_part_not_a_national_response(
    agency_home, tmp_path, monkeypatch
) -> None:
    """`:sign` in an agency's draft asks no authorisation to publish (the national sign-off's) and
    `:export` writes the part file for the coordinator, as `msq sign` and `msq export` do."""
    from msq_tui.plain.mode import run_plain

    folder = tmp_path / "documents"
    folder.mkdir()
    monkeypatch.setattr("msq_tui.submission.export.default_export_folder", lambda: folder)
    store, draft = agency_home
    questionnaire = builtin_questionnaire()
    out = io.StringIO()
    lines = ":sign\nSara Ahmadi\nDirector\nMinistry of Justice\nsara@moj.ir\n:export\n:quit\n"
    run_plain(store, questionnaire, open_id=str(draft.response_id), stdin=io.StringIO(lines), stdout=out)
    said = out.getvalue()
    assert "authorize UNDESA to publish" not in said
    assert "Signed off revision 1 of Ministry of Justice's part as Sara Ahmadi, Director." in said
    signed = store.load(str(draft.response_id), questionnaire)
    assert signed.is_signed and signed.signoff.publish is False
    assert sorted(path.name for path in folder.iterdir()) == [
        "MSQ2020_IRN_ministry-of-justice_part_r1.json",
        "MSQ2020_IRN_ministry-of-justice_part_r1.toml",
    ]


def test_the_review_of_an_agencys_draft_at_80x24(snap_compare, fixed_home) -> None:
    """Its own questions counted and missing; the coordinator's in one line; their sections "—"."""
    from msq_tui.store.drafts import DraftStore
    from msq_tui.tui.app import MsqApp

    from .test_snapshots import pin

    store = DraftStore()
    store.prepare()
    draft = the_agency_draft()
    store.save(draft)
    app = MsqApp(builtin_questionnaire(), store, open_id=str(draft.response_id))

    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("ctrl+r")
        await pin(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_plain_mode_notes_a_conflict_at_its_own_question_once(tmp_path: Path, monkeypatch) -> None:
    from msq_tui.plain.mode import run_plain
    from msq_tui.store.drafts import DraftStore

    monkeypatch.setenv("MSQ_HOME", str(tmp_path / "home"))
    store = DraftStore()
    store.prepare()
    merged = draft_in_conflict()
    store.save(merged)
    out = io.StringIO()
    lines = ":goto 17\n:goto 18\n:quit\n"
    run_plain(
        store, builtin_questionnaire(), open_id=str(merged.response_id), stdin=io.StringIO(lines), stdout=out
    )
    said = out.getvalue()
    at_17 = said[said.index("Question 17 (") : said.index("Question 18 (")]
    at_18 = said[said.index("Question 18 (") :]
    assert at_17.count("Note: Question 17 is in conflict") == 1
    assert "in conflict" not in at_18  # q17's conflict is not q18's
