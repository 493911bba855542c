"""Signatures: the signer's key, signing at sign-off, FILE.minisig in minisign's format, `msq verify --key`.

The .minisig files msq writes are checked here by a second, minimal implementation of minisign's
format written in this file (and by the real `minisign` program where it is installed), so a
mistake in msq's writer cannot hide behind the same mistake in msq's reader.
"""

import base64
import email
import email.policy
import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from msq_tui.cli import main
from msq_tui.store.drafts import DraftStore
from msq_tui.store.keys import KeyStore
from msq_tui.submission import signing
from msq_tui.submission.document import sealed, to_json
from msq_tui.submission.signing import (
    SigningError,
    WrongPassphrase,
    parse_public_key,
    parse_secret_key,
    sign_bytes,
)

from .fixtures import full_response

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at N = 2^10 in tests (msq uses 2^17): the format is the same, the tests fast."""
    monkeypatch.setattr(signing, "SCRYPT_LOG2_N", 10)


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def draft(questionnaire, isolated_home) -> str:
    store = DraftStore(isolated_home)
    store.prepare()
    response = full_response(questionnaire)
    store.save(response)
    return str(response.response_id)


@pytest.fixture
def signed_export(capsys, draft, passphrase_file, tmp_path) -> dict:
    """A key made, its public key exported as IRN.pub, the draft signed off and exported: the paths."""
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    keys = tmp_path / "trusted"
    keys.mkdir()
    assert run(capsys, "key", "export", "-o", str(keys / "IRN.pub"))[0] == 0
    code, out, err = run(capsys, "sign", "IRN", "--publish", "yes", "--passphrase-file", str(passphrase_file))
    assert code == 0, err
    assert "Signed with key" in out
    exported = tmp_path / "out"
    code, out, err = run(capsys, "export", "IRN", "-o", str(exported))
    assert code == 0, err
    files = [Path(line.removeprefix("Wrote ")) for line in out.splitlines() if line.startswith("Wrote ")]
    return {
        "json": files[0],
        "json_sig": files[1],
        "toml": files[2],
        "toml_sig": files[3],
        "pub": keys / "IRN.pub",
        "keys": keys,
    }


# -- An independent reading of minisign's format -----------------------------------------------------


def independent_verify(data: bytes, minisig: bytes, public_key_file: bytes) -> str:
    """Check a .minisig as minisign does, from the format's description alone; the trusted comment."""
    key_line = public_key_file.decode().splitlines()[1]
    key = base64.b64decode(key_line)
    assert len(key) == 42 and key[:2] == b"Ed"
    lines = minisig.decode().splitlines()
    assert lines[0].startswith("untrusted comment: ") and lines[2].startswith("trusted comment: ")
    blob = base64.b64decode(lines[1])
    assert len(blob) == 74 and blob[:2] == b"ED"  # the prehashed algorithm
    assert blob[2:10] == key[2:10], "the signature names another key"
    public = Ed25519PublicKey.from_public_bytes(key[10:])
    public.verify(blob[10:], hashlib.blake2b(data, digest_size=64).digest())
    trusted = lines[2].removeprefix("trusted comment: ")
    public.verify(base64.b64decode(lines[3]), blob[10:] + trusted.encode())
    return trusted


def test_minisig_checks_with_an_independent_implementation(signed_export) -> None:
    pub = signed_export["pub"].read_bytes()
    for fmt in ("json", "toml"):
        data = signed_export[fmt].read_bytes()
        trusted = independent_verify(data, signed_export[f"{fmt}_sig"].read_bytes(), pub)
        document = json.loads(signed_export["json"].read_text(encoding="utf-8"))
        assert (
            "country IRN" in trusted
            and "revision 1" in trusted
            and f"sha256:{document['integrity']['digest']}" in trusted
        )
        assert (
            "format msq-submission/1" in trusted
            and "questionnaire msq2020/" in trusted
            and "signer Amir Nazemi <" in trusted
        )
        with pytest.raises(InvalidSignature):
            independent_verify(data.replace(b"Amir", b"Omar"), signed_export[f"{fmt}_sig"].read_bytes(), pub)


