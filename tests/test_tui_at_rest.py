"""Fields at rest at 80x24, read from the drawn screen: a cut value says it is cut (…), a URL
never runs into its label, and no scrollbar shows where nothing scrolls.

The screen is read as the terminal would show it: the compositor's lines, cut by cells (a
Chinese character takes two), not the widgets' own idea of what they hold.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.strip import Strip
from textual.widget import Widget

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.tui.widgets.fields import CompactInput, cut_to_cells

from .fixtures import full_response
from .tui_helpers import SIZE, make_app, widget_for


def screen_lines(app) -> list[Strip]:
    # The compositor's lines of the whole screen (private; checked on Textual 8.2.8): what the
    # terminal shows, each widget clipped by its containers and covered by any dialog.
    return app.screen._compositor.render_strips()


def cells(app, widget: Widget) -> str:
    """The text the screen shows in ``widget``'s one-line region."""
    region = widget.region
    return screen_lines(app)[region.y].crop(region.x, region.right).text


def gap(app, left: Widget, right: Widget) -> str:
    """What the screen shows between two widgets on one line."""
    assert left.region.y == right.region.y
    return screen_lines(app)[left.region.y].crop(left.region.right, right.region.x).text


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


# -- cutting by cells ---------------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from("ab 中文سلام\u200cِ…é"), max_size=30), st.integers(0, 20))
def test_a_cut_text_fits_its_cells_keeps_its_start_and_ends_in_an_ellipsis(text: str, width: int) -> None:
    shown = cut_to_cells(text, width)
    assert cell_len(shown) <= width
    if cell_len(text) <= width:
        assert shown == text
    elif width:
        assert shown.endswith("…") and text.startswith(shown[:-1])
        # As much as fits: the next character would not have.
        assert cell_len(text[: len(shown)]) > width - 1


def test_a_wide_character_is_never_halved_before_the_ellipsis() -> None:
    assert cut_to_cells("中华人民共和国", 6) == "中华…"  # 5 cells: the third character would need 2
    assert cut_to_cells("中华人民共和国", 7) == "中华人…"
    assert cut_to_cells("abc", 3) == "abc" and cut_to_cells("abcd", 1) == "…"


# -- URLs and their labels ----------------------------------------------------------------------

LONG_URLS = {
    "ascii": "https://www.iran.gov.ir/portal/services/all/fr",
    "wide": "https://中国政府网.政府/部门/服务/全部服务/法语",
}


@pytest.mark.parametrize("kind", LONG_URLS)
async def test_a_long_url_beside_its_label_is_cut_with_an_ellipsis_and_kept_apart(
    isolated_home, kind: str
) -> None:
    from msq_tui.tui.widgets.urls import UrlRow

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    response.answers["q1"] = [UrlEntry(url=LONG_URLS[kind], label="Ministry services")]
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The label edited: the URL beside it is drawn at rest, too long for its column.
        app.screen.jump_to("q1", "label:0")
        await settle(pilot)
        row = widget_for(app, "q1").query_one(UrlRow)
        url, label = row.field("url"), row.field("label")
        assert url is not None and label is not None and app.focused is label
        shown = cells(app, url)
        assert shown.rstrip().endswith("…"), shown
        assert LONG_URLS[kind].startswith(shown.rstrip()[:-1].rstrip())  # its start
        assert cell_len(shown) == url.region.width
        assert gap(app, url, label) == " "  # never "…frMinistry": a blank column between
        assert cells(app, label).startswith("Ministry services")
        # The URL edited (its start shown, the cursor there): it still stops before the label.
        app.screen.jump_to("q1", "url:0")
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        assert app.focused is url and "…" not in cells(app, url)
        assert gap(app, url, label) == " "
        assert cells(app, label).startswith("Ministry services")


async def test_a_url_that_fills_its_column_opens_in_place_with_the_cursor_before_the_gap(
    isolated_home,
) -> None:
    from msq_tui.tui.widgets.urls import UrlRow

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    filling = "https://www.iran.gov.ir/fr"  # the list's longest URL: it sets the column
    response.answers["q1"] = [
        UrlEntry(url=filling, label="Ministry services"),
        UrlEntry(url="www.a.ir", label="Other"),
    ]
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = list(widget_for(app, "q1").query(UrlRow))
        app.screen.jump_to("q1", "label:1")  # the first row at rest
        await settle(pilot)
        at_rest = (
            screen_lines(app)[rows[0].region.y].crop(rows[0].content_region.x, rows[0].region.right).text
        )
        assert at_rest.startswith(filling + " ") and "Ministry services" in at_rest
        label_column = at_rest.index("Ministry services")
        # Opened on its URL, the cursor at its end: the field does not scroll, the label does not move.
        app.screen.jump_to("q1", "url:0")
        await settle(pilot)
        url, label = rows[0].field("url"), rows[0].field("label")
        assert url is not None and label is not None and app.focused is url
        assert url.cursor_position == len(filling) and url.scroll_x == 0
        assert cells(app, url).startswith(filling)
        assert gap(app, url, label) == " "
        assert label.region.x - rows[0].content_region.x == label_column
        # Left for its label: the URL whole, apart from it.
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is label
        assert cells(app, url).rstrip() == filling and gap(app, url, label) == " "


