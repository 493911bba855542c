"""'Other, please specify' by keyboard: choosing or ticking it takes the focus to its text, in sight,
and words typed on a chosen Other go there (not "A choice takes no typing")."""

from textual.widgets import TextArea

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.choice import ChoiceAnswer
from msq_tui.tui.widgets.checklist import OptionBox
from msq_tui.tui.widgets.choice import OptionSet
from msq_tui.tui.widgets.limited_text import LimitedTextArea

from .test_tui_choice import choice_app
from .test_tui_sight import in_sight, settle, where
from .tui_helpers import SIZE, make_app, widget_for


def other_text_focused(app) -> bool:
    """Whether the focus is in the text under "Other" (its TextArea, made when it took the focus)."""
    focused = app.focused
    return isinstance(focused, TextArea) and any(
        isinstance(node, LimitedTextArea) and node.field == "other" for node in focused.ancestors
    )


def refusals(app) -> list[str]:
    notes: list[str] = []
    app.notify = lambda message, **options: notes.append(str(message))  # type: ignore[method-assign]
    return notes


async def test_choosing_other_takes_the_focus_to_its_text_where_typing_goes(isolated_home) -> None:
    app = choice_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = refusals(app)
        assert isinstance(app.focused, OptionSet)
        await pilot.press("down", "space")  # another option: the focus stays on the options
        await settle(pilot)
        assert isinstance(app.focused, OptionSet)
        await pilot.press("down", "down", "enter")  # Other
        await settle(pilot)
        assert other_text_focused(app), f"the focus is on {app.focused!r}"
        assert in_sight(app.focused), where(app.focused)
        await pilot.press(*"Own racks")
        await settle(pilot)
        hosting = app.questionnaire.question("hosting")
        assert app.session.response.answer(hosting) == ChoiceAnswer(selected="other", other="Own racks")
        assert notes == []


async def test_words_typed_on_a_chosen_other_go_to_its_text(isolated_home) -> None:
    app = choice_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = refusals(app)
        await pilot.press("up", "space")  # Other is the last option: ↑ from the first goes round
        await settle(pilot)
        await pilot.press("shift+tab")  # back on the options, Other chosen
        await settle(pilot)
        assert isinstance(app.focused, OptionSet)
        await pilot.press(*"On site")
        await settle(pilot)
        assert other_text_focused(app)
        hosting = app.questionnaire.question("hosting")
        assert app.session.response.answer(hosting) == ChoiceAnswer(selected="other", other="On site")
        assert notes == []
        # With another option chosen, typing is refused as before: the choice says how it is answered.
        await pilot.press("shift+tab", "down", "space", "x")
        await settle(pilot)
        assert isinstance(app.focused, OptionSet)
        assert notes == ["A choice takes no typing: ↑ and ↓ move, Space or Enter chooses; Tab goes on."]
        assert app.session.response.answer(hosting).other == "On site"


async def test_ticking_other_takes_the_focus_to_its_text_and_unticking_keeps_it_on_the_option(
    isolated_home,
) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = refusals(app)
        app.screen.jump_to("q15", "other")  # the box of "Other" (its text is hidden while unticked)
        await app.screen.settle_focus()
        await settle(pilot)
        box = app.focused
        assert isinstance(box, OptionBox) and box.option_id == "other"
        await pilot.press("space")
        await settle(pilot)
        assert other_text_focused(app), f"the focus is on {app.focused!r}"
        assert in_sight(app.focused), where(app.focused)
        await pilot.press(*"Chatbots")
        await settle(pilot)
        answer = app.session.response.answers["q15"]
        assert answer["other"] == "Chatbots" and "other" in answer["selected"]
        # Back on the box: what is typed goes on in the text (Space is the box's: it unticks).
        await pilot.press("shift+tab", *"!")
        await settle(pilot)
        assert other_text_focused(app)
        assert app.session.response.answers["q15"]["other"] == "Chatbots!"
        await pilot.press("shift+tab", "space")
        await settle(pilot)
        assert app.focused is box and not box.value
        assert "other" not in app.session.response.answers["q15"]["selected"]
        # Unticked, the box takes no typing: it says so, and the text is left as it was.
        await pilot.press("x")
        await settle(pilot)
        assert app.focused is box
        assert notes == [
            "An option takes no typing: Space ticks or unticks it, Tab goes on to the next field."
        ]
        assert app.session.response.answers["q15"]["other"] == "Chatbots!"
        assert widget_for(app, "q15").display


async def test_words_typed_on_a_ticked_option_go_to_its_detail(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("q8", None)
        await app.screen.settle_focus()
        await settle(pilot)
        box = app.focused
        assert isinstance(box, OptionBox) and box.option_id == questionnaire.question("q8").options[0].id
        await pilot.press("space")  # ticked: its detail opens, the focus stays (the detail is optional)
        await settle(pilot)
        assert app.focused is box
        await pilot.press(*"Plan 2025")
        await settle(pilot)
        assert app.session.response.answers["q8"]["details"] == {box.option_id: "Plan 2025"}
        assert in_sight(app.focused), where(app.focused)
