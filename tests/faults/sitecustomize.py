"""Fault injection for tests of the real msq: a disk that refuses or hangs, for one folder.

On PYTHONPATH (tests/terminal.py puts it there when a test asks), this module is imported by
Python at start-up. While the file named by MSQ_TEST_FAULT_FILE exists, os.fsync of a file in
the folder MSQ_TEST_FAULT_FOLDER (or below it) fails with ENOSPC when the file says "full", or
waits as many seconds as it says after "hang" ("hang 60"). Other folders keep working, as
another disk would.
"""

import errno
import os
import time

_real_fsync = os.fsync


def _fsync(descriptor: int) -> None:
    trigger = os.environ.get("MSQ_TEST_FAULT_FILE", "")
    folder = os.environ.get("MSQ_TEST_FAULT_FOLDER", "")
    if trigger and folder and os.path.exists(trigger):
        try:
            path = os.readlink(f"/proc/self/fd/{descriptor}")
        except OSError:
            path = ""
        if path == folder or path.startswith(folder.rstrip("/") + "/"):
            with open(trigger, encoding="utf-8") as file:
                words = file.read().split()
            if words[:1] == ["hang"]:
                time.sleep(float(words[1]) if len(words) > 1 else 60.0)
            else:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    _real_fsync(descriptor)


os.fsync = _fsync
