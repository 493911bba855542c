"""The three-way rule per question kind (issue 14), and the property that no side's text is lost."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msq_tui.agencies.merge import (
    MergeRefused,
    PartContent,
    combination,
    decide,
    merge_part,
    same_answer,
    three_way,
)
from msq_tui.model.answers import Response
from msq_tui.model.contributions import Assignment, Collaboration, Signatory
from msq_tui.model.validation import errors, validate_response

WHEN = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def q(questionnaire, question_id):
    return questionnaire.question(question_id)


# -- Equality: empty forms are equal -------------------------------------------------------------


def test_empty_forms_are_the_same_answer(questionnaire) -> None:
    text, urls, checklist, contact = (q(questionnaire, i) for i in ("q17", "q1", "q8", "contact"))
    assert same_answer(text, None, "   \n")
    assert same_answer(urls, None, [])
    assert same_answer(urls, [], [{"label": "", "url": " ", "children": []}])
    assert same_answer(checklist, None, {"selected": [], "details": {"sdgs": ""}})
    assert same_answer(contact, None, {"name": " "})
    # an empty entry left at the end, a blank detail beside a ticked option: the same answer
    assert same_answer(urls, [{"url": "www.a.org"}], [{"url": "www.a.org"}, {"label": " "}])
    option = checklist.options[0].id
    assert same_answer(checklist, {"selected": [option]}, {"selected": [option], "details": {option: " "}})
    assert not same_answer(text, None, "a")
    assert not same_answer(urls, [{"url": "www.a.org"}], [{"url": "www.b.org"}])


# -- The rule, kind by kind ---------------------------------------------------------------------

CASES = {
    "q1": (  # a URL list
        [{"label": "Portal", "url": "www.iran.gov.ir"}],
        [{"label": "Portal", "url": "www.iran.gov.ir"}, {"label": "Open data", "url": "data.gov.ir"}],
        [{"label": "Portal", "url": "https://www.iran.gov.ir"}],
    ),
    "q17": ("Seventy percent.", "Seventy-two percent, by the 2025 poll.", "About 70%."),  # a text
    "q8": (  # a checklist with details
        {"selected": ["sdgs"], "details": {"sdgs": "Goal 16"}},
        {"selected": ["sdgs"], "details": {"sdgs": "Goal 16 and 17"}},
        {"selected": ["sdgs", "other"], "details": {"sdgs": "Goal 16"}, "other": "A regional plan"},
    ),
    "q10": ("yes", "no", None),  # yes or no (the agency cleared it)
    "contact": (  # the same field changed two ways (a card merges field by field: below)
        {"name": "Amir", "email": "amir@ito.gov.ir"},
        {"name": "Amir Nazemi", "email": "amir@ito.gov.ir"},
        {"name": "A. Nazemi", "email": "amir@ito.gov.ir"},
    ),
}


@pytest.mark.parametrize("question_id", list(CASES))
def test_the_three_way_rule(questionnaire, question_id: str) -> None:
    question = q(questionnaire, question_id)
    base, coordinator, agency = CASES[question_id]
    if question_id == "q8":
        option = question.options[0].id
        base, coordinator, agency = (
            json.loads(json.dumps(value).replace("sdgs", option)) for value in (base, coordinator, agency)
        )
    # changed only by the agency: the agency's
    assert three_way(question, base, base, agency).outcome == "agency"
    assert three_way(question, base, base, agency).value == agency
    # changed only by the coordinator: the coordinator's
    assert three_way(question, base, coordinator, base).outcome == "coordinator"
    assert three_way(question, base, coordinator, base).value == coordinator
    # changed by nobody: stays
    assert three_way(question, base, base, base).outcome == "unchanged"
    # changed by both, the same way: that answer
    assert three_way(question, base, agency, agency).outcome == "same"
    # changed by both differently: a conflict, the coordinator's kept in place
    decision = three_way(question, base, coordinator, agency)
    assert decision.outcome == "conflict"
    assert decision.value == coordinator


def test_a_contact_card_changed_in_different_fields_takes_both(questionnaire) -> None:
    """The kind's rule (model/kinds/contact.py) settles it field by field: no conflict, nothing lost."""
    question = q(questionnaire, "contact")
    base = {"name": "Amir", "email": "amir@ito.gov.ir"}
    coordinator = {"name": "Amir Nazemi", "email": "amir@ito.gov.ir"}
    agency = {"name": "Amir", "email": "a.nazemi@ito.gov.ir"}
    decision = three_way(question, base, coordinator, agency)
    assert decision.outcome == "combined"
    assert decision.value["name"] == "Amir Nazemi" and decision.value["email"] == "a.nazemi@ito.gov.ir"


