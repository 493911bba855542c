"""Imports cannot skip the rules: a forged sign-off, answers the form does not ask, a BOM, a signer on two lines.

Each case goes through the `msq` entry point as an official meets it, with its one-line message
and exit code.
"""

import email
import email.policy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msq_tui.cli import main
from msq_tui.model.answers import Response, SignOff
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.store.drafts import DraftStore
from msq_tui.submission.document import sealed, submission_document, to_json
from msq_tui.submission.signoff import Signer, sign_off, signer_problems

from .fixtures import full_response

FOUR_HUNDRED_WORDS = " ".join(["word"] * 400)
MADE_UP = {
    "name": "Made Up",
    "title": "Nobody",
    "organization": "Nowhere",
    "email": "made@up.org",
    "publish": True,
    "signed_at": "2026-01-01T00:00:00Z",
    "revision": 1,
}
DROPPED = "Its sign-off (revision 1) was dropped, as a draft file's sign-off is not taken on trust: it is an editable draft, revision 2, to check and sign off again."
PHONE_KEPT = "1 answer the form does not ask for is kept aside as unmapped, listed on the review screen: the contact card of section X does not ask for a phone."


def forged_draft(questionnaire) -> dict:
    """A draft file claiming a sign-off by a made-up signer, with a 400-word answer and a bad e-mail."""
    document = json.loads(Response.new(questionnaire, "IRN").model_dump_json())
    document["status"] = "signed"
    document["signoff"] = dict(MADE_UP)
    document["answers"] = {
        "q6": FOUR_HUNDRED_WORDS,
        "contact": {"name": "A", "title": "B", "organization": "C", "email": "not-an-address", "phone": ""},
    }
    return document


def imported_draft(isolated_home: Path, questionnaire) -> Response:
    store = DraftStore(isolated_home)
    (response_id,) = store.ids()
    return store.load(response_id, questionnaire)


