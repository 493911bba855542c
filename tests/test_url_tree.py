"""The URL list's model (model/url_tree.py): no change loses an entry, nesting stays valid, answers round-trip."""

from collections import Counter
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from msq_tui.model import url_tree
from msq_tui.model.answers import Response, answer_of
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.submitted import submission_answers
from msq_tui.model.url_tree import Path
from msq_tui.model.urls import split_pasted_line
from msq_tui.store.drafts import parse_draft, serialise

QUESTIONNAIRE = builtin_questionnaire()  # its q1 is a URL list that takes nesting
# Any text a person could type or paste (no lone surrogates: they are not text in any file).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
ADDRESS = st.sampled_from(["www.moe.gov.ir", "https://data.gov.ir/en", "gb.mporg.ir", "http://ministry", ""])
LEAF = st.builds(UrlEntry, label=TEXT, url=st.one_of(ADDRESS, TEXT))
TOP = st.builds(UrlEntry, label=TEXT, url=st.one_of(ADDRESS, TEXT), children=st.lists(LEAF, max_size=3))
LISTS = st.lists(TOP, min_size=1, max_size=5)
PASTED_LINE = st.one_of(
    st.sampled_from(["www.egovernment.ir", "Ministry of Energy – http://www.moe.gov.ir/", "Plan and Budget"]),
    TEXT.filter(lambda text: text.strip() and "\n" not in text and "\r" not in text),
)


