"""Signed submissions: signing at sign-off, the .minisig written beside each exported file, and checking one.

Sign-off signs the exact bytes export will write (the JSON and the TOML of the sealed document are
determined by the signed response), so the passphrase is asked once, at sign-off; the signatures
wait in the msq home, filed by the SHA-256 of the bytes they sign, until export writes each
beside its file as FILE.minisig. The trusted comment repeats what the file says (format,
questionnaire, country, revision, fingerprint, signer), so `minisign -V` shows it, and `msq verify`
refuses a signature whose comment disagrees with the file. Where the signatures wait is handed in
(a SignatureKeeper: `store.keys.KeyStore`), as this floor keeps no folders of its own.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from msq_tui.submission.signing import (
    PublicKey,
    SecretKey,
    Signature,
    SigningError,
    comment_line,
    sign_bytes,
    signature_problem,
)

_FIELDS = ("format", "questionnaire", "country", "revision", "fingerprint", "signer")


class SignatureKeeper(Protocol):
    """The signer's public key and the signatures made at sign-off, kept until export writes them."""

    public_path: Path  # where the signer's public key is, as messages name it

    def has_key(self) -> bool: ...

    def public_key(self) -> PublicKey: ...

    def store_signature(self, data: bytes, signature: bytes) -> None: ...

    def signature_for(self, data: bytes) -> bytes | None:
        """The signature made at sign-off for a file holding exactly ``data``, if any."""
        ...


def trusted_fields(document: dict[str, Any]) -> dict[str, str]:
    """What the trusted comment states about a sealed submission document."""
    signoff = document.get("signoff") or {}
    return {
        "format": f"{document['format']}/{document['format_version']}",
        "questionnaire": f"{document['questionnaire']['id']}/{document['questionnaire']['version']}",
        "country": document["country"]["iso3"],
        "revision": str(document["revision"]),
        "fingerprint": f"sha256:{document['integrity']['digest']}",
        "signer": f"{signoff.get('name', '')} <{signoff.get('email', '')}>",
    }


def trusted_comment(document: dict[str, Any]) -> str:
    """One line: "format msq-submission/1 | questionnaire ... | signer Name <e-mail>" (the signer last: free text)."""
    return " | ".join(f"{name} {value}" for name, value in trusted_fields(document).items())


def parse_trusted_comment(text: str) -> dict[str, str]:
    parts = text.split(" | ", len(_FIELDS) - 1)
    found = {}
    for part in parts:
        name, _, value = part.partition(" ")
        found[name] = value
    return found


def submission_files(document: dict[str, Any]) -> dict[str, bytes]:
    """The bytes export writes for a sealed document, by format."""
    from msq_tui.submission.document import to_json, to_toml

    return {"json": to_json(document), "toml": to_toml(document)}


def sign_submission(document: dict[str, Any], key: SecretKey, keys: SignatureKeeper) -> str:
    """Sign both files of a sealed document and keep the signatures in ``keys`` for export; the key id."""
    comment = trusted_comment(document)
    key_id = key.public_key.key_id
    untrusted = f"msq signature, key {key_id}; check it with the key received from the country before"
    for data in submission_files(document).values():
        keys.store_signature(data, sign_bytes(key, data, comment, untrusted))
    return key_id


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a submission file's signature."""

    status: str  # "signed" (checked with a trusted key), "unchecked" (no key given), "unsigned", "refused"
    message: str
    key_id: str | None = None


def check_signature(
    document: dict[str, Any],
    data: bytes,
    signature: Signature | None,
    trusted: dict[bytes, tuple[PublicKey, str]] | None,
) -> Checked:
    """Check ``signature`` of the file ``data`` (holding ``document``) against the ``trusted`` keys
    (key number -> (key, where it came from)); None for no keys given."""
    if signature is None:
        if trusted is None:
            return Checked(
                "unsigned", "none: the file has no .minisig beside it, so nothing shows who made it"
            )
        return Checked(
            "refused",
            "the file has no signature (no .minisig beside it); ask the sender for the signed files",
        )
    if trusted is None:
        return Checked(
            "unchecked",
            f"present, key {signature.key_id}, not checked: give the key received from the country"
            " (--key FILE.pub, or a folder of them with --keys DIR)",
            signature.key_id,
        )
    entry = trusted.get(signature.key_number)
    if entry is None:
        return Checked("refused", _untrusted_key(signature, document, trusted), signature.key_id)
    key, source = entry
    problem = signature_problem(signature, key, data)
    if problem:
        return Checked("refused", problem, signature.key_id)
    expected = trusted_fields(document)
    if signature.trusted_comment != comment_line(
        trusted_comment(document)
    ):  # compared as signed: one line, cut to length
        stated = parse_trusted_comment(signature.trusted_comment)
        wanted = parse_trusted_comment(comment_line(trusted_comment(document)))
        differing = [name for name in _FIELDS if stated.get(name) != wanted.get(name)] or ["its wording"]
        return Checked(
            "refused",
            f"the signed trusted comment disagrees with the file on: {', '.join(differing)}",
            signature.key_id,
        )
    country = _country_of_key_file(source)
    if country and country != document["country"]["iso3"]:
        return Checked(
            "refused",
            f"it is signed by key {signature.key_id}, which {source} holds for {country}, but the file is for {document['country']['iso3']}",
            signature.key_id,
        )
    return Checked(
        "signed",
        f"signed by key {signature.key_id} ({expected['signer']}), checked with {source}",
        signature.key_id,
    )