def test_a_forged_signed_draft_imports_as_an_editable_draft_and_exports_nothing(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged_draft(questionnaire)), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        DROPPED,
        "It has 2 errors to fix before sign-off, listed first on the review screen (ctrl+r).",
    ]
    response = imported_draft(isolated_home, questionnaire)
    assert (response.status, response.signoff, response.revision) == ("draft", None, 2)
    assert response.answers["q6"] == FOUR_HUNDRED_WORDS  # nothing lost: it is there to shorten
    draft = str(response.response_id)[:8]
    assert main(["export", draft, "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0]
        == "msq: Only a signed-off response exports; it is not signed off: sign it off first (`msq sign`, or s on the review screen):"
    )
    assert any("Question 6: 400 words, 150 over the limit of 250" in line for line in err[1:])
    assert any("not-an-address" in line for line in err[1:])
    assert main(["sign", draft, "--publish", "yes"]) == 1
    assert capsys.readouterr().err.startswith("msq: Sign-off is blocked by 2 errors; fix them first:\n")
    assert not (tmp_path / "out").exists()


def test_export_judges_a_signed_draft_again_before_sealing(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    """A draft marked signed off on disk (hand-edited, or from an older msq) is judged before it is sealed."""
    response = full_response(questionnaire)
    response.set_answer(questionnaire.question("q6"), FOUR_HUNDRED_WORDS)
    forged = response.model_copy(
        update={"status": "signed", "signoff": SignOff(**{**MADE_UP, "email": "made-up"})}
    )
    store = DraftStore(isolated_home)
    store.prepare()
    store.save(forged)
    assert main(["export", "IRN", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "msq: Not exported: revision 1 is marked signed off but fails 2 checks a submission must pass;"
        " reopen it (`msq reopen`, or o on the review screen), fix them and sign it off again:"
    )
    assert err[1] == "  - Question 6: 400 words, 150 over the limit of 250: shorten it before signing off"
    assert err[2].startswith("  - The signer's e-mail: 'made-up' is not an e-mail address")
    assert not (tmp_path / "out").exists()
    # The same draft with a clean answer and signer exports.
    good = forged.model_copy(update={"signoff": SignOff(**MADE_UP)})
    good.set_answer(questionnaire.question("q6"), "A short answer.")
    store.save(good)
    assert main(["export", "IRN", "-o", str(tmp_path / "out")]) == 0


def test_a_contact_field_the_form_does_not_ask_is_kept_aside_and_never_blocks(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    document = json.loads(full_response(questionnaire).model_dump_json())
    document["answers"]["contact"]["phone"] = "+98 21 8838 6301"  # section X's card asks no phone
    path = tmp_path / "with-phone.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [PHONE_KEPT]
    response = imported_draft(isolated_home, questionnaire)
    assert "phone" not in {k for k, v in response.answers["contact"].items() if v}
    assert [(u.question_id, u.value) for u in response.unmapped] == [
        ("contact", {"phone": "+98 21 8838 6301"})
    ]
    # Editing the card's visible fields (as its widget does) keeps the phone where it is.
    response.set_answer(
        questionnaire.question("contact"),
        ContactAnswer(name="Amir Nazemi", title="President", organization="ITO", email="nazemi@ito.gov.ir"),
    )
    store = DraftStore(isolated_home)
    store.save(response)
    assert main(["sign", "IRN", "--publish", "yes"]) == 0
    capsys.readouterr()
    signed = imported_draft(isolated_home, questionnaire)
    assert signed.is_signed and [(u.question_id, u.value) for u in signed.unmapped] == [
        ("contact", {"phone": "+98 21 8838 6301"})
    ]


def test_a_draft_already_in_the_folder_with_such_a_field_is_fitted_when_opened(
    questionnaire, isolated_home, capsys
) -> None:
    response = full_response(questionnaire)
    response.answers = {
        **response.answers,
        "contact": {**response.answers["contact"], "phone": "+98 21 8838 6301"},
        "q8": {**response.answers["q8"], "selected": ["sdgs", "no_such_option"]},
    }
    store = DraftStore(isolated_home)
    store.prepare()
    store.save(response)
    assert main(["sign", "IRN", "--publish", "no"]) == 0
    signed = imported_draft(isolated_home, questionnaire)
    assert {u.question_id: u.value for u in signed.unmapped} == {
        "contact": {"phone": "+98 21 8838 6301"},
        "q8": {"selected": ["no_such_option"], "details": {}},
    }
    assert signed.answers["q8"]["selected"] == ["sdgs"]


def test_a_draft_with_a_byte_order_mark_imports_like_a_submission_with_one(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    draft = tmp_path / "bom-draft.json"
    draft.write_bytes(b"\xef\xbb\xbf" + full_response(questionnaire).model_dump_json().encode("utf-8"))
    submission = tmp_path / "bom-submission.json"
    signed = sign_off(
        questionnaire,
        full_response(questionnaire),
        Signer("A", "B", "C", "a@b.org"),
        publish=True,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    submission.write_bytes(b"\xef\xbb\xbf" + to_json(sealed(submission_document(questionnaire, signed))))
    for path in (draft, submission):
        assert main(["import", str(path)]) == 0
        assert capsys.readouterr().out.startswith(f"Imported {path} as draft ")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--name",
            "Amir\r\nBcc: someone@example.org",
            "The signer's name holds a line break (CR): give it on one line, without control characters",
        ),
        (
            "--name",
            "Amir\nNazemi",
            "The signer's name holds a line break (LF): give it on one line, without control characters",
        ),
        (
            "--title",
            "President\u2028of ITO",
            "The signer's title holds a control character (U+2028): give it on one line, without control characters",
        ),
        (
            "--title",
            "President \x1b[2J",
            "The signer's title holds an escape character (ESC): give it on one line, without control characters",
        ),
        ("--organization", "O" * 600, "The signer's organization is 600 characters long: 500 at most"),
    ],
)
def test_a_signer_with_a_line_break_is_refused_at_sign_off(
    questionnaire, isolated_home, capsys, option, value, message
) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    store.save(full_response(questionnaire))
    assert main(["sign", "IRN", "--publish", "yes", option, value]) == 1
    assert capsys.readouterr().err == f"msq: not signed off: {message}\n"
    assert not imported_draft(isolated_home, questionnaire).is_signed
    # The core sign-off (the TUI's dialog checks with signer_problems, then calls sign_off) refuses it too.
    field = option.removeprefix("--")
    signer = Signer(
        **{"name": "Amir", "title": "President", "organization": "ITO", "email": "a@ito.gov.ir", field: value}
    )
    assert [problem[:1].upper() + problem[1:] for problem in signer_problems(signer)] == [message]
    with pytest.raises(ValueError) as refused:
        sign_off(questionnaire, full_response(questionnaire), signer, publish=True)
    assert str(refused.value) == message


def test_email_of_a_file_whose_signer_holds_a_line_break_writes_one_line_headers(
    questionnaire, tmp_path, capsys
) -> None:
    """A file signed before this rule (or by hand) no longer crashes `msq email`."""
    signed = full_response(questionnaire).model_copy(
        update={
            "status": "signed",
            "signoff": SignOff(
                **{**MADE_UP, "name": "Amir\r\nBcc: someone@example.org", "email": "a@ito.gov.ir"}
            ),
        }
    )
    path = tmp_path / "MSQ2020_IRN_2026-01-01_r1.json"
    path.write_bytes(to_json(sealed(submission_document(questionnaire, signed))))
    assert main(["email", str(path), "-o", str(tmp_path / "mail.eml")]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {tmp_path / 'mail.eml'}\n")
    message = email.message_from_bytes((tmp_path / "mail.eml").read_bytes(), policy=email.policy.default)
    assert message["From"] == '"Amir Bcc: someone@example.org" <a@ito.gov.ir>' and message["Bcc"] is None


async def test_the_sign_off_dialog_refuses_a_signer_with_a_control_character(
    questionnaire, isolated_home
) -> None:
    """The contact card (pre-filling the dialog) came from a file with an escape in the title."""
    from msq_tui.tui.screens.signoff_dialog import SignOffDialog

    from .tui_helpers import SIZE, make_app

    response = full_response(questionnaire)
    response.answers = {
        **response.answers,
        "contact": {**response.answers["contact"], "title": "President\x1b]52;c;cm0gLXJmIH4=\x07"},
    }
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog)
        dialog.query_one("#publish").focus()
        await pilot.press("enter")  # Yes
        dialog.query_one("#sign").press()
        await pilot.pause()
        problems = str(dialog.query_one("#signoff-problems").render())
        assert (
            problems
            == "✗ The signer's title holds an escape character (ESC): give it on one line, without control characters"
        )
        assert app.screen is dialog and not app.session.response.is_signed


async def test_importing_a_forged_draft_in_the_tui_says_its_sign_off_was_dropped(
    questionnaire, isolated_home, tmp_path
) -> None:
    from msq_tui.tui.screens.dialogs import PathDialog

    from .tui_helpers import SIZE, make_app

    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged_draft(questionnaire)), encoding="utf-8")
    app = make_app(isolated_home, country="")
    notices: list[str] = []
    app.notify = lambda message, **options: notices.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.action_import()
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path").value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        (notice,) = notices
        assert notice.splitlines() == [
            f"Imported {path} as a draft.",
            DROPPED,
            "It has 2 errors to fix before sign-off, listed first on the review screen (ctrl+r).",
        ]
    assert imported_draft(isolated_home, questionnaire).status == "draft"


async def test_the_review_lists_the_kept_aside_phone_and_allows_sign_off(
    questionnaire, isolated_home
) -> None:
    from msq_tui.tui.screens.review import ReviewScreen

    from .tui_helpers import SIZE, make_app

    response = full_response(questionnaire)
    response.answers = {
        **response.answers,
        "contact": {**response.answers["contact"], "phone": "+98 21 8838 6301"},
    }
    app = make_app(isolated_home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "No errors: ready for sign-off" in str(review.query_one("#review-summary").render())
        listing = review.query_one("#review-list")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert (
            lines[-1]
            == ' · \'contact\' (the contact card of section X does not ask for a phone): {"phone": "+98 21 8838 6301"}'
        )


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)] + [
            k for k in value if isinstance(k, str)
        ]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


