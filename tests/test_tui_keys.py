"""Keys: each applied in order to the field that has the focus after the keys before it, at any speed.

Keys are posted to the app the way the terminal driver posts them (`post_key_burst`): all at
once, nothing waited for between them, which is what a slow SSH link delivers in one read.
"""

import asyncio

from textual import events
from textual.keys import _character_to_key

from msq_tui.model.answers import Response
from msq_tui.tui.widgets.urls import EntryInput

from .tui_helpers import SIZE, focused_question, make_app, widget_for

ENTER, TAB = "\n", "\t"


def key_event(character: str) -> events.Key:
    """The key the terminal driver makes of one character (as Textual's xterm parser names it)."""
    if character == ENTER:
        return events.Key("enter", "\r")
    if character == TAB:
        return events.Key("tab", "\t")
    if character == " ":
        return events.Key("space", " ")
    name = character if character.isalnum() else _character_to_key(character)
    return events.Key(name, character)


def post_key_burst(app, keys) -> None:
    """Post every key at once, as the driver does with a burst read from the terminal."""
    for key in keys:
        app.post_message(key if isinstance(key, events.Key) else key_event(key))


async def settle(pilot, rounds: int = 6) -> None:
    for _ in range(rounds):
        await pilot.pause()
    await asyncio.sleep(0.2)
    await pilot.pause()


def answers(app):
    return app.session.response.answers


# Two entries of q1 (URL, Enter, label, Enter, ...), then Tab on to q2a and its entry.
TYPED = [
    *"www.fast1.ir",
    ENTER,
    *"Fast label 1",
    ENTER,
    *"www.fast2.ir",
    ENTER,
    *"Fast label 2",
    TAB,
    *"www.q2a.ir",
    ENTER,
    *"Second question",
]


async def typed_slowly(home) -> dict:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for character in TYPED:
            post_key_burst(app, [character])
            await asyncio.sleep(0.01)
            await pilot.pause()
        await settle(pilot)
        return {question: answers(app).get(question) for question in ("q1", "q2a")}


async def test_a_burst_of_keys_gives_the_draft_that_slow_typing_gives(isolated_home, tmp_path) -> None:
    slow = await typed_slowly(tmp_path / "slow")
    assert slow["q1"] == [
        {"label": "Fast label 1", "url": "www.fast1.ir", "children": []},
        {"label": "Fast label 2", "url": "www.fast2.ir", "children": []},
    ]
    assert slow["q2a"] == [{"label": "Second question", "url": "www.q2a.ir", "children": []}]
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, TYPED)
        await settle(pilot)
        assert {question: answers(app).get(question) for question in ("q1", "q2a")} == slow
        assert focused_question(app) == "q2a"