async def test_a_placeholder_narrower_column_than_its_words_ends_in_an_ellipsis_at_rest(
    isolated_home,
) -> None:
    from msq_tui.tui.widgets.urls import PLACEHOLDERS, UrlRow

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    # A URL that widens the URL column: the label's column is left narrower than its placeholder.
    response.answers["q1"] = [UrlEntry(url="https://www.iran.gov.ir/egov/fr")]
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("q1", "label:0")
        await settle(pilot)
        await pilot.press("tab")  # on to question 2a: q1's entry at rest, in sight above it
        await settle(pilot)
        row = widget_for(app, "q1").query_one(UrlRow)
        assert not row.active
        line = screen_lines(app)[row.region.y].crop(row.content_region.x, row.region.right).text
        url, label = line[: row._url_width()], line[row._url_width() + 1 :]
        assert url.rstrip() == "https://www.iran.gov.ir/egov/fr"
        assert label.rstrip().endswith("…") and PLACEHOLDERS["label"].startswith(label.rstrip()[:-1])


# -- the contact card ---------------------------------------------------------------------------

CARD = ContactAnswer(
    name="中华人民共和国国家互联网信息办公室主任王先生",
    title="Head of the Digital Government Department, Information Technology Organization",
    organization="سازمان فناوری اطلاعات ایران، وزارت ارتباطات و فناوری اطلاعات",
    email="",
)


async def test_a_contact_field_wider_than_its_box_shows_its_start_and_an_ellipsis_at_rest(
    isolated_home,
) -> None:
    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    response.answers["contact"] = CARD
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("contact", "email")  # the e-mail field edited, the others at rest
        await settle(pilot)
        fields = {field.field: field for field in widget_for(app, "contact").query(CompactInput)}
        for name in ("name", "title", "organization"):
            value, shown = getattr(CARD, name), cells(app, fields[name])
            assert cell_len(value) > fields[name].region.width  # too long for the box
            assert shown.rstrip().endswith("…"), (name, shown)
            assert value.startswith(shown.rstrip()[:-1].rstrip()), (name, shown)
        # The placeholder of an empty field too, focused (its cursor on its first cell) and left.
        email = fields["email"]
        email.cursor_blink = False  # the cursor drawn, not blinking away while the test reads it
        shown = cells(app, email)
        assert shown.rstrip().endswith("…") and email.placeholder.startswith(shown.rstrip()[:-1])
        first_cell = screen_lines(app)[email.region.y].crop(email.region.x, email.region.x + 1)
        cursor = email.get_component_rich_style("input--cursor")
        assert [segment.style.bgcolor for segment in first_cell] == [cursor.bgcolor]
        await pilot.press("tab")
        await settle(pilot)
        assert cells(app, email) == shown
        # Focused, a field is Input's own: its end and the cursor after it, no ellipsis.
        app.screen.jump_to("contact", "title")
        await settle(pilot)
        title = fields["title"]
        assert app.focused is title and title.scroll_x > 0
        shown = cells(app, title)
        assert "…" not in shown and shown.rstrip().endswith("Organization")
        await pilot.press(*" X")
        await settle(pilot)
        assert cells(app, title).rstrip().endswith("Organization X")
        # Left again: its start, cut.
        await pilot.press("tab")
        await settle(pilot)
        assert cells(app, title).startswith("Head of the") and cells(app, title).rstrip().endswith("…")


