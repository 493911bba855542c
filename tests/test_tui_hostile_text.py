"""Text from people and files is never markup, and no control character reaches the terminal."""

import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.widgets import OptionList, Static

from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.safe_output import DropControlCharacters
from msq_tui.tui.widgets.contact import ContactInput

from .terminal import Terminal
from .tui_helpers import SIZE, make_app, widget_for

TITLE_CHANGE = "\x1b]2;PWNED\x07"
RED = "\x1b[31m"


def response_with(answers: dict) -> Response:
    questionnaire = builtin_questionnaire()
    response = Response(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        response_id=uuid.uuid4(),
        country="IRN",
        created=datetime(2026, 1, 1, tzinfo=UTC),
        updated=datetime(2026, 1, 1, tzinfo=UTC),
    )
    for question_id, value in answers.items():
        if question_id == "q4":
            response.answers = {**response.answers, "q4": value}
        else:
            response.set_answer(questionnaire.question(question_id), value)
    return response


def problem_lines(widget) -> list[str]:
    return [str(line.content) for line in widget.query(".field-problem").results(Static) if line.display]


async def type_into_cio_field(home: Path, field: str, text: str) -> tuple[list[str], bool]:
    app = make_app(home, response_with({"q4": "yes"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.show_section("I")
        await pilot.pause(0.3)
        card = widget_for(app, "q4_cio")
        target = next(field_input for field_input in card.query(ContactInput) if field_input.field == field)
        target.focus()
        await pilot.pause()
        await pilot.press(*text)
        await pilot.pause(0.3)
        return problem_lines(card), app.is_running


async def test_markup_closing_tag_typed_after_a_phone_number_is_shown_as_typed(isolated_home: Path) -> None:
    lines, running = await type_into_cio_field(isolated_home, "phone", "+98 21 8838 6301 [/]")
    assert running
    assert any("[/]" in line for line in lines), lines


async def test_brackets_in_an_email_are_quoted_as_typed(isolated_home: Path) -> None:
    lines, running = await type_into_cio_field(isolated_home, "email", "john[at]un.org")
    assert running
    assert any("'john[at]un.org'" in line for line in lines), lines


async def test_notifications_quote_paths_and_errors_as_text(isolated_home: Path) -> None:
    app = make_app(isolated_home, response_with({}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.notify("Not imported: /tmp/[/]draft[@click=app.quit]x[/].json")
        app.screen.notify("[bold]not bold[/]")
        await pilot.pause(0.3)
        assert app.is_running
        shown = {str(notification.message): notification.markup for notification in app._notifications}
        assert shown.get("[bold]not bold[/]") is False
        assert all(markup is False for markup in shown.values())


async def test_start_screen_cells_are_text_not_markup(isolated_home: Path, monkeypatch) -> None:
    from msq_tui.store.drafts import DraftStore as Store

    real = Store.summaries

    def summaries_with_markup(self, questionnaire):
        found = real(self, questionnaire)
        for summary in found:
            object.__setattr__(summary, "country_name", "Ir[/]an [@click=q]x[/]")
            object.__setattr__(summary, "agency", "Ministry [b]of[/b] Justice")  # from a file
        return found

    monkeypatch.setattr(Store, "summaries", summaries_with_markup)
    store = DraftStore(isolated_home)
    store.prepare()
    store.save(response_with({}))
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        shown = str(drafts.get_option_at_index(0).prompt)
        assert "Ir[/]an [@click=q]x[/]" in shown and "Ministry [b]of[/b] Justice" in shown


def test_the_filter_removes_control_characters_and_keeps_the_rest() -> None:
    style = Style(bold=True)
    segments = [Segment(f"a{TITLE_CHANGE}{RED}b\x9bc", style), Segment("می‌خواهم\u00ad", None)]
    filtered = DropControlCharacters().apply(segments, Color(0, 0, 0))
    assert [segment.text for segment in filtered] == [
        "a]2;PWNED[31mbc",
        "می‌خواهم\u00ad",
    ]  # ZWNJ and soft hyphen are text
    assert filtered[0].style == style


def test_an_escape_sequence_in_an_answer_never_reaches_the_terminal(isolated_home: Path) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    response = response_with(
        {"q1": [UrlEntry(label=f"Portal{TITLE_CHANGE}{RED}NAME", url="www.egovernment.ir")]}
    )
    store.save(response)
    terminal = Terminal(["open", str(response.response_id)], isolated_home)
    try:
        assert terminal.wait_for(lambda: "PWNED" in terminal.screen_text(), timeout=30), (
            terminal.screen_text()[-2000:]
        )
        time.sleep(0.5)
        output = bytes(terminal.output)
        assert b"\x1b]2;PWNED" not in output
        # Textual's own OSC 22 (the mouse pointer's shape) ends in BEL; nothing else may.
        assert b"\x07" not in output.replace(b"\x1b]22;default\x07", b"")
        assert b"\x1b[31mNAME" not in output
    finally:
        terminal.close()
