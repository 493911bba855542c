"""Pilot tests: each question kind's widget, by keyboard, down to the draft."""

from msq_tui.model.answers import Response
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.tui.messages import AnswerChanged
from msq_tui.tui.widgets.checklist import OptionBox, OptionDetail
from msq_tui.tui.widgets.urls import EntryInput

from .tui_helpers import SIZE, focused_question, make_app, type_text, url_entries_editable, widget_for


def answers(app):
    return app.session.response.answers


async def test_focus_on_opening_a_new_response_is_the_first_url_of_question_1(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, EntryInput)
        assert (app.focused.path, app.focused.part) == ((0,), "url")
        assert focused_question(app) == "q1"
        await type_text(pilot, "www.egovernment.ir")
        assert answers(app)["q1"] == [{"label": "", "url": "www.egovernment.ir", "children": []}]


async def test_url_list_add_remove_reorder_and_nest(isolated_home) -> None:
    app = make_app(isolated_home)
    messages = []
    async with app.run_test(
        size=SIZE, message_hook=lambda m: messages.append(m) if isinstance(m, AnswerChanged) else None
    ) as pilot:
        await pilot.pause()
        await type_text(pilot, "www.egovernment.ir")
        await pilot.press("enter")  # to the label
        await type_text(pilot, "Portal")
        await pilot.press("enter")  # a new entry
        await pilot.pause()
        await type_text(pilot, "www.iran.gov.ir")
        assert [e["url"] for e in answers(app)["q1"]] == ["www.egovernment.ir", "www.iran.gov.ir"]
        # Reorder: the second entry moves up.
        await pilot.press("alt+up")
        await pilot.pause()
        assert [e["url"] for e in answers(app)["q1"]] == ["www.iran.gov.ir", "www.egovernment.ir"]
        assert app.focused.path == (0,)
        await pilot.press("alt+down")
        await pilot.pause()
        assert [e["url"] for e in answers(app)["q1"]] == ["www.egovernment.ir", "www.iran.gov.ir"]
        # Nest the second under the first, then take it out again.
        await pilot.press("alt+right")
        await pilot.pause()
        assert answers(app)["q1"] == [
            {
                "label": "Portal",
                "url": "www.egovernment.ir",
                "children": [{"label": "", "url": "www.iran.gov.ir", "children": []}],
            }
        ]
        assert app.focused.path == (0, 0)
        await pilot.press("alt+left")
        await pilot.pause()
        assert len(answers(app)["q1"]) == 2
        # Remove the second entry.
        await pilot.press("alt+delete")
        await pilot.pause()
        assert answers(app)["q1"] == [{"label": "Portal", "url": "www.egovernment.ir", "children": []}]
        assert all(m.question_id == "q1" for m in messages) and messages


