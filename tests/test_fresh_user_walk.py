"""What a new respondent's walk through the TUI found: each test presses the keys that went wrong."""

from textual.widgets import RadioSet

from msq_tui.tui.screens.review import ReviewScreen
from msq_tui.tui.screens.signoff_dialog import SignOffDialog

from .fixtures import full_response
from .tui_helpers import SIZE, make_app


async def _sign_off_dialog(pilot) -> SignOffDialog:
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    await pilot.press("s")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, SignOffDialog)
    return dialog


async def test_publish_left_is_yes_and_right_is_no_from_the_first_key(isolated_home, questionnaire) -> None:
    # The README's yes/no keys (← Yes, → No, Space sets) hold for the authorisation to publish:
    # Textual's RadioSet wraps, so a first Left from Yes chose No, the opposite of what was meant.
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _sign_off_dialog(pilot)
        # The name, title, organization and e-mail, then the authorisation: Tab by Tab.
        await pilot.press("tab", "tab", "tab", "tab")
        publish = dialog.query_one("#publish", RadioSet)
        assert app.focused is publish
        await pilot.press("left", "space")
        assert publish.pressed_button is not None and publish.pressed_button.name == "yes"
        await pilot.press("right", "space")
        assert publish.pressed_button is not None and publish.pressed_button.name == "no"
        await pilot.press("left", "enter")
        assert publish.pressed_button is not None and publish.pressed_button.name == "yes"


def test_an_e_mail_problem_reads_as_one_sentence() -> None:
    from msq_tui.model.contact_checks import email_problem

    # email-validator's sentence continues ours after the colon: no capital in the middle.
    assert email_problem("maryam@ict") == (
        "'maryam@ict' is not an e-mail address: the part after the @-sign is not valid. "
        "It should have a period."
    )


async def test_the_arrows_move_between_a_checklists_options(isolated_home) -> None:
    # Down in a checklist did nothing (a single choice moves with the arrows): three Spaces then
    # ticked and unticked the first option. A detail open under an option is passed over.
    from msq_tui.tui.widgets.checklist import OptionBox

    from .tui_helpers import focused_question

    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g", "7")  # section VII: question 15, a checklist
        await pilot.pause()
        assert focused_question(app) == "q15"
        await pilot.press("space", "down", "down", "space", "up", "space", "up", "up")
        await pilot.pause()
        assert app.session.response.answers["q15"]["selected"] == ["ai", "blockchain", "big_data"]
        assert isinstance(app.focused, OptionBox) and app.focused.option_id == "ai"  # Up stops at the first

        await pilot.press("ctrl+g", "2")  # question 8: options with a detail each
        await pilot.pause()
        await pilot.press("tab", "tab")  # from question 6 to 7, then to 8's first option
        await pilot.press("space", "down")
        await pilot.pause()
        assert isinstance(app.focused, OptionBox) and app.focused.option_id == "national_strategy"


def test_plain_mode_reads_a_checklists_explanation_in_one_pair_of_brackets(isolated_home) -> None:
    from .test_plain import run_msq

    result = run_msq(isolated_home, ["new", "--country", "IRN", "--plain"], ":goto 8\n:quit\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "Explanation (If any checked, please explain further. Maximum 250 words; limit 250 words): (empty)"
        in result.stdout
    )
    assert "((" not in result.stdout


async def test_the_sign_off_dialog_shows_its_own_keys(isolated_home, questionnaire) -> None:
    # The review's footer showed through ("s Sign off", "a Assign"): keys that type letters here.
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await _sign_off_dialog(pilot)
        await pilot.press("tab", "tab", "tab", "tab")  # to the authorisation to publish
        await pilot.pause()
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "Assign" not in screen_text and "Sign off revision" in screen_text
        assert "Cancel" in screen_text and "Choose" in screen_text  # escape, and the yes/no keys


async def test_the_sign_off_buttons_are_in_sight_when_the_screen_has_room(isolated_home) -> None:
    # With questions unanswered, the note takes three lines: Textual measured the dialog's height
    # without the scroll bar's room, the texts wrapped on one more line, and the dialog scrolled
    # its Sign off and Cancel buttons out of sight, with five lines of the screen to spare.
    from textual.containers import Vertical
    from textual.widgets import Button

    app = make_app(isolated_home, country="CHN")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _sign_off_dialog(pilot)
        await pilot.pause()
        body = dialog.query_one(".dialog", Vertical)
        assert body.max_scroll_y == 0
        sign = dialog.query_one("#sign", Button)
        assert body.content_region.contains_region(sign.region)


