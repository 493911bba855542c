"""Which draft a name given by the user means: its id, the start of its id (four characters or more),
or its country's ISO3 code when the country has one draft."""

from typing import TYPE_CHECKING

from msq_tui.model.countries import country_by_iso3
from msq_tui.store.draft_files import parse_draft
from msq_tui.store.errors import DraftError, DraftNotFound

if TYPE_CHECKING:
    from msq_tui.store.drafts import DraftStore


def find_draft(store: "DraftStore", text: str) -> str:
    """The id of the draft that ``text`` names: its id, the start of its id, or its country."""
    needle = text.strip().lower()
    ids = store.ids()
    if needle in ids:
        return needle
    by_prefix = (
        [response_id for response_id in ids if response_id.startswith(needle)] if len(needle) >= 4 else []
    )
    if len(by_prefix) == 1:
        return by_prefix[0]
    if len(by_prefix) > 1:
        raise DraftError(f"'{text}' starts {len(by_prefix)} draft ids: give more of the id (see `msq list`)")
    country = country_by_iso3(needle) if len(needle) == 3 else None
    if country is not None:
        matches = []
        for response_id in ids:
            try:
                if parse_draft(store.path(response_id).read_bytes()).country == country.iso3:
                    matches.append(response_id)
            except (OSError, ValueError):
                continue
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise DraftError(
                f"{country.name} has {len(matches)} drafts: open one by its id ({', '.join(m[:8] for m in matches)})"
            )
        raise DraftNotFound(
            f"there is no draft for {country.name}: start one with `msq new --country {country.iso3}`"
        )
    raise DraftNotFound(f"no draft has the id '{text}': `msq list` shows the drafts in {store.drafts_folder}")
