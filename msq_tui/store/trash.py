"""Deleted drafts: moved to `trash/` with their backup, stamped, from where undelete brings the newest back."""

import os
from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.store.draft_files import BACKUP_SUFFIX, DRAFT_SUFFIX, own_folder, timestamp
from msq_tui.store.errors import DraftError, DraftNotFound

if TYPE_CHECKING:
    from msq_tui.store.drafts import DraftStore


def delete(store: "DraftStore", response_id: str) -> Path:
    """Move a draft (and its backup) to the trash folder, from where `undelete` brings it back."""
    path = store.path(response_id)
    if not path.exists():
        raise DraftNotFound(f"there is no draft {path}")
    own_folder(store.trash_folder)
    stamp = timestamp()
    target = store.trash_folder / f"{response_id}.{stamp}{DRAFT_SUFFIX}"
    os.replace(path, target)
    backup = store.backup_path(response_id)
    if backup.exists():
        os.replace(backup, store.trash_folder / f"{response_id}.{stamp}{BACKUP_SUFFIX}")
    return target


def deleted(store: "DraftStore") -> list[tuple[str, Path]]:
    """The drafts in the trash as (id, file), the newest first."""
    if not store.trash_folder.is_dir():
        return []
    found = []
    for path in sorted(store.trash_folder.glob(f"*{DRAFT_SUFFIX}"), reverse=True):
        response_id = path.name.split(".", 1)[0]
        found.append((response_id, path))
    return found


def undelete(store: "DraftStore", response_id: str) -> Path:
    """Bring back the most recently deleted copy of a draft."""
    for found_id, path in deleted(store):
        if found_id == response_id:
            target = store.path(response_id)
            if target.exists():
                raise DraftError(f"a draft {target} exists already; it is not overwritten")
            own_folder(store.drafts_folder)
            os.replace(path, target)
            backup = path.with_name(path.name.removesuffix(DRAFT_SUFFIX) + BACKUP_SUFFIX)
            if backup.exists():
                os.replace(backup, store.backup_path(response_id))
            return target
    raise DraftNotFound(f"no deleted draft has the id {response_id}")
