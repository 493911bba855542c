"""The state a draft is about to lose is kept in its history, whatever the spacing (store/history.py):
before a restore, a history point, and an emergency copy made the draft again."""

import json
import time

from msq_tui.model.answers import Response
from msq_tui.store.drafts import DraftStore
from msq_tui.store.emergency import find_emergency_copies, recover_emergency_copy, write_emergency_copy
from msq_tui.store.history import HISTORY_SPACING


def saved_twice(isolated_home, questionnaire) -> tuple[DraftStore, Response]:
    """A draft saved as "first", then as "second" within HISTORY_SPACING: only "first" is in its history."""
    store = DraftStore(isolated_home)
    store.prepare()
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q6"), "first")
    store.save(response)
    response.set_answer(questionnaire.question("q6"), "second")
    store.save(response)
    assert HISTORY_SPACING.total_seconds() >= 60  # the second save comes well within it
    assert history_answers(store, response, questionnaire) == ["first"]
    return store, response


def history_answers(store: DraftStore, response: Response, questionnaire) -> list[str]:
    entries = store.history(str(response.response_id), questionnaire)
    return [json.loads(entry.path.read_text())["answers"]["q6"] for entry in entries]


def test_a_restore_keeps_the_state_it_replaces(isolated_home, questionnaire) -> None:
    store, response = saved_twice(isolated_home, questionnaire)
    restored = store.restore(str(response.response_id), 1, questionnaire)
    assert restored.answers["q6"] == "first"
    assert "second" in history_answers(store, response, questionnaire)


def test_a_history_point_keeps_the_state_before_and_after(isolated_home, questionnaire) -> None:
    store, response = saved_twice(isolated_home, questionnaire)
    response.set_answer(questionnaire.question("q6"), "merged")
    store.save_history_point(response)
    assert history_answers(store, response, questionnaire)[:2] == ["merged", "second"]


def test_a_recovered_emergency_copy_keeps_the_draft_before_it(isolated_home, questionnaire) -> None:
    store, response = saved_twice(isolated_home, questionnaire)
    copy = response.model_copy(deep=True)
    copy.set_answer(questionnaire.question("q6"), "only in the emergency copy")
    data = copy.model_dump_json().encode()
    written = write_emergency_copy(
        data, str(response.response_id), [store.drafts_folder], time.monotonic() + 5
    )
    assert written.path is not None
    [found] = find_emergency_copies(store)
    recover_emergency_copy(store, found, questionnaire)
    assert store.load(str(response.response_id), questionnaire).answers["q6"] == "only in the emergency copy"
    assert "second" in history_answers(store, response, questionnaire)
