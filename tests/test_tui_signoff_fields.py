"""The sign-off dialog's fields at 80x24: a long title shows its start at rest, its cursor while edited."""

from rich.cells import cell_len
from textual.widgets import Input

from msq_tui.tui.screens.signoff_dialog import SignOffDialog

from .fixtures import full_response
from .tui_helpers import SIZE, make_app

LONG_TITLE = "President of the Information Technology Organization of Iran and Deputy Minister of ICT"


def field(dialog: SignOffDialog, name: str) -> Input:
    return dialog.query_one(f"#signer-{name}", Input)


def cursor_in_sight(field: Input) -> bool:
    """Whether the cell where Input draws the cursor (after the text before it) is in the field's width."""
    cursor_cell = cell_len(field.value[: field.cursor_position])
    return field.scroll_x <= cursor_cell < field.scroll_x + field.content_region.width


async def test_a_long_title_shows_its_start_at_rest_and_its_cursor_while_edited(
    isolated_home, questionnaire
) -> None:
    response = full_response(questionnaire)
    response.answers["contact"]["title"] = LONG_TITLE
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog)
        title = field(dialog, "title")
        assert title.value == LONG_TITLE and title.size.width < len(LONG_TITLE)
        assert field(dialog, "name").has_focus
        assert title.scroll_x == 0  # at rest: from its start
        await pilot.press("tab")  # into the title: the cursor at its end, in sight
        await pilot.pause()
        assert title.has_focus and title.cursor_position == len(LONG_TITLE)
        assert cursor_in_sight(title), (title.scroll_x, title.content_region)
        await pilot.press(*" (acting)")
        await pilot.pause()
        assert title.value == LONG_TITLE + " (acting)"
        assert cursor_in_sight(title)
        await pilot.press("tab")  # left: it shows its start again, as every field at rest
        await pilot.pause()
        assert not title.has_focus and title.scroll_x == 0
        await pilot.press("shift+tab")  # and back: at its cursor, where typing goes on
        await pilot.pause()
        assert title.has_focus and cursor_in_sight(title)
