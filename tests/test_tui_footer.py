"""The footer: rebuilt when the keys it shows change, left alone when the focus moves among fields."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from msq_tui.tui.widgets.footer import KeyFooter

from .tui_helpers import SIZE, focused_question, make_app, pause_until


def shown_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def same_widgets(these: list[FooterKey], those: list[FooterKey]) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those, strict=True))


class FieldWithKey(Input):
    BINDINGS = [Binding("ctrl+y", "nothing", "Special", id="test.special")]


class TwoKindsOfField(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="plain-one")
        yield Input(id="plain-two")
        yield FieldWithKey(id="special")
        yield KeyFooter()


async def test_moving_among_fields_with_the_same_keys_keeps_the_footer(isolated_home, questionnaire) -> None:
    from msq_tui.model.answers import Response

    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "II", "q6"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        # The focus lands in q6 a few frames after opening, and the footer follows it (rebuilt up to
        # twice as the opening moves the focus): wait for a text's keys, the same widgets twice running.
        drawn: list[list[FooterKey]] = []

        def settled() -> bool:
            drawn.append(shown_keys(app))
            return len(drawn) > 1 and bool(drawn[-1]) and same_widgets(drawn[-1], drawn[-2])

        await pause_until(pilot, lambda: settled() and drawn[-1][0].description == "Undo")
        before = shown_keys(app)
        assert [key.description for key in before][:2] == ["Undo", "Review"]  # a text's
        await pilot.press("tab")  # question 7, another text: a new focus, the same keys
        await pilot.pause()
        assert focused_question(app) == "q7"
        after = shown_keys(app)
        assert same_widgets(after, before)


async def test_the_footer_follows_the_keys_when_they_change() -> None:
    app = TwoKindsOfField()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Special" not in [key.description for key in shown_keys(app)]
        app.query_one("#special").focus()
        await pilot.pause()
        assert "Special" in [key.description for key in shown_keys(app)]
        app.query_one("#plain-two").focus()
        await pilot.pause()
        assert "Special" not in [key.description for key in shown_keys(app)]


async def footer_at(home, questionnaire, question_id: str, field: str | None = None) -> list[str]:
    from msq_tui.model.answers import Response

    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = (
        questionnaire.section_of(question_id).id,
        question_id,
    )
    app = make_app(home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if field is not None:
            from .tui_helpers import widget_for

            widget_for(app, question_id).focus_field(field)
        for _ in range(4):
            await pilot.pause()
        return [f"{key.key_display or key.key} {key.description}" for key in shown_keys(app)]


async def test_the_footer_shows_the_keys_of_each_kind_of_field(
    isolated_home, questionnaire, tmp_path
) -> None:
    url = await footer_at(tmp_path / "url", questionnaire, "q1")
    assert url[:2] == ["⏎ Label", "alt+del Remove"] or url[:2] == ["enter Label", "alt+delete Remove"]
    label = await footer_at(tmp_path / "label", questionnaire, "q1", "label:0")
    assert "New entry" in " ".join(label)
    checklist = await footer_at(tmp_path / "checklist", questionnaire, "q15")
    assert any("Tick" in key for key in checklist)
    yes_no = await footer_at(tmp_path / "yes-no", questionnaire, "q10")
    assert [key.split(" ", 1)[1] for key in yes_no[:3]] == ["Choose", "Set", "Clear"]
    text = await footer_at(tmp_path / "text", questionnaire, "q6")
    assert any("Undo" in key for key in text)
    for keys in (url, label, checklist, yes_no, text):
        assert any("Help" in key for key in keys) and any("Sections" in key for key in keys)


async def test_the_country_picker_shows_its_own_keys_not_the_start_screens(isolated_home) -> None:
    app = make_app(isolated_home, country=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        keys = [key.description for key in app.screen.query(FooterKey)]
        assert keys == ["Move", "Choose", "Cancel"]


async def test_f1_holds_the_notes_and_the_keys_of_the_fields_kind(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        assert "E-government or digital government" in text  # the question's footnote
        assert "alt+→ nests an entry" in text and "Backspace in an empty entry" in text  # the list's keys
        assert "alt+n / alt+p" in text