@pytest.mark.skipif(shutil.which("minisign") is None, reason="the minisign program is not installed")
def test_minisig_checks_with_the_minisign_program(signed_export, tmp_path) -> None:
    for fmt in ("json", "toml"):
        done = subprocess.run(
            ["minisign", "-Vm", str(signed_export[fmt]), "-p", str(signed_export["pub"])],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert "country IRN" in done.stdout
    forged = tmp_path / "forged.json"
    forged.write_bytes(signed_export["json"].read_bytes().replace(b'"publish": true', b'"publish": false'))
    shutil.copy(signed_export["json_sig"], tmp_path / "forged.json.minisig")
    done = subprocess.run(
        ["minisign", "-Vm", str(forged), "-p", str(signed_export["pub"])], capture_output=True, text=True
    )
    assert done.returncode != 0


@pytest.mark.skipif(shutil.which("minisign") is None, reason="the minisign program is not installed")
def test_minisign_signs_with_msq_secret_key_and_msq_reads_a_minisign_key(
    capsys, passphrase_file, tmp_path
) -> None:
    """The secret key file is minisign's format to the byte: each tool reads the other's."""
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    keys = KeyStore()
    target = tmp_path / "f.txt"
    target.write_text("hello\n")
    done = subprocess.run(
        ["minisign", "-S", "-s", str(keys.secret_path), "-m", str(target)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        ["minisign", "-Vm", str(target), "-p", str(keys.public_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    made = subprocess.run(
        ["minisign", "-G", "-W", "-p", str(tmp_path / "m.pub"), "-s", str(tmp_path / "m.key")],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    key = parse_secret_key((tmp_path / "m.key").read_bytes(), "m.key").unlock(None)
    assert key.public_key == parse_public_key((tmp_path / "m.pub").read_bytes(), "m.pub")


# -- Round trip and forgeries ------------------------------------------------------------------------


def test_round_trip_sign_export_verify_with_the_public_key(capsys, signed_export) -> None:
    for fmt in ("json", "toml"):
        code, out, err = run(capsys, "verify", str(signed_export[fmt]), "--key", str(signed_export["pub"]))
        assert code == 0, err
        assert out.startswith("OK: ") and "signed by key" in out and "(Amir Nazemi <" in out
    code, out, _ = run(capsys, "verify", str(signed_export["json"]), "--keys", str(signed_export["keys"]))
    assert code == 0 and "signed by key" in out
    code, out, _ = run(
        capsys, "verify", str(signed_export["json"])
    )  # no key: nothing claimed about who made it
    key_id = KeyStore().public_key().key_id
    assert (
        code == 0
        and f"Signature:     present, key {key_id}, not checked: give the key received from the country (--key FILE.pub, or a folder of them with --keys DIR)"
        in out
    )
    assert "who made it is not checked" in out and not out.startswith("OK")


def _reseal(path: Path, change) -> None:
    """Forge ``path``: change its document and compute its SHA-256 again, as anyone can."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("integrity")
    change(document)
    path.write_bytes(to_json(sealed(document)))


FORGERIES = {
    "publish flipped": lambda d: d["signoff"].update(publish=not d["signoff"]["publish"]),
    "signer replaced": lambda d: d["signoff"].update(name="Someone Else", email="someone@example.org"),
    "country changed to France": lambda d: d.update(country={"iso3": "FRA", "name": "France"}),
    "every answer deleted": lambda d: d.update(answers={}),
    "signed in 2099": lambda d: d["signoff"].update(signed_at="2099-01-01T00:00:00Z"),
    "one URL changed": lambda d: d["answers"]["q1"][0].update(url="https://www.evil.example"),
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_every_forgery_is_refused_with_a_trusted_key(capsys, signed_export, forgery) -> None:
    path = signed_export["json"]
    _reseal(path, FORGERIES[forgery])
    code, out, err = run(capsys, "verify", str(path), "--key", str(signed_export["pub"]))
    assert code == 1 and not out
    assert err.startswith(f"NOT VERIFIED: {path}: ") or err.startswith("NOT VALID: "), err


@pytest.mark.parametrize(
    "forgery", ["publish flipped", "signer replaced", "country changed to France", "signed in 2099"]
)
def test_a_resealed_forgery_passes_the_fingerprint_but_not_the_signature(
    capsys, signed_export, forgery
) -> None:
    """The fingerprint alone cannot tell (verify says so); the signature does."""
    path = signed_export["json"]
    _reseal(path, FORGERIES[forgery])
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 0 and "not checked" in out and "anyone who edits a file can compute a new one" in out
    code, _, err = run(capsys, "verify", str(path), "--key", str(signed_export["pub"]))
    assert code == 1 and "the signature does not match the file" in err


def test_forgery_without_its_signature_is_refused_with_a_key(capsys, signed_export) -> None:
    _reseal(signed_export["json"], FORGERIES["publish flipped"])
    signed_export["json_sig"].unlink()
    code, _, err = run(capsys, "verify", str(signed_export["json"]), "--key", str(signed_export["pub"]))
    assert code == 1 and "has no signature" in err


def test_forgery_signed_with_another_key_is_refused(capsys, signed_export) -> None:
    path = signed_export["json"]
    _reseal(path, FORGERIES["signer replaced"])
    forger = signing.generate_key()
    document = json.loads(path.read_text(encoding="utf-8"))
    from msq_tui.submission.signed import trusted_comment

    signed_export["json_sig"].write_bytes(
        sign_bytes(forger, path.read_bytes(), trusted_comment(document), "forged")
    )
    code, _, err = run(capsys, "verify", str(path), "--key", str(signed_export["pub"]))
    assert (
        code == 1 and f"signed by key {forger.public_key.key_id}, which is not among the trusted keys" in err
    )


def test_changed_trusted_comment_is_refused(capsys, signed_export) -> None:
    minisig = signed_export["json_sig"].read_text()
    signed_export["json_sig"].write_text(minisig.replace("country IRN", "country FRA"))
    code, _, err = run(capsys, "verify", str(signed_export["json"]), "--key", str(signed_export["pub"]))
    assert code == 1 and "the trusted comment was changed after signing" in err


def test_trusted_comment_that_disagrees_with_the_file_is_refused(
    capsys, signed_export, passphrase_file
) -> None:
    """Signed with the right key, but its comment says another country: refused, naming the field."""
    key = KeyStore().unlock(PASSPHRASE)
    path = signed_export["json"]
    document = json.loads(path.read_text(encoding="utf-8"))
    from msq_tui.submission.signed import trusted_comment

    comment = trusted_comment(document).replace("country IRN", "country FRA")
    signed_export["json_sig"].write_bytes(sign_bytes(key, path.read_bytes(), comment, "x"))
    code, _, err = run(capsys, "verify", str(path), "--key", str(signed_export["pub"]))
    assert code == 1 and "disagrees with the file on: country" in err


def test_a_key_filed_for_another_country_is_refused(capsys, signed_export) -> None:
    (signed_export["keys"] / "IRN.pub").rename(signed_export["keys"] / "FRA.pub")
    code, _, err = run(capsys, "verify", str(signed_export["json"]), "--keys", str(signed_export["keys"]))
    assert code == 1 and "holds for FRA, but the file is for IRN" in err


def test_an_unsigned_file_says_so_and_is_refused_with_a_key(capsys, draft, tmp_path) -> None:
    assert run(capsys, "sign", "IRN", "--publish", "no")[0] == 0
    code, out, _ = run(capsys, "export", "IRN", "-o", str(tmp_path / "out"))
    assert code == 0 and "Unsigned: no signature was made at sign-off" in out and ".minisig" not in out
    path = Path(out.splitlines()[0].removeprefix("Wrote "))
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 0 and "Signature:     none" in out
    key = signing.generate_key()
    (tmp_path / "k.pub").write_text(key.public_key.file_text())
    code, _, err = run(capsys, "verify", str(path), "--key", str(tmp_path / "k.pub"))
    assert code == 1 and "has no signature" in err


# -- Keys and passphrases ------------------------------------------------------------------------------


def test_wrong_passphrase_does_not_sign_off(capsys, draft, passphrase_file, tmp_path) -> None:
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    code, _, err = run(capsys, "sign", "IRN", "--publish", "yes", "--passphrase-file", str(wrong))
    assert code == 1 and "wrong passphrase" in err
    assert (
        not DraftStore()
        .load(
            draft,
            __import__("msq_tui.model.definitions_check").model.definitions_check.builtin_questionnaire(),
        )
        .is_signed
    )
    with pytest.raises(WrongPassphrase):
        KeyStore().unlock("not the passphrase")
    assert KeyStore().unlock(PASSPHRASE).public_key == KeyStore().public_key()


def test_keys_are_private_and_refuse_to_be_overwritten(capsys, passphrase_file) -> None:
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    keys = KeyStore()
    if os.name == "posix":
        assert stat.S_IMODE(keys.secret_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(keys.folder.stat().st_mode) == 0o700
    old = keys.public_key()
    code, _, err = run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))
    assert code == 1 and f"a signing key exists already ({keys.secret_path}, key id {old.key_id})" in err
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file), "--replace")[0] == 0
    assert keys.public_key() != old
    assert len(list(keys.folder.glob("signer.key.old-*"))) == 1


def test_key_show_and_export(capsys, passphrase_file, tmp_path) -> None:
    code, _, err = run(capsys, "key", "show")
    assert code == 1 and "there is no signing key yet: make one with `msq key new`" in err
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    public = KeyStore().public_key()
    code, out, _ = run(capsys, "key", "show")
    assert (
        code == 0
        and f"Key id:     {public.key_id}" in out
        and public.base64() in out
        and "encrypted with a passphrase" in out
    )
    assert run(capsys, "key", "export", "-o", str(tmp_path / "me.pub"))[0] == 0
    assert (
        tmp_path / "me.pub"
    ).read_text() == f"untrusted comment: minisign public key {public.key_id}\n{public.base64()}\n"


def test_no_passphrase_warns_and_signs_without_asking(capsys, draft, tmp_path) -> None:
    code, _, err = run(capsys, "key", "new", "--no-passphrase")
    assert code == 0 and "NOT encrypted" in err
    code, out, _ = run(capsys, "sign", "IRN", "--publish", "yes")
    assert code == 0 and "Signed with key" in out


def test_short_passphrase_and_no_terminal_are_refused(capsys, tmp_path) -> None:
    short = tmp_path / "short"
    short.write_text("abc\n")
    code, _, err = run(capsys, "key", "new", "--passphrase-file", str(short))
    assert code == 1 and "shorter than 8 characters" in err and not KeyStore().has_key()
    code, _, err = run(capsys, "key", "new")  # stdin is not a terminal under pytest
    assert code == 1 and "give --passphrase-file FILE" in err


KEYS_OF_OTHER_TOOLS = {
    "openssh public": (b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB user@host\n", "an OpenSSH public key"),
    "openssh private": (
        b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn==\n-----END OPENSSH PRIVATE KEY-----\n",
        "an OpenSSH private key",
    ),
    "pem": (
        b"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
        "a PEM file (OpenSSL)",
    ),
    "gpg": (
        b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEY\n-----END PGP PUBLIC KEY BLOCK-----\n",
        "an OpenPGP (GnuPG) key",
    ),
    "damaged": (
        b"untrusted comment: minisign public key 1\nRWQ!!!notbase64\n",
        "is damaged: its key line is not valid base64",
    ),
    "truncated": (
        b"untrusted comment: minisign public key 1\nRWQkwrBzKqo5CWK5\n",
        "is not an Ed25519 public key in minisign's format",
    ),
    "binary": (b"\x00\xff\xfe", "it is not text"),
}


@pytest.mark.parametrize("case", KEYS_OF_OTHER_TOOLS)
def test_keys_of_other_tools_and_damaged_keys_get_a_clear_message(
    capsys, signed_export, tmp_path, case
) -> None:
    content, expected = KEYS_OF_OTHER_TOOLS[case]
    key_file = tmp_path / "other.pub"
    key_file.write_bytes(content)
    code, out, err = run(capsys, "verify", str(signed_export["json"]), "--key", str(key_file))
    assert code == 1 and not out
    assert expected in err and len(err.strip().splitlines()) == 1, err


def test_secret_key_given_as_the_trusted_key_is_refused(capsys, signed_export) -> None:
    code, _, err = run(capsys, "verify", str(signed_export["json"]), "--key", str(KeyStore().secret_path))
    assert code == 1 and "is a secret key: give the public key (.pub) instead" in err


def test_damaged_secret_key_gets_a_clear_message(capsys, draft, passphrase_file) -> None:
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    keys = KeyStore()
    comment, line = keys.secret_path.read_text().splitlines()
    blob = bytearray(base64.b64decode(line))
    blob[100] ^= 1  # one bit of the encrypted secret key
    keys.secret_path.write_text(f"{comment}\n{base64.b64encode(bytes(blob)).decode()}\n")
    code, _, err = run(capsys, "sign", "IRN", "--publish", "yes", "--passphrase-file", str(passphrase_file))
    assert code == 1 and "wrong passphrase for the signing key (or its file is damaged)" in err
    keys.secret_path.write_text(comment + "\n" + line[:40] + "\n")
    code, _, err = run(capsys, "sign", "IRN", "--publish", "yes", "--passphrase-file", str(passphrase_file))
    assert code == 1 and "is not an Ed25519 secret key in minisign's format" in err
    keys.secret_path.write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n")
    code, _, err = run(capsys, "sign", "IRN", "--publish", "yes", "--passphrase-file", str(passphrase_file))
    assert code == 1 and "is an OpenSSH private key, not a secret key in minisign's format" in err


# -- The e-mail, and no secret anywhere ----------------------------------------------------------------


def test_email_attaches_the_signatures_and_names_the_key(capsys, signed_export, tmp_path) -> None:
    code, out, _ = run(capsys, "email", str(signed_export["json"]), "-o", str(tmp_path / "m.eml"))
    assert code == 0
    key_id = KeyStore().public_key().key_id
    message = email.message_from_bytes((tmp_path / "m.eml").read_bytes(), policy=email.policy.default)
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert attachments[signed_export["json_sig"].name] == signed_export["json_sig"].read_bytes()
    assert attachments[signed_export["toml_sig"].name] == signed_export["toml_sig"].read_bytes()
    body = " ".join(message.get_body(preferencelist=("plain",)).get_content().split())
    assert (
        f"with our key {key_id}" in body
        and "the public key we gave you before, never with a key sent in this message" in body
    )
    assert "proves nothing on its own" in body


def test_email_of_unsigned_files_says_they_are_not_signed(capsys, draft, tmp_path) -> None:
    assert run(capsys, "sign", "IRN", "--publish", "no")[0] == 0
    code, out, _ = run(capsys, "export", "IRN", "-o", str(tmp_path / "out"))
    path = Path(out.splitlines()[0].removeprefix("Wrote "))
    assert run(capsys, "email", str(path), "-o", str(tmp_path / "m.eml"))[0] == 0
    message = email.message_from_bytes((tmp_path / "m.eml").read_bytes(), policy=email.policy.default)
    assert "These files are NOT signed" in message.get_body(preferencelist=("plain",)).get_content()
    assert len(list(message.iter_attachments())) == 2


def test_no_secret_key_byte_in_the_msq_home_exports_emails_or_crash_reports(
    capsys, signed_export, isolated_home, tmp_path, monkeypatch
) -> None:
    key = KeyStore().unlock(PASSPHRASE)
    seed = key._seed
    secret = seed + key.public_key.public
    assert run(capsys, "email", str(signed_export["json"]), "-o", str(tmp_path / "out" / "m.eml"))[0] == 0
    # A crash while signing (the key unlocked): its report must not hold the key either.
    assert run(capsys, "reopen", "IRN")[0] == 0

    def crash(*arguments, **options):
        raise RuntimeError("boom while signing")

    monkeypatch.setattr("msq_tui.submission.signed.sign_submission", crash)
    code, _, err = run(
        capsys, "sign", "IRN", "--publish", "yes", "--passphrase-file", str(tmp_path / "passphrase.txt")
    )
    assert code == 1 and "crash-" in err
    needles = [seed, secret, seed.hex().encode(), secret.hex().encode()]
    needles += [base64.b64encode(value) for value in (seed, secret, key.key_number + secret)]
    needles += [
        base64.b64encode(secret)[4:40],
        base64.b64encode(b"x" + seed)[4:40],
        base64.b64encode(b"xy" + seed)[4:40],
    ]
    searched = 0
    for folder in (isolated_home, tmp_path / "out"):
        for path in folder.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                searched += 1
                for needle in needles:
                    assert needle not in content, f"a secret key byte sequence in {path}"
    assert searched >= 8
    assert list((isolated_home / "crash-reports").iterdir())


def test_minisig_is_only_written_for_the_bytes_that_were_signed(signed_export) -> None:
    """A stored signature is filed by the SHA-256 of what it signs: other bytes get none."""
    assert (
        KeyStore().signature_for(signed_export["json"].read_bytes()) == signed_export["json_sig"].read_bytes()
    )
    assert KeyStore().signature_for(signed_export["json"].read_bytes() + b" ") is None


def test_signing_does_not_load_cryptography_at_start_up() -> None:
    import sys

    code = "import msq_tui.cli, msq_tui.submission.signing, msq_tui.submission.signed, msq_tui.tui.app, sys; print('cryptography' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.stdout.strip() == "False", done.stderr


def test_signing_error_messages_are_one_line() -> None:
    with pytest.raises(SigningError) as raised:
        parse_public_key(b"untrusted comment: minisign encrypted secret key\nRWQ\n", "k")
    assert "\n" not in str(raised.value)


# -- The sign-off dialog ---------------------------------------------------------------------------------


async def test_tui_sign_off_asks_the_passphrase_and_export_writes_the_signatures(
    questionnaire, isolated_home, monkeypatch, tmp_path
) -> None:
    from msq_tui.tui.screens.dialogs import ChoiceDialog
    from msq_tui.tui.screens.signoff_dialog import SignOffDialog

    from .tui_helpers import SIZE, make_app

    documents = tmp_path / "Documents"
    monkeypatch.setattr("msq_tui.submission.export.default_export_folder", lambda: documents)
    KeyStore().create(PASSPHRASE)
    key_id = KeyStore().public_key().key_id
    app = make_app(isolated_home, full_response(questionnaire))
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
        dialog.query_one("#signer-passphrase").value = "not the passphrase"
        dialog.query_one("#sign").press()
        await pilot.pause()
        assert "Wrong passphrase" in str(dialog.query_one("#signoff-problems").render())
        assert not app.session.response.is_signed
        dialog.query_one("#signer-passphrase").value = PASSPHRASE
        dialog.query_one("#sign").press()
        await pilot.pause()
        await pilot.pause()
        assert app.session.response.is_signed
        assert isinstance(app.screen, ChoiceDialog)  # export now?
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # write the e-mail?
        await pilot.press("enter")
        await pilot.pause()
    signatures = sorted(documents.glob("*.minisig"))
    assert [path.name.rsplit(".", 2)[1] for path in signatures] == ["json", "toml"]
    for path in signatures:
        data = path.with_name(path.name.removesuffix(".minisig")).read_bytes()
        assert "country IRN" in independent_verify(
            data, path.read_bytes(), KeyStore().public_path.read_bytes()
        )
    assert key_id in signatures[0].read_text()
    (mail,) = documents.glob("*.eml")  # the e-mail the TUI writes carries the signatures too
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert {part.get_filename() for part in message.iter_attachments()} >= {path.name for path in signatures}
    assert f"with our key {key_id}" in " ".join(
        message.get_body(preferencelist=("plain",)).get_content().split()
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_key_in_a_shared_msq_home_goes_to_the_private_subfolder_as_drafts_do(
    capsys, tmp_path, monkeypatch, passphrase_file
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv("MSQ_HOME", str(shared))
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    keys = KeyStore()
    assert keys.home == DraftStore().home != shared
    assert keys.secret_path.parent.parent == keys.home and not (shared / "keys").exists()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # the shared folder is left alone


def test_a_long_signer_name_with_double_spaces_still_verifies(
    capsys, draft, passphrase_file, tmp_path
) -> None:
    """The trusted comment is one line of at most 1,000 bytes: verify compares it as it was signed."""
    assert run(capsys, "key", "new", "--passphrase-file", str(passphrase_file))[0] == 0
    assert run(capsys, "key", "export", "-o", str(tmp_path / "IRN.pub"))[0] == 0
    name = "Amir  Nazemi " + "Ш" * 480  # 493 characters (the most a name may have is 500), 973 bytes
    code, _, err = run(
        capsys, "sign", "IRN", "--publish", "yes", "--name", name, "--passphrase-file", str(passphrase_file)
    )
    assert code == 0, err
    code, out, _ = run(capsys, "export", "IRN", "-o", str(tmp_path / "out"))
    path = Path(out.splitlines()[0].removeprefix("Wrote "))
    minisig = path.with_name(path.name + ".minisig").read_bytes()
    assert len(minisig.splitlines()[2]) <= 1000 + len(b"trusted comment: ")
    code, out, err = run(capsys, "verify", str(path), "--key", str(tmp_path / "IRN.pub"))
    assert code == 0, err
    independent_verify(path.read_bytes(), minisig, (tmp_path / "IRN.pub").read_bytes())
    if shutil.which("minisign"):
        done = subprocess.run(
            ["minisign", "-Vm", str(path), "-p", str(tmp_path / "IRN.pub")], capture_output=True
        )
        assert done.returncode == 0, done.stderr
