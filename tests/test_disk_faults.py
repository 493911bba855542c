"""Failing disks and odd folders: emergency copies, bounded exits, ENOLCK, foreign and linked folders, Windows."""

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from msq_tui.files import atomic
from msq_tui.model.answers import Response
from msq_tui.store.drafts import DraftStore, parse_draft
from msq_tui.store.emergency import find_emergency_copies, recover_emergency_copy, write_emergency_copy
from msq_tui.store.errors import DraftError, DraftLocked
from msq_tui.store.folders import UnsafeFolder, private_subfolder
from msq_tui.store.session import DraftSession

from .conftest import REPOSITORY


@pytest.fixture
def store(isolated_home: Path) -> DraftStore:
    store = DraftStore(isolated_home)
    store.prepare()
    return store


def open_session(store: DraftStore, questionnaire, text: str = "saved before") -> DraftSession:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q6"), text)
    store.save(response)
    lock = store.lock(str(response.response_id))
    lock.acquire()
    return DraftSession(store, questionnaire, response, lock)


def refuse(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# -- An exit while the disk refuses or hangs ------------------------------------------------------


def test_an_exit_while_the_disk_is_full_writes_an_emergency_copy_to_the_first_place_that_takes_it(
    store, questionnaire, monkeypatch, tmp_path
) -> None:
    session = open_session(store, questionnaire)
    monkeypatch.setattr(store, "write", refuse)
    session.change(questionnaire.question("q6"), "typed after the disk filled up")
    assert session.save_blocking().kind == "failed"
    missing, home = tmp_path / "no-such-folder", tmp_path / "home"
    home.mkdir()
    closing = session.close_within(3.0, places=[missing, home])
    assert closing.state.kind == "failed"
    assert closing.emergency is not None and closing.emergency.parent == home
    assert parse_draft(closing.emergency.read_bytes()).answers["q6"] == "typed after the disk filled up"
    assert stat.S_IMODE(closing.emergency.stat().st_mode) == 0o600
    assert str(missing) in closing.refusals[0]
    message = closing.message()
    assert str(closing.emergency) in message and "msq import" in message
    store.lock(session.response_id).acquire()  # the lock was released


def test_no_emergency_copy_when_the_draft_saves(store, questionnaire, tmp_path) -> None:
    session = open_session(store, questionnaire)
    session.change(questionnaire.question("q6"), "saved at exit")
    closing = session.close_within(3.0, places=[tmp_path])
    assert closing.state.kind == "saved" and closing.emergency is None and closing.message() is None
    assert store.load(session.response_id, questionnaire).answers["q6"] == "saved at exit"
    assert list(tmp_path.glob("msq-emergency-*")) == []


def test_an_exit_while_a_save_hangs_ends_in_its_time_with_an_emergency_copy(
    store, questionnaire, monkeypatch, tmp_path
) -> None:
    session = open_session(store, questionnaire)
    released = threading.Event()
    real_write = store.write

    def hang(*args, **kwargs):
        released.wait(60)  # a disk that does not answer
        return real_write(*args, **kwargs)

    monkeypatch.setattr(store, "write", hang)
    session.change(questionnaire.question("q6"), "typed while the disk hangs")
    session.save_soon()  # the autosave thread is now stuck
    time.sleep(1.2)
    result: list = []
    closer = threading.Thread(
        target=lambda: result.append(session.close_within(2.0, places=[tmp_path])), daemon=True
    )
    closer.start()
    closer.join(20)
    released.set()
    assert result, "closing waited for the hung disk"
    closing = result[0]
    assert closing.state.kind == "failed" and "did not answer" in closing.state.reason
    assert parse_draft(closing.emergency.read_bytes()).answers["q6"] == "typed while the disk hangs"


def test_an_emergency_copy_tries_the_next_place_when_one_hangs(tmp_path, monkeypatch) -> None:
    hung, working = tmp_path / "hung", tmp_path / "working"
    hung.mkdir()
    working.mkdir()
    released = threading.Event()
    real_write_atomic = atomic.write_atomic

    def write_atomic(target, data, mode=0o600):
        if target.parent == hung:
            released.wait(60)
        return real_write_atomic(target, data, mode)

    monkeypatch.setattr("msq_tui.store.emergency.write_atomic", write_atomic)
    result = write_emergency_copy(b"{}", "id", [hung, working], time.monotonic() + 2.0)
    released.set()
    assert result.path is not None and result.path.parent == working
    assert "no answer" in result.refusals[0]


def test_emergency_copies_are_listed_and_one_comes_back_with_the_draft_before_in_the_history(
    store, questionnaire, tmp_path, monkeypatch
) -> None:
    session = open_session(store, questionnaire)
    home = tmp_path / "home"  # $HOME in the tests
    home.mkdir()
    with monkeypatch.context() as disk:
        disk.setattr(store, "write", refuse)
        session.change(questionnaire.question("q6"), "only in the emergency copy")
        closing = session.close_within(3.0, places=[home])
    # Someone else's link in a shared folder is not offered.
    (home / "msq-emergency-x-1.json").symlink_to(closing.emergency)
    copies = find_emergency_copies(store)
    assert [copy.path for copy in copies] == [closing.emergency]
    recover_emergency_copy(store, copies[0], questionnaire)
    assert store.load(session.response_id, questionnaire).answers["q6"] == "only in the emergency copy"
    history = store.history(session.response_id, questionnaire)
    assert json.loads(history[0].path.read_text())["answers"]["q6"] == "saved before"
    assert not closing.emergency.exists()
    assert find_emergency_copies(store) == []


async def test_quitting_while_the_disk_hangs_says_it_is_waiting_and_quits_when_saved(
    isolated_home, questionnaire, monkeypatch
) -> None:
    from msq_tui.tui.screens.dialogs import ChoiceDialog

    from .tui_helpers import SIZE, make_app, type_text

    response = Response.new(questionnaire, "IRN")
    app = make_app(isolated_home, response)
    released = threading.Event()
    real_fsync = atomic.os.fsync

    def hung_fsync(descriptor):
        released.wait(30)
        real_fsync(descriptor)

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(atomic.os, "fsync", hung_fsync)
        await type_text(pilot, "www.egovernment.ir")
        await pilot.press("ctrl+q")
        for _ in range(50):
            await pilot.pause(0.1)
            if isinstance(app.screen, ChoiceDialog):
                break
        assert isinstance(app.screen, ChoiceDialog) and app.screen.dialog_title == "Waiting for the disk"
        assert app.is_running  # the screen stays alive while the disk keeps the save waiting
        released.set()
        for _ in range(50):
            if not app.is_running:
                break
            await pilot.pause(0.1)
        assert not app.is_running  # saved at last: msq quits by itself
    draft = isolated_home / "drafts" / f"{response.response_id}.json"
    assert parse_draft(draft.read_bytes()).answers["q1"][0]["url"] == "www.egovernment.ir"


def test_a_signal_while_the_ui_thread_is_stuck_closes_the_draft_from_the_signal_thread(
    store, questionnaire, monkeypatch
) -> None:
    from msq_tui.tui import app as app_module

    session = open_session(store, questionnaire)
    session.change(questionnaire.question("q6"), "typed before the signal")
    app = app_module.MsqApp(questionnaire, store)
    app.session = session

    class StuckLoop:
        def call_soon_threadsafe(self, *args):
            pass  # the UI thread never takes it up

    app._event_loop = StuckLoop()
    exits: list[int] = []
    monkeypatch.setattr(app, "_hard_exit", exits.append)
    monkeypatch.setattr(app_module, "EXIT_SECONDS", 2.0)
    monkeypatch.setattr(app_module, "UI_GRACE_SECONDS", 0.2)
    app._signal_arrived(signal.SIGTERM)
    assert app.closing is not None and app.closing.state.kind == "saved"
    assert store.load(session.response_id, questionnaire).answers["q6"] == "typed before the signal"
    for _ in range(50):
        if exits:
            break
        time.sleep(0.1)
    assert exits == [128 + signal.SIGTERM]  # and the exit timer, started first, ends msq anyway


# -- A file system without locks (ENOLCK) ----------------------------------------------------------


def no_locks(*args, **kwargs):
    raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))


