"""Where msq leans on Textual beyond its documented API, a test that fails when Textual changes."""

from textual.app import App, ComposeResult

from msq_tui.tui.widgets.fields import CompactInput
from msq_tui.tui.widgets.line_text import LineText

LONG = "https://www.example.gov/" + "long/" * 30


class OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield CompactInput(LONG, id="field")
        yield LineText("Saved 10:30", id="line")


async def test_a_compact_field_given_a_long_value_scrolls_to_its_cursor_when_focused() -> None:
    # CompactInput sets the value without Input's value watcher, and sizes its scrolling width
    # itself: without that, the end of a long value could not be reached.
    app = OneField()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one("#field", CompactInput)
        assert field.virtual_size.width >= len(LONG)
        field.focus()
        await pilot.pause()
        assert field.cursor_position == len(LONG) and field.scroll_offset.x > 0


async def test_a_line_text_repaints_its_new_text() -> None:
    app = OneField()
    async with app.run_test(size=(40, 5)) as pilot:
        line = app.query_one("#line", LineText)
        line.text = "Not saved: the disk is full"
        await pilot.pause()
        assert "Not saved: the disk is full" in str(line.render())
        assert line.text == "Not saved: the disk is full"


async def test_the_first_key_typed_at_the_end_of_a_long_value_is_drawn_with_the_cursor() -> None:
    # A draft reopened: the field holds a long value set before it was mounted. The first key
    # typed at its end, and the cursor after it, must be in the field's visible width (they were
    # drawn out of sight until three more keys had scrolled the field).
    app = OneField()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one("#field", CompactInput)
        field.focus()
        await pilot.pause()
        width = field.content_region.width
        for key in "ZY":
            await pilot.press(key)
            await pilot.pause()
            last_char = len(field.value) - 1
            cursor_cell = len(field.value)  # the cell after the value, where Input draws the cursor
            seen = range(field.scroll_offset.x, field.scroll_offset.x + width)
            assert last_char in seen and cursor_cell in seen, (key, field.scroll_offset.x, width)
