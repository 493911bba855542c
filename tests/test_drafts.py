"""Drafts on disk: atomic saves, backups, history, locks, damaged files, permissions, migration."""

import errno
import json
import os
import stat
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msq_tui.files import atomic
from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.store.autosave import SavePolicy
from msq_tui.store.drafts import DraftStore, migrate, parse_draft, serialise
from msq_tui.store.errors import DamagedDraft, DraftLocked
from msq_tui.store.session import DraftSession

from .conftest import REPOSITORY


@pytest.fixture
def store(isolated_home: Path) -> DraftStore:
    store = DraftStore(isolated_home)
    store.prepare()
    return store


def saved(store: DraftStore, questionnaire, text: str = "first") -> Response:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q6"), text)
    store.save(response)
    return response


# -- Where drafts live, and their permissions --------------------------------------------------


def test_msq_home_is_honoured(isolated_home: Path) -> None:
    from msq_tui.store.drafts import msq_home

    assert msq_home() == isolated_home


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_folders_0700_and_files_0600_whatever_the_umask(
    isolated_home: Path, questionnaire, umask: int
) -> None:
    previous = os.umask(umask)
    try:
        store = DraftStore(isolated_home)
        store.prepare()
        response = saved(store, questionnaire)
        store.clock = lambda: datetime.now(UTC) + timedelta(minutes=5)
        response.set_answer(questionnaire.question("q6"), "second")
        store.save(response)
        with store.lock(str(response.response_id)):
            pass
        store.delete(str(response.response_id))
    finally:
        os.umask(previous)
    for path in [isolated_home, *isolated_home.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, f"{path} is {oct(mode)}"
        else:
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


# -- Atomic saves and the backup ---------------------------------------------------------------


def test_save_then_load_and_backup_of_the_previous_version(store: DraftStore, questionnaire) -> None:
    response = saved(store, questionnaire, "first")
    response_id = str(response.response_id)
    response.set_answer(questionnaire.question("q6"), "second")
    store.save(response)
    assert store.load(response_id, questionnaire).answers["q6"] == "second"
    assert parse_draft(store.backup_path(response_id).read_bytes()).answers["q6"] == "first"
    assert not list(store.drafts_folder.glob("*.msq-tmp"))


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EROFS])
def test_a_failing_disk_leaves_the_old_draft_byte_identical(
    store: DraftStore, questionnaire, monkeypatch, step: str, code: int
) -> None:
    response = saved(store, questionnaire, "kept safe")
    path = store.path(str(response.response_id))
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, step, fail)
    session = DraftSession(store, questionnaire, response, lock=None)
    session.read_only = False  # a writer, without taking a lock for this test
    from msq_tui.store.autosave import BackgroundSaver

    session._saver = BackgroundSaver(store, session.response_id, session._saved)
    session.change(questionnaire.question("q6"), "typed while the disk is full")
    state = session.save_blocking()
    monkeypatch.undo()
    assert state.kind == "failed"
    assert {errno.ENOSPC: "disk is full", errno.EIO: "I/O error", errno.EROFS: "read-only"}[
        code
    ] in state.describe()
    assert path.read_bytes() == before
    assert not list(store.drafts_folder.glob(".*msq-tmp"))
    assert session.response.answers["q6"] == "typed while the disk is full"  # still in memory
    assert session.has_unsaved_work
    # The disk recovers: the next save goes through.
    assert session.save_blocking().kind == "saved"
    assert parse_draft(path.read_bytes()).answers["q6"] == "typed while the disk is full"
    session.close()


def test_leftover_temporary_files_are_removed_on_start(store: DraftStore, questionnaire) -> None:
    saved(store, questionnaire)
    leftover = store.drafts_folder / f".x.json.abcd1234{atomic.TEMPORARY_SUFFIX}"
    leftover.write_bytes(b'{"half": ')
    removed = DraftStore(store.home).prepare()
    assert leftover in removed and not leftover.exists()


# -- Damaged, foreign and future drafts ---------------------------------------------------------

