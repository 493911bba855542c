"""The section index says which sections its digit keys open, for this questionnaire's sections
(MSQ 2020 has I to X; a later edition may have A to D, or more than ten)."""

from msq_tui.model.definitions_check import builtin_questionnaire, load_definitions
from msq_tui.tui.screens.notes import question_notes
from msq_tui.tui.screens.sections import section_keys

from .conftest import DATA


def test_msq_2020_has_ten_sections_one_key_each() -> None:
    assert section_keys(builtin_questionnaire()) == "1 to 9 and 0 go into sections I to X"


def test_an_edition_of_four_sections_names_its_own() -> None:
    sample = load_definitions(DATA / "msq2026_sample.toml")
    said = section_keys(sample)
    first, last = sample.sections[0].id, sample.sections[-1].id
    assert said == f"1 to {len(sample.sections)} go into sections {first} to {last}"
    assert "I to X" not in question_notes(sample, None, None, in_index=True)[1]


def test_more_than_ten_sections_says_how_the_others_are_reached() -> None:
    questionnaire = builtin_questionnaire()
    many = questionnaire.model_copy(update={"sections": [*questionnaire.sections, questionnaire.sections[0]]})
    assert section_keys(many) == "1 to 9 and 0 go into sections I to X (the others by ↑ and ↓)"