def _untrusted_key(
    signature: Signature, document: dict[str, Any], trusted: dict[bytes, tuple[PublicKey, str]]
) -> str:
    """Why a signature's key is not trusted, in words that say what to do: the country's own key
    file holds another key, or the keys named by country have none for this one."""
    said = f"it is signed by key {signature.key_id}, which is not among the trusted keys given"
    iso3 = str(document.get("country", {}).get("iso3", ""))
    by_country = {_country_of_key_file(source): (key, source) for key, source in trusted.values()}
    if iso3 in by_country:
        key, source = by_country[iso3]
        return (
            f"{said}: {source}, the trusted key for {iso3}, is key {key.key_id}. The file may be forged,"
            f" or {iso3} signed with a new key: ask {iso3}, by another way than the submission e-mail"
        )
    if any(by_country):  # the keys are named ISO3.pub, and none is this country's
        return f"{said} (no {iso3}.pub among them): put the public key received from {iso3} with the others"
    return said


def _country_of_key_file(source: str) -> str | None:
    """The ISO3 code a key file's name gives (IRN.pub), when it names a Member State."""
    from msq_tui.model.countries import country_by_iso3

    stem = Path(source).stem.upper()
    return stem if len(stem) == 3 and country_by_iso3(stem) is not None else None


def trusted_keys(
    key_file: Path | None, keys_folder: Path | None
) -> tuple[dict[bytes, tuple[PublicKey, str]], list[str]]:
    """The trusted keys from --key or --keys, and the files in the folder that could not be read."""
    from msq_tui.submission.signing import read_public_key_file

    keys: dict[bytes, tuple[PublicKey, str]] = {}
    skipped: list[str] = []
    if key_file is not None:
        key = read_public_key_file(key_file)
        keys[key.key_number] = (key, str(key_file))
    if keys_folder is not None:
        if not keys_folder.is_dir():
            raise SigningError(
                f"{keys_folder} is not a folder: give the folder that holds the countries' .pub files"
            )
        for path in sorted(keys_folder.glob("*.pub"))[:1000]:
            try:
                key = read_public_key_file(path)
            except SigningError as error:
                skipped.append(str(error))
                continue
            keys.setdefault(key.key_number, (key, str(path)))
        if not keys and not skipped:
            raise SigningError(
                f"{keys_folder} holds no .pub files: put the public keys received from the countries there"
            )
    return keys, skipped


def signatures_to_attach(
    folder: Path, document: dict[str, Any], files: dict[str, tuple[str, bytes]], keys: SignatureKeeper
) -> dict[str, tuple[str, bytes, str]]:
    """The .minisig of each file to attach, by format, as (file name, content, key id): the one beside
    the file in ``folder``, else the one kept from sign-off in ``keys``. SigningError when one cannot be read,
    or does not hold for its file with the signer's own key (when it was made with that key)."""
    from msq_tui.files.input_files import InputFileError, read_input_file
    from msq_tui.submission.signing import MAX_SIGNATURE_FILE_BYTES, parse_signature

    try:
        own = keys.public_key() if keys.has_key() else None
    except SigningError:
        own = None  # a damaged own key does not stop the e-mail: the signatures are attached as they are
    found: dict[str, tuple[str, bytes, str]] = {}
    for fmt, (name, data) in files.items():
        beside = folder / f"{name}.minisig"
        try:
            content = (
                read_input_file(beside, MAX_SIGNATURE_FILE_BYTES, "a signature file")
                if beside.is_file()
                else keys.signature_for(data)
            )
        except InputFileError as error:
            raise SigningError(str(error)) from None
        if content is None:
            continue
        signature = parse_signature(content, str(beside))
        if own is not None and own.key_number == signature.key_number:
            checked = check_signature(
                document, data, signature, {own.key_number: (own, str(keys.public_path))}
            )
            if checked.status != "signed":
                raise SigningError(f"the signature {beside} does not hold for {name}: {checked.message}")
        found[fmt] = (f"{name}.minisig", content, signature.key_id)
    return found
