"""Safe YAML that remembers where every value came from.

Spec and design files are data users write by hand, so a mistake must be
reported at its place in the file. PyYAML's composer keeps a mark on every
node; we keep the node tree next to the plain data and map a pydantic-style
`loc` path back to a line and column. Only the safe constructors run:
`!!python/...` and other unknown tags are refused before anything is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError, CoachErrors

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError
    from yaml.nodes import Node

MAX_BYTES = 536 * 1024
# Billion-laughs guard: aliases share nodes, but validation walks every copy.
MAX_EXPANDED_NODES = 200_000
# Specs nest about 8 deep. libyaml's composer recurses in C and crashes the
# process (no exception) somewhere past 20,000 levels, which 536 KB of `[[[`
# can reach, so depth is checked before composing whenever it could be large.
MAX_DEPTH = 100
_SAFE_COMPOSE_DEPTH = 2_000

Loc = Sequence[str | int]


@dataclass(frozen=True)
class YamlDoc:
    """One parsed YAML file: the plain data and the node tree it came from."""

    path: Path
    data: Any
    root: Node | None

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the deepest node that `loc` reaches.

        Elements the document lacks (a missing key, a pydantic union tag such
        as 'str' or 'spike') are skipped, so the answer is the nearest known
        node. With `key=True` and a mapping key at the end, the key is shown.
        """
        node, key_node = self._walk(loc)
        target = key_node if key and key_node is not None else node
        if target is None:
            return (1, 1)
        mark = target.start_mark
        return (mark.line + 1, mark.column + 1)

    def node_at(self, loc: Loc) -> Node | None:
        """The deepest node that `loc` reaches (see `position`)."""
        return self._walk(loc)[0]

    def resolved(self, loc: Loc) -> tuple[str | int, ...]:
        """The part of `loc` that names real places in the document."""
        return tuple(self._steps(loc))

    def error(self, message: str, loc: Loc = (), *, key: bool = False) -> CoachError:
        """A `CoachError` at the place `loc` names."""
        line, column = self.position(loc, key=key)
        return CoachError(message, path=self.path, line=line, column=column)

    def _walk(self, loc: Loc) -> tuple[Node | None, Node | None]:
        node, key_node = self.root, None
        for step in loc:
            found = _child(node, step)
            if found is not None:
                key_node, node = found
        return node, key_node

    def _steps(self, loc: Loc) -> Iterator[str | int]:
        node = self.root
        for step in loc:
            found = _child(node, step)
            if found is not None:
                node = found[1]
                yield step


def _child(node: Node | None, step: str | int) -> tuple[Node | None, Node] | None:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and _same_key(key_node, step):
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None


def _same_key(key_node: Node, step: str | int) -> bool:
    # Keys are compared as text: pydantic reports `1:` as 1 and `"1":` as '1'.
    return str(key_node.value) == str(step)


