"""Nothing out of sight at 80x24: the focus, the line being typed, a new entry and its problem.

The fully answered draft is the benchmark's (`tests.fixtures.full_response`). "In sight" means
the widget's whole region lies inside what the compositor leaves visible of it (the clip of
every container above it, the scrolling section included), not under the footer or cut off
by a container.
"""

from textual.widget import Widget
from textual.widgets import TextArea

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.words import count_words

from .fixtures import full_response
from .test_tui_keys import post_key_burst
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
                await pilot.press("tab")  # waits until every widget is idle: the scroll is done
                await settle(pilot)
            assert seen, f"section {section.id}: the focus did not move through its fields"
        assert steps > 140  # every field of the Iran-sized draft was visited


async def test_the_line_being_typed_at_the_end_of_the_longest_text_stays_in_sight(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    texts = {
        question_id: answer
        for question_id, answer in response.answers.items()
        if isinstance(answer, str) and questionnaire.question(question_id).kind == "text"
    }
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
                # Posted as the terminal driver posts typed keys (Pilot.press waits for every
                # widget to be idle after each key: a minute for this test).
                post_key_burst(app, [*f"Line {line} of the answer to {question_id}, in a few words", "\n"])
                await settle(pilot)
            post_key_burst(app, [*"ZZTEST"])
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
        problems = [
            line
            for line in editor.query(".field-problem, .question-problems")
            if line.display and "not valid" in str(line.render())
        ]
        assert problems, "the URL's problem is not shown"
        assert all(in_sight(line) for line in problems), [where(line) for line in problems]


async def test_returning_to_a_section_puts_the_focus_where_it_was_left(isolated_home) -> None:
    from .tui_helpers import focused_question

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "II")
        for _ in range(5):
            await pilot.press("tab")
            await settle(pilot)
        left = app.focused
        assert focused_question(app) == "q8"
        await pilot.press("alt+n")  # to section III
        await settle(pilot)
        assert focused_question(app) == "q9"
        await pilot.press("ctrl+g", "2")  # and back from the index
        await settle(pilot)
        assert app.focused is left and in_sight(left)
        # A text left for another section is opened again when the section is shown again.
        await show(pilot, "IX")
        await pilot.press("tab")
        await settle(pilot)
        assert focused_question(app) == "q23" and isinstance(app.focused, TextArea)
        await pilot.press("alt+p")
        await settle(pilot)
        await pilot.press("alt+n")
        await settle(pilot)
        assert focused_question(app) == "q23" and isinstance(app.focused, TextArea) and in_sight(app.focused)


LONG_URL = "https://www.ict.gov.ir/fa/services/e-government/national-portal/list-of-services?year=2019"
LONG_LABEL = (
    "Ministry of Information and Communications Technology: the list of electronic services offered by every"
    " ministry, with the level of maturity each has reached"
)


def long_entries_response():
    from msq_tui.model.kinds.urls import UrlEntry

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    response.set_answer(
        questionnaire.question("q1"),
        [
            UrlEntry(url=LONG_URL, label=LONG_LABEL),
            UrlEntry(
                url="www.egovernment.ir",
                label="E-government portal",
                children=[UrlEntry(url=LONG_URL, label=LONG_LABEL)],
            ),
        ],
    )
    response.position.section, response.position.question = "I", "q2a"
    return response


def read_back(row) -> tuple[str, str]:
    """The URL and the label a row at rest shows, read off its lines (URL column, then label)."""
    lines = str(row.render()).split("\n")
    width = row._url_width()
    url = "".join(line[:width].rstrip() for line in lines)
    label = "".join(line[width + 1 :] for line in lines)
    return url, "".join(label.split())


