"""The 193 Member States, found by ISO3 code or English UN name."""

import pytest

from msq_tui.model.countries import UnknownCountry, country_by_iso3, find_country, member_states


def test_all_193() -> None:
    countries = member_states()
    assert len(countries) == 193
    assert len({c.iso3 for c in countries}) == 193
    assert all(set(c.names) == {"en", "fr", "es", "ru", "ar", "zh"} for c in countries)


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("IRN", "IRN"),
        ("irn", "IRN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("côte d'ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("  china ", "CHN"),
    ],
)
def test_found(text: str, iso3: str) -> None:
    assert find_country(text).iso3 == iso3


def test_unknown_with_suggestions() -> None:
    with pytest.raises(UnknownCountry, match=r"Did you mean Iran \(Islamic Republic of\) \(IRN\)"):
        find_country("Iran")
    with pytest.raises(UnknownCountry):
        find_country("Atlantis")
    assert country_by_iso3("XYZ") is None


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("cote", "CIV"),
        ("turkiye", "TUR"),
        ("Türkiye", "TUR"),
        ("viet", "VNM"),
        ("civ", "CIV"),
        ("ci", "CIV"),
        ("Irán", "IRN"),
        ("Allemagne", "DEU"),
        ("ira", "IRN"),
    ],
)
def test_search_finds_the_best_match_first(text: str, first: str) -> None:
    from msq_tui.model.countries import search_countries

    assert search_countries(text)[0].iso3 == first


def test_search_orders_exact_then_starting_then_containing() -> None:
    from msq_tui.model.countries import search_countries

    found = [country.iso3 for country in search_countries("ira")]
    assert found[:2] == ["IRN", "IRQ"]
    assert "ARE" in found  # United Arab Emirates contains "ira"
    assert found.index("ARE") > found.index("IRQ")
    assert search_countries("zzz") == []
    assert len(search_countries("  ")) == 193


def test_cli_countries_uses_the_same_search_and_says_when_nothing_matches(capsys) -> None:
    from msq_tui.cli import main

    assert main(["countries", "cote"]) == 0
    assert "CIV  Côte d'Ivoire" in capsys.readouterr().out
    assert main(["countries", "zzz"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no Member State matches 'zzz'" in captured.err
