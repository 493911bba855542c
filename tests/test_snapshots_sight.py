"""Snapshots at 80x24 of what must read whole: checklists fully answered, long URL entries and a
long text at rest (`--snapshot-update` accepts changes; look at the pictures first)."""

import pytest

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.app import MsqApp

from .fixtures import paragraph
from .test_snapshots import pin, sample_response
from .test_tui_sight import LONG_LABEL, LONG_URL


def app_at(question_id: str, response=None) -> MsqApp:
    """The sample draft (or ``response``) opened on ``question_id``."""
    questionnaire = builtin_questionnaire()
    store = DraftStore()
    store.prepare()
    response = response or sample_response()
    response.position.section = questionnaire.section_of(question_id).id
    response.position.question = question_id
    store.save(response)
    return MsqApp(questionnaire, store, open_id=str(response.response_id))


def every_option_checked(question_id: str):
    """The sample draft with every option of a checklist checked, each detail and text filled."""
    questionnaire = builtin_questionnaire()
    question = questionnaire.question(question_id)
    response = sample_response()
    details = {
        option.id: f"Details of {option.id.replace('_', ' ')}" for option in question.options if option.detail
    }
    answer = ChecklistAnswer(
        selected=[*question.option_ids, "other"] if question.other is not None else list(question.option_ids),
        details=details,
        other="Cognitive science" if question.other is not None else "",
        explanation=paragraph("the strategy", 60) if question.explanation is not None else "",
    )
    response.set_answer(question, answer)
    return response


async def settled(pilot) -> None:
    await pin(pilot)
    await pilot.wait_for_scheduled_animations()
    await pin(pilot)


@pytest.mark.parametrize("question_id", ["q8", "q15"])
def test_a_checklist_fully_answered_shows_every_option(snap_compare, fixed_home, question_id: str) -> None:
    """The focus on the last option: every option is drawn, none clipped by its container."""
    last = builtin_questionnaire().question(question_id).options[-1].id

    async def run_before(pilot) -> None:
        await settled(pilot)
        pilot.app.screen.jump_to(question_id, f"option:{last}")
        await settled(pilot)

    assert snap_compare(app_at(question_id, every_option_checked(question_id)), run_before=run_before)


def test_url_entries_with_long_urls_and_labels_at_rest(snap_compare, fixed_home) -> None:
    from msq_tui.model.kinds.urls import UrlEntry

    questionnaire = builtin_questionnaire()
    response = sample_response()
    response.set_answer(
        questionnaire.question("q2b"),
        [
            UrlEntry(url=LONG_URL, label=LONG_LABEL),
            UrlEntry(
                url="www.egovernment.ir",
                label="E-government portal",
                children=[
                    UrlEntry(url="https://www.ict.gov.ir/fa/open-data", label="Open data of the Ministry")
                ],
            ),
        ],
    )
    assert snap_compare(app_at("q2a", response), run_before=pin)


def test_a_text_at_rest_longer_than_its_box(snap_compare, fixed_home) -> None:
    questionnaire = builtin_questionnaire()
    response = sample_response()
    response.set_answer(questionnaire.question("q7"), paragraph("the e-government strategy", 240))

    async def run_before(pilot) -> None:
        await pin(pilot)
        screen = pilot.app.screen
        screen.section_view("II").scroll_to_widget(screen.widgets["q7"], top=True, animate=False)
        await pin(pilot)

    assert snap_compare(app_at("q6", response), run_before=run_before)