def holding(pairs: Counter[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """The (url, label) pairs that hold something, a blank part as "": a blank entry is no entry
    (the answer leaves it out) and a blank part no text (the submission leaves it out)."""
    counted: Counter[tuple[str, str]] = Counter()
    for (url, label), n in pairs.items():
        if n > 0 and (url.strip() or label.strip()):
            counted[(url if url.strip() else "", label if label.strip() else "")] += n
    return counted


def kept(entries: Sequence[UrlEntry]) -> Counter[tuple[str, str]]:
    """Every URL and label the list holds, as (url, label) of each entry that holds something."""
    return holding(Counter((entry.url, entry.label) for _, entry in url_tree.outline(entries)))


def assert_valid(entries: Sequence[UrlEntry], nesting: bool = True) -> None:
    """One entry at least; in reading order the first is a top entry and none is deeper than its parent + 1."""
    depths = [len(path) - 1 for path, _ in url_tree.outline(entries)]
    assert depths and depths[0] == 0
    assert all(depth <= before + 1 for before, depth in zip(depths, depths[1:], strict=False))
    assert all(not child.children for entry in entries for child in entry.children)  # one level deep
    if not nesting:
        assert max(depths) == 0


def alone(entry: UrlEntry) -> Counter[tuple[str, str]]:
    """The URL and label of ``entry`` itself, without those nested under it."""
    return kept([entry.model_copy(update={"children": []})])


def dumped(entries: Sequence[UrlEntry]) -> list:
    return [entry.model_dump() for entry in entries]


@settings(max_examples=200, deadline=None)
@given(start=LISTS, data=st.data())
def test_no_change_loses_an_entry_that_was_not_removed(start, data) -> None:
    entries = start
    expected = kept(start)
    for _ in range(data.draw(st.integers(1, 12))):
        paths = [path for path, _ in url_tree.outline(entries)]
        path: Path = data.draw(st.sampled_from(paths))
        operation = data.draw(
            st.sampled_from(
                ["insert", "up", "down", "nest", "unnest", "remove", "remove_empty", "type", "paste"]
            )
        )
        before = dumped(entries)
        entry = url_tree.entry_at(entries, path)
        if operation == "insert":
            edit = url_tree.insert_after(entries, path)
        elif operation in ("up", "down"):
            edit = url_tree.move(entries, path, -1 if operation == "up" else 1)
        elif operation == "nest":
            edit = url_tree.nest(entries, path)
        elif operation == "unnest":
            edit = url_tree.unnest(entries, path)
        elif operation == "remove":
            edit = url_tree.remove(entries, path)
            expected -= alone(entry)  # that entry only, never those under it
        elif operation == "remove_empty":
            if not url_tree.removable_when_empty(entries, path):
                continue
            edit = url_tree.remove(entries, path)
        elif operation == "type":
            part = data.draw(st.sampled_from(["url", "label"]))
            text = data.draw(TEXT)
            edit = url_tree.with_text(entries, path, part, text)
            after = entry.model_copy(update={part: text})
            expected = expected - alone(entry) + alone(after)
        else:
            lines = data.draw(st.lists(PASTED_LINE, min_size=1, max_size=4))
            edit = url_tree.paste(entries, path, lines)
            expected += kept([UrlEntry(url=url, label=label) for url, label in map(split_pasted_line, lines)])
        assert dumped(entries) == before, f"{operation} changed the list it was given"
        expected = holding(expected)
        assert kept(edit.entries) == expected, operation
        assert_valid(edit.entries)
        url_tree.entry_at(edit.entries, edit.focus)  # the focus goes to an entry that is there
        entries = edit.entries


@settings(max_examples=100, deadline=None)
@given(start=st.lists(LEAF, min_size=1, max_size=5), data=st.data())
def test_a_list_without_nesting_never_nests(start, data) -> None:
    entries = start
    for _ in range(6):
        path = (data.draw(st.integers(0, len(entries) - 1)),)
        edit = url_tree.nest(entries, path, nesting=False)
        assert not edit.changed and edit.refusal == url_tree.NOT_NESTED_LIST
        entries = url_tree.move(entries, path, data.draw(st.sampled_from([-1, 1]))).entries
        assert_valid(entries, nesting=False)


@settings(max_examples=200, deadline=None)
@given(entries=LISTS, data=st.data())
def test_inverse_changes_give_the_list_back(entries, data) -> None:
    path = data.draw(st.sampled_from([path for path, _ in url_tree.outline(entries)]))
    nested = url_tree.nest(entries, path)
    if nested.changed:
        assert url_tree.unnest(nested.entries, nested.focus).entries == entries
    for delta in (-1, 1):
        moved = url_tree.move(entries, path, delta)
        if moved.changed:
            assert moved.focus[-1] == path[-1] + delta
            assert url_tree.move(moved.entries, moved.focus, -delta).entries == entries
    inserted = url_tree.insert_after(entries, path)
    assert url_tree.removable_when_empty(inserted.entries, inserted.focus)
    assert url_tree.remove(inserted.entries, inserted.focus).entries == entries
    if len(path) == 2 and path[1] == len(entries[path[0]].children) - 1:  # the last nested entry
        unnested = url_tree.unnest(entries, path)
        assert url_tree.nest(unnested.entries, unnested.focus).entries == entries


@settings(max_examples=100, deadline=None)
@given(entries=LISTS)
def test_the_answer_round_trips_through_the_draft_and_the_submission(entries) -> None:
    questionnaire = QUESTIONNAIRE
    question = questionnaire.question("q1")
    answer = url_tree.cleaned(entries)
    assert answer is None or all(not entry.is_empty() for _, entry in url_tree.outline(answer))
    response = Response.new(questionnaire, "IRN")
    response.set_answer(question, answer)
    assert parse_draft(serialise(response)).answer(question) == answer
    submitted = submission_answers(questionnaire, response.answers).get("q1")
    back = None if submitted is None else answer_of(question, submitted)
    assert (back is None) == (answer is None)
    assert kept(back or []) == kept(answer or [])  # the submission blanks a part of spaces only
    # Only what is empty is left out: every URL and label typed is in the answer.
    assert kept(answer or []) == kept(entries)


def test_removing_a_parent_keeps_its_nested_entries_in_its_place_and_says_so() -> None:
    entries = [
        UrlEntry(label="Portal", url="www.iran.gov.ir"),
        UrlEntry(
            label="Energy",
            url="www.moe.gov.ir",
            children=[UrlEntry(label="Tavanir"), UrlEntry(label="Water")],
        ),
        UrlEntry(label="Last"),
    ]
    edit = url_tree.remove(entries, (1,))
    assert [entry.label for entry in edit.entries] == ["Portal", "Tavanir", "Water", "Last"]
    assert edit.note == "Entry removed; the 2 nested under it are kept, moved up into its place."
    assert (edit.focus, edit.part) == ((0,), "label")
    assert url_tree.remove(entries, (2,)).note == ""  # nothing was under it: nothing to say
    alone = url_tree.remove([UrlEntry(label="Energy", children=[UrlEntry(label="Tavanir")])], (0,))
    assert alone.note == "Entry removed; the one nested under it is kept, moved up into its place."


def test_the_only_entry_removed_leaves_an_empty_one_to_type_in() -> None:
    edit = url_tree.remove([UrlEntry(url="www.iran.gov.ir")], (0,))
    assert edit.entries == [UrlEntry()] and (edit.focus, edit.part) == ((0,), "url")
    assert not url_tree.removable_when_empty([UrlEntry()], (0,))


def test_nesting_is_refused_with_the_reason() -> None:
    entries = [UrlEntry(label="A"), UrlEntry(label="B", children=[UrlEntry(label="B1")])]
    assert url_tree.nest(entries, (0,)).refusal == url_tree.NO_ENTRY_ABOVE
    assert url_tree.nest(entries, (1, 0)).refusal == url_tree.NO_ENTRY_ABOVE
    assert url_tree.nest(entries, (1,)).refusal == url_tree.HAS_CHILDREN
    assert not url_tree.unnest(entries, (1,)).changed


def test_a_paste_into_an_empty_entry_fills_it_and_says_what_it_made() -> None:
    lines = url_tree.pasted_lines(
        "www.egovernment.ir\n\n  Ministry of Energy – http://www.moe.gov.ir/ \nPlan\n"
    )
    edit = url_tree.paste([UrlEntry(label="Before"), UrlEntry()], (1,), lines)
    assert [(entry.url, entry.label) for entry in edit.entries] == [
        ("", "Before"),
        ("www.egovernment.ir", ""),
        ("http://www.moe.gov.ir/", "Ministry of Energy"),
        ("", "Plan"),
    ]
    assert (edit.focus, edit.part) == ((3,), "label")
    assert edit.note == (
        "Pasted 3 lines as 3 entries (1 split into URL and label; 1 with no web address, kept as label)."
        " alt+delete removes an entry."
    )


def test_which_pastes_become_entries() -> None:
    assert url_tree.paste_makes_entries(["a", "b"], "typed")
    assert url_tree.paste_makes_entries(["Portal – www.iran.gov.ir"], "")
    assert not url_tree.paste_makes_entries(["Portal – www.iran.gov.ir"], "typed")  # added to the field
    assert url_tree.paste_makes_entries(["www.iran.gov.ir"], "")  # an address alone: its URL
    assert not url_tree.paste_makes_entries(["just words"], "")  # no address: the field's own paste
    assert not url_tree.paste_makes_entries([], "")
