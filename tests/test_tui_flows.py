"""The flows' disk work runs off the UI thread: the screen says it is working and keeps answering keys."""

import errno
import json
import threading

from msq_tui.store.drafts import DraftStore
from msq_tui.submission.signoff import Signer, sign_off
from msq_tui.tui.screens.dialogs import ChoiceDialog, PathDialog
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen
from msq_tui.tui.screens.review import ReviewScreen
from msq_tui.tui.screens.start import StartScreen
from msq_tui.tui.screens.working import Working

from .fixtures import full_response
from .tui_helpers import SIZE, finish_disk_work, make_app

SIGNER = Signer("Amir Nazemi", "Director", "Information Technology Organization", "nazemi@ito.gov.ir")


def signed_response(questionnaire):
    return sign_off(questionnaire, full_response(questionnaire), SIGNER, True)


async def test_export_writes_in_a_worker_while_the_app_answers_keys(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    from msq_tui.submission import export as export_module

    documents = tmp_path / "Documents"
    monkeypatch.setattr(export_module, "default_export_folder", lambda: documents)
    release, started, threads = threading.Event(), threading.Event(), []
    real_export = export_module.export

    def slow_export(*args, **kwargs):
        threads.append(threading.current_thread())
        started.set()
        release.wait(10)  # a slow disk
        return real_export(*args, **kwargs)

    monkeypatch.setattr(export_module, "export", slow_export)
    app = make_app(isolated_home, signed_response(questionnaire))
    notices: list[str] = []
    app.notify = lambda message, **options: notices.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        from msq_tui.tui.screens import submission_flows

        submission_flows.export(screen)
        await pilot.pause()
        assert started.wait(5)
        assert isinstance(app.screen, Working)  # it says what it is doing
        assert "Writing the submission files" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")  # the app answers while the disk is busy
        await pilot.pause()
        assert notices == ["msq is writing to the disk; this closes by itself when it is done."]
        assert not documents.exists()  # still writing
        release.set()
        await finish_disk_work(pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.dialog_title == "Exported"
        assert sorted(path.suffix for path in documents.iterdir()) == [".json", ".toml"]


async def test_a_failing_export_says_why_and_keeps_the_draft(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    from msq_tui.submission import export as export_module

    monkeypatch.setattr(export_module, "default_export_folder", lambda: tmp_path / "full-disk")

    def refused(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "export", refused)
    response = signed_response(questionnaire)
    app = make_app(isolated_home, response)
    notices: list[str] = []
    app.notify = lambda message, **options: notices.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r", "e")
        await finish_disk_work(pilot)
        assert notices[-1] == (
            f"Not exported: {tmp_path / 'full-disk'} refused the files (No space left on device)."
        )
        assert isinstance(app.screen, ReviewScreen)  # the dialog closed; the review is back
        assert app.session is not None and app.session.response.is_signed
    stored = DraftStore(isolated_home).load(str(response.response_id), questionnaire)
    assert stored.is_signed and stored.answers == response.answers


async def test_quitting_while_the_export_writes_saves_the_draft_and_finishes_the_files(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    from msq_tui.submission import export as export_module

    documents = tmp_path / "Documents"
    monkeypatch.setattr(export_module, "default_export_folder", lambda: documents)
    release, started, done = threading.Event(), threading.Event(), threading.Event()
    real_export = export_module.export

    def slow_export(*args, **kwargs):
        started.set()
        release.wait(10)
        try:
            return real_export(*args, **kwargs)
        finally:
            done.set()

    monkeypatch.setattr(export_module, "export", slow_export)
    app = make_app(isolated_home, signed_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r", "e")
        assert started.wait(5)
        await pilot.press("ctrl+q")
        await pilot.pause()
        release.set()
    assert app.closed_state is not None and app.closed_state.kind == "saved"
    # The worker's thread ends its files (Python waits for it before the process ends).
    assert done.wait(10)
    assert sorted(path.suffix for path in documents.iterdir()) == [".json", ".toml"]


async def test_an_import_runs_in_a_worker_and_a_bad_file_is_named(isolated_home, tmp_path) -> None:
    bad = tmp_path / "not-a-draft.json"
    bad.write_text("{ this is not json", encoding="utf-8")
    good = tmp_path / "good.json"
    app = make_app(isolated_home, country="")
    notices: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        questionnaire = app.questionnaire
        good.write_text(
            json.dumps(json.loads(full_response(questionnaire).model_dump_json())), encoding="utf-8"
        )
        app.notify = lambda message, **options: notices.append(message)  # type: ignore[method-assign]
        await pilot.pause()
        for path in (bad, good):
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, PathDialog)
            app.screen.query_one("#path").value = str(path)
            await pilot.press("enter")
            await finish_disk_work(pilot)
            assert isinstance(app.screen, StartScreen)
        assert str(bad) in notices[0] and not notices[0].startswith("Imported")
        assert notices[1].startswith(f"Imported {good} as a draft.")
        assert len(app.screen.summaries) == 1
