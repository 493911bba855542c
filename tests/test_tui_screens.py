"""Pilot tests of the screens: sections, the palette, the review, the start screen, quitting."""

from msq_tui.model.answers import Response
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.screens.dialogs import ConfirmDialog, CountryPicker
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen
from msq_tui.tui.screens.review import ReviewScreen
from msq_tui.tui.screens.sections import SectionIndex, SectionView
from msq_tui.tui.screens.start import StartScreen
from msq_tui.tui.widgets.urls import EntryInput

from .tui_helpers import SIZE, focused_question, make_app, type_text


def built_sections(app) -> list[str]:
    return [view.section.id for view in app.screen.query(SectionView)]


async def test_sections_one_key_each_built_once_and_kept(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert built_sections(app) == ["I"]  # only the section on screen is built
        await pilot.press("alt+n")
        await pilot.pause()
        assert screen.current_section == "II" and focused_question(app) == "q6"
        await pilot.press("ctrl+g", "8")  # the index, then one key
        await pilot.pause()
        assert screen.current_section == "VIII" and focused_question(app) == "q17"
        await pilot.press("ctrl+g", "0")
        await pilot.pause()
        assert screen.current_section == "X"
        await pilot.press("alt+p")
        await pilot.pause()
        assert screen.current_section == "IX"
        first_view = screen.section_view("I")
        await pilot.press("ctrl+g", "1")
        await pilot.pause()
        assert screen.section_view("I") is first_view  # switching does not rebuild
        assert sorted(built_sections(app)) == sorted(["I", "II", "VIII", "X", "IX"])


async def test_section_index_by_keyboard(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        assert isinstance(app.focused, SectionIndex)
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.screen.current_section == "III"  # shown while moving through the index
        await pilot.press("enter")
        await pilot.pause()
        assert focused_question(app) == "q9"


async def test_index_shows_progress_and_errors(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        index = app.screen.query_one(SectionIndex)
        assert "0/17" in str(index.get_option_at_index(0).prompt)
        await type_text(pilot, "localhost")
        prompt = str(index.get_option_at_index(0).prompt)
        assert "1/17" in prompt and "✗" in prompt


async def test_palette_finds_a_question_by_number(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "question 14")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current_section == "VI"
        assert focused_question(app) == "q14"


async def test_palette_finds_a_section_by_words(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "legal framework")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current_section == "III"


async def test_review_lists_errors_first_and_jumps_into_the_field(isolated_home, questionnaire) -> None:
    response = Response.new(questionnaire, "IRN")
    response.set_answer(
        questionnaire.question("q3"),
        [UrlEntry(label="ITO", url="www.ito.gov.ir"), UrlEntry(label="Bad", url="ftp://files.ito.gov.ir")],
    )
    response.answers = {**response.answers, "q10": "no", "q11": "kept text"}
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        lines = [
            str(review.query_one("#review-list").get_option_at_index(i).prompt)
            for i in range(review.query_one("#review-list").option_count)
        ]
        assert lines[0].startswith("Errors (1)")
        assert "Question 3 (Please provide name(s) and URL(s) of…), entry 2" in lines[1]
        assert any(line.startswith("Not answered") for line in lines)
        hidden_header = next(i for i, line in enumerate(lines) if line.startswith("Hidden answers"))
        assert "question 11" in lines[hidden_header + 1]
        assert "1 error to fix" in str(review.query_one("#review-summary").render())
        await pilot.press("enter")  # the cursor starts on the error, past the heading
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        focused = app.focused
        assert isinstance(focused, EntryInput) and focused.path == (1,) and focused.part == "url"


async def test_opening_resumes_where_the_respondent_left_off(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g", "6")
        await pilot.pause()
        await type_text(pilot, "Many officials use social media.")
        response_id = app.session.response_id
        await pilot.press("ctrl+q")
    reopened = make_app(isolated_home, country="")
    reopened._open_id = response_id
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert reopened.screen.current_section == "VI"
        assert focused_question(reopened) == "q14"
        assert reopened.session.response.answers["q14"] == "Many officials use social media."


async def test_ctrl_q_saves_what_was_just_typed(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "www.egovernment.ir")
        response_id = app.session.response_id
        await pilot.press("ctrl+q")  # at once, before any autosave is due
    store = DraftStore(isolated_home)
    from msq_tui.model.definitions_check import builtin_questionnaire

    assert store.load(response_id, builtin_questionnaire()).answers["q1"][0]["url"] == "www.egovernment.ir"


async def test_start_screen_new_response_with_the_country_picker(isolated_home) -> None:
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CountryPicker)
        await type_text(pilot, "ira")
        await pilot.press("down")  # Iran, then Iraq
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.session.response.country == "IRQ"


async def test_the_country_picker_finds_names_without_their_accents(isolated_home) -> None:
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "turkiye")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.session.response.country == "TUR"


async def test_start_screen_delete_asks_and_can_be_undone(isolated_home, questionnaire) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    kept = store.create(questionnaire, "IRN")
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [s.response_id for s in screen.summaries] == [str(kept.response_id)]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the focus is on "Keep"
        await pilot.pause()
        assert store.ids() == [str(kept.response_id)]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("left", "enter")  # "Delete"
        await app.workers.wait_for_complete()  # the move to the trash runs off the UI thread
        await pilot.pause()
        assert store.ids() == []
        assert store.deleted()
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert store.ids() == [str(kept.response_id)]
        assert [s.response_id for s in screen.summaries] == [str(kept.response_id)]


async def test_dark_and_light_themes(isolated_home) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
