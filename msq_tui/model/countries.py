"""The 193 United Nations Member States, read from the table shipped inside the package.

A country is named by its ISO 3166-1 alpha-3 code (any case) or its English UN name (any case,
accents and apostrophes optional, so "cote d'ivoire" finds Côte d'Ivoire).
"""

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from msq_tui.model.ordering import folded, human_order


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    m49: str
    name: str  # English UN name
    names: dict[str, str]  # the six UN languages: en, fr, es, ru, ar, zh
    region: str
    subregion: str


class UnknownCountry(ValueError):
    """Raised with a message for people when a country cannot be found."""


@cache
def member_states() -> tuple[Country, ...]:
    """All 193 Member States, in alphabetical order of their English names as people read it
    (Côte d'Ivoire before Cuba, Türkiye before Turkmenistan), whatever the table's order."""
    table = resources.files("msq_tui").joinpath("data/un-member-states.csv").read_text(encoding="utf-8")
    countries = []
    for row in csv.DictReader(io.StringIO(table)):
        countries.append(
            Country(
                iso3=row["iso3"],
                iso2=row["iso2"],
                m49=row["m49"],
                name=row["name_en"],
                names={lang: row[f"name_{lang}"] for lang in ("en", "fr", "es", "ru", "ar", "zh")},
                region=row["region"],
                subregion=row["subregion"],
            )
        )
    return tuple(sorted(countries, key=lambda country: human_order(country.name)))


@cache
def _index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for country in member_states():
        index[country.iso3.casefold()] = country
        index[folded(country.name)] = country
    return index


def find_country(text: str) -> Country:
    """The Member State that ``text`` names (ISO3 code or English UN name), or UnknownCountry."""
    key = folded(text)
    if not key:
        raise UnknownCountry("no country given: name a Member State by its ISO3 code (IRN) or its UN name")
    country = _index().get(key)
    if country is not None:
        return country
    close = search_countries(text)
    hint = ""
    if close:
        hint = " Did you mean " + ", ".join(f"{c.name} ({c.iso3})" for c in close[:5]) + "?"
    raise UnknownCountry(
        f"'{text}' is not a UN Member State's ISO3 code or English UN name.{hint}"
        " `msq countries` lists all 193."
    )


def search_countries(text: str) -> list[Country]:
    """The Member States that ``text`` finds, best first: the one it codes or names exactly, then
    English names starting with it, then English names with a word starting with it, then English
    names containing it, then the other five UN languages (starting, then containing).

    Case, accents and apostrophes are optional ("cote" finds Côte d'Ivoire, "turkiye" Türkiye);
    an empty text finds all 193 in alphabetical order. The CLI, the TUI's picker and the hints of
    `find_country` all search through here.
    """
    key = folded(text)
    if not key:
        return list(member_states())
    ranked: list[tuple[int, int, Country]] = []
    for position, country in enumerate(member_states()):
        english = folded(country.name)
        others = [folded(name) for name in country.names.values()]
        if key in (country.iso3.casefold(), country.iso2.casefold(), english) or key in others:
            rank = 0
        elif english.startswith(key):
            rank = 1
        elif any(word.startswith(key) for word in english.replace("(", " ").split()):
            rank = 2
        elif key in english:
            rank = 3
        elif any(name.startswith(key) for name in others):
            rank = 4
        elif any(key in name for name in others):
            rank = 5
        else:
            continue
        ranked.append((rank, position, country))
    return [country for _, _, country in sorted(ranked, key=lambda item: item[:2])]


def country_by_iso3(iso3: str) -> Country | None:
    """The Member State with this ISO3 code (any case), or None."""
    return _index().get(iso3.casefold()) if len(iso3) == 3 else None
