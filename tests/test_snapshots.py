"""Snapshots of each screen at 80x24 (pytest-textual-snapshot); `--snapshot-update` accepts changes.

Everything that moves is pinned: the drafts' times, the save time in the header, the cursor
blink, the time zone and the folder the drafts live in.
"""

import uuid
from datetime import UTC, datetime

import pytest

from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.store.drafts import DraftStore
from msq_tui.store.session import SaveState
from msq_tui.tui.app import MsqApp
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

FIXED = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def sample_response() -> Response:
    questionnaire = builtin_questionnaire()
    response = Response(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        response_id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        country="IRN",
        created=FIXED,
        updated=FIXED,
    )
    q = questionnaire.question
    response.set_answer(
        q("q1"),
        [
            UrlEntry(url="www.egovernment.ir", label="E-government portal"),
            UrlEntry(url="localhost", label="Intranet"),
        ],
    )
    response.set_answer(q("q2a"), [UrlEntry(url="www.iran.gov.ir")])
    response.set_answer(
        q("q5g"),
        [
            UrlEntry(
                label="Ministry of Energy",
                url="http://www.moe.gov.ir/",
                children=[UrlEntry(label="Tavanir Organization", url="https://www.tavanir.org.ir/")],
            )
        ],
    )
    response.set_answer(
        q("q6"), "Yes, there is. Sustainable development is a main theme of every development plan."
    )
    response.set_answer(
        q("q8"),
        ChecklistAnswer(
            selected=["implementation_plan", "sdgs"],
            details={"implementation_plan": "Appendix C of the roadmap"},
        ),
    )
    response.answers = {**response.answers, "q10": "yes"}
    response.set_answer(q("q11"), "Yes, on https://payesh.iran.gov.ir/")
    response.set_answer(
        q("contact"),
        ContactAnswer(
            name="Amir Nazemi",
            title="President of ITO",
            email="nazemi@ito.gov.ir",
            organization="Information Technology Organization of Iran",
        ),
    )
    # Opened on question 1 (with its invalid URL), as a section shown again returns to where it was left.
    response.position.section, response.position.question = "I", "q1"
    response.updated = FIXED
    return response


def app_with_drafts(open_draft: bool) -> MsqApp:
    questionnaire = builtin_questionnaire()
    store = DraftStore()
    store.prepare()
    response = sample_response()
    store.save(response)
    other = Response(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        response_id=uuid.UUID("00000002-0000-4000-8000-000000000002"),  # ids differ in their first 8
        country="CHN",
        created=FIXED,
        updated=datetime(2026, 10, 30, 8, 15, tzinfo=UTC),
    )
    store.save(other)
    return MsqApp(questionnaire, store, open_id=str(response.response_id) if open_draft else None)


async def pin(pilot) -> None:
    """Stop what moves: cursor blink, the clock in the header, autosave."""
    app = pilot.app
    await pilot.pause()
    if app.session is not None:
        app.session.tick = lambda: None  # no save while the picture is taken
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False
        if isinstance(screen, QuestionnaireScreen):
            # At FIXED's time of day, today: the header says "Saved 10:30:00" on any day the
            # tests run (a save on another day is said with its date, which would move).
            today = datetime.now().astimezone().replace(hour=FIXED.hour, minute=FIXED.minute, second=0)
            screen.show_save_state(SaveState("saved", today))
    await pilot.pause()


def section(number: int):
    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("ctrl+g", str(number % 10))
        await pin(pilot)

    return run_before


def test_start_screen(snap_compare, fixed_home) -> None:
    assert snap_compare(app_with_drafts(open_draft=False), run_before=pin)


@pytest.mark.parametrize(
    "number",
    [1, 2, 4, 10],
    ids=[
        "I-urls-with-an-invalid-url",
        "II-text-and-checklist",
        "IV-yes-no-and-dependent-text",
        "X-contact-and-checklists",
    ],
)
def test_questionnaire_sections(snap_compare, fixed_home, number: int) -> None:
    assert snap_compare(app_with_drafts(open_draft=True), run_before=section(number))


def test_review_screen(snap_compare, fixed_home) -> None:
    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("ctrl+r")
        await pin(pilot)

    assert snap_compare(app_with_drafts(open_draft=True), run_before=run_before)


def test_country_picker(snap_compare, fixed_home) -> None:
    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("n", *"rep")
        await pin(pilot)

    assert snap_compare(app_with_drafts(open_draft=False), run_before=run_before)


def test_monochrome_with_no_color(snap_compare, fixed_home, monkeypatch) -> None:
    """NO_COLOR: errors stay readable by their marks and words, not by colour alone."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_with_drafts(open_draft=True), run_before=section(1))


@pytest.mark.parametrize("question", ["q8", "q10"], ids=["q8-ticked-and-unticked-options", "q10-yes-chosen"])
def test_monochrome_choices_with_no_color(snap_compare, fixed_home, monkeypatch, question: str) -> None:
    """NO_COLOR: a ticked option reads [x] and an unticked one [ ]; a chosen answer (•), the other ( )."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await pin(pilot)
        pilot.app.screen.jump_to(question, None)
        await pin(pilot)

    assert snap_compare(app_with_drafts(open_draft=True), run_before=run_before)


def test_light_theme(snap_compare, fixed_home) -> None:
    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("ctrl+t")
        await pin(pilot)

    assert snap_compare(app_with_drafts(open_draft=True), run_before=run_before)


def test_sign_off_dialog(snap_compare, fixed_home) -> None:
    from .fixtures import full_response

    questionnaire = builtin_questionnaire()
    store = DraftStore()
    store.prepare()
    response = full_response(questionnaire)
    store.save(response)
    app = MsqApp(questionnaire, store, open_id=str(response.response_id))

    async def run_before(pilot) -> None:
        await pin(pilot)
        await pilot.press("ctrl+r")
        await pin(pilot)
        await pilot.press("s")
        await pin(pilot)

    assert snap_compare(app, run_before=run_before)
