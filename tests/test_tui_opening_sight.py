"""Opening a draft carried forward at 80x24: it starts on its first question, in sight; notifications
never cover the field with the focus; the carried notice is said once, not at every open."""

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets._toast import (
    Toast,
)  # private module, Textual 8.2.8: the widget a notification is drawn in

from msq_tui.model.answers import Response
from msq_tui.model.carry import carry_forward
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.app import MsqApp
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen
from msq_tui.tui.screens.sections import SectionIndex

from .test_editions import SAMPLE, answered_2020
from .test_tui_editions import notices
from .test_tui_sight import in_sight, settle, where
from .tui_helpers import SIZE, focused_question, widget_for


def partly_carried_draft(home, questionnaire) -> tuple[DraftStore, Response]:
    """The sample edition carried from a 2020 response without its questions 4 (A.4 and A.5 unanswered)."""
    store = DraftStore(home)
    store.questionnaires.add(SAMPLE)
    sample = store.questionnaires.choose("msq2026_sample")
    earlier = answered_2020(questionnaire)
    earlier.answers.pop("q4")
    earlier.answers.pop("q4_cio")
    response = carry_forward(earlier, sample, questionnaire).response
    store.prepare()
    store.save(response)
    return store, response


def region(widget: Widget) -> Region:
    return widget.screen.find_widget(widget).region


def toasts(app: MsqApp) -> list[Toast]:
    return list(app.screen.query(Toast))


def assert_uncovered(app: MsqApp) -> None:
    """Every toast shown leaves the focused field whole: not one cell of it under a toast."""
    focused = app.focused
    assert focused is not None and toasts(app)
    for toast in toasts(app):
        assert not region(toast).overlaps(region(focused)), (
            f"{toast.render()!s} at {region(toast)} covers {where(focused)}"
        )


async def opened(pilot) -> QuestionnaireScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QuestionnaireScreen)
    await screen.settle_focus()
    await settle(pilot)
    await pilot.pause(0.2)  # the starting question is scrolled to after its section's last frame
    await settle(pilot)
    return screen


async def test_a_carried_draft_opens_on_its_first_carried_answer_in_sight(
    isolated_home, questionnaire
) -> None:
    store, response = partly_carried_draft(isolated_home, questionnaire)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        # A.1 is carried and not yet reviewed: the respondent starts there, not at A.4 (unanswered)
        # with A.1 to A.3 scrolled off above.
        assert focused_question(app) == "q1"
        first = widget_for(app, "q1")
        heading = first.query_one(".question-heading")
        assert in_sight(heading), where(heading)
        assert in_sight(app.focused), where(app.focused)
        assert_uncovered(app)  # the carried notice, said on this first open


async def test_a_reopened_draft_opens_at_the_question_left_with_its_field_in_sight(
    isolated_home, questionnaire
) -> None:
    store, response = partly_carried_draft(isolated_home, questionnaire)
    response.position.section, response.position.question = "A", "q3"
    store.save(response)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        assert focused_question(app) == "q3"
        assert in_sight(app.focused), where(app.focused)
        assert "carried from the 2020 response" not in notices(app)  # said at the first open only


async def test_notifications_never_cover_the_field_with_the_focus(isolated_home, questionnaire) -> None:
    store, response = partly_carried_draft(isolated_home, questionnaire)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await opened(pilot)
        assert "7 answers carried from the 2020 response are not yet reviewed" in notices(app)
        # The field at the foot of the screen, typed in while a notice is up.
        screen.jump_to("q3", None)
        await opened(pilot)
        await pilot.press("alt+k")  # "Kept the answer to question A.3 as it is. ..."
        await settle(pilot)
        assert "Kept the answer to question A.3" in notices(app)
        # A yes/no typed at: its notice leaves the yes/no whole.
        screen.jump_to("q4", None)
        await opened(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert "A yes/no question takes no typing" in notices(app)
        assert_uncovered(app)
        # Yes: the CIO's contact follows, at the foot of the section, typed in while notices are up.
        await pilot.press("left", "space")
        await settle(pilot)
        screen.jump_to("q4_cio", "email")
        await opened(pilot)
        assert focused_question(app) == "q4_cio"
        assert region(app.focused).bottom >= SIZE[1] - 6, where(app.focused)  # low, where toasts went
        await pilot.press(*"cio@ito.gov.ir")
        await settle(pilot)
        assert app.session.response.answers["q4_cio"]["email"] == "cio@ito.gov.ir"
        assert_uncovered(app)
        assert in_sight(app.focused), where(app.focused)
        # In the section index, notices go over the section instead.
        await pilot.press("ctrl+g", "x")
        await settle(pilot)
        assert isinstance(app.focused, SectionIndex)
        assert "The section index takes no typing" in notices(app)
        assert_uncovered(app)


async def test_the_carried_notice_is_said_at_the_first_open_only(isolated_home, questionnaire) -> None:
    store, response = partly_carried_draft(isolated_home, questionnaire)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        assert "answers carried from the 2020 response are not yet reviewed" in notices(app)
        await pilot.press("ctrl+q")
    again = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        assert focused_question(again) == "q1"  # where it was left
        assert "carried" not in notices(again)


async def test_a_question_above_that_grows_does_not_push_the_field_with_the_focus_out_of_sight(
    isolated_home, questionnaire
) -> None:
    from msq_tui.model.problems import Problem

    store, response = partly_carried_draft(isolated_home, questionnaire)
    response.position.section, response.position.question = "A", "q4"
    store.save(response)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert focused_question(app) == "q4" and in_sight(app.focused), where(app.focused)
        # A.3, above, grows by four lines once left (as an entry going back to rest on two lines).
        above = widget_for(app, "q3")
        above.show_problems([Problem("q3", "warning", "carried", "\n".join(f"Line {n}" for n in range(6)))])
        await settle(pilot)
        assert in_sight(app.focused), where(app.focused)
