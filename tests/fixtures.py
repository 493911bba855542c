"""A fully answered response, shaped like the reference response (every question answered)."""

import uuid
from datetime import UTC, datetime

from msq_tui.model.answers import Response
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry

WHEN = datetime(2019, 3, 27, 9, 0, tzinfo=UTC)


def paragraph(topic: str, words: int = 120) -> str:
    """A text of about ``words`` words on ``topic``."""
    sentence = f"The government reports on {topic} through its national portals and publishes the results for every agency concerned. "
    text = ""
    while len(text.split()) < words:
        text += sentence
    return text.strip()


def full_response(questionnaire: Questionnaire, country: str = "IRN") -> Response:
    q = questionnaire.question
    response = Response(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        response_id=uuid.UUID("11111111-2222-4333-8444-555555555555"),
        country=country,
        created=WHEN,
        updated=WHEN,
    )
    urls = {
        "q1": [UrlEntry(url="www.egovernment.ir"), UrlEntry(url="www.iran.gov.ir")],
        "q2a": [UrlEntry(url="www.iran.gov.ir")],
        "q2b": [
            UrlEntry(label="Analytical services based on social media and news data"),
            UrlEntry(url="www.foia.iran.gov.ir"),
            UrlEntry(label="Public demands portal", url="http://111.iri.ir/"),
            UrlEntry(
                label="Online polls",
                children=[
                    UrlEntry(label="Presidential public relations", url="http://www.saamad.ir/Portal/Home/")
                ],
            ),
        ],
        "q2c": [UrlEntry(url="https://data.gov.ir/")],
        "q2d": [UrlEntry(url="www.setadiran.ir")],
        "q2e": [
            UrlEntry(label="E-Licenses single window", url="http://bemcenter.ir/"),
            UrlEntry(label="Mobile government portal", url="https://mob.gov.ir/"),
        ],
        "q3": [UrlEntry(label="Information Technology Organization of Iran", url="www.ito.gov.ir")],
        "q5a": [
            UrlEntry(label="Budget and planning organization", url="www.mporg.ir"),
            UrlEntry(label="Budget allocation portal", url="gb.mporg.ir"),
        ],
        "q5b": [UrlEntry(label="Ministry of Education", url="www.medu.ir")],
        "q5c": [UrlEntry(label="Ministry of Health and Medical Education", url="www.behdasht.gov.ir")],
        "q5d": [UrlEntry(label="Social Security Organization", url="http://tamin.ir/")],
        "q5e": [UrlEntry(label="Entrepreneurship and employment", url="https://karafarini.mcls.gov.ir/")],
        "q5f": [UrlEntry(label="Department of Environment", url="https://doe.ir/")],
        "q5g": [
            UrlEntry(
                label="Ministry of Energy",
                url="http://www.moe.gov.ir/",
                children=[
                    UrlEntry(label=f"Company {n}", url=f"https://company{n}.moe.gov.ir/")
                    for n in range(1, 11)
                ],
            ),
            UrlEntry(
                label="Ministry of Petroleum",
                url="http://www.mop.ir/",
                children=[UrlEntry(label="National Iranian Gas Company", url="http://www.nigc.ir/")],
            ),
        ],
        "q5h": [UrlEntry(label="Central Bank", url="www.cbi.ir")],
        "q5i": [UrlEntry(label="Ministry of Industry, Mine and Trade", url="http://www.mimt.gov.ir/")],
    }
    for question_id, entries in urls.items():
        response.set_answer(q(question_id), entries)
    answers = dict(response.answers)
    answers.update({"q4": "yes", "q10": "yes", "q12": "yes"})
    response.answers = answers
    response.set_answer(
        q("q4_cio"),
        ContactAnswer(
            name="Amir Nazemi",
            title="Vice Minister",
            organization="Information Technology Organization",
            email="nazemi@ito.gov.ir",
            phone="+98 21 8838 6301",
        ),
    )
    for question_id in (
        "q6",
        "q7",
        "q11",
        "q13",
        "q14",
        "q16",
        "q17",
        "q18",
        "q19",
        "q20",
        "q21",
        "q22",
        "q23",
        "q24",
    ):
        response.set_answer(q(question_id), paragraph(f"question {question_id[1:]}", 150))
    response.set_answer(
        q("q8"),
        ChecklistAnswer(
            selected=["implementation_plan", "sdgs", "no_one_behind"],
            details={"implementation_plan": "Appendix C of the roadmap", "sdgs": "Goals 8, 9 and 12"},
            explanation=paragraph("the strategy", 80),
        ),
    )
    response.set_answer(
        q("q9"),
        ChecklistAnswer(
            selected=["access_to_information", "digital_identity", "interoperability"],
            details={"access_to_information": "Law on Publication and Free Access to Information"},
            explanation="See the laws listed.",
        ),
    )
    response.set_answer(
        q("q15"),
        ChecklistAnswer(
            selected=["big_data", "iot", "smart_cities", "other"],
            other="Cognitive science",
            explanation=paragraph("new technologies", 100),
        ),
    )
    response.set_answer(
        q("contact"),
        ContactAnswer(
            name="Amir Nazemi",
            title="President of ITO",
            organization="Information Technology Organization of Iran (ITO)",
            email="nazemi@ito.gov.ir ; egov@ito.gov.ir",
        ),
    )
    response.set_answer(
        q("x1"), ChecklistAnswer(selected=["authorized", "other"], other=paragraph("maturity evaluation", 60))
    )
    response.set_answer(q("x2"), ChecklistAnswer(selected=["un_desa"]))
    response.updated = WHEN
    return response
