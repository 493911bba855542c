"""The start screen tells drafts apart: drafts of one country, a coordinator's and an agency's, and
names each form as the rest of msq does ("MSQ 2026 SAMPLE", never "MSQ 2026_SAMPLE")."""

import uuid
from datetime import UTC, datetime
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import OptionList, Static

from msq_tui.agencies.assignment import agency_draft
from msq_tui.cli import main
from msq_tui.model.answers import Response
from msq_tui.model.contributions import Assignment, Collaboration
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.draft_summaries import short_ids
from msq_tui.store.drafts import DraftStore

from .tui_helpers import SIZE, make_app

WHEN = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
SAMPLE = Path(__file__).parent / "data" / "msq2026_sample.toml"


def drafts_of_one_country(store: DraftStore) -> tuple[Response, Response, Response]:
    """The coordinator's draft with a part out, the agency's draft of that part, and a second draft
    of the same country (as `msq new` twice makes)."""
    questionnaire = builtin_questionnaire()
    coordinator = Response.new(questionnaire, "GBR")
    assignment = Assignment(
        response_id=coordinator.response_id,
        country="GBR",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="Cabinet Office",
        agency="Ministry of Justice",
        questions=["q9"],
        created=WHEN,
    )
    coordinator.collaboration = Collaboration(assignments=[assignment])
    agency = agency_draft(questionnaire, assignment)
    again = Response.new(questionnaire, "GBR")
    for response in (coordinator, agency, again):
        store.save(response)
    return coordinator, agency, again


def shown_drafts(app) -> dict[str, list[str]]:
    """Each draft's lines on the start screen, by its id."""
    drafts = app.screen.query_one("#drafts", OptionList)
    return {
        str(option.id): str(option.prompt).splitlines()
        for option in (drafts.get_option_at_index(index) for index in range(drafts.option_count))
    }


async def test_drafts_of_one_country_are_told_apart_on_every_line(isolated_home) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    coordinator, agency, again = drafts_of_one_country(store)
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = shown_drafts(app)
        width = app.screen.query_one("#drafts", OptionList).scrollable_content_region.width
        for response in (coordinator, agency, again):
            first, second = shown[str(response.response_id)]
            # The country whole, and the id as `msq list` shows it (and `msq open` takes it).
            assert first.startswith(" United Kingdom of Great Britain and Northern Ireland ")
            assert second.split()[0] == str(response.response_id)[:8]
            assert "saved " in second
            assert cell_len(first) <= width and cell_len(second) <= width
        # What each is, on its own line, whichever draft the cursor is on.
        assert "agency part: Ministry of Justice" in shown[str(agency.response_id)][1]
        assert "agencies: 1 out (Ministry of Justice), 0 back" in shown[str(coordinator.response_id)][1]
        assert "agenc" not in shown[str(again.response_id)][1]
        assert shown[str(agency.response_id)][0].rstrip().endswith("0/1  draft")  # its own question
        # One form for all: named once above the list, as the questionnaire's header names it.
        assert "drafts of MSQ 2020" in str(app.screen.query_one("#start-title", Static).render())
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.screen.selected() is not None


async def test_a_line_cut_at_the_edge_is_shown_whole_under_the_list(isolated_home) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    questionnaire = builtin_questionnaire()
    assignment = Assignment(
        response_id=uuid.uuid4(),
        country="IRN",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="ITO",
        agency="Ministry of Information and Communications Technology, Telecommunication Department",
        questions=["q9"],
        created=WHEN,
    )
    store.save(agency_draft(questionnaire, assignment))
    store.save(Response.new(questionnaire, "IRN"))
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drafts = app.screen.query_one("#drafts", OptionList)
        detail = app.screen.query_one("#start-agencies", Static)
        agency_row = next(
            index
            for index in range(drafts.option_count)
            if "agency part" in str(drafts.get_option_at_index(index).prompt)
        )
        drafts.highlighted = agency_row
        await pilot.pause()
        assert str(drafts.get_option_at_index(agency_row).prompt).endswith("…")
        assert detail.display and "Telecommunication Department" in str(detail.render())
        drafts.highlighted = 1 - agency_row
        await pilot.pause()
        assert not detail.display


async def test_forms_are_named_for_people_on_the_start_screen_and_in_msq_list(isolated_home, capsys) -> None:
    store = DraftStore(isolated_home)
    store.questionnaires.add(SAMPLE)
    sample = store.create(store.questionnaires.choose("msq2026_sample"), "IRN")
    builtin = store.create(builtin_questionnaire(), "IRN")
    app = make_app(isolated_home, country="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = shown_drafts(app)
        assert "MSQ 2026 SAMPLE" in shown[str(sample.response_id)][1]
        assert "MSQ 2020" in shown[str(builtin.response_id)][1]
        assert "_SAMPLE" not in "".join(line for lines in shown.values() for line in lines)
        title = str(app.screen.query_one("#start-title", Static).render())
        assert "drafts of" not in title  # two forms: each draft names its own
    assert main(["list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    sample_line = next(line for line in listed if line.startswith(str(sample.response_id)[:8]))
    assert "MSQ 2026 SAMPLE" in sample_line and "msq2026_sample" not in sample_line


def test_msq_list_says_what_each_draft_of_a_country_is(isolated_home, capsys) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    coordinator, agency, again = drafts_of_one_country(store)
    assert main(["list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    after = {line.split()[0]: listed[number + 1] for number, line in enumerate(listed[1:-1], start=1)}
    assert after[str(agency.response_id)[:8]].strip() == "agency part: Ministry of Justice"
    assert after[str(coordinator.response_id)[:8]].strip() == "agencies: 1 out (Ministry of Justice), 0 back"


def test_ids_that_start_alike_are_shown_until_they_differ_and_open_by_that(isolated_home) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    questionnaire = builtin_questionnaire()
    twins = []
    for number in (1, 2):
        response = Response.new(questionnaire, "IRN")
        response.response_id = uuid.UUID(f"1234abcd-{number}000-4000-8000-000000000000")
        store.save(response)
        twins.append(str(response.response_id))
    store.save(Response.new(questionnaire, "CHN"))
    summaries = store.summaries(questionnaire)
    shown = dict(zip((summary.response_id for summary in summaries), short_ids(summaries), strict=True))
    assert shown[twins[0]] == "1234abcd-1" and shown[twins[1]] == "1234abcd-2"
    assert all(len(short) == 8 for response_id, short in shown.items() if response_id not in twins)
    assert [store.find(shown[twin]) for twin in twins] == twins  # what is shown opens that draft