async def test_a_burst_through_backspace_on_an_empty_entry_removes_only_that_entry(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # A new entry, then Backspace in its empty URL removes it; the typing goes on in the label.
        post_key_burst(app, [*"www.a.ir", ENTER, *"A", ENTER, events.Key("backspace", "\x7f"), *"B"])
        await settle(pilot)
        assert answers(app)["q1"] == [{"label": "AB", "url": "www.a.ir", "children": []}]


async def section_keys_from(
    home, questionnaire, question_id: str, prepare, key: str = "alt+n"
) -> tuple[str | None, object]:
    response = Response.new(questionnaire, "IRN")
    section = questionnaire.section_of(question_id).id
    response.position.section, response.position.question = section, question_id
    app = make_app(home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await prepare(app, pilot)
        before = answers(app).get(question_id)
        # As the terminal sends it: alt+n comes as ESC n, which Textual reads as "alt+n" carrying "n".
        post_key_burst(app, [events.Key(key, key[-1] if key.startswith("alt+") else None)])
        await settle(pilot)
        return app.screen.current_section, (before, answers(app).get(question_id))


async def nothing(app, pilot) -> None:
    pass


async def test_alt_n_from_a_url_field_changes_section_and_types_nothing(isolated_home, questionnaire) -> None:
    async def type_url(app, pilot) -> None:
        assert isinstance(app.focused, EntryInput)
        await pilot.press(*"www.gov.mt")
        await pilot.pause()

    section, (before, after) = await section_keys_from(isolated_home, questionnaire, "q1", type_url)
    assert section == "II"
    assert before == after == [{"label": "", "url": "www.gov.mt", "children": []}]


async def test_alt_n_and_alt_p_from_a_text_area_change_section_and_type_nothing(
    isolated_home, questionnaire, tmp_path
) -> None:
    async def type_text(app, pilot) -> None:
        await pilot.press(*"Yes")
        await pilot.pause()

    section, (before, after) = await section_keys_from(isolated_home, questionnaire, "q6", type_text)
    assert section == "III" and before == after == "Yes"
    section, (before, after) = await section_keys_from(
        tmp_path / "p", questionnaire, "q6", type_text, key="alt+p"
    )
    assert section == "I" and before == after == "Yes"


async def test_ctrl_pagedown_from_a_text_area_changes_section(isolated_home, questionnaire) -> None:
    section, _ = await section_keys_from(isolated_home, questionnaire, "q6", nothing, key="ctrl+pagedown")
    assert section == "III"


async def test_alt_n_from_an_option_detail_changes_section_and_types_nothing(
    isolated_home, questionnaire
) -> None:
    async def into_detail(app, pilot) -> None:
        await pilot.press("space", "tab")  # tick the first option of q8, into its detail
        await pilot.press(*"Plan")
        await pilot.pause()

    section, (before, after) = await section_keys_from(isolated_home, questionnaire, "q8", into_detail)
    assert section == "III"
    assert before == after and before["details"] == {"implementation_plan": "Plan"}


async def test_keys_typed_after_alt_n_land_in_the_next_section(isolated_home, questionnaire) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, [*"www.gov.mt", events.Key("alt+n", "n"), *"Plan"])
        await settle(pilot)
        assert answers(app)["q1"] == [{"label": "", "url": "www.gov.mt", "children": []}]
        assert app.screen.current_section == "II"
        first = questionnaire.section("II").questions[0].id
        assert focused_question(app) == first
        assert "Plan" in str(answers(app).get(first))


# ZWNJ (the Persian half-space), ZWJ, LRM, RLM, the soft hyphen, a no-break space, a variation selector.
FORMAT_CHARACTERS = "\u200c\u200d\u200e\u200f\u00ad\u00a0\ufe0f"
PERSIAN = "می\u200cخواهم"  # "I want": without its half-space the word is misspelt


async def test_format_characters_typed_into_a_text_area_are_stored_as_typed(
    isolated_home, questionnaire
) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "II", "q6"
    app = make_app(isolated_home, response)
    typed = f"{PERSIAN} a{FORMAT_CHARACTERS}b"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_question(app) == "q6"
        post_key_burst(app, typed)
        await settle(pilot)
        assert answers(app)["q6"] == typed


async def test_format_characters_typed_into_an_input_are_stored_as_typed(
    isolated_home, questionnaire
) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, EntryInput)
        post_key_burst(app, [*"www.a.ir", ENTER, *PERSIAN, *FORMAT_CHARACTERS])
        await settle(pilot)
        assert answers(app)["q1"] == [
            {"label": PERSIAN + FORMAT_CHARACTERS, "url": "www.a.ir", "children": []}
        ]


async def test_alt_with_a_letter_that_no_binding_wants_types_nothing(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, [*"www.a.ir", events.Key("alt+x", "x"), events.Key("ctrl+b", None)])
        await settle(pilot)
        assert answers(app)["q1"] == [{"label": "", "url": "www.a.ir", "children": []}]


async def test_enter_in_an_option_detail_makes_a_new_line_and_the_count_follows(
    isolated_home, questionnaire
) -> None:
    from msq_tui.tui.widgets.checklist import OptionDetail

    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "II", "q8"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, [" ", TAB, *"Access to information act", ENTER, *"Freedom of information law"])
        await settle(pilot)
        detail = next(
            d for d in widget_for(app, "q8").query(OptionDetail) if d.option_id == "implementation_plan"
        )
        assert detail in app.focused.ancestors
        assert answers(app)["q8"]["details"] == {
            "implementation_plan": "Access to information act\nFreedom of information law"
        }
        limit = questionnaire.question("q8").explanation.max_words
        assert str(detail.query_one(".word-count").render()) == f"8 / {limit} words"


async def test_three_lines_pasted_into_a_url_field_become_three_entries_and_it_says_so(isolated_home) -> None:
    app = make_app(isolated_home)
    pasted = "www.egovernment.ir\nMinistry of Energy – http://www.moe.gov.ir/\nPlan and Budget Organization\n"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, EntryInput)
        app.post_message(events.Paste(pasted))
        post_key_burst(app, "!")  # typed right after the paste: into the last entry's label
        await settle(pilot)
        assert answers(app)["q1"] == [
            {"label": "", "url": "www.egovernment.ir", "children": []},
            {"label": "Ministry of Energy", "url": "http://www.moe.gov.ir/", "children": []},
            {"label": "Plan and Budget Organization!", "url": "", "children": []},
        ]
        note = str(widget_for(app, "q1").query_one(".url-paste-note").render())
        assert (
            "Pasted 3 lines as 3 entries" in note
            and "1 split into URL and label" in note
            and "1 with no web address" in note
        )


async def test_lines_pasted_into_a_one_line_field_are_joined_not_dropped(
    isolated_home, questionnaire
) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "X", "contact"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        widget_for(app, "contact").focus_field("email")
        await pilot.pause()
        app.post_message(events.Paste("a@ito.gov.ir\nb@ito.gov.ir\n"))
        await settle(pilot)
        assert answers(app)["contact"]["email"] == "a@ito.gov.ir; b@ito.gov.ir"


