"""The files a collection reads: files and folders (recursively), and the attachments of e-mails
saved from a mail program (.eml). Nothing here judges a file; it only finds and reads it."""

import email
import email.policy
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from msq_tui.files.input_files import InputFileError, read_input_file
from msq_tui.submission.signing import MAX_SIGNATURE_FILE_BYTES, SIGNATURE_SUFFIX
from msq_tui.submission.verify import MAX_SUBMISSION_BYTES

SUBMISSION_SUFFIXES = (".json", ".toml")
MAIL_SUFFIX = ".eml"
# Outlook (Windows) saves a mail as .msg, a format msq does not read: such a file is listed, not
# passed over, as a submission may be attached to it.
OUTLOOK_SUFFIX = ".msg"
# A mail carries its attachments in base64 (a third larger) beside its text: room for a few submissions.
MAX_MAIL_BYTES = 4 * MAX_SUBMISSION_BYTES


@dataclass(frozen=True)
class Source:
    """One file to judge: its bytes (None when they could not be read, with ``unreadable`` saying why)
    and the bytes of the signature found beside it (FILE.minisig, or the mail's attachment of that name)."""

    name: str  # as reports show it: the path, or "mail.eml > attachment.json"
    data: bytes | None
    signature: bytes | None = None
    signature_name: str = ""
    unreadable: str = ""
    signature_unreadable: str = ""
    cause: str = "unreadable"  # the refused list's cause when there are no bytes to judge

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 of the bytes ("" when unreadable): computed once, asked by several steps."""
        return hashlib.sha256(self.data).hexdigest() if self.data is not None else ""


def printable_path(path: Path | str) -> str:
    """A path as text any database or sheet can hold (a name that is not UTF-8 keeps its bytes as \\x escapes)."""
    return os.fsdecode(os.fspath(path)).encode("utf-8", "backslashreplace").decode("utf-8")


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in (*SUBMISSION_SUFFIXES, MAIL_SUFFIX, OUTLOOK_SUFFIX) and not _hidden(
        path.name
    )


def _hidden(name: str) -> bool:
    """A name no one saved: a hidden file or folder, such as the "._MSQ2020_IRN.json" and
    __MACOSX/ a Mac adds to what it unzips (binary, each refused as a damaged submission)."""
    return name.startswith(".") or name == "__MACOSX"


def files_to_read(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file named, and each .json, .toml and .eml file inside each folder named (sorted, so a
    run reads in the same order each time; hidden ones left out). A file named outright is read
    whatever its suffix or name."""
    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(name for name in subfolders if not _hidden(name))
                for name in sorted(names):
                    candidate = Path(folder) / name
                    if _wanted(candidate):
                        yield candidate
        elif not path.name.endswith(SIGNATURE_SUFFIX):
            yield path  # missing, or a FIFO: reading it says which


def read_sources(path: Path) -> Iterator[Source]:
    """The submission files ``path`` gives: itself, or the attachments of a mail."""
    name = printable_path(os.path.abspath(path))  # the same file is the same name from any folder
    if path.suffix.lower() == OUTLOOK_SUFFIX:
        unreadable = (
            f"{name} is a mail saved by Outlook (.msg), which msq cannot read: save its attachments"
            " (the .json and its .minisig) into the folder, or the mail as .eml, and collect again"
        )
        yield Source(name, None, unreadable=unreadable)
        return
    limit = MAX_MAIL_BYTES if path.suffix.lower() == MAIL_SUFFIX else MAX_SUBMISSION_BYTES
    try:
        data = read_input_file(path, limit, "a submission file or a mail")
    except InputFileError as error:
        yield Source(name, None, unreadable=printable_path(str(error)))
        return
    if path.suffix.lower() == MAIL_SUFFIX:
        yield from mail_attachments(data, name)
        return
    signature_path = path.with_name(path.name + SIGNATURE_SUFFIX)
    signature, signature_unreadable = None, ""
    if os.path.lexists(signature_path):
        try:
            signature = read_input_file(signature_path, MAX_SIGNATURE_FILE_BYTES, "a signature file")
        except InputFileError as error:
            signature_unreadable = printable_path(str(error))
    yield Source(
        name, data, signature, printable_path(signature_path), signature_unreadable=signature_unreadable
    )


def mail_attachments(data: bytes, mail_name: str) -> Iterator[Source]:
    """Each .json or .toml attachment of a mail (forwarded mails included), with the .minisig
    attached under its name plus ".minisig", when there is one. Attachments that share a name
    are each read, numbered in the mail's order."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        attachments = [
            (part.get_filename() or "", part) for part in message.walk() if not part.is_multipart()
        ]
    except Exception as error:  # the email package is lenient: what it still cannot take is a damaged mail
        yield Source(mail_name, None, unreadable=f"{mail_name} is not a mail that can be read ({error})")
        return
    contents: dict[str, list[bytes]] = {}
    for filename, part in attachments:
        if filename:
            try:
                payload = part.get_payload(decode=True)
                content = payload if isinstance(payload, bytes) else b""
            except Exception:  # an attachment whose transfer encoding is broken: judged as empty
                content = b""
            contents.setdefault(filename, []).append(content)
    submissions = [filename for filename in contents if Path(filename).suffix.lower() in SUBMISSION_SUFFIXES]
    if not submissions:
        unreadable = f"{mail_name} holds no .json or .toml attachment: no submission is in it"
        yield Source(mail_name, None, unreadable=unreadable, cause="not-submission")  # a reply, a question
        return
    for filename in submissions:
        signatures = contents.get(filename + SIGNATURE_SUFFIX, [])
        copies = contents[filename]
        for index, content in enumerate(copies):
            number = f" (attachment {index + 1} of that name)" if len(copies) > 1 else ""
            name = f"{mail_name} > {printable_path(filename)}{number}"
            signature = (
                signatures[index] if index < len(signatures) else (signatures[0] if signatures else None)
            )
            signature_name = f"{mail_name} > {printable_path(filename + SIGNATURE_SUFFIX)}"
            if len(content) > MAX_SUBMISSION_BYTES:
                too_large = f"{name} is {len(content):,} bytes; a submission is a few hundred KB at most"
                yield Source(name, None, unreadable=too_large)
                continue
            yield Source(name, content, signature, signature_name)
