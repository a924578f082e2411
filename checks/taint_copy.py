"""The copy of a Python file that taint rules read: same lines, two gaps of semgrep's closed.

- **Branches that never run** (checks/deadcode.py) are blanked to `pass` (`None` for a
  ternary arm): semgrep's taint engine does not evaluate conditions, so without this it
  reports request data reaching a sink on a path that cannot happen.
- **Slices keep taint**: semgrep drops taint at a slice of a variable (`s = "x" + param;
  os.system(s[1:])` is missed, semgrep issue 6203), while every taint analysis treats a
  slice of untrusted text as untrusted. The copy reads `s[1:]` as `s`.
- **A local dict's keys are separate values**: in semgrep any store into a dict clears its
  taint, so `m["b"] = param; m["c"] = "x"; run("%(b)s" % m)` is missed. A dict a function
  creates empty and uses only through constant keys is, to the program, one variable per
  key; the copy writes it so (`m["b"]` -> `m__cg1_1`, what compilers call scalar
  replacement). A dict also used whole keeps its reads, and each store also goes in through
  `m.update(...)`, which adds taint and never clears it.

Every other rule reads the file as written (a secret in dead code is still committed), so
the scan (checks/semgrep.py) hands the engine both and routes each rule to one. Line numbers
never change, so findings point at the file as written. Nothing here runs the code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from checks.deadcode import dead_code, functions


@dataclass(frozen=True)
class Edit:
    """Replace the text between two ast positions (1-based lines, UTF-8 byte columns)."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


def _slices(nodes: list[ast.AST]) -> list[Edit]:
    """`value[a:b]` read on one line -> `value` (the bracket part removed)."""
    edits: list[Edit] = []
    for node in nodes:
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Slice)
            and isinstance(node.ctx, ast.Load)
            and node.value.end_lineno == node.end_lineno  # `[...]` on one line: no newline to keep
            and node.value.end_col_offset is not None
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            edits.append(Edit(node.end_lineno, node.value.end_col_offset, node.end_lineno, node.end_col_offset, ""))
    return edits


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _const_key(node: ast.Subscript) -> str | int | None:
    key = node.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, (str, int)) and not isinstance(key.value, bool):
        return key.value
    return None


def _empty_dict(value: ast.expr) -> bool:
    if isinstance(value, ast.Dict):
        return not value.keys
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict"
            and not value.args and not value.keywords)


@dataclass(frozen=True)
class _Uses:
    """How a function uses one dict: its constant-key subscripts, the one-line `m[k] = v`
    statement of each store that is one, and whether it is used whole (`f(m)`, `m.update(x)`,
    `"%(a)s" % m`, `m[k]` with a key known only at run time)."""

    keyed: list[tuple[ast.Subscript, str | int]]
    stores: dict[int, ast.Assign]
    whole: bool
    # a whole use that may write into it (`m.update(x)`, `f(m)`); `"%(a)s" % m`, `f(**m)`,
    # f"{m}" and comparisons only read it
    written_whole: bool


@dataclass(frozen=True)
class _Function:
    """One function's nodes, each node's parent and the nodes of its nested scopes, built
    once however many dicts it creates."""

    nodes: list[ast.AST]
    parents: dict[int, ast.AST]
    nested: set[int]

    @classmethod
    def of(cls, func: ast.FunctionDef | ast.AsyncFunctionDef) -> _Function:
        nodes = list(ast.walk(func))
        parents = {id(child): node for node in nodes for child in ast.iter_child_nodes(node)}
        nested = {id(n) for scope in nodes if scope is not func and isinstance(scope, _SCOPES)
                  for n in ast.walk(scope)}
        return cls(nodes, parents, nested)


def _keyed_uses(fn: _Function, name: str, init: ast.Name) -> _Uses | None:
    """The uses of `name` in the function besides its creation, or None when the dict is
    shared with another scope, rebound, or written with a key known only at run time."""
    parents, nested = fn.parents, fn.nested
    keyed: list[tuple[ast.Subscript, str | int]] = []
    stores: dict[int, ast.Assign] = {}
    whole = written_whole = False
    for node in fn.nodes:
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return None
        if not isinstance(node, ast.Name) or node.id != name or node is init:
            continue
        if id(node) in nested or not isinstance(node.ctx, ast.Load):
            return None  # read by a closure, or rebound
        parent = parents.get(id(node))
        if not isinstance(parent, ast.Subscript) or parent.value is not node:
            whole = True
            read_only = (isinstance(parent, (ast.BinOp, ast.FormattedValue, ast.Compare))
                         or isinstance(parent, ast.keyword) and parent.arg is None)
            written_whole = written_whole or not read_only
            continue
        key = _const_key(parent)
        if key is None:
            if not isinstance(parent.ctx, ast.Load):
                return None  # `m[k] = v` with k known only at run time
            whole = True
            continue
        keyed.append((parent, key))
        stmt = parents.get(id(parent))
        if (isinstance(stmt, ast.Assign) and stmt.targets == [parent] and stmt.lineno == stmt.end_lineno
                and parent.lineno == parent.end_lineno):
            stores[id(parent)] = stmt
    return _Uses(keyed, stores, whole, written_whole)


