"""Reading pack files while remembering which line each value came from.

Every error a city's clerk sees names a file, a line and a field, so the YAML is composed into
nodes first (which carry their line) and the plain data is constructed from those same nodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# libyaml's parser (when PyYAML was built with it) reads a large pack ten times faster and still
# gives every node its line.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, in words a person can act on."""

    file: str
    line: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


@dataclass
class Document:
    """A parsed YAML document and the line of every value in it (1-based, in its file)."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Iterable[str | int]) -> int | None:
        """The line of the deepest part of ``path`` that exists (a missing field: its parent's line)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: Iterable[str | int], reason: str) -> Problem:
        path = tuple(path)
        return Problem(self.file, self.line_of(path), format_path(path), reason)


def format_path(path: Iterable[str | int]) -> str:
    """``("departments", 3, "phones", 0, "number")`` → ``departments[3].phones[0].number``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class PackReadError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(text: str, file: str, line_offset: int = 0) -> Document:
    """Parse YAML text; a syntax error becomes a PackReadError naming the line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        reason = " ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
        raise PackReadError(Problem(file, line, "", f"not valid YAML: {reason}")) from exc
    except yaml.YAMLError as exc:
        raise PackReadError(Problem(file, None, "", f"not valid YAML: {exc}")) from exc
    finally:
        loader.dispose()
    document = Document(file=file, data=data)
    if node is not None:
        _index(node, (), document.lines, line_offset)
    return document


def _index(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> None:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            child = (*path, key)
            _index(value_node, child, lines, offset)
            # A field's line is where its key is written, which is what a person looks for.
            lines[child] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _index(item, (*path, position), lines, offset)


def split_front_matter(text: str, file: str) -> tuple[Document, str, int]:
    """A Markdown file's front matter (as a Document with file line numbers) and its body."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise PackReadError(
            Problem(file, 1, "", 'the file must start with front matter: a line "---", the fields, "---"')
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            front = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :]).strip()
            document = read_yaml(front, file, line_offset=1)
            if document.data is None:
                document.data = {}
            return document, body, number + 1
    raise PackReadError(Problem(file, 1, "", 'the front matter is not closed by a line "---"'))
