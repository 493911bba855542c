"""The dialogs' fields at 80x24, read from the drawn screen: like every field of the questionnaire, a
long value at rest shows its start and "…", and is edited as usual when focused; a passphrase is
never drawn in clear, at rest or not.
"""

from pathlib import Path

from textual.widgets import Input

from msq_tui.store.keys import KeyStore
from msq_tui.tui.screens.assign import AssignDialog
from msq_tui.tui.screens.dialogs import PathDialog
from msq_tui.tui.screens.signoff_dialog import SignOffDialog

from .fixtures import full_response
from .test_tui_at_rest import cells, settle
from .tui_helpers import SIZE, make_app

ORGANIZATION = "Information Technology Organization of the Islamic Republic of Iran, Ministry of ICT"
EMAIL = "amir.nazemi.president.office@information-technology-organization.gov.ir"
PASSPHRASE = "a passphrase long enough to run past the end of its field, typed in full"
FOLDER = "/home/amir/Documents/Information Technology Organization/E-Government Survey 2026/parts"


async def open_sign_off(app, pilot) -> SignOffDialog:
    await settle(pilot)
    await pilot.press("ctrl+r")
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, SignOffDialog)
    return dialog


async def test_the_sign_off_dialogs_long_values_show_their_start_and_an_ellipsis_at_rest(
    isolated_home, questionnaire
) -> None:
    response = full_response(questionnaire)
    response.answers["contact"] = {
        **response.answers["contact"],
        "organization": ORGANIZATION,
        "email": EMAIL,
    }
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_sign_off(app, pilot)
        for name, value in (("organization", ORGANIZATION), ("email", EMAIL)):
            field = dialog.query_one(f"#signer-{name}", Input)
            assert not field.has_focus
            shown = cells(app, field)
            assert shown.endswith("…") and value.startswith(shown[:-1]), shown
        # Focused, the e-mail address is Input's own: the cursor at its end, its end in sight.
        dialog.query_one("#signer-email", Input).focus()
        await settle(pilot)
        shown = cells(app, dialog.query_one("#signer-email", Input))
        assert "…" not in shown and shown.rstrip().endswith(EMAIL[-20:])


async def test_a_passphrase_is_dots_at_rest_too_and_says_it_runs_on(isolated_home, questionnaire) -> None:
    KeyStore().create("correct horse battery staple")
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_sign_off(app, pilot)
        passphrase = dialog.query_one("#signer-passphrase", Input)
        passphrase.focus()
        await settle(pilot)
        await pilot.press(*PASSPHRASE)
        await settle(pilot)
        assert passphrase.value == PASSPHRASE
        dialog.query_one("#sign").focus()  # the passphrase at rest
        await settle(pilot)
        shown = cells(app, passphrase)
    assert set(shown) == {"•", "…"} and shown.endswith("…"), shown


async def test_the_export_folder_of_a_hand_out_shows_its_start_at_rest(isolated_home, questionnaire) -> None:
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = AssignDialog("VIII", Path(FOLDER), [])
        await app.push_screen(dialog)
        await settle(pilot)
        assert dialog.query_one("#assign-agency", Input).has_focus
        shown = cells(app, dialog.query_one("#assign-folder", Input))
        assert shown.endswith("…") and FOLDER.startswith(shown[:-1]), shown
        await pilot.press("tab", "tab")  # into the folder: edited as usual, the cursor at its end
        await settle(pilot)
        folder = dialog.query_one("#assign-folder", Input)
        assert folder.has_focus and folder.cursor_position == len(FOLDER)
        assert cells(app, folder).rstrip().endswith("/parts")


async def test_a_path_offered_is_replaced_by_the_path_typed(isolated_home, questionnaire) -> None:
    app = make_app(isolated_home, full_response(questionnaire))
    chosen: list[Path | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(
            PathDialog("Save a copy elsewhere", "Where to:", FOLDER + "/copy.json"), chosen.append
        )
        await settle(pilot)
        field = app.screen.query_one("#path", Input)
        assert field.has_focus and cells(app, field).rstrip().endswith(
            "/copy.json"
        )  # its end, where the name is
        await pilot.press(*"/tmp/x.json", "enter")
        await settle(pilot)
    assert chosen == [Path("/tmp/x.json")]
