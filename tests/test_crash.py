"""Crash safety: a writer killed with SIGKILL at random moments never leaves an unreadable draft.

The normal run kills 50 writers; `MSQ_SLOW=1 python -m pytest tests/test_crash.py` kills 1,000.
"""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from msq_tui.files.atomic import TEMPORARY_SUFFIX
from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore, parse_draft

from .conftest import REPOSITORY

KILLS = 1000 if os.environ.get("MSQ_SLOW") else 50

# Saves as fast as it can, each save a new state (and, by a clock moved a minute on, a new
# history state too), so that a kill lands in every step of a save sooner or later.
WRITER = r"""
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore, parse_draft

home, response_id = Path(sys.argv[1]), sys.argv[2]
questionnaire = builtin_questionnaire()
store = DraftStore(home)
store.prepare()
response = store.load(response_id, questionnaire)
count = int(response.answers.get("q6", "0").split()[0])
moment = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=count)]
store.clock = lambda: moment[0]
print("ready", flush=True)
question = questionnaire.question("q6")
while True:
    count += 1
    moment[0] += timedelta(minutes=1)
    response.set_answer(question, f"{count} " + "word " * (count % 300))
    store.save(response)
"""


def test_sigkill_at_random_moments_never_leaves_an_unreadable_draft(isolated_home: Path) -> None:
    questionnaire = builtin_questionnaire()
    store = DraftStore(isolated_home)
    store.prepare()
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q6"), "0 start")
    store.save(response)
    response_id = str(response.response_id)
    randomness = random.Random(20261129)
    last_count = 0
    for _ in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(isolated_home), response_id],
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPOSITORY,
        )
        assert writer.stdout.readline().strip() == "ready"
        import time

        time.sleep(randomness.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        # Every draft on disk reads, and it never goes back in time.
        loaded = parse_draft(store.path(response_id).read_bytes())
        count = int(loaded.answers["q6"].split()[0])
        assert count >= last_count
        last_count = count
        backup = store.backup_path(response_id)
        if backup.exists():
            parse_draft(backup.read_bytes())
    assert last_count > 0  # the writers did write
    DraftStore(isolated_home).prepare()  # the next start
    leftovers = [path for path in isolated_home.rglob(f"*{TEMPORARY_SUFFIX}")]
    assert leftovers == []
    for entry in store.history(response_id, questionnaire):
        parse_draft(entry.path.read_bytes())


class EditSaveCrashReload(RuleBasedStateMachine):
    """Edits, saves, crashes (mid-write) and reloads, against a model of what was saved."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.home = Path(tempfile.mkdtemp())
        self.questionnaire = builtin_questionnaire()

    @initialize()
    def start(self) -> None:
        self.store = DraftStore(self.home)
        self.store.prepare()
        self.response = Response.new(self.questionnaire, "IRN")
        self.store.save(self.response)
        self.saved = dict(self.response.answers)

    @rule(question=st.sampled_from(["q6", "q7", "q14"]), text=st.text(max_size=40))
    def edit(self, question: str, text: str) -> None:
        self.response.set_answer(self.questionnaire.question(question), text or None)

    @rule()
    def save(self) -> None:
        self.store.save(self.response)
        self.saved = dict(self.response.answers)

    @rule(cut=st.floats(0.0, 1.0))
    def crash_while_saving(self, cut: float) -> None:
        # What a kill -9 leaves: part of the new version in a temporary file, never renamed.
        from msq_tui.files.atomic import temporary_path
        from msq_tui.store.drafts import serialise

        data = serialise(self.response)
        target = self.store.path(str(self.response.response_id))
        temporary_path(target).write_bytes(data[: int(len(data) * cut)])
        self.reload()

    @rule()
    def reload(self) -> None:
        self.store = DraftStore(self.home)
        self.store.prepare()
        self.response = self.store.load(str(self.response.response_id), self.questionnaire)

    @invariant()
    def disk_holds_the_last_save(self) -> None:
        if not hasattr(self, "store"):
            return
        on_disk = parse_draft(self.store.path(str(self.response.response_id)).read_bytes())
        assert on_disk.answers == self.saved


EditSaveCrashReload.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
test_edit_save_crash_reload = EditSaveCrashReload.TestCase
