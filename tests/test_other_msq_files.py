"""A file msq wrote that is not a submission (an agency's part, an assignment, a draft, a
questionnaire's definitions) is refused by verify and collect with what to do with it instead."""

import json
from pathlib import Path

import pytest

from msq_tui.agencies.documents import ASSIGNMENT_FORMAT, PART_FORMAT
from msq_tui.collect.collector import collect
from msq_tui.model.answers import RESPONSE_FORMAT
from msq_tui.model.definitions import DEFINITIONS_FORMAT
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.verify import OTHER_MSQ_FILES, SubmissionError, read_submission


def test_every_other_msq_format_is_named_by_its_own_constant() -> None:
    assert set(OTHER_MSQ_FILES) == {RESPONSE_FORMAT, PART_FORMAT, ASSIGNMENT_FORMAT, DEFINITIONS_FORMAT}


@pytest.mark.parametrize(
    ("format_name", "said"),
    [
        (PART_FORMAT, "`msq merge`"),
        (ASSIGNMENT_FORMAT, "`msq import`"),
        (RESPONSE_FORMAT, "`msq import`"),
        (DEFINITIONS_FORMAT, "`msq questionnaires add`"),
    ],
)
def test_verify_says_what_to_do_with_another_msq_file(format_name: str, said: str) -> None:
    data = json.dumps({"format": format_name, "format_version": 1}).encode()
    with pytest.raises(SubmissionError) as raised:
        read_submission(data, known_questionnaires(), "MSQ2020_IRN_health_part_r1.json")
    assert raised.value.cause == "not-submission"
    assert "is not an msq submission" in str(raised.value) and said in str(raised.value)


def test_collect_lists_a_part_file_as_refused_pointing_to_merge(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "MSQ2020_IRN_health_part_r1.json").write_text(json.dumps({"format": PART_FORMAT}))
    tally, _ = collect([inbox], tmp_path / "c.sqlite", known_questionnaires(), workers=1)
    [(name, message)] = tally.refused
    assert name.endswith("part_r1.json") and "`msq merge`" in message
