"""Helpers for the Pilot tests: an app on a temporary msq home, and ways to find its widgets."""

from pathlib import Path

from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.app import MsqApp
from msq_tui.tui.widgets import QuestionWidget

SIZE = (80, 24)


def make_app(home: Path, response: Response | None = None, country: str = "IRN", **options) -> MsqApp:
    """An app whose draft is ``response`` (saved first) or a new response for ``country``."""
    questionnaire = builtin_questionnaire()
    store = DraftStore(home)
    if response is not None:
        store.prepare()
        store.save(response)
        return MsqApp(questionnaire, store, open_id=str(response.response_id), **options)
    if country:
        return MsqApp(questionnaire, store, new_country=country, **options)
    return MsqApp(questionnaire, store, **options)


def widget_for(app: MsqApp, question_id: str) -> QuestionWidget:
    for widget in app.screen.query(QuestionWidget):
        if widget.question_id == question_id:
            return widget
    raise LookupError(f"no widget for {question_id} on the current screen")


def focused_question(app: MsqApp) -> str | None:
    focused = app.focused
    if focused is None:
        return None
    for node in (focused, *focused.ancestors):
        if isinstance(node, QuestionWidget):
            return node.question_id
    return None


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


def url_entries_editable(app: MsqApp, question_id: str) -> list[bool]:
    """For each entry of a URL question: can it be edited (a row that takes the focus, or enabled fields)?"""
    from msq_tui.tui.widgets.urls import UrlRow

    states = []
    for row in widget_for(app, question_id).query(UrlRow):
        fields = [field for field in (row.field("url"), row.field("label")) if field is not None]
        states.append(row.focusable if not fields else not any(field.disabled for field in fields))
    return states


async def finish_disk_work(pilot) -> None:
    """Let the disk work started by the last key (export, sign-off, import ...) end and its dialog close."""
    for _ in range(3):
        # Only the disk work: the screens' own async workers (bringing a question into view)
        # wait for their screen to be drawn again, which a screen under a dialog is not.
        await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if w.group == "disk"])
        await pilot.pause()


async def pause_until(pilot, condition, timeout: float = 10.0) -> None:
    """Pause until ``condition()`` holds, for what the app finishes a few frames after a first pause
    (a footer recomposed once the focus lands): on a loaded machine, one pause can end before it."""
    import time

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.05)