CORPUS = {
    "empty": (b"", "empty"),
    "blank": (b"   \n", "empty"),
    "truncated": None,  # the first half of a real draft
    "binary": (bytes(range(256)) * 4, "not UTF-8"),
    "another app's JSON": (b'{"name": "my-app", "version": "1.0.0", "dependencies": {}}', "not an msq draft"),
    "a JSON list": (b"[1, 2, 3]", "not an msq draft"),
    "future version": None,  # a real draft claiming format 99
    "duplicate keys": (b'{"format": "msq-response", "format": "msq-response"}', "appears twice"),
    "NaN": (b'{"format": "msq-response", "format_version": NaN}', "not a JSON value"),
    "deeply nested": (
        b'{"format": "msq-response", "answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nested too deeply",
    ),
    "wrong types": (b'{"format": "msq-response", "format_version": 1, "questionnaire_id": 5}', "is wrong"),
    "bad country": None,
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_damaged_drafts_are_set_aside_never_overwritten(store: DraftStore, questionnaire, name: str) -> None:
    response = saved(store, questionnaire, "the good one")
    response_id = str(response.response_id)
    response.set_answer(questionnaire.question("q6"), "the latest")
    store.save(response)  # so that the backup holds "the good one"
    good = serialise(response)
    content, words = CORPUS[name] or (None, None)
    if name == "truncated":
        content, words = good[: len(good) // 2], "cut short"
    elif name == "future version":
        content, words = good.replace(b'"format_version": 1', b'"format_version": 99'), "newer msq"
    elif name == "bad country":
        content, words = good.replace(b'"IRN"', b'"XXX"'), "country"
    path = store.path(response_id)
    path.write_bytes(content)
    fresh = DraftStore(store.home)
    with pytest.raises(DamagedDraft) as caught:
        fresh.load(response_id, questionnaire)
    damaged = caught.value
    assert words in str(damaged)
    assert damaged.aside is not None and damaged.aside.read_bytes() == content  # kept, byte for byte
    assert str(damaged.aside) in str(damaged) and str(store.backup_path(response_id)) in str(damaged)
    assert damaged.backup == store.backup_path(response_id)
    recovered = fresh.recover_from_backup(response_id, questionnaire)
    assert recovered.answers["q6"] == "the good one"
    assert damaged.aside.read_bytes() == content


def test_a_damaged_draft_is_listed_with_its_problem(store: DraftStore, questionnaire) -> None:
    response = saved(store, questionnaire)
    store.path(str(response.response_id)).write_bytes(b"\xff\xfe garbage")
    (summary,) = store.summaries(questionnaire)
    assert summary.status == "damaged" and "not UTF-8" in summary.problem


def test_a_damaged_draft_never_replaces_a_good_backup(store: DraftStore, questionnaire) -> None:
    response = saved(store, questionnaire, "good")
    response_id = str(response.response_id)
    store.save(response)
    backup = store.backup_path(response_id).read_bytes()
    store.path(response_id).write_bytes(b"garbage")
    writer = DraftStore(store.home)  # a new process: it does not know the draft on disk
    writer.write(response_id, serialise(response))
    assert store.backup_path(response_id).read_bytes() == backup


# -- Older definitions -----------------------------------------------------------------------------


def test_answers_of_an_older_version_move_or_are_kept_unmapped(questionnaire) -> None:
    old = Response(
        questionnaire_id="msq2020",
        questionnaire_version="2019.3",
        country="IRN",
        answers={
            "q1": [{"label": "", "url": "www.egovernment.ir", "children": []}],
            "q25": "a question that is gone",
            "q6": ["not", "text"],
        },
    )
    current = migrate(old, questionnaire)
    assert current.questionnaire_version == questionnaire.version
    assert current.answers == {"q1": old.answers["q1"]}
    assert {(u.question_id, u.questionnaire_version) for u in current.unmapped} == {
        ("q25", "msq2020 2019.3"),
        ("q6", "msq2020 2019.3"),
    }
    assert [u.value for u in current.unmapped if u.question_id == "q25"] == ["a question that is gone"]


def test_unmapped_answers_survive_saving(store: DraftStore, questionnaire) -> None:
    old = Response(
        questionnaire_id="msq2020", questionnaire_version="2019.3", country="IRN", answers={"q25": "kept"}
    )
    store.write(str(old.response_id), serialise(old))
    loaded = store.load(str(old.response_id), questionnaire)
    store.save(loaded)
    again = store.load(str(old.response_id), questionnaire)
    assert [(u.question_id, u.value) for u in again.unmapped] == [("q25", "kept")]


# -- History ---------------------------------------------------------------------------------------


def test_history_keeps_ten_states_a_minute_apart_and_one_per_day(store: DraftStore, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    moment = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    store.clock = lambda: moment
    for day in range(3):
        for minute in range(0, 30, 2):  # 15 saves a day, two minutes apart
            moment = datetime(2026, 11, 1 + day, 9, minute, tzinfo=UTC)
            response.set_answer(questionnaire.question("q6"), f"day {day} minute {minute}")
            store.save(response)
            # Saves less than a minute apart do not make a state of their own.
            moment += timedelta(seconds=20)
            response.set_answer(questionnaire.question("q6"), f"day {day} minute {minute} and a bit")
            store.save(response)
    entries = store.history(str(response.response_id), questionnaire)
    times = [entry.saved for entry in entries]
    assert len(entries) == 10 + 2  # the newest ten, and the last state of each earlier day
    assert all(a - b >= timedelta(minutes=1) for a, b in zip(times, times[1:], strict=False))
    assert {time.date().day for time in times} == {1, 2, 3}


def test_restore_brings_back_a_state_and_is_undoable(store: DraftStore, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response_id = str(response.response_id)
    moment = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    store.clock = lambda: moment
    for index, text in enumerate(["one", "two", "three"]):
        moment = datetime(2026, 11, 1, 9, index * 5, tzinfo=UTC)
        response.set_answer(questionnaire.question("q6"), text)
        store.save(response)
    moment = datetime(2026, 11, 1, 9, 16, tzinfo=UTC)
    response.set_answer(questionnaire.question("q6"), "four, not yet in the history")
    store.save(response)
    numbers = {
        json.loads(e.path.read_text())["answers"]["q6"]: e.number
        for e in store.history(response_id, questionnaire)
    }
    moment = datetime(2026, 11, 1, 9, 20, tzinfo=UTC)
    restored = store.restore(response_id, numbers["one"], questionnaire)
    assert restored.answers["q6"] == "one"
    assert store.load(response_id, questionnaire).answers["q6"] == "one"
    # The state it replaced is the newest in the history: restoring it undoes the restore.
    newest = store.history(response_id, questionnaire)[0]
    assert json.loads(newest.path.read_text())["answers"]["q6"] == "four, not yet in the history"
    moment = datetime(2026, 11, 1, 9, 25, tzinfo=UTC)
    store.restore(response_id, 1, questionnaire)
    assert store.load(response_id, questionnaire).answers["q6"] == "four, not yet in the history"


# -- One writer ------------------------------------------------------------------------------------

HOLDER = """
import sys, time
from msq_tui.store.drafts import DraftStore
from pathlib import Path
lock = DraftStore(Path(sys.argv[1])).lock(sys.argv[2])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def start_holder(home: Path, response_id: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home), response_id],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPOSITORY,
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_writer_is_refused_and_told_who_holds_the_draft(store: DraftStore, questionnaire) -> None:
    response_id = str(saved(store, questionnaire).response_id)
    holder = start_holder(store.home, response_id)
    try:
        with pytest.raises(DraftLocked) as caught:
            store.lock(response_id).acquire()
        assert f"process {holder.pid}" in str(caught.value)
        assert os.uname().nodename in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_leaves_no_stale_lock(store: DraftStore, questionnaire) -> None:
    response_id = str(saved(store, questionnaire).response_id)
    holder = start_holder(store.home, response_id)
    holder.kill()  # SIGKILL: no chance to clean up
    holder.wait()
    lock = store.lock(response_id)
    lock.acquire()
    assert lock.is_held
    lock.release()


# -- Autosave timing -------------------------------------------------------------------------------


def test_the_shipped_save_policy_after_a_pause_and_during_continuous_typing(store, questionnaire) -> None:
    """The intervals msq ships, as an open draft uses them (none passed in): a save 0.7 s after
    typing pauses and at least every 1.5 s while typing, as the README promises."""
    session = DraftSession(store, questionnaire, Response.new(questionnaire, "IRN"), lock=None)
    shipped = session.policy
    now = [0.0]
    policy = SavePolicy(clock=lambda: now[0])  # the defaults, on a clock the test moves
    assert (policy.pause, policy.longest, policy.retry) == (shipped.pause, shipped.longest, shipped.retry)
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert (
        f"a save starts {policy.pause} s after typing pauses and at least every {policy.longest} s" in readme
    )
    assert not policy.due()
    policy.changed()
    now[0] = 0.69
    assert not policy.due()  # not on every key: a pause first
    now[0] = 0.7
    assert policy.due()  # typing paused
    policy.started()
    # Continuous typing, a key every 0.25 s (exact in binary): a save is due 1.5 s after the
    # first unsaved key, and not sooner.
    now[0] = first = 1.0
    policy.changed()
    while not policy.due():
        now[0] += 0.25
        policy.changed()
        assert now[0] - first <= 1.5
    assert now[0] - first == 1.5
    policy.started()
    policy.changed()
    policy.failed()
    now[0] += 1.0
    assert not policy.due()  # a failed save is retried after a while, not in a tight loop
    now[0] += policy.retry
    assert policy.due()


# -- Round trips -------------------------------------------------------------------------------------

texts = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from(
            [
                "سلام دنیا",
                "مرحبا بالعالم",
                "中文测试",
                "한국어",
                "👩‍👩‍👧‍👦",
                "🇮🇷",
                "e\u0301",
                "\u200c",
                "\u202b",
            ]
        ),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=texts, label=texts)
def test_save_then_load_returns_the_same_response(text: str, label: str) -> None:
    questionnaire = builtin_questionnaire()
    with tempfile.TemporaryDirectory() as home:  # a home per example, removed after it
        store = DraftStore(Path(home))
        response = Response.new(questionnaire, "IRN")
        response.set_answer(questionnaire.question("q6"), text)
        response.set_answer(questionnaire.question("q1"), [UrlEntry(label=label, url="www.egovernment.ir")])
        store.save(response)
        assert store.load(str(response.response_id), questionnaire) == response
