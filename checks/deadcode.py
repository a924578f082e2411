"""Python branches that can never run: the stretches of a file a constant condition decides.

`num = 86` then `if 7 * 42 - num > 200: bar = "safe" else: bar = param` never takes the
else; semgrep's taint engine does not evaluate conditions, so it reports the request value
reaching a sink through a path that cannot happen. `dead_code` finds such stretches, which
checks/taint_copy.py blanks in the copy of the file that taint rules read.

What counts as a constant is deliberately narrow, so nothing live is ever blanked: literals,
and names assigned exactly once in the same function, by a top-level statement before the
branch, to a constant expression. A module's names (`DEBUG`, feature flags) are
configuration that a later change may flip, so they never decide a branch here. Nothing is
executed: expressions are folded by a small evaluator with size limits.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_MAX_INT = 10**15
_MAX_LEN = 10_000
_UNKNOWN = object()  # an expression this evaluator will not decide

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_SCALARS = (int, float, str, bool, type(None))
_BRANCHES = (ast.If, ast.While, ast.IfExp, ast.Match)


def _small(value: Any) -> Any:
    """`value` if it is a constant of bounded size, else _UNKNOWN (no huge ints or strings)."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        return value if abs(value) <= _MAX_INT else _UNKNOWN
    if isinstance(value, str):
        return value if len(value) <= _MAX_LEN else _UNKNOWN
    if isinstance(value, tuple) and len(value) <= _MAX_LEN and all(isinstance(v, _SCALARS) for v in value):
        return value
    return _UNKNOWN


def fold(node: ast.expr, names: dict[str, Any]) -> Any:
    """The value of a constant expression, or _UNKNOWN. `names` holds the scope's constants."""
    try:
        return _fold(node, names)
    except (ArithmeticError, TypeError, ValueError, IndexError, KeyError, RecursionError):
        return _UNKNOWN