async def test_removing_a_parent_keeps_its_nested_entries(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(
        questionnaire.question("q1"),
        [
            UrlEntry(
                label="Ministry of Energy",
                url="www.moe.gov.ir",
                children=[UrlEntry(label="Tavanir", url="www.tavanir.org.ir")],
            )
        ],
    )
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        widget_for(app, "q1").focus_field("url:0")
        await pilot.pause()
        await pilot.press("alt+delete")
        await pilot.pause()
        assert answers(app)["q1"] == [{"label": "Tavanir", "url": "www.tavanir.org.ir", "children": []}]


async def test_invalid_url_is_marked_as_typed_with_the_reason(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "javascript:alert(1)")
        url_input = app.focused
        assert url_input.has_class("-invalid")
        # The reason is said on the line under the entry, not under the whole list.
        reason = widget_for(app, "q1").query_one(".url-rows > .field-problem")
        assert (
            reason.display
            and "The URL 'javascript:alert(1)' is not valid" in str(reason.render())
            and "only http" in str(reason.render())
        )
        assert not widget_for(app, "q1").query_one(".question-problems").display
        for _ in "javascript:alert(1)":
            await pilot.press("backspace")
        await type_text(pilot, "www.egovernment.ir")
        assert not url_input.has_class("-invalid")
        # The draft keeps what was typed, exactly.
        assert answers(app)["q1"][0]["url"] == "www.egovernment.ir"


async def test_text_counts_words_live_and_marks_going_over(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "II", "q6"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused_question(app) == "q6"
        await type_text(pilot, "Yes, there is.")
        counter = widget_for(app, "q6").query_one(".word-count")
        assert "3 / 250 words" in str(counter.render())
        text_area = app.focused
        text_area.insert(" word" * 250)  # a paste: never refused, never cut
        await pilot.pause()
        assert "253 / 250 words (3 over)" in str(counter.render())
        assert counter.has_class("-over") and text_area.has_class("-invalid")
        assert answers(app)["q6"].endswith("word")
        problems = widget_for(app, "q6").query_one(".question-problems")
        assert "over the limit" in str(problems.render())


async def test_persian_chinese_and_emoji_are_stored_as_typed(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "II", "q7"
    app = make_app(isolated_home, response)
    text = "بله، راهبرد دولت الکترونیک 中文测试 👩‍👩‍👧"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.focused.insert(text)
        await pilot.pause()
        assert answers(app)["q7"] == text
        assert "8 / 250 words" in str(widget_for(app, "q7").query_one(".word-count").render())


async def test_checklist_check_detail_other_and_explanation(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "VII", "q15"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, OptionBox) and app.focused.option_id == "ai"
        await pilot.press("space")
        await pilot.press("tab", "space")  # blockchain
        await pilot.pause()
        assert answers(app)["q15"]["selected"] == ["ai", "blockchain"]
        widget = widget_for(app, "q15")
        other_box = next(box for box in widget.query(OptionBox) if box.option_id == "other")
        other_box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert answers(app)["q15"]["selected"] == ["ai", "blockchain", "other"]
        await type_text(pilot, "Cognitive science")  # ticked, Other's text has the focus
        assert answers(app)["q15"]["other"] == "Cognitive science"
        await pilot.press("tab")
        await type_text(pilot, "Road maps published")
        assert answers(app)["q15"]["explanation"] == "Road maps published"
        # Unchecking Other keeps its text (the review says it is kept).
        other_box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert answers(app)["q15"]["other"] == "Cognitive science"
        assert "other" not in answers(app)["q15"]["selected"]


async def test_checked_option_that_invites_detail_shows_its_field(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "II", "q8"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        widget = widget_for(app, "q8")
        detail = next(d for d in widget.query(OptionDetail) if d.option_id == "implementation_plan")
        assert not detail.display
        await pilot.press("space")
        await pilot.pause()
        assert detail.display
        await pilot.press("tab")
        assert detail in app.focused.ancestors
        await type_text(pilot, "Appendix C of the roadmap")
        assert answers(app)["q8"] == {
            "selected": ["implementation_plan"],
            "details": {"implementation_plan": "Appendix C of the roadmap"},
            "other": "",
            "explanation": "",
        }


async def test_yes_no_shows_and_hides_dependent_questions_keeping_answers(
    isolated_home, questionnaire
) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "IV", "q10"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        q11 = widget_for(app, "q11")
        assert not q11.display
        await pilot.press("enter")  # Yes
        await pilot.pause()
        assert answers(app)["q10"] == "yes" and q11.display
        q11.focus_first()
        await pilot.pause()
        await type_text(pilot, "Published on payesh.iran.gov.ir")
        widget_for(app, "q10").focus_first()
        await pilot.pause()
        await pilot.press("right", "enter")  # No
        await pilot.pause()
        assert answers(app)["q10"] == "no"
        assert not q11.display
        assert answers(app)["q11"] == "Published on payesh.iran.gov.ir"  # kept, not deleted
        await pilot.press("delete")  # clears the answer
        await pilot.pause()
        assert "q10" not in answers(app)
        assert [str(button._button) for button in widget_for(app, "q10").query("RadioButton")] == [
            "( )",
            "( )",
        ]


async def test_cio_details_follow_question_4(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "I", "q4"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card = widget_for(app, "q4_cio")
        assert not card.display
        await pilot.press("enter")
        await pilot.pause()
        assert card.display


async def test_contact_card_checks_each_field_as_typed(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "X", "contact"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Amir Nazemi")
        await pilot.press("enter")  # the next field
        await type_text(pilot, "President of ITO")
        await pilot.press("enter")
        await type_text(pilot, "nazemi.ito.gov.ir")
        email = app.focused
        assert email.field == "email" and email.has_class("-invalid")
        line = next(s for s in widget_for(app, "contact").query(".field-problem") if s.name == "email")
        assert line.display and "not an e-mail address" in str(line.render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "nazemi@ito.gov.ir ; egov@ito.gov.ir")
        assert not email.has_class("-invalid")
        assert (
            answers(app)["contact"]
            == ContactAnswer(
                name="Amir Nazemi", title="President of ITO", email="nazemi@ito.gov.ir ; egov@ito.gov.ir"
            ).model_dump()
        )


async def test_read_only_view_changes_nothing(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q1"), [UrlEntry(url="www.egovernment.ir")])
    app = make_app(isolated_home, response, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.read_only
        assert url_entries_editable(app, "q1") == [False]
        await pilot.press("tab", "tab")  # nothing to land on in the entry, nothing made editable
        assert url_entries_editable(app, "q1") == [False]
        assert "Read-only" in str(app.screen.query_one("#save-state").render())


async def test_typing_into_a_filled_field_adds_to_it_never_replaces_it(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q1"), [UrlEntry(url="www.egovernment.ir")])
    response.position.section, response.position.question = "I", "q1"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.value == "www.egovernment.ir"
        await type_text(pilot, "/en")
        assert answers(app)["q1"][0]["url"] == "www.egovernment.ir/en"


async def test_url_entries_are_text_until_visited_and_tab_walks_them_both_ways(
    isolated_home, questionnaire
) -> None:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(
        questionnaire.question("q1"),
        [
            UrlEntry(url="www.egovernment.ir", label="Portal"),
            UrlEntry(url="www.iran.gov.ir", label="Services"),
        ],
    )
    response.set_answer(questionnaire.question("q2b"), [UrlEntry(url="www.majlis.ir", label="Parliament")])
    response.position.section, response.position.question = "I", "q1"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        section = app.screen.section_view("I")
        # Only the entry holding the focus has fields; the others are drawn as text.
        assert len(section.query(EntryInput)) == 2
        assert "www.majlis.ir" in str(widget_for(app, "q2b").query_one("UrlRow").render())

        def where() -> tuple:
            focused = app.focused
            assert isinstance(focused, EntryInput), focused
            return focused.path, focused.part, focused.value

        assert where() == ((0,), "url", "www.egovernment.ir")
        await pilot.press("tab")
        assert where() == ((0,), "label", "Portal")
        await pilot.press("tab")
        await pilot.pause()
        assert where() == ((1,), "url", "www.iran.gov.ir")
        await pilot.press("shift+tab")
        await pilot.pause()
        assert where() == ((0,), "label", "Portal")
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert where() == ((1,), "label", "Services")
        await pilot.press("shift+tab")
        await pilot.pause()
        await type_text(pilot, "/en")
        assert answers(app)["q1"][1]["url"] == "www.iran.gov.ir/en"
        assert len(section.query(EntryInput)) == 4  # two entries visited, two pairs of fields


async def test_a_click_on_an_entry_drawn_as_text_edits_the_field_under_the_pointer(
    isolated_home, questionnaire
) -> None:
    from msq_tui.tui.widgets.urls import UrlRow

    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q2a"), [UrlEntry(url="www.iran.gov.ir")])
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = widget_for(app, "q2a").query_one(UrlRow)
        assert not row.active
        await pilot.click(row, offset=(row.region.width - 3, 0))  # on the label's half
        await pilot.pause()
        assert isinstance(app.focused, EntryInput) and (app.focused.path, app.focused.part) == ((0,), "label")
        await type_text(pilot, "E-services portal")
        assert answers(app)["q2a"] == [
            {"label": "E-services portal", "url": "www.iran.gov.ir", "children": []}
        ]


async def test_texts_are_drawn_at_rest_until_visited_then_edited_at_their_end(
    isolated_home, questionnaire
) -> None:
    from textual.widgets import TextArea

    from msq_tui.tui.widgets.limited_text import LimitedTextArea, TextAtRest

    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q6"), "Yes, there is.")
    response.set_answer(questionnaire.question("q7"), " word" * 300)  # over the limit
    response.position.section, response.position.question = "II", "q6"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        section = app.screen.section_view("II")
        # Only the text in focus is a TextArea; the other is drawn at rest, marked as over.
        assert len(section.query(TextArea)) == 1
        q7 = widget_for(app, "q7").query_one(LimitedTextArea)
        at_rest = q7.query_one(TextAtRest)
        assert at_rest.has_class("-invalid") and "word word" in str(at_rest.render())
        assert "300 / 250 words (50 over)" in str(q7.query_one(".word-count").render())
        await type_text(pilot, " Since 2019.")
        assert answers(app)["q6"] == "Yes, there is. Since 2019."  # the cursor was at the end
        await pilot.press("tab")
        await pilot.pause()
        assert (
            isinstance(app.focused, TextArea)
            and app.focused.parent is q7
            and app.focused.has_class("-invalid")
        )
        assert not q7.query_one(TextAtRest).display
        await pilot.press("backspace")
        assert answers(app)["q7"] == " word" * 299 + " wor"
        await pilot.press("shift+tab")
        assert focused_question(app) == "q6"


async def test_a_read_only_text_can_still_be_scrolled_and_a_click_opens_a_text(
    isolated_home, questionnaire
) -> None:
    from textual.widgets import TextArea

    from msq_tui.tui.widgets.limited_text import LimitedTextArea, TextAtRest

    response = Response.new(questionnaire, "IRN")
    long_text = "\n".join(f"Paragraph {number}." for number in range(1, 30))
    response.set_answer(questionnaire.question("q6"), long_text)
    response.position.section, response.position.question = "II", "q6"
    app = make_app(isolated_home, response, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, TextArea) and focused.read_only  # to scroll and copy from
        await pilot.press("x")
        assert app.session.response.answers["q6"] == long_text
    short = Response.new(questionnaire, "NOR")
    short.position.section, short.position.question = "II", "q6"
    app = make_app(isolated_home, short)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        q7 = widget_for(app, "q7").query_one(LimitedTextArea)
        assert isinstance(app.focused, TextArea) and app.focused.parent is not q7
        await pilot.click(q7.query_one(TextAtRest))
        await pilot.pause()
        assert isinstance(app.focused, TextArea) and app.focused.parent is q7


def test_a_text_at_rest_draws_only_what_its_box_shows() -> None:
    from msq_tui.tui.widgets.limited_text import AT_REST_LINES, _beginning

    assert _beginning("") == "" and _beginning("Yes.\nNo.") == "Yes.\nNo."
    pasted = "Officials publish decisions every day. " * 130_000  # 5 MB on one line
    shown = _beginning(pasted)
    assert pasted.startswith(shown[:-1]) and shown.endswith("…") and len(shown) <= 2_001
    lines = "line\n" * 100
    assert _beginning(lines).count("\n") == AT_REST_LINES and _beginning(lines).endswith("…")


async def test_each_field_is_mounted_once_by_textual(isolated_home, monkeypatch) -> None:
    from collections import Counter

    from textual.widgets import Input

    from msq_tui.tui.widgets.fields import CompactInput

    mounts: Counter = Counter()
    original = Input._on_mount

    def counting(self, event) -> None:
        mounts[id(self)] += 1
        original(self, event)

    monkeypatch.setattr(Input, "_on_mount", counting)
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g", "0")  # section X: a contact card and checklists
        await pilot.pause()
        fields = list(app.screen.query(CompactInput))
        assert len(fields) >= 5
        # Input's mount handler ran once for each: twice left a cursor-blink timer never stopped.
        assert all(mounts[id(field)] == 1 for field in fields)


async def test_a_word_typed_onto_a_new_last_line_is_in_sight(isolated_home, questionnaire) -> None:
    long_text = (
        "The government reports on question 18 through its national portals and publishes the results. " * 7
    )
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q18"), long_text.strip())
    response.position.section, response.position.question = "VIII", "q18"
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.focused
        hidden = []
        for character in " Every ministry reports again, each quarter, on every service":
            await pilot.press("space" if character == " " else character)
            row = area.wrapped_document.location_to_offset(area.cursor_location).y
            top, height = area.scroll_offset.y, area.scrollable_content_region.height
            if not top <= row < top + height:
                hidden.append(character)
        assert area.wrapped_document.height > 12 and not hidden  # the text scrolls inside its box
