"""Keys in order (issue 11) meeting nothing out of sight (issue 10): fields at rest, focus memory, growth.

Keys are posted all at once (`post_key_burst`), as a slow link delivers them; what they type must
land in the field that has the focus after the keys before them, also when that field was at
rest (a URL entry drawn as text, a text drawn from its start) or when the focus comes back to a
section; and what grows (a new entry, an option's detail) stays in sight.
"""

from textual import events

from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.model.kinds.urls import UrlEntry

from .test_tui_keys import ENTER, TAB, answers, post_key_burst, settle
from .test_tui_sight import in_sight, where
from .tui_helpers import SIZE, focused_question, make_app, widget_for

ALT_N, ALT_P = events.Key("alt+n", None), events.Key("alt+p", None)


def entries_response() -> Response:
    questionnaire = builtin_questionnaire()
    response = Response.new(questionnaire, "IRN")
    response.set_answer(
        questionnaire.question("q1"),
        [UrlEntry(url="www.one.ir", label="One"), UrlEntry(url="www.two.ir", label="Two")],
    )
    response.position.section, response.position.question = "I", "q1"
    return response


async def test_keys_after_returning_to_a_section_go_to_the_entry_left_there(isolated_home) -> None:
    """alt+n then alt+p: the second entry's label, gone to rest, is opened again before the next key."""
    app = make_app(isolated_home, entries_response())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert focused_question(app) == "q1"
        post_key_burst(app, [TAB, TAB, TAB, *" label", ALT_N, ALT_P, *" kept"])
        await settle(pilot)
        assert app.screen.current_section == "I"
        assert answers(app)["q1"][1]["label"] == "Two label kept", answers(app)["q1"]
        assert "q2a" not in answers(app) and focused_question(app) == "q1"


async def test_keys_after_returning_to_a_section_go_to_the_text_left_there(isolated_home) -> None:
    """A text left for another section goes to rest; back with alt+p, the keys typed go into it."""
    questionnaire = builtin_questionnaire()
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "IX", "q22"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert focused_question(app) == "q22"
        post_key_burst(app, [*"First", ALT_N, *"Ten", ALT_P, *" and more"])
        await settle(pilot)
        assert answers(app)["q22"] == "First and more"
        first_of_x = questionnaire.section("X").questions[0].id
        assert "Ten" in str(answers(app).get(first_of_x))


async def test_tab_past_the_end_opens_the_next_section_at_its_first_question_even_when_left_elsewhere(
    isolated_home,
) -> None:
    questionnaire = builtin_questionnaire()
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "IX", "q24"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.show_section("X", focus=True)
        await settle(pilot)
        post_key_burst(app, [TAB, TAB])  # the focus left somewhere in X, past its first field
        await settle(pilot)
        left = app.focused
        screen.jump_to("q24", None)
        await settle(pilot)
        post_key_burst(app, [TAB, *"x1"])
        await settle(pilot)
        first_of_x = questionnaire.section("X").questions[0].id
        assert (
            screen.current_section == "X" and focused_question(app) == first_of_x and app.focused is not left
        )
        assert "x1" in str(answers(app).get(first_of_x))


async def test_entries_typed_in_a_burst_each_appear_in_sight(isolated_home) -> None:
    """URL, Enter, label, Enter ... typed at once to the end of a long list: the last entry is on screen."""
    from .fixtures import full_response

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("q2b", "label:3.0")
        await settle(pilot)
        before = len(answers(app)["q2b"])
        typed = [ENTER]
        for number in range(4):
            typed += [*f"www.burst{number}.ir", ENTER, *f"Burst {number}", ENTER]
        post_key_burst(app, typed)
        await settle(pilot)
        urls = [entry["url"] for entry in answers(app)["q2b"]] + [
            child["url"] for entry in answers(app)["q2b"] for child in entry["children"]
        ]
        assert all(f"www.burst{number}.ir" in urls for number in range(4)), urls
        assert len(answers(app)["q2b"]) == before  # the new entries are nested with the one Enter left
        assert in_sight(app.focused), where(app.focused)


async def test_an_option_detail_left_rests_from_its_start_saying_what_follows(isolated_home) -> None:
    """A detail (a text since issue 11) is read back from its start, with the words that follow counted."""
    from msq_tui.tui.widgets.checklist import OptionDetail
    from msq_tui.tui.widgets.limited_text import TextAtRest

    questionnaire = builtin_questionnaire()
    q8 = questionnaire.question("q8")
    option = next(option for option in q8.options if option.detail)
    lines = [f"Line {number} of the detail about the plan" for number in range(1, 21)]
    response = Response.new(questionnaire, "IRN")
    response.set_answer(q8, ChecklistAnswer(selected=[option.id]))
    response.position.section, response.position.question = "II", "q8"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = next(
            widget for widget in widget_for(app, "q8").query(OptionDetail) if widget.option_id == option.id
        )
        detail.focus()
        await settle(pilot)
        post_key_burst(app, list(ENTER.join(lines)))
        await settle(pilot)
        assert answers(app)["q8"]["details"][option.id] == "\n".join(lines)
        assert in_sight(app.focused), where(app.focused)
        post_key_burst(app, [TAB])
        await settle(pilot)
        at_rest = detail.query_one(TextAtRest)
        assert at_rest.display and not detail.text_area.display
        shown = at_rest.render().plain.splitlines()
        assert (
            shown[0].startswith("Line 1 of")
            and shown[-1].startswith("… ")
            and shown[-1].endswith("more words")
        ), shown
        assert in_sight(app.focused), where(app.focused)
