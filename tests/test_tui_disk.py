"""When the disk says no, in the TUI: the header says why, the answers stay, ctrl+q warns."""

import errno
import os

from msq_tui.files import atomic
from msq_tui.model.answers import Response
from msq_tui.tui.screens.dialogs import ChoiceDialog, PathDialog
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

from .tui_helpers import SIZE, make_app, type_text


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_full_disk_is_shown_retried_and_quitting_offers_another_place(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    response = Response.new(questionnaire, "IRN")
    app = make_app(isolated_home, response)
    draft = isolated_home / "drafts" / f"{response.response_id}.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = draft.read_bytes()
        monkeypatch.setattr(atomic.os, "fsync", full_disk)
        await type_text(pilot, "www.egovernment.ir")
        await pilot.pause(1.2)  # an autosave is due and fails
        header = str(app.screen.query_one("#save-state").render())
        assert "Not saved: the disk is full" in header
        assert draft.read_bytes() == before
        assert app.session.response.answers["q1"][0]["url"] == "www.egovernment.ir"
        await pilot.press("ctrl+q")
        await pilot.pause(0.5)  # quitting saves on the autosave thread, and hears back from it
        assert isinstance(app.screen, ChoiceDialog)  # a warning, not a silent exit
        await pilot.press("enter")  # "Save elsewhere…"
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        monkeypatch.undo()  # another disk, with room
        elsewhere = tmp_path / "copy.json"
        app.screen.query_one("#path").value = str(elsewhere)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the copy is written off the UI thread
        await pilot.pause()
        assert '"www.egovernment.ir"' in elsewhere.read_text(encoding="utf-8")
        assert isinstance(app.screen, QuestionnaireScreen)
        # The disk has room again: the retry saves the draft itself.
        await pilot.pause(3.5)
        assert '"www.egovernment.ir"' in draft.read_text(encoding="utf-8")
        assert "Saved" in str(app.screen.query_one("#save-state").render())


async def test_a_100_kb_paste_is_kept_whole_and_counted(isolated_home, questionnaire) -> None:
    import time

    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "VI", "q14"
    app = make_app(isolated_home, response)
    paste = ("Officials engage citizens on social media every day. " * 2000)[:100_000]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        app.focused.insert(paste)
        await pilot.pause()
        elapsed = time.perf_counter() - started
        assert app.session.response.answers["q14"] == paste  # never truncated
        counter = str(app.screen.query_one(".word-count").render())
        assert "/ 250 words" in counter and "over" in counter
        print(f"100 KB paste shown with its count in {elapsed * 1000:.0f} ms")  # measured, not asserted
