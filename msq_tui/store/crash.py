"""Crash reports: an unexpected error's details go to a file for the team, not onto the screen.

A traceback tells a respondent nothing and may show pieces of their answers; the report keeps it
(private, 0600) in the msq home folder, and the person is told what happened, that the draft was
saved, and which file to send.
"""

import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

REPORTS_FOLDER = "crash-reports"


def write_crash_report(error: BaseException, home: Path | None = None) -> Path | None:
    """Write ``error``'s traceback and the versions in use; the report's path, or None if it cannot be written."""
    from msq_tui import __version__
    from msq_tui.files.atomic import write_atomic
    from msq_tui.store.drafts import msq_home
    from msq_tui.store.folders import choose_home, private_folder

    now = datetime.now(UTC)
    lines = [
        f"msq {__version__} stopped on an unexpected error, {now.isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"command: {' '.join(sys.argv)}",
        "",
        *traceback.format_exception(error),
    ]
    try:
        base = home or choose_home(msq_home())
        if not base.exists():
            private_folder(base, create_parents=True)
        folder = private_folder(base / REPORTS_FOLDER)  # never a link, never a foreign folder's mode changed
        path = folder / f"crash-{now.strftime('%Y%m%d-%H%M%S-%f')}.txt"
        write_atomic(
            path, "".join(line if line.endswith("\n") else line + "\n" for line in lines).encode("utf-8")
        )
    except (OSError, ValueError):
        return None
    return path


def crash_message(error: BaseException, report: Path | None) -> str:
    """What to tell the person: what happened, where the details are, what to do."""
    what = f"stopped on an unexpected error ({type(error).__name__}: {str(error)[:200]})"
    if report is None:
        return f"{what}. Its details could not be written to a file; please tell the msq team what you were doing."
    return f"{what}. The details are in {report} (where the error happened, and the versions in use): please send that file to the msq team."