async def test_url_entries_at_rest_show_the_whole_url_and_label(isolated_home) -> None:
    from msq_tui.tui.widgets.urls import UrlRow

    app = make_app(isolated_home, long_entries_response())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = list(widget_for(app, "q1").query(UrlRow))
        assert not any(row.active for row in rows)
        # (Words are wrapped, so the label is compared without its spaces.)
        whole = [
            (url, "".join(label.split()))
            for url, label in [
                (LONG_URL, LONG_LABEL),
                ("www.egovernment.ir", "E-government portal"),
                (LONG_URL, LONG_LABEL),
            ]
        ]
        assert [read_back(row) for row in rows] == whole
        assert rows[0].region.height > 2  # wrapped, not cut
        # A row just edited goes back to rest, and reads whole again.
        app.screen.jump_to("q1", "label:0")
        await settle(pilot)
        assert rows[0].active
        await pilot.press("end", *" (2019)", "tab")
        await settle(pilot)
        assert not rows[0].active and read_back(rows[0]) == (LONG_URL, "".join(LONG_LABEL.split()) + "(2019)")


async def test_a_field_left_shows_its_start(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("contact", "organization")
        await settle(pilot)
        field = app.focused
        await pilot.press("end", *" and the Ministry of Information and Communications Technology")
        await settle(pilot)
        assert field.scroll_x > 0  # while typing, the end is shown
        await pilot.press("tab")
        await settle(pilot)
        assert field.scroll_x == 0


async def test_a_text_at_rest_says_how_many_more_words_follow(isolated_home) -> None:
    from msq_tui.tui.widgets.limited_text import AT_REST_LINES, TextAtRest

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show(pilot, "II")
        for question_id in ("q7", "q6"):  # q7 never opened; q6 opened (it has the focus) and left
            if question_id == "q6":
                assert isinstance(app.focused, TextArea)
                await pilot.press("tab")
                await settle(pilot)
            at_rest = widget_for(app, question_id).query_one(TextAtRest)
            assert at_rest.display
            lines = str(at_rest.render()).split("\n")
            assert len(lines) == AT_REST_LINES == at_rest.region.height
            text = response.answers[question_id]
            shown = " ".join(lines[:-1])
            assert text.startswith(" ".join(shown.split()[:-1]))  # from its beginning
            more = int(lines[-1].split()[1])
            assert lines[-1] == f"… {more} more words" and count_words(shown) + more == count_words(text)


async def test_a_long_country_name_gives_way_to_the_revision_and_the_save_state(isolated_home) -> None:
    from textual.widgets import Static

    from msq_tui.store.session import SaveState

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire, country="GBR")
    response.revision = 2
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        app.session.tick = lambda: None  # no save to replace the state shown
        reason = "the disk reported an I/O error"
        screen.show_save_state(SaveState("failed", reason=reason))
        await settle(pilot)
        state = screen.query_one("#save-state")
        assert f"Not saved: {reason}" == state.text and state.content_region.width >= len(state.text)
        assert in_sight(state)
        revision = screen.query_one("#status-revision", Static)
        assert "revision 2" in str(revision.render()) and revision.content_region.width >= len(
            str(revision.render())
        )
        title = screen.query_one("#status-title", Static)
        assert "United Kingdom" in str(title.render()) and title.region.right <= revision.region.x


async def test_the_start_screen_shows_a_draft_status_whole(isolated_home) -> None:
    from rich.cells import cell_len
    from textual.widgets import OptionList

    from msq_tui.store.drafts import DraftStore
    from msq_tui.submission.signoff import Signer, sign_off

    questionnaire = builtin_questionnaire()
    store = DraftStore(isolated_home)
    store.prepare()
    store.save(
        sign_off(
            questionnaire,
            full_response(questionnaire, country="GBR"),
            Signer("A Name", "A Title", "An Organization", "a@b.org"),
            publish=True,
        )
    )
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one(OptionList)
        first, second = str(drafts.get_option_at_index(0).prompt).splitlines()
        assert first.endswith("signed off")
        # The longest name of a Member State, whole at 80 columns: the other columns give way.
        assert "United Kingdom of Great Britain and Northern Ireland" in first
        assert max(cell_len(first), cell_len(second)) <= drafts.scrollable_content_region.width


async def test_the_review_names_each_question_by_number_and_wording(isolated_home) -> None:
    from textual.widgets import OptionList

    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        review = app.screen.query_one("#review-list", OptionList)
        lines = [str(review.get_option_at_index(index).prompt) for index in range(review.option_count)]
        assert any("Question 5f (Environment) is not answered" in line for line in lines), lines
        assert any(
            "Question 1 (What is the official e-government" in line and "…)" in line for line in lines
        ), lines
