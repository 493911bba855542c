"""Nothing out of sight at 80x24: the focus, the line being typed, a new entry and its problem.

The fully answered draft is the benchmark's (`tests.fixtures.full_response`). "In sight" means
the widget's whole region lies inside what the compositor leaves visible of it (the clip of
every container above it, the scrolling section included), not under the footer or cut off
by a container.
"""

from textual.widget import Widget
from textual.widgets import TextArea

from msq_tui.definitions_check import builtin_questionnaire
from msq_tui.words import count_words

from .fixtures import full_response
from .tui_helpers import SIZE, make_app, widget_for


def in_sight(widget: Widget) -> bool:
    """Whether all of ``widget`` is on screen (not clipped by any container, not scrolled away)."""
    geometry = widget.screen.find_widget(widget)
    return bool(geometry.region.size) and geometry.clip.contains_region(geometry.region)


def where(widget: Widget) -> str:
    geometry = widget.screen.find_widget(widget)
    return f"{widget!r} at {geometry.region} (visible: {geometry.clip})"


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def show(pilot, section_id: str):
    """Show a section with the focus in its first question; return its view, all built."""
    screen = pilot.app.screen
    screen.show_section(section_id, focus=True)
    await settle(pilot)
    view = screen.section_view(section_id)
    await view.complete.wait()
    await settle(pilot)
    return view


async def test_the_focus_stays_in_sight_through_every_field_of_every_section(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        steps = 0
        for section in questionnaire.sections:
            view = await show(pilot, section.id)
            seen: list[Widget] = []
            while True:
                focused = app.focused
                if focused is None or view not in focused.ancestors:
                    break  # Tab went past the section's last field
                if seen and focused is seen[0] and len(seen) > 1:
                    break  # round the section and back to its first field
                assert in_sight(focused), f"section {section.id}, step {len(seen)}: {where(focused)}"
                seen.append(focused)
                steps += 1
                assert len(seen) < 200, f"section {section.id}: Tab never left the section"
                await pilot.press("tab")
                await settle(pilot)
            assert seen, f"section {section.id}: the focus did not move through its fields"
        assert steps > 140  # every field of the Iran-sized draft was visited


async def test_the_line_being_typed_at_the_end_of_the_longest_text_stays_in_sight(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    texts = {question_id: answer for question_id, answer in response.answers.items() if isinstance(answer, str) and questionnaire.question(question_id).kind == "text"}
    longest = max(texts, key=lambda question_id: count_words(texts[question_id]))
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to(longest, "text")
        await settle(pilot)
        area = app.focused
        assert isinstance(area, TextArea) and area.cursor_location == area.document.end
        limited = area.parent
        counter = limited.query_one(".word-count")
        for line in range(4):
            await pilot.press("enter", *f"line {line} of more", "space", *"ZZTEST")
            await settle(pilot)
            assert in_sight(area), where(area)
            assert in_sight(counter), where(counter)
            x, y = area.cursor_screen_offset
            cursor_row = area.region.intersection(area.screen.find_widget(area).clip)
            assert cursor_row.contains(x, y), f"the cursor {x, y} is outside {cursor_row}"
        assert area.text.endswith("ZZTEST")


async def test_a_text_that_grows_as_it_is_typed_keeps_its_last_line_in_sight(isolated_home) -> None:
    """Issue 10's reproduction: a new draft, section IX, answers typed line by line into q22 to q24."""
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("q22", "text")
        await settle(pilot)
        for question_id in ("q22", "q23", "q24"):
            area = app.focused
            assert isinstance(area, TextArea), question_id
            counter = area.parent.query_one(".word-count")
            for line in range(6):
                await pilot.press(*f"Line {line} of the answer to {question_id}, in a few words", "enter")
                await settle(pilot)
            await pilot.press(*"ZZTEST")
            await settle(pilot)
            assert area.text.endswith("ZZTEST")
            x, y = area.cursor_screen_offset
            visible = area.screen.find_widget(area).clip
            assert visible.contains(x, y), f"{question_id}: the cursor {x, y} is outside {visible}"
            assert in_sight(counter), f"{question_id}: {where(counter)}"
            await pilot.press("tab")
            await settle(pilot)


async def test_a_new_entry_added_with_enter_and_its_problem_are_in_sight(isolated_home) -> None:
    from msq_tui.tui.widgets.urls import UrlRow

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("q2b", "label:3.0")  # the last entry of q2b (nested under the 4th)
        await settle(pilot)
        editor = widget_for(app, "q2b")
        while len(editor.query(UrlRow)) < 9:
            await pilot.press("enter")  # from the label to a new entry
            await settle(pilot)
            focused = app.focused
            assert in_sight(focused), where(focused)
            rows = len(editor.query(UrlRow))
            await pilot.press(*f"www.agency{rows}.gov.ir", "enter", *f"Agency number {rows}")
            await settle(pilot)
            assert in_sight(app.focused), where(app.focused)
        # The tenth entry: a URL that is not valid, and its reason, both in sight at once.
        await pilot.press("enter")
        await settle(pilot)
        assert len(editor.query(UrlRow)) == 10
        await pilot.press(*"not a url")
        await settle(pilot)
        focused = app.focused
        assert in_sight(focused), where(focused)
        problems = [line for line in editor.query(".field-problem, .question-problems") if line.display and "not valid" in str(line.render())]
        assert problems, "the URL's problem is not shown"
        assert all(in_sight(line) for line in problems), [where(line) for line in problems]