def test_a_blank_edit_is_no_change(questionnaire) -> None:
    """Typing into a text and deleting it again (a blank text) is not a change that wins over the agency's."""
    question = q(questionnaire, "q17")
    assert three_way(question, None, "  ", "The agency's text").outcome == "agency"


def test_a_combination_keeps_both_sides(questionnaire) -> None:
    text = q(questionnaire, "q17")
    assert combination(text, "Ours.", "Theirs.") == "Ours.\n\nTheirs."
    urls = q(questionnaire, "q1")
    combined = combination(urls, [{"url": "www.a.org"}], [{"url": "www.a.org"}, {"url": "www.b.org"}])
    assert [entry["url"] for entry in combined] == ["www.a.org", "www.b.org"]
    contact = q(questionnaire, "contact")
    card = combination(contact, {"name": "Amir"}, {"name": "Sara", "email": "s@moj.ir"})
    assert card["name"] == "Amir / Sara" and card["email"] == "s@moj.ir"


# -- Never loses either side's text --------------------------------------------------------------


def texts(value) -> set[str]:
    if isinstance(value, str):
        return {value} if value.strip() else set()
    if isinstance(value, list):
        return set().union(*(texts(item) for item in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(texts(item) for item in value.values())) if value else set()
    return set()


words = st.text(alphabet="ab c\u200cé", max_size=8)
entries = st.lists(
    st.fixed_dictionaries({"label": words, "url": st.sampled_from(["", "www.a.org", "b.org"])}), max_size=3
)
checklists = st.fixed_dictionaries(
    {
        "selected": st.lists(st.sampled_from(["a", "b", "other"]), unique=True, max_size=3),
        "details": st.dictionaries(st.sampled_from(["a", "b"]), words, max_size=2),
        "other": words,
        "explanation": words,
    }
)
contacts = st.fixed_dictionaries({"name": words, "email": words})
BY_KIND = {
    "q17": words,
    "q1": entries,
    "q8": checklists,
    "contact": contacts,
    "q10": st.sampled_from(["yes", "no"]),
}


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_merge_never_loses_either_sides_text(questionnaire, data) -> None:
    question_id = data.draw(st.sampled_from(list(BY_KIND)))
    question = q(questionnaire, question_id)
    strategy = st.one_of(st.none(), BY_KIND[question_id])
    base, coordinator, agency = data.draw(strategy), data.draw(strategy), data.draw(strategy)
    if question_id == "q8":  # the question's own option ids
        ids = {"a": question.options[0].id, "b": question.options[1].id}
        base, coordinator, agency = (
            None if v is None else _renamed(v, ids) for v in (base, coordinator, agency)
        )
    decision = three_way(question, base, coordinator, agency)
    kept = texts(decision.value)
    if decision.outcome == "conflict":
        kept |= texts(coordinator) | texts(agency)  # both are kept in the conflict
    for side in (coordinator, agency):
        if not same_answer(question, side, base):  # an edit of that side
            if question_id == "contact":
                # A card merged field by field (the kind's rule): every field either side typed
                # is kept; a field only the other side changed or cleared is that side's edit.
                assert texts(side) - texts(base) <= kept
            else:
                assert texts(side) <= kept


def _renamed(value: dict, ids: dict[str, str]) -> dict:
    return {
        **value,
        "selected": [ids.get(option, option) for option in value["selected"]],
        "details": {ids[option]: text for option, text in value["details"].items()},
    }


# -- A part into a draft ------------------------------------------------------------------------


def coordinator_draft(questionnaire, answers: dict, assigned: list[str]) -> tuple[Response, Assignment]:
    response = Response.new(questionnaire, "IRN").model_copy(update={"answers": dict(answers)})
    assignment = Assignment(
        response_id=response.response_id,
        country="IRN",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="ITO",
        agency="Ministry of Justice",
        questions=assigned,
        base={k: v for k, v in answers.items() if k in assigned},
        created=WHEN,
    )
    return response.model_copy(update={"collaboration": Collaboration(assignments=[assignment])}), assignment


def part_of(assignment: Assignment, answers: dict, revision: int = 1, digest: str = "d1") -> PartContent:
    return PartContent(
        response_id=assignment.response_id,
        assignment_id=assignment.assignment_id,
        agency=assignment.agency,
        revision=revision,
        questions=assignment.questions,
        answers=answers,
        signer=Signatory(name="Sara Ahmadi", title="Director"),
        digest=digest,
    )


def test_merge_applies_keeps_and_conflicts(questionnaire) -> None:
    response, assignment = coordinator_draft(
        questionnaire, {"q17": "base 17", "q18": "base 18", "q19": "base 19"}, ["q17", "q18", "q19", "q20"]
    )
    response.answers["q17"] = "coordinator 17"
    response.answers["q19"] = "coordinator 19"
    outcome = merge_part(
        questionnaire,
        response,
        part_of(assignment, {"q17": "agency 17", "q18": "agency 18", "q19": "base 19", "q20": "new 20"}),
    )
    merged = outcome.response
    assert sorted(outcome.applied) == ["q18", "q20"] and outcome.conflicts == ["q17"]
    assert merged.answers["q18"] == "agency 18" and merged.answers["q20"] == "new 20"
    assert merged.answers["q19"] == "coordinator 19"
    assert merged.answers["q17"] == "coordinator 17"  # nothing overwritten
    conflict = merged.collaboration.conflicts["q17"]
    assert (conflict.base, conflict.coordinator, conflict.agency) == (
        "base 17",
        "coordinator 17",
        "agency 17",
    )
    assert merged.collaboration.provenance["q18"].agency == "Ministry of Justice"
    assert merged.collaboration.provenance["q18"].signer == "Sara Ahmadi"
    assert merged.collaboration.provenance["q18"].part_revision == 1
    assert "q19" not in merged.collaboration.provenance
    # a conflict blocks sign-off until decided
    assert [p.code for p in errors(validate_response(questionnaire, merged))] == ["conflict"]
    decided = decide(questionnaire, merged, "q17", "agency")
    assert decided.answers["q17"] == "agency 17" and not decided.collaboration.conflicts
    assert not errors(validate_response(questionnaire, decided))
    kept = decide(questionnaire, merged, "q17", "coordinator")
    assert kept.answers["q17"] == "coordinator 17" and "q17" not in kept.collaboration.provenance


def test_merging_is_idempotent_and_refuses_what_it_must(questionnaire) -> None:
    response, assignment = coordinator_draft(questionnaire, {"q17": "base"}, ["q17"])
    part = part_of(assignment, {"q17": "agency"}, revision=2, digest="d2")
    once = merge_part(questionnaire, response, part).response
    again = merge_part(questionnaire, once, part)
    assert again.no_op and again.response is once
    with pytest.raises(MergeRefused, match="older than revision 2"):
        merge_part(questionnaire, once, part_of(assignment, {"q17": "old"}, revision=1, digest="d1"))
    with pytest.raises(MergeRefused, match="a different revision 2"):
        merge_part(questionnaire, once, part_of(assignment, {"q17": "x"}, revision=2, digest="other"))
    with pytest.raises(MergeRefused, match="not assigned"):
        merge_part(questionnaire, response, part_of(assignment, {"q17": "a", "q18": "sneaked in"}))
    stranger = part_of(assignment, {"q17": "a"})
    stranger = PartContent(**{**stranger.__dict__, "response_id": uuid.uuid4()})
    with pytest.raises(MergeRefused, match="another response"):
        merge_part(questionnaire, response, stranger)
    unknown = PartContent(**{**part.__dict__, "assignment_id": uuid.uuid4()})
    with pytest.raises(MergeRefused, match="did not hand out"):
        merge_part(questionnaire, response, unknown)


def test_parts_of_different_questions_merge_in_either_order(questionnaire) -> None:
    response, justice = coordinator_draft(questionnaire, {"q17": "b17", "q22": "b22"}, ["q17"])
    ict = justice.model_copy(
        update={
            "assignment_id": uuid.uuid4(),
            "agency": "Ministry of ICT",
            "questions": ["q22"],
            "base": {"q22": "b22"},
        }
    )
    response = response.model_copy(update={"collaboration": Collaboration(assignments=[justice, ict])})
    first = part_of(justice, {"q17": "justice"})
    second = part_of(ict, {"q22": "ict"})
    one = merge_part(questionnaire, merge_part(questionnaire, response, first).response, second).response
    other = merge_part(questionnaire, merge_part(questionnaire, response, second).response, first).response
    assert one.answers == other.answers == {"q17": "justice", "q22": "ict"}
    assert one.collaboration.provenance.keys() == other.collaboration.provenance.keys()


def test_two_agencies_changing_one_question_lose_nothing(questionnaire) -> None:
    response, justice = coordinator_draft(questionnaire, {"q17": "base"}, ["q17"])
    ict = justice.model_copy(update={"assignment_id": uuid.uuid4(), "agency": "Ministry of ICT"})
    response = response.model_copy(
        update={"answers": {"q17": "mine"}, "collaboration": Collaboration(assignments=[justice, ict])}
    )
    merged = merge_part(questionnaire, response, part_of(justice, {"q17": "justice"})).response
    merged = merge_part(questionnaire, merged, part_of(ict, {"q17": "ict"})).response
    kept = {c.agency for c in merged.collaboration.conflicts.values()}
    assert kept == {"justice", "ict"} and merged.answers["q17"] == "mine"


def test_a_new_revision_is_judged_on_what_it_changes(questionnaire) -> None:
    """Revision 2 of a part is merged against what revision 1 said, not against the first base:
    the agency changing its own answer again is no conflict; one the coordinator kept stays kept."""
    response, assignment = coordinator_draft(
        questionnaire, {"q17": "base 17", "q18": "base 18"}, ["q17", "q18"]
    )
    response.answers["q17"] = "coordinator 17"
    first = merge_part(
        questionnaire,
        response,
        part_of(assignment, {"q17": "agency 17", "q18": "first"}, revision=1, digest="r1"),
    ).response
    assert first.answers["q18"] == "first" and "q17" in first.collaboration.conflicts
    kept = decide(questionnaire, first, "q17", "coordinator")
    second = merge_part(
        questionnaire,
        kept,
        part_of(assignment, {"q17": "agency 17", "q18": "second"}, revision=2, digest="r2"),
    )
    assert second.applied == ["q18"] and second.conflicts == []
    assert second.response.answers == {"q17": "coordinator 17", "q18": "second"}
    third = merge_part(
        questionnaire,
        second.response,
        part_of(assignment, {"q17": "agency 17 again", "q18": "second"}, revision=3, digest="r3"),
    )
    assert third.conflicts == ["q17"]  # the agency changed it again: decide again
