"""What the header says of saving: the truth between saves too, never "Not saved yet" of a saved draft."""

import threading
import time
from pathlib import Path

import pytest

from msq_tui.model.answers import Response
from msq_tui.store.drafts import DraftStore
from msq_tui.store.session import DraftSession

from .tui_helpers import SIZE, make_app, type_text


@pytest.fixture
def store(isolated_home: Path) -> DraftStore:
    store = DraftStore(isolated_home)
    store.prepare()
    return store


def open_session(store: DraftStore, questionnaire) -> DraftSession:
    response = Response.new(questionnaire, "IRN")
    store.save(response)
    lock = store.lock(str(response.response_id))
    lock.acquire()
    return DraftSession(store, questionnaire, response, lock)


def wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the save did not finish"
        time.sleep(0.01)


def test_a_change_after_a_save_keeps_that_saves_time(store, questionnaire) -> None:
    session = open_session(store, questionnaire)
    try:
        session.change(questionnaire.question("q6"), "first")
        saved = session.save_blocking()
        assert saved.kind == "saved" and saved.saved_at is not None
        session.change(questionnaire.question("q6"), "first, then more")
        said = session.state.describe()
        assert session.state.kind == "unsaved"
        assert said == f"Saved {saved.saved_at:%H:%M:%S}, edited since"
        assert "Not saved" not in said
        assert session.save_blocking().describe().startswith("Saved ")
    finally:
        session.close()


def test_a_change_while_a_save_is_written_says_that_save_went_through(
    store, questionnaire, monkeypatch
) -> None:
    session = open_session(store, questionnaire)
    writing, release = threading.Event(), threading.Event()
    real_write = store.write

    def slow_write(response_id: str, data: bytes) -> None:
        writing.set()
        release.wait(10)
        real_write(response_id, data)

    monkeypatch.setattr(store, "write", slow_write)
    try:
        session.change(questionnaire.question("q6"), "first")
        session.save_soon()
        assert writing.wait(10)
        assert session.state.describe() == "Saving..."
        session.change(questionnaire.question("q6"), "typed during the write")
        release.set()
        wait_until(lambda: session.state.kind != "saving")
        # The write finished; the newer text waits for the next save: not "Saving..." any more.
        assert session.state.kind == "unsaved"
        assert session.state.describe().startswith("Saved ") and "edited since" in session.state.describe()
    finally:
        release.set()
        session.close()


async def test_the_header_says_saved_while_typing_after_a_save(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#save-state")
        await type_text(pilot, "www.egovernment.ir")
        for _ in range(100):  # the autosave after the pause in typing
            await pilot.pause(0.05)
            if app.session.state.kind == "saved":
                break
        assert app.session.state.kind == "saved"
        saved_at = app.session.state.saved_at
        app.session.tick = lambda: None  # the next save waits, however slow this machine is
        await pilot.press("x")  # typing again, before the next save
        await pilot.pause()
        said = str(header.render())
        assert "Not saved" not in said
        assert f"Saved {saved_at:%H:%M:%S}" in said and "edited since" in said
