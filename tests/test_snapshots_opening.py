"""A snapshot at 80x24 of a draft carried forward, as it first opens: on A.1, the first carried answer,
with the carried notice over the section index, off the fields (`--snapshot-update` accepts changes;
look at the picture first)."""

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.app import MsqApp

from .test_snapshots import pin
from .test_tui_opening_sight import partly_carried_draft


def test_a_carried_draft_as_it_first_opens(snap_compare, fixed_home) -> None:
    questionnaire = builtin_questionnaire()
    store, response = partly_carried_draft(fixed_home, questionnaire)
    app = MsqApp(questionnaire, DraftStore(), open_id=str(response.response_id))
    assert snap_compare(app, terminal_size=(80, 24), run_before=pin)
