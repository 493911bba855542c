"""The 193 Member States, found by ISO3 code or English UN name."""

import pytest

from msq_tui.countries import UnknownCountry, country_by_iso3, find_country, member_states


def test_all_193() -> None:
    countries = member_states()
    assert len(countries) == 193
    assert len({c.iso3 for c in countries}) == 193
    assert all(set(c.names) == {"en", "fr", "es", "ru", "ar", "zh"} for c in countries)


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("IRN", "IRN"), ("irn", "IRN"), ("Iran (Islamic Republic of)", "IRN"), ("côte d'ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("  china ", "CHN")],
)
def test_found(text: str, iso3: str) -> None:
    assert find_country(text).iso3 == iso3


def test_unknown_with_suggestions() -> None:
    with pytest.raises(UnknownCountry, match=r"Did you mean Iran \(Islamic Republic of\) \(IRN\)"):
        find_country("Iran")
    with pytest.raises(UnknownCountry):
        find_country("Atlantis")
    assert country_by_iso3("XYZ") is None
