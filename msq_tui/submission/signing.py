"""Signatures: the signer's Ed25519 key pair and minisign's file formats, so the stock tool checks msq's files.

What each thing proves. A submission's SHA-256 fingerprint shows a file is unchanged only when it
is compared with a fingerprint received another way (read aloud, printed on a signed letter):
anyone who edits a file can compute a new one. A signature made here proves the file comes from
the holder of the secret key, when it is checked with a public key DPIDG received from the country
before (never one sent with the file).

The formats are minisign's (https://jedisct1.github.io/minisign/), written to the byte:

- public key file: an untrusted comment line, then base64("Ed" + key number (8) + public key (32));
- secret key file: an untrusted comment line, then base64("Ed" + KDF ("Sc" scrypt, or two zero
  bytes for none) + "B2" + salt (32) + opslimit (8, LE) + memlimit (8, LE) + key number (8) +
  secret key (64: seed, then public key) + checksum (32: BLAKE2b-256 of "Ed" + key number + secret
  key)); with scrypt, the last 104 bytes are XORed with scrypt(passphrase, salt) as libsodium's
  crypto_pwhash_scryptsalsa208sha256 derives it from opslimit and memlimit;
- signature file (FILE.minisig): "untrusted comment: ...", base64("ED" + key number + Ed25519
  signature of the BLAKE2b-512 hash of the file), "trusted comment: ...", base64(Ed25519 signature
  of that signature + the trusted comment's text).

Ed25519 and scrypt come from the `cryptography` package (imported only when a key is used, so
starting msq does not load it); nothing cryptographic is written here beyond the formats. Where the
signer's key and the signatures made at sign-off live in the msq home is `store.keys`.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

SIGNATURE_SUFFIX = ".minisig"
MAX_KEY_FILE_BYTES = 4096
MAX_SIGNATURE_FILE_BYTES = 8192
COMMENT_MAX_BYTES = 1000  # minisign reads comments of up to 1024 bytes

_ED25519 = b"Ed"  # the key's algorithm, and of a legacy signature over the whole file
_PREHASHED = b"ED"  # a signature over the BLAKE2b-512 hash of the file (what msq and minisign write)
_SCRYPT = b"Sc"
_NO_KDF = b"\x00\x00"
_BLAKE2B = b"B2"
_KEY_STREAM_BYTES = 8 + 64 + 32  # key number, secret key, checksum

# scrypt's cost when unlocking the key. libsodium turns (opslimit, memlimit) into N, r, p; these
# give N = 2^17, r = 8, p = 1 (128 MiB, a few tenths of a second), readable by minisign too.
SCRYPT_LOG2_N = 17


class SigningError(Exception):
    """A key or signature problem, in one line that says what happened and what to do."""


class WrongPassphrase(SigningError):
    pass


def _cryptography():
    """The Ed25519 classes; a clear message when the `cryptography` package is missing."""
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError as error:  # pragma: no cover - a dependency of msq
        raise SigningError(
            f"signing needs the Python package `cryptography`, which is missing ({error}): reinstall msq"
        ) from None
    return ed25519


def key_id_of(key_number: bytes) -> str:
    """The key id as minisign prints it: the key number as a little-endian integer, in hex."""
    return format(int.from_bytes(key_number, "little"), "X")


@dataclass(frozen=True)
class PublicKey:
    key_number: bytes
    public: bytes

    @property
    def key_id(self) -> str:
        return key_id_of(self.key_number)

    def base64(self) -> str:
        return base64.b64encode(_ED25519 + self.key_number + self.public).decode("ascii")

    def file_text(self) -> str:
        return f"untrusted comment: minisign public key {self.key_id}\n{self.base64()}\n"

    def verifies(self, signature: bytes, message: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        try:
            _cryptography().Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class SecretKey:
    """An unlocked secret key. Its bytes never leave memory: no repr, never written but encrypted."""

    key_number: bytes
    _seed: bytes = field(repr=False)

    def _private(self):
        return _cryptography().Ed25519PrivateKey.from_private_bytes(self._seed)

    @property
    def public_key(self) -> PublicKey:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        public = self._private().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PublicKey(self.key_number, public)

    def sign(self, message: bytes) -> bytes:
        return self._private().sign(message)

    def __repr__(self) -> str:
        return f"SecretKey(key id {key_id_of(self.key_number)})"


def generate_key() -> SecretKey:
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    private = _cryptography().Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return SecretKey(secrets.token_bytes(8), seed)


# -- Reading key files ------------------------------------------------------------------------------


def _other_tool(text: str) -> str | None:
    """What a key file from another tool is, when it looks like one."""
    stripped = text.lstrip()
    if stripped.startswith("-----BEGIN OPENSSH PRIVATE KEY"):
        return "an OpenSSH private key"
    if stripped.startswith("-----BEGIN PGP"):
        return "an OpenPGP (GnuPG) key"
    if stripped.startswith("-----BEGIN"):
        return "a PEM file (OpenSSL)"
    if stripped.startswith(("ssh-ed25519 ", "ssh-rsa ", "ecdsa-sha2-")):
        return "an OpenSSH public key"
    if "signify" in stripped.split("\n", 1)[0]:
        return "a signify key"
    return None


def _decode_lines(data: bytes, name: str, what: str, lines_wanted: int) -> list[str]:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise SigningError(f"{name} is not {what}: it is not text") from None
    other = _other_tool(text)
    if other:
        raise SigningError(
            f"{name} is {other}, not {what} in minisign's format: give the file `msq key export` wrote"
        )
    lines = [line.rstrip("\r") for line in text.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) < lines_wanted or not lines[0].startswith("untrusted comment:"):
        raise SigningError(
            f"{name} is not {what} in minisign's format (it should start with 'untrusted comment:'); it may be damaged"
        )
    return lines


def _base64(line: str, name: str, what: str) -> bytes:
    try:
        return base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SigningError(f"{name} is damaged: its {what} is not valid base64") from None


def parse_public_key(data: bytes, name: str) -> PublicKey:
    lines = _decode_lines(data, name, "a public key", 2)
    if "secret key" in lines[0]:
        raise SigningError(
            f"{name} is a secret key: give the public key (.pub) instead, and keep the secret key to yourself"
        )
    blob = _base64(lines[1], name, "key line")
    if len(blob) != 42 or blob[:2] != _ED25519:
        raise SigningError(f"{name} is not an Ed25519 public key in minisign's format (or it is damaged)")
    return PublicKey(blob[2:10], blob[10:])


def public_key_from_base64(text: str, name: str = "the key") -> PublicKey:
    return parse_public_key(f"untrusted comment: given\n{text}\n".encode(), name)


@dataclass(frozen=True)
class LockedKey:
    """A secret key file as read: `unlock` with the passphrase (none when not encrypted)."""

    kdf: bytes
    salt: bytes
    opslimit: int
    memlimit: int
    sealed: bytes = field(
        repr=False
    )  # key number + secret key + checksum, XORed with the scrypt stream when encrypted
    name: str

    @property
    def encrypted(self) -> bool:
        return self.kdf == _SCRYPT

    def unlock(self, passphrase: str | None) -> SecretKey:
        if self.encrypted:
            if not passphrase:
                raise WrongPassphrase(f"the key {self.name} is protected by a passphrase: give it")
            stream = _scrypt(passphrase.encode("utf-8"), self.salt, self.opslimit, self.memlimit)
            plain = bytes(a ^ b for a, b in zip(self.sealed, stream, strict=True))
        else:
            plain = self.sealed
        key_number, secret, checksum = plain[:8], plain[8:72], plain[72:]
        expected = hashlib.blake2b(_ED25519 + key_number + secret, digest_size=32).digest()
        unchecked = not self.encrypted and checksum == bytes(32)  # minisign -W leaves it empty
        if not unchecked and not hmac.compare_digest(checksum, expected):
            if self.encrypted:
                raise WrongPassphrase(
                    "wrong passphrase for the signing key (or its file is damaged); try again"
                )
            raise SigningError(
                f"{self.name} is damaged: its checksum does not match; make a new key with `msq key new --replace`"
            )
        key = SecretKey(key_number, secret[:32])
        if key.public_key.public != secret[32:]:
            raise SigningError(f"{self.name} is damaged: its secret and public halves do not belong together")
        return key


def parse_secret_key(data: bytes, name: str) -> LockedKey:
    lines = _decode_lines(data, name, "a secret key", 2)
    blob = _base64(lines[1], name, "key line")
    if len(blob) == 42 and blob[:2] == _ED25519:
        raise SigningError(f"{name} is a public key, not the secret key msq signs with")
    if (
        len(blob) != 158
        or blob[:2] != _ED25519
        or blob[4:6] != _BLAKE2B
        or blob[2:4] not in (_SCRYPT, _NO_KDF)
    ):
        raise SigningError(
            f"{name} is not an Ed25519 secret key in minisign's format (or it is damaged); make one with `msq key new`"
        )
    opslimit = int.from_bytes(blob[38:46], "little")
    memlimit = int.from_bytes(blob[46:54], "little")
    if blob[2:4] == _SCRYPT and (memlimit > 1 << 31 or opslimit > 1 << 40):
        raise SigningError(
            f"{name} asks for more memory to unlock ({memlimit:,} bytes) than msq will use; it may be damaged"
        )
    return LockedKey(blob[2:4], blob[6:38], opslimit, memlimit, blob[54:], name)


def _scrypt_parameters(opslimit: int, memlimit: int) -> tuple[int, int, int]:
    """(N, r, p) as libsodium's crypto_pwhash_scryptsalsa208sha256 picks them (its pickparams)."""
    opslimit = max(opslimit, 32768)
    r = 8
    if opslimit < memlimit // 32:
        p = 1
        max_n = opslimit // (r * 4)
    else:
        max_n = memlimit // (r * 128)
    n_log2 = 1
    while n_log2 < 63 and (1 << n_log2) <= max_n // 2:
        n_log2 += 1
    if opslimit >= memlimit // 32:
        max_rp = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF)
        p = max_rp // r
    return 1 << n_log2, r, p