def load_yaml(path: str | Path) -> YamlDoc:
    """Read one YAML document safely, keeping positions; raise `CoachError`s."""
    path = Path(path)
    text = _read_text(path)
    root = _compose(text, path)
    problems = list(_scan(root, path))
    if problems:
        raise CoachErrors(problems)
    return YamlDoc(path=path, data=_construct(root, path), root=root)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CoachError("is a directory, not a YAML file", path=path)
        if size > MAX_BYTES:
            raise CoachError(
                f"file is {size // 1024} KB, over the {MAX_BYTES // 1024} KB limit", path=path
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CoachError("no such file", path=path) from None
    except OSError as exc:
        raise CoachError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CoachError(
            "not UTF-8 text (save the file as UTF-8)", path=path, line=line, column=column
        ) from None


def _loader(text: str) -> Any:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader_class(text)


def _compose(text: str, path: Path) -> Node | None:
    import yaml

    if _depth_bound(text) > _SAFE_COMPOSE_DEPTH:
        _check_depth(text, path)
    loader = _loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise CoachError(f"invalid YAML: {exc}", path=path) from None
    finally:
        loader.dispose()


_LEADING_INDICATORS = re.compile(r"^[ ]*(?:[-?][ ]+)*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """A cheap upper bound on nesting: flow brackets plus what indentation allows.

    A nested block collection is indented further than its parent (a list
    under a key may share the key's column: two levels per column), and
    `- - x` nests on one line; every flow collection opens with a bracket.
    """
    leading = max((len(m) for m in _LEADING_INDICATORS.findall(text)), default=0)
    return text.count("[") + text.count("{") + 2 * (leading + 1)


def _check_depth(text: str, path: Path) -> None:
    """Walk the parser's events (no recursion) and refuse a too-deep document."""
    import yaml

    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    loader = _loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark, path)
            elif isinstance(event, closing):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 and newer stop deep flow nesting in the scanner, before
        # the parser hands us the event: say it in our words, at its place.
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            raise _too_deep(exc.problem_mark, path) from None
        raise _syntax_error(exc, path) from None
    finally:
        loader.dispose()


def _too_deep(mark: Any, path: Path) -> CoachError:
    return CoachError(
        f"values are nested more than {MAX_DEPTH} levels deep",
        path=path,
        line=mark.line + 1,
        column=mark.column + 1,
    )


def _syntax_error(exc: Any, path: Path) -> CoachError:
    mark = exc.problem_mark or exc.context_mark
    message = f"invalid YAML: {exc.problem or exc.context}"
    if exc.context and exc.problem and exc.context_mark is not None:
        where = exc.context_mark
        message += (
            f" ({exc.context} that starts at line {where.line + 1}, column {where.column + 1})"
        )
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return CoachError(message, path=path, line=line, column=column)


def _scan(root: Node | None, path: Path) -> Iterator[CoachError]:
    """Refuse unsafe or unknown tags, duplicate keys and alias bombs, all at once."""
    import yaml
    from yaml.nodes import MappingNode, ScalarNode

    if root is None:
        return
    # `<<` merge keys have their own tag and no constructor: the mapping merges them
    known_tags = {**yaml.SafeLoader.yaml_constructors, "tag:yaml.org,2002:merge": None}
    seen: set[int] = set()
    aliased = False
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            aliased = True  # the composer shares one node between an anchor and its aliases
            continue
        seen.add(id(node))
        mark = node.start_mark
        if node.tag not in known_tags:
            yield CoachError(
                _tag_message(node.tag), path=path, line=mark.line + 1, column=mark.column + 1
            )
            continue
        if isinstance(node, ScalarNode):
            continue
        if depth >= MAX_DEPTH:
            yield _too_deep(mark, path)
            return
        if isinstance(node, MappingNode):
            yield from _duplicate_keys(node, path)
            for key_node, value_node in node.value:
                stack.extend(((key_node, depth + 1), (value_node, depth + 1)))
        else:
            stack.extend((child, depth + 1) for child in node.value)
    if aliased and _expanded_size(root) > MAX_EXPANDED_NODES:
        yield CoachError(
            f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values", path=path, line=1
        )


def _tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    if short.startswith("!!python/"):
        return f"YAML tag '{short}' is not allowed: coach reads YAML as data, not code"
    return f"unsupported YAML tag '{short}' (only plain YAML values are read)"


def _duplicate_keys(node: Node, path: Path) -> Iterator[CoachError]:
    from yaml.nodes import ScalarNode

    first: dict[str, Node] = {}
    for key_node, _value in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
            continue
        earlier = first.setdefault(key_node.value, key_node)
        if earlier is not key_node:
            mark = key_node.start_mark
            yield CoachError(
                f"duplicate key '{key_node.value}' (first at line {earlier.start_mark.line + 1})",
                path=path,
                line=mark.line + 1,
                column=mark.column + 1,
            )


def _expanded_size(root: Node) -> int:
    """How many nodes the document has once every alias is copied out."""
    from yaml.nodes import MappingNode, ScalarNode

    def children(node: Node) -> list[Node]:
        if isinstance(node, ScalarNode):
            return []
        if isinstance(node, MappingNode):
            return [n for pair in node.value for n in pair]
        return list(node.value)

    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:  # post-order without recursion: deep documents must not crash us
        node, done = stack.pop()
        if done:
            # a recursive alias has no size yet: count it once
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children(node))
            continue
        if id(node) in started:
            continue
        started.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children(node))
    return sizes[id(root)]


def _construct(root: Node | None, path: Path) -> Any:
    import yaml

    if root is None:
        return None
    loader = _loader("")
    try:
        return loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, path) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise CoachError(f"invalid YAML value: {exc}", path=path) from None
    finally:
        loader.dispose()


def validate_model(model: type[BaseModel], doc: YamlDoc) -> Any:
    """Validate `doc.data` as `model`; every problem becomes a positioned `CoachError`."""
    from pydantic import ValidationError

    require_mapping(doc)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise CoachErrors(model_errors(exc, doc, model=model)) from None


def require_mapping(doc: YamlDoc) -> dict[Any, Any]:
    """The document's top-level mapping; an empty file or a bare list is an error."""
    if doc.data is None:
        raise CoachError("the file is empty", path=doc.path, line=1)
    if not isinstance(doc.data, dict):
        raise doc.error(f"the file should hold a mapping of keys, got {_kind_of(doc.data)}")
    return doc.data


def model_errors(
    exc: ValidationError, doc: YamlDoc, *, model: type[BaseModel] | None = None
) -> list[CoachError]:
    """Every pydantic error as a friendly `CoachError` at its place in `doc`.

    Pass `model` to get 'did you mean' suggestions for unknown keys.
    """
    from coach.schema_messages import describe_errors

    return describe_errors(exc.errors(), doc, model)


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    if len(shown) > 40:  # a whole non-YAML file can read as one long string
        shown = shown[:37] + "..."
    return f"a single value ({shown})"