async def test_ticked_unticked_and_chosen_differ_in_characters_not_only_colour(
    isolated_home, questionnaire, monkeypatch
) -> None:
    from msq_tui.model.kinds.checklist import ChecklistAnswer
    from msq_tui.tui.widgets.checklist import OptionBox
    from msq_tui.tui.widgets.yes_no import ChoiceButton

    monkeypatch.setenv("NO_COLOR", "1")
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q8"), ChecklistAnswer(selected=["sdgs"]))
    response.answers = {**response.answers, "q10": "yes"}
    response.position.section, response.position.question = "II", "q8"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        boxes = {box.option_id: str(box.render()) for box in widget_for(app, "q8").query(OptionBox)}
        assert boxes["sdgs"].startswith("[x] ") and boxes["implementation_plan"].startswith("[ ] ")
        await pilot.press("alt+n", "alt+n")
        await settle(pilot)
        buttons = {
            button.name: str(button.render()).strip() for button in widget_for(app, "q10").query(ChoiceButton)
        }
        assert buttons == {"yes": "(•) Yes", "no": "( ) No"}


async def test_the_palette_offers_msq_commands_not_textual_developer_ones(isolated_home) -> None:
    from textual.command import CommandList

    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == ["Theme: dark or light", "Quit, saving first"]

        async def offered(query: str) -> list[str]:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await asyncio.sleep(0.6)
            await pilot.pause()
            prompts = [
                str(app.screen.query_one(CommandList).get_option_at_index(i).prompt)
                for i in range(app.screen.query_one(CommandList).option_count)
            ]
            await pilot.press("escape")
            await pilot.pause()
            return prompts

        assert not any("Screenshot" in prompt or "Maximize" in prompt for prompt in await offered("screens"))
        assert any("Quit, saving first" in prompt for prompt in await offered("quit"))
        assert any("Section IV" in prompt for prompt in await offered("usage"))


async def test_enter_on_the_review_goes_to_the_first_problem_without_an_arrow_first(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("alt+n")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "QuestionnaireScreen"
        assert app.screen.current_section == "I" and focused_question(app) == "q1"


async def test_left_and_right_are_yes_and_no_from_the_first_key(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "IV", "q10"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, [" "])  # no arrow first: the cursor is on Yes
        await settle(pilot)
        assert answers(app)["q10"] == "yes"
        post_key_burst(app, [events.Key("left", None), " "])
        await settle(pilot)
        assert answers(app)["q10"] == "yes"
        post_key_burst(app, [events.Key("right", None), events.Key("right", None), " "])
        await settle(pilot)
        assert answers(app)["q10"] == "no"
        post_key_burst(app, [events.Key("left", None), events.Key("left", None), ENTER])
        await settle(pilot)
        assert answers(app)["q10"] == "yes"


async def test_tab_past_a_sections_last_field_goes_to_the_next_sections_first_question(
    isolated_home, questionnaire
) -> None:
    """Belize, section IX: Tab once too many after q24, then typing, answers nothing unseen."""
    response = Response.new(questionnaire, "BLZ")
    response.position.section, response.position.question = "IX", "q24"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_question(app) == "q24"
        post_key_burst(app, [TAB, *"Q24 year 2024"])
        await settle(pilot)
        first_of_x = questionnaire.section("X").questions[0].id
        assert app.screen.current_section == "X" and focused_question(app) == first_of_x
        assert "Q24 year 2024" in str(answers(app).get(first_of_x))
        assert "q10" not in answers(app) and "q24" not in answers(app)


async def test_letters_typed_in_the_section_index_are_said_and_answer_nothing(
    isolated_home, questionnaire
) -> None:
    from msq_tui.tui.screens.sections import SectionIndex

    messages = []
    app = make_app(isolated_home, country="BLZ")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.notify = lambda message, **options: messages.append(message)
        post_key_burst(app, [events.Key("ctrl+g", None), *"year"])
        await settle(pilot)
        assert isinstance(app.focused, SectionIndex)
        assert answers(app) == {} and app.screen.current_section == "I"
        assert len(messages) == 1 and "takes no typing" in messages[0]


async def test_keys_typed_right_after_opening_the_palette_go_into_it(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, [events.Key("ctrl+p", None), *"q9"])
        await settle(pilot)
        await asyncio.sleep(0.5)
        await pilot.pause()
        assert app.screen.query_one("CommandInput").value == "q9"


async def test_words_typed_at_a_yes_no_do_not_answer_it(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "IV", "q10"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post_key_burst(app, [*"Published yearly "])
        await settle(pilot)
        assert "q10" not in answers(app)
        post_key_burst(app, [events.Key("right", None), " "])  # an arrow, then Space: an answer
        await settle(pilot)
        assert answers(app)["q10"] == "no"