async def test_a_contact_field_that_fits_is_drawn_whole_without_an_ellipsis(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("contact", "email")
        await settle(pilot)
        fields = {field.field: field for field in widget_for(app, "contact").query(CompactInput)}
        name = fields["name"].value
        assert cells(app, fields["name"]).rstrip() == name and "…" not in name


# -- scrollbars -----------------------------------------------------------------------------------


def scrollbars(screen) -> list[tuple[str, int]]:
    """Every scrollbar drawn on ``screen``: its widget and direction, and how far it can scroll."""
    shown = []
    for widget in screen.walk_children(Widget, with_self=True):
        if not widget.display or not widget.region:
            continue
        if widget.show_vertical_scrollbar and widget.styles.scrollbar_size_vertical:
            shown.append((f"{widget!r} vertical", widget.max_scroll_y))
        if widget.show_horizontal_scrollbar and widget.styles.scrollbar_size_horizontal:
            shown.append((f"{widget!r} horizontal", widget.max_scroll_x))
    return shown


def stray(where: str, screen) -> list[str]:
    """The scrollbars drawn on ``screen`` with nothing to scroll."""
    return [f"{where}: {bar}" for bar, reach in scrollbars(screen) if reach == 0]


async def test_the_notes_of_question_1_read_whole_at_80x24_without_a_scrollbar(isolated_home) -> None:
    from msq_tui.tui.screens.dialogs import NotesDialog

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.jump_to("q1", "url:0")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, NotesDialog)
        assert scrollbars(app.screen) == []
        screen = "\n".join(strip.text for strip in screen_lines(app))
        # Its first and last words on screen: nothing hidden below a scrollbar.
        assert "Notes for question 1" in screen and "ctrl+q save and quit." in screen


async def test_notes_longer_than_the_screen_scroll_by_the_arrow_and_page_keys(isolated_home) -> None:
    from msq_tui.tui.screens.dialogs import NotesDialog

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NotesDialog("Notes", "\n".join(f"Paragraph {number}." for number in range(1, 41))))
        await settle(pilot)
        body = app.screen.query_one(".dialog-body", Widget)
        assert [reach for _, reach in scrollbars(app.screen)] == [body.max_scroll_y] and body.max_scroll_y > 0
        screen = "\n".join(strip.text for strip in screen_lines(app))
        assert "Paragraph 1." in screen and "Paragraph 40." not in screen
        await pilot.press("down")
        await settle(pilot)
        assert body.scroll_y == 1
        for _ in range(3):
            await pilot.press("pagedown")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        assert "Paragraph 40." in "\n".join(strip.text for strip in screen_lines(app))


async def test_no_scrollbar_shows_where_nothing_scrolls_in_any_section_or_dialog(isolated_home) -> None:
    from msq_tui.tui.screens.dialogs import NotesDialog
    from msq_tui.tui.screens.notes import question_notes

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        found: list[str] = []
        for section in questionnaire.sections:
            screen.show_section(section.id, focus=True)
            await settle(pilot)
            await screen.section_view(section.id).complete.wait()
            await settle(pilot)
            found += stray(f"section {section.id}", screen)
            # F1 on the section's first question (every question's: 40 s more, the same dialog).
            question = section.questions[0]
            title, text = question_notes(questionnaire, question, screen.widgets.get(question.id))
            app.push_screen(NotesDialog(title, text))
            await settle(pilot)
            found += stray(f"F1 {question.id}", app.screen)
            app.pop_screen()
            await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        found += stray("review", app.screen)
        await pilot.press("s")
        await settle(pilot)
        found += stray("sign-off", app.screen)
        assert found == []
        # Nor a blank line kept for a bar that is not there: the buttons sit on the frame.
        dialog = app.screen.query_one(".dialog", Widget)
        buttons = app.screen.query_one(".dialog-buttons", Widget)
        assert buttons.region.bottom == dialog.region.bottom - 1


class LockedKeyStandIn:
    """What the sign-off dialog asks of a KeyStore holding a passphrase-protected key."""

    class _Key:
        encrypted = True
        key_id = "ABCDEF0123456789"

    def locked_key(self):
        return self._Key()

    def public_key(self):
        return self._Key()


async def test_a_tall_sign_off_dialog_scrolls_to_its_problems_and_buttons_at_80x24(isolated_home) -> None:
    from textual.widgets import Button

    from msq_tui.submission.signoff import Signer
    from msq_tui.tui.screens.signoff_dialog import SignOffDialog

    questionnaire = builtin_questionnaire()
    app = make_app(isolated_home, full_response(questionnaire))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Everything the dialog can hold at once: a warning, a key with a passphrase, five problems.
        dialog = SignOffDialog(
            2,
            Signer("", "", "", ""),
            "I/We hereby authorize UNDESA to publish my/our responses as deemed necessary.",
            3,
            keys=LockedKeyStandIn(),  # type: ignore[arg-type]
            warning="12 answers were carried from the earlier response and not reviewed yet: "
            "review them (alt+k keeps one as is) before you sign off.",
        )
        app.push_screen(dialog)
        await settle(pilot)
        dialog.query_one("#sign", Button).press()
        await settle(pilot)
        await settle(pilot)
        lines = [strip.text for strip in screen_lines(app)]
        # Its buttons were cut off below the screen, with no sign; now it scrolls to them.
        assert any("Sign off" in line and "Cancel" in line for line in lines), "\n".join(lines)
        assert any("✗ Answer the authorisation to publish" in line for line in lines)
        assert [reach for _, reach in scrollbars(app.screen)][0] > 0
