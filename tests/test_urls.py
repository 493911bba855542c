"""URLs as officials write them: the accepted and refused table."""

import pytest

from msq_tui.model.urls import href, is_url, url_problem

ACCEPTED = [
    "www.egovernment.ir",
    "gb.mporg.ir",
    "http://111.iri.ir/",
    "https://195.cra.ir/",
    "https://data.gov.ir/",
    "http://www.saamad.ir/Portal/Home/",
    "http://khedmat.mimt.gov.ir/#a",
    "http://ertebat.mporg.ir/User/Default.aspx",
    "http://www.moe.gov.ir/Sites-of-Water-Electricity/Institutions-research-and-training-(1)",
    "https://unstats.un.org/sdgs/indicators/Global%20Indicator%20Framework%20after%20refinement_Eng.pdf",
    "https://example.gov/search?q=e-government&lang=fa#results",
    "HTTPS://WWW.EXAMPLE.GOV",
    "https://وزارة.مصر/",  # internationalised domain name
    "中国政府网.中国",
    "xn--mgbh0fb.xn--wgbh1c",
    "192.168.10.4/portal",
    "http://[2001:db8::1]:8080/",
    "www.example.gov:8443/path",
    "  www.padded.gov  ",  # surrounding spaces are forgiven, inner ones are not
]

REFUSED = [
    ("www.example .gov", "space"),
    ("two.gov three.gov", "space"),
    ("localhost", "no dot"),
    ("intranet/portal", "no dot"),
    ("javascript:alert(1)", "only http"),
    ("ftp://files.example.gov", "only http"),
    ("mailto:dpidg@un.org", "only http"),
    ("file:///etc/passwd", "only http"),
    ("http://", "no host"),
    ("https:///path", "no host"),
    ("http:example.gov", "needs '//'"),
    ("999.10.1.1", "not a valid IP"),
    ("a..example.gov", "empty part"),
    ("http://example.gov:99999/", "port"),
    ("www.example.123", "ends in a number"),
    ("-bad.example.gov", "cannot hold"),
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted(text: str) -> None:
    assert url_problem(text) is None
    assert is_url(text)


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_with_its_reason(text: str, reason: str) -> None:
    problem = url_problem(text)
    assert problem is not None
    assert reason in problem


def test_empty_is_not_an_address_problem() -> None:
    assert url_problem("") is None
    assert not is_url("   ")


def test_href_keeps_the_text_and_adds_a_scheme_to_bare_addresses() -> None:
    assert href("www.egovernment.ir") == "http://www.egovernment.ir"
    assert href("https://data.gov.ir/") == "https://data.gov.ir/"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("www.egovernment.ir", ("www.egovernment.ir", "")),
        ("Ministry of Energy – http://www.moe.gov.ir/", ("http://www.moe.gov.ir/", "Ministry of Energy")),
        ("gb.mporg.ir Plan and Budget Organization", ("gb.mporg.ir", "Plan and Budget Organization")),
        ("Portal of Iran: www.iran.gov.ir.", ("www.iran.gov.ir", "Portal of Iran")),
        (
            "National portal (https://my.gov.ir) for services",
            ("https://my.gov.ir", "National portal for services"),
        ),
        ("e.g. No.5 of the plan", ("", "e.g. No.5 of the plan")),  # dots are not addresses
        ("Plan and Budget Organization", ("", "Plan and Budget Organization")),
    ],
)
def test_a_pasted_line_splits_into_its_address_and_its_label(line: str, expected: tuple[str, str]) -> None:
    from msq_tui.model.urls import split_pasted_line

    assert split_pasted_line(line) == expected
