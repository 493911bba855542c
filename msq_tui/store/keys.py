"""The signer's key pair and the signatures made at sign-off, where they live in the msq home.

The key files are minisign's (see `submission.signing`, which reads and writes their bytes); this
module keeps them on disk: folder `keys` (0700) holds `signer.key` (0600, encrypted with the
passphrase unless the signer chose none) and `signer.pub`; folder `signatures` holds the
signatures sign-off made, filed by the SHA-256 of the bytes they sign, until export writes each
beside its file. Sign-off, export and the e-mail are handed a KeyStore (`submission.signed`'s
SignatureKeeper): the submission floor keeps no folders of its own.
"""

import hashlib
import os
from pathlib import Path

from msq_tui.store.folders import choose_home, prepare_home, private_folder
from msq_tui.submission.signing import (
    MAX_KEY_FILE_BYTES,
    MAX_SIGNATURE_FILE_BYTES,
    SIGNATURE_SUFFIX,
    LockedKey,
    PublicKey,
    SecretKey,
    SigningError,
    generate_key,
    parse_public_key,
    parse_secret_key,
    secret_key_file,
)

PUBLIC_KEY_FILE = "signer.pub"
SECRET_KEY_FILE = "signer.key"
KEYS_FOLDER = "keys"
SIGNATURES_FOLDER = "signatures"


class KeyStore:
    """The signer's key pair (folder `keys`, 0700; the secret key 0600) and the signatures made at
    sign-off (folder `signatures`), kept until the files are exported."""

    def __init__(self, home: Path | None = None):
        from msq_tui.store.drafts import msq_home

        self.root = home or msq_home()  # as DraftStore: the configured folder, and the one msq uses in it
        self.home = choose_home(self.root)
        self.folder = self.home / KEYS_FOLDER
        self.secret_path = self.folder / SECRET_KEY_FILE
        self.public_path = self.folder / PUBLIC_KEY_FILE
        self.signatures_folder = self.home / SIGNATURES_FOLDER

    def _prepare(self, folder: Path) -> Path:
        prepare_home(self.home, shared_parent=self.home != self.root)
        return private_folder(folder)

    def has_key(self) -> bool:
        return os.path.lexists(self.secret_path)

    def create(self, passphrase: str | None, replace: bool = False, log2_n: int | None = None) -> PublicKey:
        from datetime import UTC, datetime

        from msq_tui.files.atomic import write_atomic

        self._prepare(self.folder)
        if self.has_key():
            if not replace:
                raise SigningError(
                    f"a signing key exists already ({self.secret_path}, key id {self.public_key().key_id});"
                    " give --replace to make a new one (the old one is kept beside it)"
                )
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            for path in (self.secret_path, self.public_path):
                if os.path.lexists(path):
                    os.replace(path, path.with_name(f"{path.name}.old-{stamp}"))
        key = generate_key()
        write_atomic(self.secret_path, secret_key_file(key, passphrase, log2_n), mode=0o600)
        write_atomic(self.public_path, key.public_key.file_text().encode("ascii"), mode=0o600)
        return key.public_key

    def _read(self, path: Path, what: str) -> bytes:
        from msq_tui.files.input_files import InputFileError, read_input_file

        try:
            return read_input_file(path, MAX_KEY_FILE_BYTES, what)
        except InputFileError as error:
            if error.kind == "missing":
                raise SigningError("there is no signing key yet: make one with `msq key new`") from None
            raise SigningError(str(error)) from None

    def locked_key(self) -> LockedKey:
        return parse_secret_key(self._read(self.secret_path, "a secret key"), str(self.secret_path))

    def public_key(self) -> PublicKey:
        if not os.path.lexists(self.public_path) and self.has_key():
            raise SigningError(f"{self.public_path} is missing; make a new key with `msq key new --replace`")
        return parse_public_key(self._read(self.public_path, "a public key"), str(self.public_path))

    def unlock(self, passphrase: str | None) -> SecretKey:
        key = self.locked_key().unlock(passphrase)
        if key.public_key != self.public_key():
            raise SigningError(
                f"{self.secret_path} and {self.public_path} are not one key pair; make a new key with `msq key new --replace`"
            )
        return key

    def _signature_path(self, data: bytes) -> Path:
        return self.signatures_folder / f"{hashlib.sha256(data).hexdigest()}{SIGNATURE_SUFFIX}"

    def store_signature(self, data: bytes, signature: bytes) -> None:
        from msq_tui.files.atomic import write_atomic

        self._prepare(self.signatures_folder)
        write_atomic(self._signature_path(data), signature, mode=0o600)

    def signature_for(self, data: bytes) -> bytes | None:
        """The signature made at sign-off for a file holding exactly ``data``, if any."""
        from msq_tui.files.input_files import InputFileError, read_input_file

        path = self._signature_path(data)
        if not path.is_file():
            return None
        try:
            return read_input_file(path, MAX_SIGNATURE_FILE_BYTES, "a signature")
        except InputFileError:
            return None
