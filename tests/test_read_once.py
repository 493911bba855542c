"""Judging a submission reads each stored answer once (verify and collect ask many questions of
it), while a draft being edited is read afresh at every call (its values change in place)."""

from collections import Counter
from datetime import UTC, datetime

import pytest

from msq_tui.model.answers import answer_of, answers_read_once
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Kind
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.document import to_json
from msq_tui.submission.verify import read_submission

from .collect_inbox import signed_document


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How many times each question's stored answers were read as its kind's model."""
    counted: Counter = Counter()
    original = Kind.read

    def counting_read(self, value):  # type: ignore[no-untyped-def]
        counted[self.name] += 1
        return original(self, value)

    monkeypatch.setattr(Kind, "read", counting_read)
    return counted


def test_verifying_reads_each_answer_at_most_twice(reads: Counter) -> None:
    questionnaire = builtin_questionnaire()
    document = signed_document(questionnaire, "IRN", datetime(2026, 1, 5, tzinfo=UTC))
    data, known = to_json(document), known_questionnaires()
    reads.clear()  # making the file read answers too
    submission = read_submission(data, known)
    answers = Counter(kind_of(questionnaire.question(qid)).name for qid in document["answers"])
    # Once as the file holds it, once as the response stores it; before, every answer was read
    # about ten times (is it answered, does it fit, what shows, what is left out...).
    assert reads and all(reads[kind] <= 2 * count for kind, count in answers.items()), (reads, answers)
    assert submission.response.answers  # it was judged whole


def test_outside_judging_every_call_reads_the_value_as_it_is_now() -> None:
    questionnaire = builtin_questionnaire()
    question = next(q for q in questionnaire.questions() if q.kind == "urls")
    value = [{"label": "Portal", "url": "www.example.gov"}]
    assert answer_of(question, value)[0].label == "Portal"
    value[0]["label"] = "Changed in place, as an editor does"
    assert answer_of(question, value)[0].label.startswith("Changed")


def test_inside_judging_one_value_is_read_once_and_scopes_nest(reads: Counter) -> None:
    questionnaire = builtin_questionnaire()
    question = next(q for q in questionnaire.questions() if q.kind == "urls")
    value = [{"label": "Portal", "url": "www.example.gov"}]
    with answers_read_once():
        first = answer_of(question, value)
        with answers_read_once():  # an inner scope keeps the outer readings
            assert answer_of(question, value) is first
        assert answer_of(question, list(value)) is not first  # another value is read on its own
    assert reads["urls"] == 2
