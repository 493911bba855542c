"""Sign-off, export and reopening from the review screen, by keyboard."""

from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.verify import read_submission_file
from msq_tui.tui.screens.dialogs import ChoiceDialog
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen
from msq_tui.tui.screens.review import ReviewScreen
from msq_tui.tui.screens.signoff_dialog import SignOffDialog

from .fixtures import full_response
from .tui_helpers import SIZE, finish_disk_work, make_app, url_entries_editable


async def test_sign_off_export_and_email_then_reopen(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    documents = tmp_path / "Documents"
    monkeypatch.setattr("msq_tui.submission.export.default_export_folder", lambda: documents)
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog)
        assert dialog.query_one("#signer-name").value == "Amir Nazemi"  # from the contact section
        assert dialog.query_one("#signer-email").value == "nazemi@ito.gov.ir ; egov@ito.gov.ir"
        dialog.query_one("#sign").press()
        await pilot.pause()
        assert "Yes or No" in str(
            dialog.query_one("#signoff-problems").render()
        )  # the authorisation must be answered
        dialog.query_one("#publish").focus()
        await pilot.press("enter")  # Yes
        dialog.query_one("#sign").press()
        await pilot.pause()
        await finish_disk_work(pilot)  # signed and saved in a worker
        assert app.session.response.is_signed and app.session.response.signoff.publish
        assert isinstance(app.screen, ChoiceDialog)  # export now?
        await pilot.press("enter")
        await finish_disk_work(pilot)  # the files are written in a worker
        files = sorted(documents.iterdir())
        assert [f.suffix for f in files] == [".json", ".toml"]
        assert read_submission_file(files[0], known_questionnaires()).fingerprint
        assert isinstance(app.screen, ChoiceDialog)  # write the e-mail?
        await pilot.press("enter")
        await finish_disk_work(pilot)
        assert (documents / files[0].with_suffix(".eml").name).is_file()
        # Read-only now: the fields are disabled.
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen) and screen.read_only
        assert url_entries_editable(app, "q1") == [False, False]
        # Reopen: a new revision to edit.
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("left", "enter")  # "Reopen" (the focus starts on Cancel)
        await finish_disk_work(pilot)
        assert app.session.response.revision == 2 and not app.session.response.is_signed
        assert url_entries_editable(app, "q1") == [True, True]


async def test_sign_off_is_refused_while_errors_stand(isolated_home, questionnaire) -> None:
    response = full_response(questionnaire)
    response.set_answer(questionnaire.question("q1"), [UrlEntry(url="localhost")])
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # no dialog: the errors are listed right here
        assert not app.session.response.is_signed
