"""The agencies in the TUI: a conflict decided side by side, questions handed out from the review,
an agency's draft with only its questions editable."""

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from msq_tui.agencies.merge import PartContent, merge_part
from msq_tui.model.contributions import Assignment, Collaboration, Signatory
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.screens.conflict import ConflictScreen
from msq_tui.tui.screens.review import ReviewScreen

from .fixtures import full_response
from .tui_helpers import SIZE, make_app, widget_for

WHEN = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def draft_in_conflict():
    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    assignment = Assignment(
        response_id=response.response_id,
        country="IRN",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="ITO",
        agency="Ministry of Justice",
        questions=["q17", "q18"],
        base={"q17": response.answers["q17"], "q18": response.answers["q18"]},
        created=WHEN,
    )
    response = response.model_copy(
        update={"collaboration": Collaboration(assignments=[assignment])}, deep=True
    )
    response.answers["q17"] = "Coordinator: 65 percent."
    part = PartContent(
        response_id=response.response_id,
        assignment_id=assignment.assignment_id,
        agency="Ministry of Justice",
        revision=1,
        questions=["q17", "q18"],
        answers={"q17": "Agency: 70 percent.", "q18": "Agency: 2 percent."},
        signer=Signatory(name="Sara Ahmadi"),
        digest="d",
    )
    return merge_part(questionnaire, response, part, now=WHEN).response


async def test_a_conflict_is_decided_in_the_side_by_side_view(tmp_path: Path) -> None:
    merged = draft_in_conflict()
    app = make_app(tmp_path / "home", merged)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        index = app.screen.query_one("#section-index")
        marks = {
            str(index.get_option_at_index(i).prompt).split()[0]: str(index.get_option_at_index(i).prompt)
            for i in range(10)
        }
        assert marks["VIII"].endswith("⇄") and not marks["VII"].endswith("⇄")  # the index marks the conflict
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")  # the first error: the conflict
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        shown = " ".join(str(static.render()) for static in app.screen.query("Static"))
        assert "Coordinator: 65 percent." in shown and "Agency: 70 percent." in shown
        await pilot.press("s")  # signing off is blocked: not a key here; nothing happens
        await pilot.press("a")  # take the agency's
        await app.workers.wait_for_complete()  # the decision is saved off the UI thread
        await pilot.pause()
        await pilot.pause()
        assert app.session is not None
        assert app.session.response.answers["q17"] == "Agency: 70 percent."
        assert not app.session.response.collaboration.conflicts
        assert widget_for(app, "q17") is not None
    stored = DraftStore(tmp_path / "home").load(str(merged.response_id), builtin_questionnaire())
    assert stored.answers["q17"] == "Agency: 70 percent."
    assert stored.collaboration.provenance["q17"].agency == "Ministry of Justice"


async def test_edit_both_puts_both_texts_in_the_answer(tmp_path: Path) -> None:
    merged = draft_in_conflict()
    app = make_app(tmp_path / "home", merged)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        answer = app.session.response.answers["q17"]
        assert "Coordinator: 65 percent." in answer and "Agency: 70 percent." in answer


async def test_assign_from_the_review_writes_the_file(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "out"
    monkeypatch.setattr("msq_tui.submission.export.default_export_folder", lambda: folder)
    response = full_response(builtin_questionnaire())
    app = make_app(tmp_path / "home", response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Ministry of ICT")
        await pilot.press("enter")  # to the questions
        await pilot.press(*"IX")
        await pilot.press("enter", "enter")  # the folder as given: write
        await app.workers.wait_for_complete()  # the file is written off the UI thread
        await pilot.pause()
        assert app.session.response.collaboration.assignments[0].agency == "Ministry of ICT"
    [written] = folder.glob("*_assignment.json")
    assert json.loads(written.read_text())["questions"] == ["q22", "q23", "q24"]


async def test_an_agency_draft_edits_only_its_questions(tmp_path: Path) -> None:
    from msq_tui.agencies.assignment import agency_draft

    questionnaire = builtin_questionnaire()
    assignment = Assignment(
        response_id=uuid.uuid4(),
        country="IRN",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="ITO",
        agency="Ministry of Justice",
        questions=["q9"],
        created=WHEN,
    )
    app = make_app(tmp_path / "home", agency_draft(questionnaire, assignment))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.current_section == "III"  # opens on its own question
        assert not app.screen.may_change("q1") and app.screen.may_change("q9")
        app.screen.show_section("I", focus=True)  # section I: shown, read-only
        await pilot.pause()
        await pilot.pause()
        assert widget_for(app, "q1").read_only
        assert not widget_for(app, "q9").read_only