def _scrypt(passphrase: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    n, r, p = _scrypt_parameters(opslimit, memlimit)
    try:
        return Scrypt(salt=salt, length=_KEY_STREAM_BYTES, n=n, r=r, p=max(p, 1)).derive(passphrase)
    except (ValueError, MemoryError) as error:
        raise SigningError(
            f"the key could not be unlocked: scrypt refused its parameters ({error})"
        ) from None


def secret_key_file(key: SecretKey, passphrase: str | None, log2_n: int | None = None) -> bytes:
    """The secret key in minisign's format: encrypted with ``passphrase``, or plain when None."""
    public = key.public_key.public
    secret = key._seed + public
    checksum = hashlib.blake2b(_ED25519 + key.key_number + secret, digest_size=32).digest()
    plain = key.key_number + secret + checksum
    if passphrase is None:
        blob = _ED25519 + _NO_KDF + _BLAKE2B + bytes(32 + 16) + plain
        comment = "minisign secret key, NOT encrypted"
    else:
        salt = secrets.token_bytes(32)
        n = 1 << (log2_n or SCRYPT_LOG2_N)
        opslimit, memlimit = 32 * n, 1024 * n  # libsodium turns these back into N = n, r = 8, p = 1
        stream = _scrypt(passphrase.encode("utf-8"), salt, opslimit, memlimit)
        sealed = bytes(a ^ b for a, b in zip(plain, stream, strict=True))
        blob = (
            _ED25519
            + _SCRYPT
            + _BLAKE2B
            + salt
            + opslimit.to_bytes(8, "little")
            + memlimit.to_bytes(8, "little")
            + sealed
        )
        comment = "minisign encrypted secret key"
    return f"untrusted comment: {comment}\n{base64.b64encode(blob).decode('ascii')}\n".encode("ascii")


# -- Signatures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    algorithm: bytes
    key_number: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes

    @property
    def key_id(self) -> str:
        return key_id_of(self.key_number)


def comment_line(text: str) -> str:
    """A comment as it is signed: one line, single spaces, at most COMMENT_MAX_BYTES (cut with "...")."""
    text = " ".join(text.split())
    data = text.encode("utf-8")
    if len(data) <= COMMENT_MAX_BYTES:
        return text
    return data[: COMMENT_MAX_BYTES - 3].decode("utf-8", errors="ignore") + "..."


def sign_bytes(key: SecretKey, data: bytes, trusted_comment: str, untrusted_comment: str) -> bytes:
    """A .minisig for ``data``: the Ed25519 signature of its BLAKE2b-512 hash, and the global signature."""
    trusted = comment_line(trusted_comment)
    signature = key.sign(hashlib.blake2b(data, digest_size=64).digest())
    global_signature = key.sign(signature + trusted.encode("utf-8"))
    line = base64.b64encode(_PREHASHED + key.key_number + signature).decode("ascii")
    return (
        f"untrusted comment: {comment_line(untrusted_comment)}\n{line}\n"
        f"trusted comment: {trusted}\n{base64.b64encode(global_signature).decode('ascii')}\n"
    ).encode()


def parse_signature(data: bytes, name: str) -> Signature:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SigningError(f"{name} is not a minisign signature: it is not text") from None
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if (
        len(lines) < 4
        or not lines[0].startswith("untrusted comment:")
        or not lines[2].startswith("trusted comment: ")
    ):
        raise SigningError(
            f"{name} is not a signature in minisign's format (four lines: comments and signatures); it may be damaged"
        )
    blob = _base64(lines[1], name, "signature line")
    if len(blob) != 74 or blob[:2] not in (_PREHASHED, _ED25519):
        raise SigningError(f"{name} is not an Ed25519 signature in minisign's format (or it is damaged)")
    global_signature = _base64(lines[3], name, "global signature line")
    if len(global_signature) != 64:
        raise SigningError(f"{name} is damaged: its global signature has the wrong length")
    return Signature(
        blob[:2], blob[2:10], blob[10:], lines[2].removeprefix("trusted comment: "), global_signature
    )


def signature_problem(signature: Signature, key: PublicKey, data: bytes) -> str | None:
    """Why ``signature`` by ``key`` does not hold for ``data`` (None when it does)."""
    if signature.key_number != key.key_number:
        return f"it was made with key {signature.key_id}, not with key {key.key_id}"
    message = hashlib.blake2b(data, digest_size=64).digest() if signature.algorithm == _PREHASHED else data
    if not key.verifies(signature.signature, message):
        return (
            "the signature does not match the file: the file was changed after it was signed, or the signature"
            " belongs to another file; ask the sender for the original file and its .minisig"
        )
    if not key.verifies(
        signature.global_signature, signature.signature + signature.trusted_comment.encode("utf-8")
    ):
        return "the trusted comment was changed after signing (its global signature does not match)"
    return None


def read_public_key_file(path: Path) -> PublicKey:
    from msq_tui.files.input_files import InputFileError, read_input_file

    try:
        data = read_input_file(path, MAX_KEY_FILE_BYTES, "a public key file")
    except InputFileError as error:
        raise SigningError(str(error)) from None
    return parse_public_key(data, str(path))


def signature_path_of(path: Path) -> Path:
    return path.with_name(path.name + SIGNATURE_SUFFIX)


def read_signature_file(path: Path) -> Signature | None:
    """The signature beside ``path`` (FILE.minisig); None when there is none."""
    from msq_tui.files.input_files import InputFileError, read_input_file

    beside = signature_path_of(path)
    if not os.path.lexists(beside):
        return None
    try:
        data = read_input_file(beside, MAX_SIGNATURE_FILE_BYTES, "a signature file")
    except InputFileError as error:
        raise SigningError(str(error)) from None
    return parse_signature(data, str(beside))
