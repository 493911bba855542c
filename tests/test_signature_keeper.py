"""Sign-off, export and the e-mail are handed the signer's KeyStore (store/keys.py): the signatures
kept at sign-off reach the files and the e-mail, from every way in (command, TUI)."""

import email
import email.policy
from datetime import UTC, datetime

from msq_tui.store.keys import KeyStore
from msq_tui.submission.document import sealed, submission_document
from msq_tui.submission.export import export
from msq_tui.submission.signed import sign_submission
from msq_tui.submission.signoff import Signer, sign_off
from msq_tui.tui.screens import submission_flows

from .fixtures import full_response
from .tui_helpers import SIZE, finish_disk_work, make_app

SIGNER = Signer("Amir Nazemi", "President of ITO", "Information Technology Organization", "nazemi@ito.gov.ir")


def signed_and_exported(questionnaire, folder, keys: KeyStore | None):
    signed = sign_off(
        questionnaire,
        full_response(questionnaire),
        SIGNER,
        publish=True,
        now=datetime(2026, 1, 31, tzinfo=UTC),
    )
    store = KeyStore()
    store.create(None)  # no passphrase: the format is the same, the test fast
    key_id = sign_submission(sealed(submission_document(questionnaire, signed)), store.unlock(None), store)
    return signed, export(questionnaire, signed, folder, keys=keys), key_id


def test_export_writes_the_kept_signatures_only_when_handed_the_keys(
    isolated_home, questionnaire, tmp_path
) -> None:
    signed, paths, _ = signed_and_exported(questionnaire, tmp_path / "signed", KeyStore())
    assert sorted(path.name for path in (tmp_path / "signed").iterdir()) == sorted(
        [paths[0].name, paths[0].name + ".minisig", paths[1].name, paths[1].name + ".minisig"]
    )
    export(questionnaire, signed, tmp_path / "unsigned", keys=None)
    assert not list((tmp_path / "unsigned").glob("*.minisig"))


async def test_the_tuis_email_attaches_the_signatures_kept_at_sign_off(
    isolated_home, questionnaire, tmp_path
) -> None:
    signed, paths, key_id = signed_and_exported(questionnaire, tmp_path / "out", None)  # none beside
    app = make_app(isolated_home, signed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        submission_flows.write_email(app.screen, paths)
        await finish_disk_work(pilot)
    message = email.message_from_bytes(paths[0].with_suffix(".eml").read_bytes(), policy=email.policy.default)
    names = sorted(part.get_filename() for part in message.iter_attachments())
    assert names == sorted(
        [paths[0].name, paths[0].name + ".minisig", paths[1].name, paths[1].name + ".minisig"]
    )
    assert f"with our key {key_id}" in message.get_body(preferencelist=("plain",)).get_content()
