"""msq's own folders: which folder holds the drafts, and how msq creates and keeps its folders private.

Two rules. msq never changes the mode of a folder it did not create: when `$MSQ_HOME` names a
folder that others may use (a sticky 1777 folder like /tmp, a team share), msq keeps its data in a
private subfolder of it, `msq-<login name>`, which it creates. And msq never follows a symbolic
link when creating or changing its own folders: a `drafts` or `history/<id>` that is a link is
refused with a message, so that nothing is written, moved or made private somewhere else.
"""

import os
import re
import stat
from pathlib import Path

# Where the platform has POSIX permissions (not Windows), folders are 0700 and files 0600.
POSIX_PERMISSIONS = os.name == "posix"
PRIVATE_FOLDER_MODE = 0o700
# The folders msq makes in its home: one of them there means the folder is an msq home already.
MSQ_FOLDERS = ("drafts", "history", "trash", "crash-reports")


class UnsafeFolder(OSError):
    """A folder msq will not use (a link, a file, someone else's): the message says what to do.

    An OSError, so that every place that reports a refusing disk reports this too.
    """

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        return str(self.args[0])


def _login_name() -> str:
    """The user's login name, as a safe folder name part (the uid where there is no name)."""
    try:
        import getpass

        name = getpass.getuser()
    except Exception:  # no name for the uid (a container): getpass raises KeyError or OSError
        name = ""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip(".")
    if safe:
        return safe
    return str(os.getuid()) if hasattr(os, "getuid") else "user"


def is_private(info: os.stat_result) -> bool:
    """A folder only its owner, this user, can enter (always true where there are no POSIX modes)."""
    if not POSIX_PERMISSIONS:
        return True
    return info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077 == 0


def private_subfolder(root: Path) -> Path:
    return root / f"msq-{_login_name()}"


def choose_home(root: Path) -> Path:
    """The folder that holds msq's data, given the configured one (`$MSQ_HOME` or the user data folder).

    The configured folder itself when msq creates it, when it is private already, or when it holds
    msq's folders from before; otherwise (a shared or foreign folder) its private subfolder
    `msq-<login name>`. Only looks: nothing is created or changed here.
    """
    try:
        info = root.stat()  # the configured folder may be a link the user made: it is theirs
    except OSError:
        return root  # missing (msq creates it) or unreadable (creating it will say why)
    if not stat.S_ISDIR(info.st_mode):
        return root  # a file: preparing it says so
    if is_private(info):
        return root
    if any((root / name).is_dir() and not (root / name).is_symlink() for name in MSQ_FOLDERS):
        return root  # an msq home from before: used as it is, its own mode left alone
    return private_subfolder(root)


def describe_link(path: Path) -> str:
    try:
        return f" (to {os.readlink(path)})"
    except OSError:
        return ""


def private_folder(path: Path, create_parents: bool = False) -> Path:
    """Make sure ``path`` is a real folder of msq's, private (0700 where modes exist); create it if missing.

    A folder msq creates here is made 0700 whatever the umask. One that exists is never a link
    (refused), and is made 0700 only when this user owns it, as msq's own folders are. Raises
    UnsafeFolder with a message when the folder cannot be used, OSError when the disk refuses.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is None:
        if create_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(path, PRIVATE_FOLDER_MODE)
        except FileExistsError:
            pass  # made a moment ago by another msq: checked below like any existing folder
        else:
            if POSIX_PERMISSIONS:
                os.chmod(path, PRIVATE_FOLDER_MODE)  # the umask may have taken bits away; it is ours
            return path
        info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFolder(
            f"{path} is a symbolic link{describe_link(path)}; msq does not follow links in its own folders."
            f" Move the files back into a real folder there (or remove the link), or set MSQ_HOME to another folder",
            path,
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(
            f"{path} is a file, not a folder: move it away so that msq can make its folder there", path
        )
    if POSIX_PERMISSIONS and info.st_uid != os.getuid():
        raise UnsafeFolder(
            f"{path} belongs to another user (uid {info.st_uid}); msq keeps drafts only in folders of yours."
            f" Set MSQ_HOME to a folder of your own",
            path,
        )
    if POSIX_PERMISSIONS and stat.S_IMODE(info.st_mode) != PRIVATE_FOLDER_MODE:
        os.chmod(path, PRIVATE_FOLDER_MODE)  # msq's own folder (not a link, owned by this user)
    return path


def prepare_home(home: Path, shared_parent: bool) -> Path:
    """Create msq's home folder (0700) if it is missing, or check the one that is there; never change a foreign one.

    ``home`` is what `choose_home` chose: the configured folder (created by msq now, private, or
    an msq home from before; an existing one is left as it is), or, with ``shared_parent``, msq's
    private subfolder of a shared folder, which must be a real folder of this user's that only
    they can enter: in a folder others can write to, anything else may have been made by someone
    else to read or redirect the drafts.
    """
    try:
        info = os.lstat(home)
    except FileNotFoundError:
        return private_folder(home, create_parents=True)
    if shared_parent:
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or not is_private(info):
            raise UnsafeFolder(
                f"{home} is not a private folder of yours (a link, a file, or someone else's); msq will not keep"
                f" drafts there. Remove it, or set MSQ_HOME to a folder of your own",
                home,
            )
        return home
    if stat.S_ISLNK(info.st_mode):
        try:
            info = home.stat()  # a link the user set up as their msq home: followed, never changed
        except OSError as error:
            raise UnsafeFolder(
                f"{home} is a symbolic link to a folder that cannot be reached ({error.strerror or error})",
                home,
            ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(f"{home} is a file, not a folder: set MSQ_HOME to a folder", home)
    return home
