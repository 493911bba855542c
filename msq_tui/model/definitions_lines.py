"""Where things are in a definitions file: the line of a section, question, option or field.

Read from the file's raw text (TOML keeps no positions), so that every problem `msq check` finds
names the line to change. Pydantic's locations are taken apart here too (`data_path`).
"""

import re
from typing import Any

from msq_tui.model.kinds import KINDS


class Locator:
    """Finds the line of a section, question, option or field, from the raw text of the file."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s\"]+?)\s*\]\]?\s*(?:#.*)?$")

    def __init__(self, text: str, data: dict[str, Any]):
        self.lines = text.splitlines()
        self.data = data
        # (line number, header name) of every table header, in order.
        self.headers: list[tuple[int, str]] = []
        for number, line in enumerate(self.lines, start=1):
            match = self._HEADER.match(line)
            if match:
                self.headers.append((number, re.sub(r"\s+", "", match.group(1))))

    def _nth_header(self, header: str, n: int, after: int = 0, before: int | None = None) -> int | None:
        count = -1
        for number, name in self.headers:
            if number <= after or (before is not None and number >= before):
                continue
            if name == header:
                count += 1
                if count == n:
                    return number
        return None

    def _block_end(self, start: int) -> int:
        for number, _ in self.headers:
            if number > start:
                return number
        return len(self.lines) + 1

    def section_line(self, index: int) -> int | None:
        return self._nth_header("sections", index)

    def question_line(self, section_index: int, question_index: int) -> int | None:
        section = self.section_line(section_index)
        if section is None:
            return None
        next_section = self._nth_header("sections", 0, after=section)
        return self._nth_header("sections.questions", question_index, after=section, before=next_section)

    def key_line(self, block_start: int | None, key: str, value: str | None = None) -> int | None:
        """The line in the block at ``block_start`` that sets ``key`` (to ``value`` if given)."""
        if block_start is None:
            return None
        pattern = re.compile(
            rf"(?:^|[{{,]\s*){re.escape(key)}\s*=\s*"
            + (rf"[\"']{re.escape(value)}[\"']" if value is not None else "")
        )
        for number in range(block_start, self._block_end(block_start)):
            line = self.lines[number - 1]
            if pattern.search(line.split("#", 1)[0] if "#" in line and '"' not in line else line):
                return number
        return None

    def top_level_key_line(self, key: str) -> int | None:
        for number, line in enumerate(self.lines, start=1):
            if self.headers and number >= self.headers[0][0]:
                break
            if re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number
        return None

    def table_key_line(self, table: str, key: str | None) -> int | None:
        start = self._nth_header(table, 0)
        if start is None:
            return None
        if key is None:
            return start
        return self.key_line(start, key) or start

    def locate(self, loc: tuple[Any, ...]) -> tuple[int | None, str | None]:
        """(line, question id) for a location inside the data, as pydantic reports it."""
        path = data_path(loc, self.data)
        if not path:
            return None, None
        if path[0] == "sections" and len(path) >= 2 and isinstance(path[1], int):
            section_index = path[1]
            if len(path) >= 4 and path[2] == "questions" and isinstance(path[3], int):
                question = _get(self.data, path[:4])
                question_id = question.get("id") if isinstance(question, dict) else None
                block = self.question_line(section_index, path[3])
                if len(path) >= 5 and isinstance(path[4], str):
                    if path[4] == "options" and len(path) >= 6 and isinstance(path[5], int):
                        option = _get(self.data, path[:6])
                        option_id = option.get("id") if isinstance(option, dict) else None
                        line = self.key_line(block, "id", option_id) if isinstance(option_id, str) else None
                        return line or self.key_line(block, "options") or block, _text(question_id)
                    return self.key_line(block, path[4]) or block, _text(question_id)
                return block, _text(question_id)
            section = self.section_line(section_index)
            if len(path) >= 3 and path[2] == "groups" and len(path) >= 4 and isinstance(path[3], int):
                line = self._nth_header("sections.groups", path[3], after=section or 0)
                return line or section, None
            if len(path) >= 3 and isinstance(path[2], str):
                return self.key_line(section, path[2]) or section, None
            return section, None
        if path[0] in ("questionnaire", "footnotes"):
            return self.table_key_line(path[0], str(path[1]) if len(path) > 1 else None), None
        return self.top_level_key_line(str(path[0])), None

    def question_line_by_id(self, question_id: str, occurrence: int = 0) -> int | None:
        count = -1
        for s_index, section in enumerate(self.data.get("sections", [])):
            for q_index, question in enumerate(
                section.get("questions", []) if isinstance(section, dict) else []
            ):
                if isinstance(question, dict) and question.get("id") == question_id:
                    count += 1
                    if count == occurrence:
                        return self.question_line(s_index, q_index)
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _get(data: Any, path: list[Any]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def data_path(loc: tuple[Any, ...], data: Any) -> list[Any]:
    """Pydantic's location with the union tags taken out (they are not keys of the data)."""
    path: list[Any] = []
    current = data
    for step in loc:
        if len(path) >= 2 and path[-2] == "questions" and isinstance(path[-1], int) and step in KINDS:
            continue  # the discriminator of the question union, not a key ("text" is both)
        if isinstance(current, dict) and step in current:
            current = current[step]
            path.append(step)
        elif isinstance(current, dict) and isinstance(step, int) and str(step) in current:
            current = current[str(step)]
            path.append(str(step))
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
            path.append(step)
        else:
            path.append(step)  # a missing key: keep it so the message can name it
            current = None
    return path
