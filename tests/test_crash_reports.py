"""An unexpected error (a bug) becomes a report file and a message, never a traceback on screen."""

import pytest

from msq_tui import cli
from msq_tui.model.answers import Response
from msq_tui.store.crash import REPORTS_FOLDER
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

from .tui_helpers import SIZE, make_app, type_text


def test_a_bug_in_a_command_is_reported_in_a_file_not_a_traceback(isolated_home, monkeypatch, capsys) -> None:
    def broken(arguments) -> int:
        raise ZeroDivisionError("division by zero in a made-up bug")

    monkeypatch.setattr(cli.drafts, "command_list", broken)
    assert cli.main(["list"]) == cli.EXIT_PROBLEM
    error = capsys.readouterr().err
    assert "Traceback" not in error and "unexpected error (ZeroDivisionError" in error
    reports = list((isolated_home / REPORTS_FOLDER).iterdir())
    assert len(reports) == 1 and str(reports[0]) in error
    text = reports[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "made-up bug" in text and "Python" in text
    assert oct(reports[0].stat().st_mode & 0o777) == "0o600"


async def test_a_bug_in_the_app_is_reported_and_the_draft_kept(
    isolated_home, questionnaire, monkeypatch
) -> None:
    def broken(self) -> None:
        raise RuntimeError("a made-up bug in saving")

    monkeypatch.setattr(QuestionnaireScreen, "action_save", broken)
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "I", "q1"
    app = make_app(isolated_home, response)
    with pytest.raises(RuntimeError):  # run_test hands a crash on to the test
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await type_text(pilot, "www.egovernment.ir")
            await pilot.press("ctrl+s")
            await pilot.pause()
    error, report = app.crash
    assert (
        isinstance(error, RuntimeError)
        and report is not None
        and report.parent == isolated_home / REPORTS_FOLDER
    )
    assert "a made-up bug in saving" in report.read_text(encoding="utf-8")
    # What was typed is kept: the draft is saved on the way out.
    assert app.session is None
    assert (
        app.store.load(str(response.response_id), questionnaire).answers["q1"][0]["url"]
        == "www.egovernment.ir"
    )
