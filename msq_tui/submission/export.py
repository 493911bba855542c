"""Export: the signed-off response written as JSON and TOML files (and their signatures) for DPIDG."""

import re
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.model.answers import Response
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.validation import errors, validate_response
from msq_tui.submission.document import sealed, submission_document, to_json, to_toml
from msq_tui.submission.signoff import signed_response_problems

if TYPE_CHECKING:
    from msq_tui.submission.signed import SignatureKeeper

FORMATS = ("json", "toml")


class ExportRefused(Exception):
    """Only a signed-off response exports; the message says why this one does not."""


def export_stem(questionnaire: Questionnaire, response: Response) -> str:
    assert response.signoff is not None
    prefix = re.sub(r"[^A-Za-z0-9]", "", questionnaire.questionnaire.short_title) or questionnaire.id.upper()
    return f"{prefix}_{response.country}_{response.signoff.signed_at.astimezone(UTC).date().isoformat()}_r{response.revision}"


def default_export_folder() -> Path:
    from platformdirs import user_documents_path

    return user_documents_path()


def export(
    questionnaire: Questionnaire,
    response: Response,
    folder: Path,
    formats: tuple[str, ...] = FORMATS,
    *,
    keys: "SignatureKeeper | None",
) -> list[Path]:
    """Write the submission files, each with the signature sign-off kept in ``keys`` for it (none
    when ``keys`` is None); return their paths. Raises ExportRefused or OSError."""
    from msq_tui.files.atomic import write_atomic

    if not response.is_signed:
        blocking = errors(validate_response(questionnaire, response))
        reasons = ["it is not signed off: sign it off first (`msq sign`, or s on the review screen)"]
        reasons += [problem.message for problem in blocking]
        raise ExportRefused(
            "Only a signed-off response exports; "
            + reasons[0]
            + (":\n" + "\n".join(f"  - {r}" for r in reasons[1:]) if len(reasons) > 1 else "")
        )
    wrong = signed_response_problems(questionnaire, response)
    if wrong:
        count = len(wrong)
        raise ExportRefused(
            f"Not exported: revision {response.revision} is marked signed off but fails {count} check{'s' if count != 1 else ''}"
            " a submission must pass; reopen it (`msq reopen`, or o on the review screen), fix"
            f" {'it' if count == 1 else 'them'} and sign it off again:\n"
            + "\n".join(f"  - {reason}" for reason in wrong)
        )
    document = sealed(submission_document(questionnaire, response))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    stem = export_stem(questionnaire, response)
    for fmt in formats:
        data = to_json(document) if fmt == "json" else to_toml(document)
        target = folder / f"{stem}.{fmt}"
        counter = 2
        while target.exists() and target.read_bytes() != data:
            target = folder / f"{stem}-{counter}.{fmt}"  # never overwrite a different file
            counter += 1
        if not target.exists():
            write_atomic(target, data, mode=0o644)
        if keys is not None:
            _write_signature(target, data, keys)
        written.append(target)
    return written


def _write_signature(target: Path, data: bytes, keys: "SignatureKeeper") -> None:
    """Write beside ``target`` the signature made at sign-off for ``data``, when there is one
    (see signed.sign_submission); without one the file stays unsigned, as before keys existed."""
    from msq_tui.files.atomic import write_atomic
    from msq_tui.submission.signing import signature_path_of

    signature = keys.signature_for(data)
    if signature is not None:
        write_atomic(signature_path_of(target), signature, mode=0o644)