words = st.sampled_from(["", "x", "+98 21 8838 6301", "سلام", "Appendix C"])
foreign_answers = st.fixed_dictionaries(
    {},
    optional={
        "contact": st.fixed_dictionaries(
            {field: words for field in ("name", "title", "organization", "email", "phone")}
        ),
        "q4_cio": st.fixed_dictionaries({field: words for field in ("name", "phone")}),
        "q8": st.fixed_dictionaries(
            {
                "selected": st.lists(st.sampled_from(["sdgs", "nope", "other"]), unique=True),
                "details": st.dictionaries(st.sampled_from(["sdgs", "gone"]), words),
                "other": words,
                "explanation": words,
            }
        ),
        "q15": st.fixed_dictionaries(
            {
                "selected": st.lists(st.sampled_from(["ai", "other", "warp_drive"]), unique=True),
                "explanation": words,
            }
        ),
        "q10": st.sampled_from(["yes", "maybe", 3]),
        "q99": words,
    },
)


@settings(max_examples=200, deadline=None)
@given(answers=foreign_answers)
def test_fitting_keeps_every_word_and_leaves_no_error_the_screen_cannot_fix(answers) -> None:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.model.fitting import fit_response
    from msq_tui.model.validation import errors, validate_response

    questionnaire = builtin_questionnaire()
    response = Response.new(questionnaire, "IRN")
    response.answers = json.loads(json.dumps(answers))
    fitted = fit_response(response, questionnaire)
    kept = _strings(fitted.answers) + [
        s for item in fitted.unmapped for s in _strings(item.value) + [item.question_id]
    ]
    for text in _strings(answers):
        assert text in kept
    kinds = {problem.code for problem in errors(validate_response(questionnaire, fitted))}
    assert not kinds & {"unknown-question", "unknown-option", "unknown-field", "shape"}
    assert fit_response(fitted, questionnaire) is fitted  # fitted once, nothing moves again
