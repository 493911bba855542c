"""Reading an assignment or a part file that came by e-mail: bounded, strict, refused in one line.

Both are JSON or TOML documents sealed like a submission (the SHA-256 of their RFC 8785 canonical
JSON in an integrity block); the readers here say what is wrong in one line, as `msq verify` does.
"""

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from msq_tui.files import strict_json, strict_toml
from msq_tui.files.input_files import InputFileError, read_input_file
from msq_tui.model.definitions import Questionnaire
from msq_tui.submission.document import digest

MAX_AGENCY_FILE_BYTES = 20_000_000
ASSIGNMENT_FORMAT = "msq-assignment"
PART_FORMAT = "msq-part"
FORMAT_VERSION = 1


class AgencyFileError(Exception):
    """An assignment or part file msq refuses; the message is one line, naming the file."""


def read_bytes(path: Path, what: str) -> bytes:
    try:
        return read_input_file(path, MAX_AGENCY_FILE_BYTES, what)
    except InputFileError as error:
        raise AgencyFileError(str(error)) from None


def parse_document(data: bytes, name: str) -> dict[str, Any]:
    """The JSON or TOML document in ``data``; AgencyFileError when it is neither."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise AgencyFileError(f"{name} is not UTF-8 text (a binary file?)") from None
    stripped = text.lstrip()
    if not stripped:
        raise AgencyFileError(f"{name} is empty")
    try:
        document = strict_json.loads(text) if stripped.startswith(("{", "[")) else strict_toml.loads(text)
    except RecursionError:
        raise AgencyFileError(f"{name} is nested too deeply to be an msq file") from None
    except json.JSONDecodeError as error:
        raise AgencyFileError(
            f"{name} is damaged: not valid JSON (line {error.lineno}: {error.msg}); it may have been cut short"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise AgencyFileError(f"{name} is damaged: not valid TOML or JSON ({error})") from None
    except ValueError as error:
        raise AgencyFileError(f"{name} is damaged: {error}") from None
    if not isinstance(document, dict):
        raise AgencyFileError(f"{name} is not an msq file")
    return document


def format_of(path: Path) -> str | None:
    """The `format` a file declares (to tell an assignment or a part from a draft), or None."""
    try:
        document = parse_document(read_bytes(path, "an msq file"), str(path))
    except AgencyFileError:
        return None
    value = document.get("format")
    return value if isinstance(value, str) else None


def checked(
    document: dict[str, Any],
    model: type[BaseModel],
    expected_format: str,
    what: str,
    name: str,
    questionnaires: dict[tuple[str, str], Questionnaire],
) -> tuple[Any, Questionnaire]:
    """``document`` read as ``model`` after its format, version, seal and questionnaire are checked."""
    found = document.get("format")
    if found != expected_format:
        raise AgencyFileError(f"{name} is not {what} (its format is {found!r})")
    if document.get("format_version") != FORMAT_VERSION:
        raise AgencyFileError(
            f"{name} has format version {document.get('format_version')!r}; this msq reads version {FORMAT_VERSION}: update msq-tui"
        )
    try:
        parsed = model.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        raise AgencyFileError(f"{name} is damaged: its field '{where}' is wrong ({first['msg']})") from None
    try:
        expected = digest(document)
    except Exception as error:  # a value canonical JSON cannot hold (a TOML date, a float nan)
        raise AgencyFileError(f"{name} is damaged: it holds a value msq never writes ({error})") from None
    if expected != document["integrity"]["digest"]:
        raise AgencyFileError(
            f"{name} was changed after msq wrote it: its content does not match its seal. Ask for the original file"
        )
    reference = document["questionnaire"]
    key = (reference["id"], reference["version"])
    questionnaire = questionnaires.get(key)
    if questionnaire is None:
        raise AgencyFileError(f"{name} is for questionnaire {key[0]} {key[1]}, which this msq does not know")
    return parsed, questionnaire


def slug(agency: str, fallback: str) -> str:
    """A file-name part for an agency: "Ministry of Justice" -> "ministry-of-justice"."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", agency).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")
    return text or fallback


def file_prefix(questionnaire: Questionnaire) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9]", "", questionnaire.questionnaire.short_title) or questionnaire.id.upper()


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` as ``stem.suffix`` in ``folder`` atomically; a different file there is never
    overwritten (the name gets -2, -3...); the same bytes are not written twice."""
    from msq_tui.files.atomic import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}.{suffix}"
    counter = 2
    while target.exists() and target.read_bytes() != data:
        target = folder / f"{stem}-{counter}.{suffix}"
        counter += 1
    if not target.exists():
        write_atomic(target, data, mode=0o644)
    return target
