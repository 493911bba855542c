"""Carrying a choice into a new edition: options renamed, removed or moved from another question
by `earlier.options`, with what fits nowhere kept aside (unmapped), never dropped or left to block."""

import pytest

from msq_tui.model.answers import Response
from msq_tui.model.carry import carry_forward
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.definitions_check import check_definitions_text
from msq_tui.model.fitting import fit_response
from msq_tui.model.validation import errors, validate_response

HEADER = 'format = "msq-definitions"\nformat_version = 1\n'

EARLIER = (
    HEADER
    + """
[questionnaire]
id = "hosting2024"
version = "1"
short_title = "Hosting 2024"
title = "Hosting, first edition"

[[sections]]
id = "I"
title = "Hosting"

[[sections.questions]]
id = "hosting"
kind = "choice"
number = "1"
text = "Where is the national portal hosted?"
options = [
  { id = "government", text = "In a government data centre" },
  { id = "cloud", text = "With a commercial cloud provider" },
  { id = "abroad", text = "Abroad" },
]
other = { label = "Other, please specify:" }

[[sections.questions]]
id = "backup"
kind = "choice"
number = "2"
text = "Where are its backups kept?"
options = [
  { id = "tape", text = "On tape" },
  { id = "shared", text = "In a shared government cloud" },
]
"""
)

LATER = (
    HEADER
    + """
[questionnaire]
id = "hosting2026"
version = "1"
short_title = "Hosting 2026"
title = "Hosting, second edition"
earlier_edition = "hosting2024"

[[sections]]
id = "I"
title = "Hosting"

[[sections.questions]]
id = "hosting"
kind = "choice"
number = "1"
text = "Where is the national portal hosted?"
options = [
  { id = "state_dc", text = "In a government data centre" },
  { id = "commercial", text = "With a commercial cloud provider" },
  { id = "shared_cloud", text = "In a shared government cloud" },
]
other = { label = "Other, please specify:" }
earlier = { options = { state_dc = "government", commercial = "cloud", shared_cloud = "backup.shared" } }

[[sections.questions]]
id = "backup"
kind = "choice"
number = "2"
text = "Where are its backups kept?"
options = [
  { id = "tape", text = "On tape" },
  { id = "disk", text = "On disk" },
]
"""
)


def _load(text: str) -> Questionnaire:
    questionnaire, problems = check_definitions_text(text)
    assert questionnaire is not None and not [p for p in problems if p.severity == "error"], problems
    return questionnaire


@pytest.fixture(scope="module")
def editions() -> tuple[Questionnaire, Questionnaire]:
    return _load(EARLIER), _load(LATER)


def _carried(editions, answers: dict) -> Response:
    earlier, later = editions
    response = Response.new(earlier, "IRN").model_copy(update={"answers": answers})
    return carry_forward(response, later, earlier).response


def _aside(response: Response) -> dict[str, object]:
    return {item.question_id: item.value for item in response.unmapped}


def test_a_renamed_option_carries_under_its_new_id(editions) -> None:
    carried = _carried(editions, {"hosting": {"selected": "government", "other": ""}})
    assert carried.answers["hosting"] == {"selected": "state_dc", "other": ""}
    assert "hosting" in carried.carried and not carried.unmapped


def test_other_carries_with_its_text(editions) -> None:
    carried = _carried(editions, {"hosting": {"selected": "other", "other": "Own racks"}})
    assert carried.answers["hosting"] == {"selected": "other", "other": "Own racks"}


def test_a_removed_option_is_kept_aside_and_blocks_nothing(editions) -> None:
    carried = _carried(editions, {"hosting": {"selected": "abroad", "other": ""}})
    assert carried.answers.get("hosting", {}).get("selected", "") == ""
    assert _aside(carried) == {"hosting": {"selected": "abroad"}}
    assert not errors(validate_response(editions[1], carried))


def test_an_option_moved_from_another_question_is_chosen_there_no_longer(editions) -> None:
    carried = _carried(
        editions, {"hosting": {"selected": "", "other": ""}, "backup": {"selected": "shared", "other": ""}}
    )
    assert carried.answers["hosting"]["selected"] == "shared_cloud"
    assert carried.answers.get("backup", {}).get("selected", "") == ""
    assert not carried.unmapped


def test_a_moved_option_wins_over_a_removed_one_which_is_kept_aside(editions) -> None:
    carried = _carried(
        editions,
        {"hosting": {"selected": "abroad", "other": ""}, "backup": {"selected": "shared", "other": ""}},
    )
    assert carried.answers["hosting"]["selected"] == "shared_cloud"
    assert _aside(carried) == {"hosting": {"selected": "abroad"}}


def test_an_own_renamed_choice_wins_and_the_moved_one_stays_with_its_question(editions) -> None:
    carried = _carried(
        editions,
        {"hosting": {"selected": "cloud", "other": ""}, "backup": {"selected": "shared", "other": ""}},
    )
    assert carried.answers["hosting"]["selected"] == "commercial"
    # "shared" is not an option of the new backup question: kept aside, not lost.
    assert _aside(carried) == {"backup": {"selected": "shared"}}


def test_a_draft_with_an_option_its_question_lacks_keeps_it_aside_on_opening(editions) -> None:
    _, later = editions
    draft = Response.new(later, "IRN").model_copy(
        update={"answers": {"backup": {"selected": "floppy", "other": "kept in a drawer"}}}
    )
    fitted = fit_response(draft, later)
    assert fitted.answers["backup"] == {"selected": "", "other": ""}
    assert _aside(fitted) == {"backup": {"selected": "floppy", "other": "kept in a drawer"}}


def test_the_check_refuses_earlier_options_a_choice_does_not_have() -> None:
    broken = LATER.replace('commercial = "cloud"', 'nowhere = "cloud"')
    _, problems = check_definitions_text(broken)
    assert any("names option 'nowhere'" in problem.message for problem in problems)
