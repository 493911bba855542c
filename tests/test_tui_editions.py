"""Editions in the TUI: a carried draft's marks and clearing them, signing it off, and choosing a questionnaire."""

from msq_tui.model.answers import Response
from msq_tui.model.carry import carry_forward
from msq_tui.store.drafts import DraftStore
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.verify import read_submission_file
from msq_tui.tui.app import MsqApp
from msq_tui.tui.screens.dialogs import CountryPicker
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen
from msq_tui.tui.screens.questionnaire_picker import QuestionnairePicker
from msq_tui.tui.screens.review import ReviewScreen
from msq_tui.tui.screens.signoff_dialog import SignOffDialog
from msq_tui.tui.screens.start import StartScreen

from .test_editions import SAMPLE, answered_2020
from .tui_helpers import SIZE, focused_question, type_text, widget_for


def carried_draft(home, questionnaire) -> tuple[DraftStore, Response]:
    store = DraftStore(home)
    store.questionnaires.add(SAMPLE)
    sample = store.questionnaires.choose("msq2026_sample")
    response = carry_forward(answered_2020(questionnaire), sample, questionnaire).response
    store.prepare()
    store.save(response)
    return store, response


def shown_problems(app: MsqApp, question_id: str) -> str:
    return str(widget_for(app, question_id).query_one(".question-problems").render())


def notices(app: MsqApp) -> str:
    return "\n".join(str(notice.message) for notice in app._notifications)


async def test_carried_answers_are_marked_until_touched_or_kept_then_sign_off_warns(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    documents = tmp_path / "Documents"
    monkeypatch.setattr("msq_tui.submission.export.default_export_folder", lambda: documents)
    store, response = carried_draft(isolated_home, questionnaire)
    # The app starts with the built-in: the draft opens with its own questionnaire all the same.
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert app.session.questionnaire.id == "msq2026_sample"
        assert (
            f"{len(response.carried)} answers carried from the 2020 response are not yet reviewed"
            in notices(app)
        )
        screen.show_section("A", focus=True)
        await screen.settle_focus()
        await pilot.pause()
        assert "From the 2020 response (question 1), not yet reviewed" in shown_problems(app, "q1")
        assert "(question 2a), not yet reviewed" in shown_problems(app, "eservices_portal")
        index = screen.query_one("#section-index")
        assert "↺" in str(index.get_option_at_index(0).prompt)
        # alt+k keeps the focused question's answer as it is.
        assert focused_question(app) == "q1"
        await pilot.press("alt+k")
        await pilot.pause()
        assert "q1" not in app.session.response.carried
        assert "not yet reviewed" not in shown_problems(app, "q1")
        assert app.session.response.answers["q1"] == response.answers["q1"]
        # Touching an answer (typing in it) clears its mark too.
        screen.jump_to("eservices_portal", None)
        await screen.settle_focus()
        for _ in range(4):  # the focus lands in the field a few frames after the jump
            await pilot.pause()
        await type_text(pilot, "x")
        await pilot.pause()
        assert "eservices_portal" not in app.session.response.carried
        assert "not yet reviewed" not in shown_problems(app, "eservices_portal")
        # The review lists the rest, first after the errors; k keeps the one under the cursor.
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        before = len(app.session.response.carried)
        assert before == len(response.carried) - 2
        await pilot.press("k")
        await pilot.pause()
        assert len(app.session.response.carried) == before - 1
        assert "q3" not in app.session.response.carried  # the first, in the order of the form
        # Sign-off warns while carried answers are unreviewed, and does not block.
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog)
        warning = str(dialog.query_one("#signoff-warning").render())
        assert f"{before - 1} answers carried from the 2020 response are not yet reviewed" in warning
        dialog.query_one("#publish").focus()
        await pilot.press("enter")
        dialog.query_one("#sign").press()
        await pilot.pause()
        await pilot.pause()
        assert app.session.response.is_signed
        await pilot.press("enter")  # export now
        await pilot.pause()
        await pilot.pause()
    [exported] = sorted(documents.glob("MSQ2026SAMPLE_IRN_*.json"))
    submission = read_submission_file(exported, known_questionnaires())
    assert submission.questionnaire.id == "msq2026_sample"
    saved = store.load(str(response.response_id), questionnaire)
    assert saved.questionnaire_id == "msq2026_sample" and len(saved.carried) == before - 1


async def test_new_asks_which_questionnaire_when_there_are_several(isolated_home, questionnaire) -> None:
    store = DraftStore(isolated_home)
    store.questionnaires.add(SAMPLE)
    app = MsqApp(questionnaire, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, QuestionnairePicker)
        assert picker.entries[0].questionnaire.id == "msq2026_sample"  # the newest first, the default
        await pilot.press("down", "enter")  # the built-in MSQ 2020
        await pilot.pause()
        assert isinstance(app.screen, CountryPicker)
        await type_text(pilot, "IRN")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.session.questionnaire.id == "msq2020"
        assert app.session.response.questionnaire_id == "msq2020"


async def test_a_draft_whose_questionnaire_is_missing_is_listed_and_says_what_to_install(
    isolated_home, questionnaire
) -> None:
    store, response = carried_draft(isolated_home, questionnaire)
    (isolated_home / "questionnaires" / "msq2026_sample-2026.0-sample.toml").unlink()
    path = store.path(str(response.response_id))
    before = path.read_bytes()
    app = MsqApp(questionnaire, DraftStore(isolated_home))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        [summary] = start.summaries
        assert summary.status == "needs its questionnaire"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "msq questionnaires add FILE" in notices(app)
        assert "msq2026_sample-2026.0-sample.toml" in notices(app)
    assert path.read_bytes() == before
