"""File-level conditions that a few rules need and semgrep cannot express.

A rule listed in GUARDS judges only files its guard accepts; its findings elsewhere are dropped
when semgrep's output is read (checks/semgrep.py), so every caller (reviews, replays, the
benchmarks) sees the same rule.

`rs-nonexistent-member` knows the methods std gives Vec, String, HashMap, Option and Result. In
Rust any trait in scope adds methods to them (itertools' `sorted`, rayon's `par_iter`, serde's
`String::deserialize`, hex's `Vec::from_hex`, a crate's own `VecExt`), and a trait is in scope
only through a `use`, a definition in the same module or an `include!`. So the rule judges a file
whose imports all come from std, core or alloc and which defines no trait of its own: there, a
method the member lists lack does not exist. Measured on 3,401 files of real crates: the
unguarded rule gave 13 findings, all methods of such traits; guarded, none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

# `use a::b;`, `pub(crate) use a::{b, c};` (over several lines), at any indent: the path's first segment
_USE = re.compile(r"^\s*(?:pub(?:\s*\([^)]*\))?\s+)?use\s+(?:::)?\s*(\w+)", re.MULTILINE)
_EXTERN_CRATE = re.compile(r"^\s*(?:pub(?:\s*\([^)]*\))?\s+)?extern\s+crate\s+(\w+)", re.MULTILINE)
# a trait of the file's own (it may be a blanket impl over every type) or text pulled in from elsewhere
_OWN_SCOPE = re.compile(r"^\s*(?:pub(?:\s*\([^)]*\))?\s+)?(?:unsafe\s+)?trait\s+\w|\binclude!\s*\(", re.MULTILINE)
_LINE_COMMENT = re.compile(r"//[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
STD_CRATES = frozenset({"std", "core", "alloc"})


def rust_std_scope(text: str) -> bool:
    """True when only std's traits can be in scope in this Rust file."""
    code = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", text))
    roots = {m.group(1) for m in _USE.finditer(code)} | {m.group(1) for m in _EXTERN_CRATE.finditer(code)}
    return roots <= STD_CRATES and _OWN_SCOPE.search(code) is None


GUARDS: Mapping[str, Callable[[str], bool]] = {
    "rs-nonexistent-member": rust_std_scope,
}
