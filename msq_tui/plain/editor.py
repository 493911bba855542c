"""`:edit` in plain mode: a text answer written in the respondent's own editor ($VISUAL or $EDITOR)."""

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable


def edit_in_editor(current: str, say: Callable[..., None]) -> str | None:
    """The answer as edited in the editor; None, said why, when there is none or it failed."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        say(
            "No editor is set: set VISUAL or EDITOR to use :edit, or type the text on lines ending with a single '.'."
        )
        return None
    handle, path = tempfile.mkstemp(prefix="msq-answer-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(current + ("\n" if current else ""))
        say(f"Opening {editor} on the answer; save and close it to come back.")
        try:
            finished = subprocess.run([*shlex.split(editor), path], check=False)
        except (OSError, ValueError) as error:
            say(
                f"The editor {editor!r} could not be started ({getattr(error, 'strerror', None) or error}): the answer is as it was."
            )
            return None
        if finished.returncode != 0:
            say(f"The editor ended with code {finished.returncode}: the answer is as it was.")
            return None
        try:
            with open(path, encoding="utf-8", errors="replace") as file:
                text = file.read()
        except OSError as error:
            say(f"The edited text could not be read ({error.strerror or error}): the answer is as it was.")
            return None
        return text.rstrip("\n")
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