def _fold(node: ast.expr, names: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return _small(node.value)
    if isinstance(node, ast.Name):
        return names.get(node.id, _UNKNOWN)
    if isinstance(node, ast.Tuple):  # never a list: `errors = []` grows by errors.append()
        items = [_fold(e, names) for e in node.elts]
        return _UNKNOWN if any(i is _UNKNOWN for i in items) else _small(tuple(items))
    if isinstance(node, ast.UnaryOp):
        v = _fold(node.operand, names)
        if v is _UNKNOWN:
            return v
        if isinstance(node.op, ast.Not):
            return not v
        if isinstance(node.op, ast.USub) and isinstance(v, (int, float)):
            return _small(-v)
        if isinstance(node.op, ast.UAdd) and isinstance(v, (int, float)):
            return v
        return _UNKNOWN
    if isinstance(node, ast.BinOp):
        op = _BINARY.get(type(node.op))
        left, right = _fold(node.left, names), _fold(node.right, names)
        if op is None or left is _UNKNOWN or right is _UNKNOWN:
            return _UNKNOWN
        # bound the operands before multiplying: "x" * 10**12 must not be built
        if isinstance(node.op, ast.Mult) and (isinstance(left, (str, tuple)) or isinstance(right, (str, tuple))):
            count = right if isinstance(left, (str, tuple)) else left
            seq = left if isinstance(left, (str, tuple)) else right
            if not isinstance(count, int) or len(seq) * max(count, 0) > _MAX_LEN:
                return _UNKNOWN
        return _small(op(left, right))
    if isinstance(node, ast.BoolOp):
        values = [_fold(v, names) for v in node.values]
        if any(v is _UNKNOWN for v in values):
            return _UNKNOWN
        result = values[0]
        for v in values[1:]:
            if isinstance(node.op, ast.And) and not result:
                break
            if isinstance(node.op, ast.Or) and result:
                break
            result = v
        return result
    if isinstance(node, ast.Compare):
        left = _fold(node.left, names)
        for op_node, right_node in zip(node.ops, node.comparators, strict=True):
            right = _fold(right_node, names)
            op = _COMPARE.get(type(op_node))
            if op is None or left is _UNKNOWN or right is _UNKNOWN:
                return _UNKNOWN
            if not op(left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
        seq, index = _fold(node.value, names), _fold(node.slice, names)
        if isinstance(seq, (str, tuple)) and isinstance(index, int) and not isinstance(index, bool):
            return _small(seq[index])
        return _UNKNOWN
    return _UNKNOWN


def _bound_names(body: list[ast.stmt]) -> dict[str, int]:
    """How many times each name is bound anywhere in a function (nested scopes included:
    a `nonlocal` there rebinds it)."""
    counts: dict[str, int] = {}
    for stmt in body:
        for node in ast.walk(stmt):
            targets: list[str] = []
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                targets.append(node.id)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                targets.extend(node.names)  # bound elsewhere: never a constant here
                targets.extend(node.names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                targets.extend((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                targets.append(node.name)
            elif isinstance(node, ast.arg):
                targets.append(node.arg)
            elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
                targets.append(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                targets.append(node.rest)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                targets.append(node.name)
            for name in targets:
                counts[name] = counts.get(name, 0) + 1
    return counts


def _scope_constants(func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, tuple[int, Any]]:
    """name -> (line after which it holds the value, value) for the function's constants."""
    if not any(_top_level_binding(stmt) for stmt in func.body):
        return {}  # the common case, found without walking the whole function
    counts = _bound_names(func.body)
    for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs, func.args.vararg, func.args.kwarg):
        if a is not None:
            counts[a.arg] = counts.get(a.arg, 0) + 2  # a parameter is never a constant
    found: dict[str, tuple[int, Any]] = {}
    for stmt in func.body:  # top level only: a binding inside a branch may not have happened
        binding = _top_level_binding(stmt)
        if binding is not None and counts.get(binding[0]) == 1:
            # earlier constants only: `a = 1; b = a + 1` folds, a forward reference does not
            v = fold(binding[1], {k: c for k, (_, c) in found.items()})
            if v is not _UNKNOWN:
                found[binding[0]] = (stmt.end_lineno or stmt.lineno, v)
    return found


def _top_level_binding(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """(name, value) of `name = value` or `name: T = value` whose value may be constant."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None and stmt.simple:
        target, value = stmt.target, stmt.value
    else:
        return None
    if not isinstance(target, ast.Name) or not isinstance(value, (ast.Constant, ast.Name, ast.Tuple, ast.UnaryOp,
                                                                 ast.BinOp, ast.BoolOp, ast.Compare, ast.Subscript)):
        return None
    return target.id, value


def functions(nodes: Iterable[ast.AST]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions among a tree's nodes (from one ast.walk its callers share)."""
    return [n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _own_nodes(root: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope: nested functions and classes are scopes of their own."""
    stack = list(ast.iter_child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _pattern_matches(pattern: ast.pattern, subject: Any, names: dict[str, Any]) -> bool | None:
    """Whether a literal `case` pattern matches a constant subject; None when undecided."""
    if isinstance(pattern, ast.MatchValue):
        v = fold(pattern.value, names)
        return None if v is _UNKNOWN else bool(subject == v)
    if isinstance(pattern, ast.MatchSingleton):
        return subject is pattern.value
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
        return True  # `case _` or a capture: matches anything
    if isinstance(pattern, ast.MatchOr):
        results = [_pattern_matches(p, subject, names) for p in pattern.patterns]
        if any(r is True for r in results):
            return True
        return False if all(r is False for r in results) else None
    return None


@dataclass(frozen=True)
class Dead:
    """A stretch of source no execution reaches: statements (blanked to `pass`) or one
    ternary arm (blanked to `None`). Lines are 1-based, columns UTF-8 byte offsets (ast's)."""

    line: int
    col: int
    end_line: int
    end_col: int
    arm: bool = False

    @property
    def filler(self) -> str:
        return "None" if self.arm else "pass"


def _stmts(body: list[ast.stmt]) -> list[Dead]:
    """A dead statement list. An `elif` begins at its keyword, so it cannot be replaced whole:
    for an If alone in an else, its own body and else are blanked instead (its test stays)."""
    if len(body) == 1 and isinstance(body[0], ast.If):
        return _stmts(body[0].body) + (_stmts(body[0].orelse) if body[0].orelse else [])
    first, last = body[0], body[-1]
    return [Dead(first.lineno, first.col_offset, last.end_lineno or last.lineno,
                 last.end_col_offset if last.end_col_offset is not None else last.col_offset)]


def dead_code(tree: ast.Module, funcs: list[ast.FunctionDef | ast.AsyncFunctionDef] | None = None) -> list[Dead]:
    """Every stretch of the module that a constant condition keeps from running (`funcs`:
    the module's functions, when the caller has them already)."""
    dead: list[Dead] = []
    scopes: list[ast.FunctionDef | ast.AsyncFunctionDef | None] = [None]  # None: the module, literals only
    scopes += funcs if funcs is not None else functions(ast.walk(tree))
    for func in scopes:
        constants = _scope_constants(func) if func is not None else {}
        for node in _own_nodes(func if func is not None else tree):
            if not isinstance(node, _BRANCHES):
                continue
            names = {k: v for k, (after, v) in constants.items() if after < node.lineno}
            if isinstance(node, (ast.If, ast.While)):
                v = fold(node.test, names)
                if v is _UNKNOWN:
                    continue
                if not v:
                    dead.extend(_stmts(node.body))
                elif isinstance(node, ast.If) and node.orelse:
                    dead.extend(_stmts(node.orelse))
            elif isinstance(node, ast.IfExp):
                v = fold(node.test, names)
                arm = node.orelse if v else node.body
                if v is not _UNKNOWN and arm.end_lineno == arm.lineno and arm.end_col_offset is not None:
                    # one line only: a multi-line arm's continuation lines cannot be blanked safely
                    dead.append(Dead(arm.lineno, arm.col_offset, arm.lineno, arm.end_col_offset, arm=True))
            elif isinstance(node, ast.Match):
                dead.extend(_dead_cases(node, names))
    return dead


def _dead_cases(node: ast.Match, names: dict[str, Any]) -> list[Dead]:
    subject = fold(node.subject, names)
    if subject is _UNKNOWN:
        return []
    dead: list[Dead] = []
    taken = False
    for case in node.cases:
        if taken:
            dead.extend(_stmts(case.body))
            continue
        hit = _pattern_matches(case.pattern, subject, names)
        if hit is None:
            break  # undecided from here on: leave the rest alone
        if hit and case.guard is None:
            taken = True
        elif not hit:
            dead.extend(_stmts(case.body))
    return dead
