"""The header of a draft just opened says when it was last saved (its file's time), not when it was
opened; with the date when that was not today."""

import os
from datetime import datetime, timedelta

from msq_tui.model.answers import Position
from msq_tui.store.session import saved_moment

from .fixtures import full_response
from .test_tui_at_rest import cells, settle
from .tui_helpers import SIZE, make_app, type_text

NOW = datetime(2026, 11, 29, 9, 15, 7).astimezone()


def test_a_save_today_is_said_by_its_time_another_day_with_its_date() -> None:
    assert saved_moment(NOW.replace(hour=8, minute=1, second=2), NOW) == "08:01:02"
    assert saved_moment(NOW.replace(day=28, hour=14, minute=2), NOW) == "28 Nov 14:02"
    assert saved_moment(NOW.replace(month=3, day=5, hour=9, minute=0), NOW) == "5 Mar 09:00"
    assert (
        saved_moment(NOW.replace(year=2025, month=12, day=31, hour=23, minute=59), NOW) == "31 Dec 2025 23:59"
    )


def opened_draft_saved_at(home, questionnaire, moment: datetime):
    """An app that opens a draft whose file was last written at ``moment``."""
    response = full_response(questionnaire)
    # Opened where it was left: moving elsewhere would be a change, saved within a second.
    response.position = Position(section="II", question="q6")
    app = make_app(home, response)  # saves it
    os.utime(app.store.path(str(response.response_id)), (moment.timestamp(), moment.timestamp()))
    return app


async def test_a_draft_opened_says_when_it_was_last_saved_with_its_date(isolated_home, questionnaire) -> None:
    # Three days ago at 14:02 (the year before, early in January): never today.
    now = datetime.now().astimezone()
    then = (now - timedelta(days=3)).replace(hour=14, minute=2, second=0, microsecond=0)
    expected = f"Saved {then.day} {then:%b}{f' {then.year}' if then.year != now.year else ''} 14:02"
    app = opened_draft_saved_at(isolated_home, questionnaire, then)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = app.screen.query_one("#save-state")
        assert not app.session.policy.dirty  # nothing to save: the header's time is the file's
        assert cells(app, header).strip() == expected
        app.session.tick = lambda: None  # no autosave while the header is read
        await type_text(pilot, " More.")
        assert cells(app, header).strip() == f"{expected}, edited since"
        saved = app.session.save_blocking()  # saved now: said by today's time
        assert saved.saved_at is not None
        await settle(pilot)
        assert cells(app, header).strip() == f"Saved {saved.saved_at:%H:%M:%S}"


async def test_a_draft_saved_earlier_today_says_the_time_of_that_save(isolated_home, questionnaire) -> None:
    now = datetime.now().astimezone().replace(microsecond=0)
    earlier = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0, second=0))
    app = opened_draft_saved_at(isolated_home, questionnaire, earlier)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.session.policy.dirty
        assert cells(app, app.screen.query_one("#save-state")).strip() == f"Saved {earlier:%H:%M:%S}"