HOLDER_WITHOUT_LOCKS = """
import errno, fcntl, os, sys, time
def no_locks(*args, **kwargs):
    raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))
fcntl.flock = no_locks
from pathlib import Path
from msq_tui.store.drafts import DraftStore
DraftStore(Path(sys.argv[1])).lock(sys.argv[2]).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_without_locks_a_lock_file_is_used_and_still_refuses_a_second_writer_here(
    store, questionnaire, monkeypatch
) -> None:
    import fcntl

    monkeypatch.setattr(fcntl, "flock", no_locks)
    response_id = str(Response.new(questionnaire, "IRN").response_id)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_WITHOUT_LOCKS, str(store.home), response_id],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPOSITORY,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DraftLocked) as refused:
            store.lock(response_id).acquire()
        assert f"process {holder.pid}" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    # The holder died without cleaning up: its lock file is stale (same host, no such process) and taken over.
    lock = store.lock(response_id)
    lock.acquire()
    assert lock.is_held
    assert "cannot hold locks" in lock.notice and "MSQ_HOME" in lock.notice
    lock.release()
    assert not (store.drafts_folder / f"{response_id}.lockfile").exists()


def test_a_lock_file_from_another_computer_is_not_taken_over(store, monkeypatch) -> None:
    import fcntl

    monkeypatch.setattr(fcntl, "flock", no_locks)
    response_id = "6a0c3a0e-0000-4000-8000-000000000001"
    lock_file = store.drafts_folder / f"{response_id}.lockfile"
    lock_file.write_text(
        json.dumps(
            {"pid": 1, "host": socket.gethostname() + "-elsewhere", "since": "2026-01-01T00:00:00+00:00"}
        )
    )
    with pytest.raises(DraftLocked) as refused:
        store.lock(response_id).acquire()
    assert "-elsewhere" in str(refused.value) and str(lock_file) in str(refused.value)


def test_without_locks_the_commands_that_write_a_draft_work_and_say_why(
    store, questionnaire, monkeypatch, capsys
) -> None:
    import fcntl

    from msq_tui.cli import main

    monkeypatch.setattr(fcntl, "flock", no_locks)
    response = Response.new(questionnaire, "IRN")
    store.save(response)
    assert main(["reopen", str(response.response_id)[:8]]) == 0  # takes the lock, then `with lock` again
    output = capsys.readouterr()
    assert "cannot hold locks" in output.err and "another msq" not in output.err
    assert "open for editing already" in output.out


async def test_without_locks_the_draft_opens_and_the_screen_says_why_and_what_to_do(
    isolated_home, questionnaire, monkeypatch
) -> None:
    import fcntl

    from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

    from .tui_helpers import SIZE, make_app

    monkeypatch.setattr(fcntl, "flock", no_locks)
    app = make_app(isolated_home, Response.new(questionnaire, "IRN"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert any("cannot hold locks" in str(notice.message) for notice in app._notifications)
    assert app.crash is None


# -- Links and folders msq did not create ------------------------------------------------------------


def test_a_linked_lock_file_is_a_message(store, questionnaire, tmp_path) -> None:
    response_id = str(Response.new(questionnaire, "IRN").response_id)
    target = tmp_path / "elsewhere"
    (store.drafts_folder / f"{response_id}.lock").symlink_to(target)
    with pytest.raises(DraftError, match="symbolic link"):
        store.lock(response_id).acquire()
    assert not target.exists()


async def test_a_linked_lock_file_in_the_tui_is_a_message_not_a_crash(
    isolated_home, questionnaire, tmp_path
) -> None:
    from msq_tui.tui.screens.start import StartScreen

    from .tui_helpers import SIZE, make_app

    response = Response.new(questionnaire, "IRN")
    app = make_app(isolated_home, response)
    (isolated_home / "drafts" / f"{response.response_id}.lock").symlink_to(tmp_path / "elsewhere")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert any("symbolic link" in str(notice.message) for notice in app._notifications)
    assert app.crash is None


@pytest.mark.parametrize("mode", [0o1777, 0o2770, 0o755])
def test_a_folder_msq_did_not_create_keeps_its_mode_and_drafts_go_to_a_private_subfolder(
    tmp_path, questionnaire, mode
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, mode)
    store = DraftStore(shared)
    store.prepare()
    store.save(Response.new(questionnaire, "IRN"))
    assert stat.S_IMODE(shared.stat().st_mode) == mode
    assert store.home == private_subfolder(shared)
    assert stat.S_IMODE(store.home.stat().st_mode) == 0o700
    assert len(store.ids()) == 1 and store.drafts_folder.parent == store.home
    assert DraftStore(shared).ids() == store.ids()  # the next start finds them


def test_an_msq_home_from_before_is_used_as_it_is(tmp_path, questionnaire) -> None:
    home = tmp_path / "home-from-before"
    (home / "drafts").mkdir(parents=True)
    os.chmod(home, 0o755)
    store = DraftStore(home)
    store.prepare()
    assert store.home == home and stat.S_IMODE(home.stat().st_mode) == 0o755


def test_a_private_subfolder_that_is_a_link_is_refused(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    private_subfolder(shared).symlink_to(elsewhere)
    with pytest.raises(UnsafeFolder, match="not a private folder"):
        DraftStore(shared).prepare()


def test_a_linked_history_folder_is_refused_and_never_written_into_or_chmodded(
    store, questionnaire, tmp_path
) -> None:
    response = Response.new(questionnaire, "IRN")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o755)
    (store.history_folder).mkdir(exist_ok=True)
    (store.history_folder / str(response.response_id)).symlink_to(elsewhere)
    with pytest.raises(UnsafeFolder, match="symbolic link"):
        store.save(response)
    assert list(elsewhere.iterdir()) == []
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755
    store.prepare()  # cleaning up leftovers does not go through the link either
    assert list(elsewhere.iterdir()) == []


def test_a_linked_drafts_folder_is_refused(isolated_home, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    isolated_home.mkdir(mode=0o700)
    (isolated_home / "drafts").symlink_to(elsewhere)
    with pytest.raises(UnsafeFolder, match="symbolic link"):
        DraftStore(isolated_home).prepare()


# -- Windows: what the platform lacks ----------------------------------------------------------------


def test_saving_without_os_fchmod(store, questionnaire, monkeypatch) -> None:
    monkeypatch.delattr(os, "fchmod")
    response = Response.new(questionnaire, "IRN")
    path = store.save(response)
    assert parse_draft(path.read_bytes()).response_id == response.response_id
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_where_folders_cannot_be_opened(store, questionnaire, monkeypatch) -> None:
    real_open = os.open

    def no_folders(path, flags, *args, **kwargs):
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "folders cannot be opened")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", no_folders)
    response = Response.new(questionnaire, "IRN")
    assert parse_draft(store.save(response).read_bytes()).response_id == response.response_id


def test_signals_without_sighup_or_sigwait_are_handled(monkeypatch) -> None:
    from msq_tui.store import exit_signals

    monkeypatch.delattr(signal, "SIGHUP")
    monkeypatch.delattr(signal, "pthread_sigmask")  # no threads waiting for signals, as on Windows
    assert exit_signals.exit_signals() == [signal.SIGTERM]
    received = threading.Event()
    numbers: list[int] = []
    watcher = exit_signals.ExitSignalWatcher(lambda number: (numbers.append(number), received.set()))
    assert watcher.start() == "handlers"
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        assert received.wait(5)
    finally:
        watcher.stop()
    assert numbers == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_a_signal_reaches_the_watching_thread_while_the_main_thread_is_busy() -> None:
    from msq_tui.store import exit_signals

    received = threading.Event()
    watcher = exit_signals.ExitSignalWatcher(lambda number: received.set())
    assert watcher.start() == "thread"
    try:
        # To the watcher itself: other threads of this test process, started before it, do not block
        # SIGHUP, and its default action would end pytest. In msq no thread is started before it.
        signal.pthread_kill(watcher._thread.ident, signal.SIGHUP)
        assert received.wait(5)
    finally:
        watcher.stop()


def test_without_a_way_to_ask_windows_a_process_counts_as_alive(monkeypatch) -> None:
    from msq_tui.store import locks

    # os.name is global: restored at once, before the fixtures' teardown makes paths again.
    with monkeypatch.context() as windows:
        windows.setattr(locks.os, "name", "nt")
        assert locks.process_alive(999_999_999) is True  # never take over a lock that may be held


async def test_closing_a_draft_while_the_disk_is_full_keeps_the_answers_in_an_emergency_copy_listed_at_once(
    isolated_home, questionnaire, monkeypatch
) -> None:
    from msq_tui.tui.screens.start import StartScreen

    from .tui_helpers import SIZE, make_app, type_text

    response = Response.new(questionnaire, "IRN")
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with monkeypatch.context() as disk:
            disk.setattr(app.store, "write", refuse)
            await type_text(pilot, "www.egovernment.ir")
            app.close_draft()
            await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        copies = app.screen.emergency_copies
        assert len(copies) == 1 and copies[0].response.answers["q1"][0]["url"] == "www.egovernment.ir"
        assert "emergency copy" in str(app.screen.query_one("#start-help").render())
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.emergency_copies == []
    assert (
        parse_draft(app.store.path(str(response.response_id)).read_bytes()).answers["q1"][0]["url"]
        == "www.egovernment.ir"
    )