async def _exported_message(home, monkeypatch, documents) -> str:
    from msq_tui.store.drafts import DraftStore
    from msq_tui.tui.screens import submission_flows
    from msq_tui.tui.screens.dialogs import ChoiceDialog

    from .tui_helpers import finish_disk_work

    monkeypatch.setattr("msq_tui.submission.export.default_export_folder", lambda: documents)
    [response_id] = DraftStore(home).ids()
    from msq_tui.model.definitions_check import builtin_questionnaire

    app = make_app(home, DraftStore(home).load(response_id, builtin_questionnaire()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        submission_flows.export(app.screen)
        await finish_disk_work(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and dialog.dialog_title == "Exported"
        return dialog.message


async def test_the_export_dialog_says_when_the_files_are_unsigned(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    # `msq export` said "Unsigned: ..."; the TUI's export said nothing, and the official learnt it
    # first from the e-mail.
    from msq_tui.store.drafts import DraftStore

    from .test_tui_flows import signed_response

    DraftStore(isolated_home).save(signed_response(questionnaire))
    message = await _exported_message(isolated_home, monkeypatch, tmp_path / "Documents")
    assert "Unsigned: no signature was made at sign-off" in message
    assert ".minisig" not in message


async def test_the_export_dialog_lists_the_signatures_of_signed_files(
    isolated_home, questionnaire, monkeypatch, tmp_path, capsys
) -> None:
    from msq_tui.store.drafts import DraftStore
    from msq_tui.submission import signing

    from .test_signing import run

    monkeypatch.setattr(signing, "SCRYPT_LOG2_N", 10)  # fast, same format
    store = DraftStore(isolated_home)
    store.prepare()
    store.save(full_response(questionnaire))
    assert run(capsys, "key", "new", "--no-passphrase")[0] == 0
    assert run(capsys, "sign", "IRN", "--publish", "yes")[0] == 0
    message = await _exported_message(isolated_home, monkeypatch, tmp_path / "Documents")
    assert "Unsigned" not in message
    assert message.count(".minisig") == 2


async def test_the_export_dialog_shows_the_fingerprint_in_two_indented_lines(
    isolated_home, questionnaire, monkeypatch, tmp_path
) -> None:
    from msq_tui.store.drafts import DraftStore
    from msq_tui.submission.document import submission_fingerprint

    from .test_tui_flows import signed_response

    response = signed_response(questionnaire)
    DraftStore(isolated_home).save(response)
    message = await _exported_message(isolated_home, monkeypatch, tmp_path / "Documents")
    digits = submission_fingerprint(questionnaire, response)
    first = " ".join(digits[index : index + 4] for index in range(0, 32, 4))
    second = " ".join(digits[index : index + 4] for index in range(32, 64, 4))
    assert f"Fingerprint (SHA-256):\n  {first}\n  {second}\n" in message


def _parsed(data: str) -> list[str]:
    import time

    from msq_tui.tui.terminal_input import AltKeysParser

    parser = AltKeysParser()
    keys = [event.key for event in parser.feed(data) if hasattr(event, "key")]
    time.sleep(0.3)  # past the escape delay: what waited is read
    return keys + [event.key for event in parser.tick() if hasattr(event, "key")]


def test_alt_keys_in_one_read_are_alt_keys() -> None:
    # alt+n, alt+n, alt+p in one read (a burst over SSH) were typed as "^n^n" into the answer.
    assert _parsed("\x1bn\x1bn\x1bp") == ["alt+n", "alt+n", "alt+p"]
    assert _parsed("\x1bn\x1b[B") == ["alt+n", "down"]  # alt+n, then an arrow
    assert _parsed("\x1bk\tabc") == ["alt+k", "tab", "a", "b", "c"]
    # What began longer sequences still does: arrows, F1 (SS3), alt+arrows, Escape alone.
    assert _parsed("\x1b[A\x1bOP\x1b[1;3C") == ["up", "f1", "alt+right"]
    assert _parsed("\x1b") == ["escape"]
    assert _parsed("\x1b\x1b[B") == ["escape", "down"]


def test_the_terminal_driver_reads_keys_with_the_alt_keys_parser(isolated_home) -> None:
    from textual.drivers import linux_driver

    from msq_tui.tui.terminal_input import AltKeysParser

    make_app(isolated_home)
    assert linux_driver.XTermParser is AltKeysParser
