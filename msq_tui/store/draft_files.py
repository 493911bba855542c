"""A draft's file: its bytes (serialised, parsed), fitted to a questionnaire, its time stamps, its folders.

The pieces the store's parts share (`drafts`, `history`, `imported`, `emergency`): what a draft file
holds and how it is read, and the private folders in the msq home they are written in.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from msq_tui.files import strict_json
from msq_tui.model.answers import RESPONSE_FORMAT, RESPONSE_FORMAT_VERSION, Response
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.fitting import fit_response
from msq_tui.store.folders import private_folder

DRAFT_SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
MAX_DRAFT_BYTES = 50_000_000


def own_folder(path: Path) -> Path:
    """One of msq's own folders in its home: created 0700, never a link (see folders.py)."""
    if not os.path.lexists(path.parent):
        private_folder(path.parent, create_parents=True)  # the home itself, made by msq now
    return private_folder(path)


def serialise(response: Response) -> bytes:
    """A response as the bytes of its draft file: readable JSON, in UTF-8, as typed."""
    return (response.model_dump_json(indent=2) + "\n").encode("utf-8")


def parse_draft(data: bytes) -> Response:
    """Read a draft file's bytes as a response, or raise ValueError saying why it cannot be."""
    if len(data) > MAX_DRAFT_BYTES:
        raise ValueError(f"it is {len(data):,} bytes, far larger than any draft")
    if not data.strip():
        raise ValueError("it is empty")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # a byte order mark some editors add
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text (a binary file?)") from None
    try:
        document = strict_json.loads(text)
    except RecursionError:
        raise ValueError("it is nested too deeply to be a draft") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"it is not valid JSON (line {error.lineno}: {error.msg}); it may have been cut short"
        ) from None
    if not isinstance(document, dict) or document.get("format") != RESPONSE_FORMAT:
        raise ValueError("it is not an msq draft (another program's file?)")
    version = document.get("format_version")
    if isinstance(version, int) and version > RESPONSE_FORMAT_VERSION:
        raise ValueError(f"it was written by a newer msq (draft format {version}); update msq-tui to open it")
    try:
        return Response.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        raise ValueError(f"its field '{where}' is wrong: {first['msg']}") from None


def migrate(response: Response, questionnaire: Questionnaire) -> Response:
    """Fit a response to ``questionnaire`` (another version of its edition, or another edition).

    Answers move to the questions with the same id when they fit them; the others, and the parts
    of an answer the form does not ask for, go to the `unmapped` list, shown on the review screen,
    never dropped (see `fitting`). A draft of this very version is fitted too: a file from
    elsewhere may hold what the form does not ask.
    """
    return fit_response(response, questionnaire)


def timestamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def parse_timestamp(text: str) -> datetime | None:
    for pattern in ("%Y%m%dT%H%M%S%fZ", "%Y%m%dT%H%M%SZ"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def is_readable(path: Path) -> bool:
    try:
        parse_draft(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True
