"""The `choice` kind in the TUI: answered by keyboard alone at 80x24, and how it looks (a snapshot)."""

from pathlib import Path

from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import load_definitions
from msq_tui.model.kinds.choice import ChoiceAnswer
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.app import MsqApp
from msq_tui.tui.widgets.choice import OptionButton, OptionSet

from .conftest import DATA
from .test_snapshots import pin
from .tui_helpers import SIZE, focused_question, widget_for


def choice_app(home: Path | None = None) -> MsqApp:
    questionnaire = load_definitions(DATA / "choice.toml")
    return MsqApp(questionnaire, DraftStore(home) if home else DraftStore(), new_country="IRN")


def marks(app: MsqApp) -> list[str]:
    """Each option's mark as drawn, "(•)" or "( )": what the respondent sees, colour or none."""
    return [str(button._button) for button in widget_for(app, "hosting").query(OptionButton)]


async def test_a_choice_is_answered_by_keyboard_and_drives_the_skip_logic(isolated_home) -> None:
    app = choice_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_question(app) == "hosting" and isinstance(app.focused, OptionSet)
        assert not widget_for(app, "cloud_provider").display  # it applies only when "cloud" is chosen
        await pilot.press("down", "space")
        await pilot.pause()
        assert app.session.response.answers["hosting"] == {"selected": "cloud", "other": ""}
        assert marks(app) == ["( )", "(•)", "( )", "( )"]
        assert widget_for(app, "cloud_provider").display
        # Another option replaces it; Other opens its text and takes the focus there.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.session.response.answers["hosting"]["selected"] == "other"
        assert not widget_for(app, "cloud_provider").display
        await pilot.press(*"Own racks")
        await pilot.pause()
        assert app.session.response.answer(app.questionnaire.question("hosting")) == ChoiceAnswer(
            selected="other", other="Own racks"
        )
        # Delete clears the choice; the Other text stays in the draft, and is said to be kept aside.
        await pilot.press("shift+tab", "delete")
        await pilot.pause()
        assert app.session.response.answers["hosting"] == {"selected": "", "other": "Own racks"}
        assert marks(app) == ["( )"] * 4
        problems = str(widget_for(app, "hosting").query_one(".question-problems").render())
        assert 'The "Other" text is kept but "Other" is not chosen' in problems


async def test_typing_on_a_choice_says_how_it_is_answered(isolated_home) -> None:
    app = choice_app(isolated_home)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.notify = lambda message, **options: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("x")
        await pilot.pause()
    assert notes == ["A choice takes no typing: ↑ and ↓ move, Space or Enter chooses; Tab goes on."]


async def test_a_read_only_choice_cannot_be_changed(isolated_home) -> None:
    questionnaire = load_definitions(DATA / "choice.toml")
    store = DraftStore(isolated_home)
    store.prepare()
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("hosting"), ChoiceAnswer(selected="government"))
    store.save(response)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id), read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "space", "delete")
        await pilot.pause()
        assert marks(app) == ["(•)", "( )", "( )", "( )"]
        assert app.session.response.answers["hosting"] == {"selected": "government", "other": ""}


def test_choice_with_other_at_80x24(snap_compare, fixed_home, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the marks say what is chosen without colour

    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("down", "down", "down", "space", *"Servers of the ministry, shared")
        await pin(pilot)

    assert snap_compare(choice_app(), terminal_size=SIZE, run_before=run_before)


def test_every_kind_of_the_registry_has_its_widget() -> None:
    from msq_tui.model.kinds import KINDS
    from msq_tui.tui.widgets import WIDGET_MODULES, QuestionWidget, widget_class

    assert set(WIDGET_MODULES) == set(KINDS)
    for name in KINDS:
        assert issubclass(widget_class(name), QuestionWidget)
