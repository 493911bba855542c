"""The footer: rebuilt when the keys it shows change, left alone when the focus moves among fields."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from msq_tui.tui.widgets.footer import KeyFooter

from .tui_helpers import SIZE, make_app


def shown_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


class FieldWithKey(Input):
    BINDINGS = [Binding("ctrl+y", "nothing", "Special", id="test.special")]


class TwoKindsOfField(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="plain-one")
        yield Input(id="plain-two")
        yield FieldWithKey(id="special")
        yield KeyFooter()


async def test_moving_among_fields_with_the_same_keys_keeps_the_footer(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = shown_keys(app)
        assert [key.description for key in before][:2] == ["Save", "Review"]
        for _ in range(4):
            await pilot.press("tab")
        await pilot.press("alt+n")  # another section: a new focus, the same keys
        await pilot.pause()
        after = shown_keys(app)
        assert after == before and all(a is b for a, b in zip(after, before, strict=True))


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
