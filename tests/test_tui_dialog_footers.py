"""Each dialog shows its own keys on the last line, not the keys of the screen behind it (which
do nothing there: "^r Review" over a notes dialog, "s Sign off" over a question)."""

import pytest

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.tui.screens.dialogs import ChoiceDialog, NotesDialog, PathDialog

from .fixtures import full_response
from .test_tui_at_rest import screen_lines, settle
from .tui_helpers import SIZE, make_app


@pytest.mark.parametrize(
    ("dialog", "own_key"),
    [
        (lambda: ChoiceDialog("Export", "Export now?", [("now", "Export"), ("later", "Later")]), "Cancel"),
        (lambda: NotesDialog("Notes", "A short note."), "Close"),
        (lambda: PathDialog("Import", "Which file?"), "Cancel"),
    ],
    ids=["choice", "notes", "path"],
)
async def test_a_dialog_shows_its_own_keys_not_the_questionnaires(isolated_home, dialog, own_key) -> None:
    app = make_app(isolated_home, full_response(builtin_questionnaire()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        behind = screen_lines(app)[-1].text
        assert "Review" in behind  # the questionnaire's footer, before the dialog
        app.push_screen(dialog())
        await settle(pilot)
        footer = screen_lines(app)[-1].text
        assert own_key in footer and "Review" not in footer and "Sections" not in footer, footer