def _dict_keys(funcs: list[ast.FunctionDef | ast.AsyncFunctionDef], text: str) -> list[Edit]:
    """Keys of a dict its function creates empty, as separate values.

    Used only through constant keys, the dict becomes one fresh name per key (`m["b"]` ->
    `m__cg1_2`). Used whole as well (`"%(a)s" % m`, `m.update(x)`), every one-line
    `m[k] = v` becomes `m__cg1_1 = v; m.update({k: m__cg1_1})` on the same line: semgrep
    lets any later store clear a dict's taint, an update (a shared propagator) only adds to
    it. Its keyed reads become the names too when every whole use only reads the dict;
    otherwise they stay as written (the dict may have changed underneath).
    """
    edits: list[Edit] = []
    fresh = 0
    for func in funcs:
        inits = [target for stmt in func.body
                 if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and _empty_dict(stmt.value)
                 for target in stmt.targets if isinstance(target, ast.Name)]
        if not inits:
            continue
        fn = _Function.of(func)
        for init in inits:
            uses = _keyed_uses(fn, init.id, init)
            if uses is None:
                continue
            other_writes = any(not isinstance(sub.ctx, ast.Load) and id(sub) not in uses.stores
                               for sub, _ in uses.keyed)  # `m[k] += v`, `del m[k]`, a tuple target
            if uses.whole and (uses.written_whole or other_writes):
                # the dict may change in ways the names would not follow: reads stay as written
                renamed = [(sub, key) for sub, key in uses.keyed if id(sub) in uses.stores]
            else:
                renamed = [(sub, key) for sub, key in uses.keyed if sub.lineno == sub.end_lineno]
                if len(renamed) != len(uses.keyed):
                    continue  # a keyed use over several lines: renaming only some would split the dict
            if not renamed:
                continue
            fresh += 1
            slots: dict[str | int, str] = {}
            for _, key in renamed:
                slots.setdefault(key, f"{init.id}__cg{fresh}_{len(slots) + 1}")
            if any(slot in text for slot in slots.values()):
                continue  # a name the file already uses: leave this dict as written
            for sub, key in renamed:
                edits.append(Edit(sub.lineno, sub.col_offset, sub.lineno, sub.end_col_offset or sub.col_offset,
                                  slots[key]))
                store = uses.stores.get(id(sub))
                if uses.whole and store is not None and store.end_col_offset is not None:
                    end = (store.lineno, store.end_col_offset)
                    edits.append(Edit(*end, *end, f"; {init.id}.update({{{key!r}: {slots[key]}}})"))
    return edits


def taint_copy(text: str) -> str | None:
    """The copy for taint rules, or None when it would equal the file or the file does not
    parse with this Python (the engine then reads the file as written for every rule)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    nodes = list(ast.walk(tree))  # one walk, shared: walking is most of the cost
    funcs = functions(nodes)
    edits = ([Edit(d.line, d.col, d.end_line, d.end_col, d.filler) for d in dead_code(tree, funcs)]
             + _slices(nodes) + _dict_keys(funcs, text))
    if not edits:
        return None
    copy = apply(text, edits)
    try:
        ast.parse(copy)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # never hand the engine a file we broke
    return copy if copy != text else None


def apply(text: str, edits: list[Edit]) -> str:
    """`text` with the outermost of overlapping edits applied; newlines inside a replaced
    stretch are kept, so every line keeps its number."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))

    def offset(line: int, col: int) -> int:
        row = lines[line - 1] if line - 1 < len(lines) else ""
        return starts[line - 1] + len(row.encode("utf-8")[:col].decode("utf-8", "replace"))

    spans = sorted(((offset(e.line, e.col), offset(e.end_line, e.end_col), e.text) for e in edits),
                   key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    pos = 0
    for start, end, new in spans:
        if start < pos:
            continue  # inside a stretch already replaced
        out.append(text[pos:start])
        out.append(new + "\n" * text.count("\n", start, end))
        pos = end
    out.append(text[pos:])
    return "".join(out)
