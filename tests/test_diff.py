"""The diff model: every kind of file change, odd encodings, huge diffs, and typed errors."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.diff import Diff, DiffError, FileStatus, parse_diff

DIFFS = Path(__file__).parent / "fixtures" / "diffs"


def as_data(diff: Diff) -> list[dict[str, Any]]:
    return [
        {
            "path": f.path,
            "old_path": f.old_path,
            "status": f.status.value,
            "binary": f.binary,
            "modes": [f.old_mode, f.new_mode],
            "added": {str(k): v for k, v in f.added.items()},
            "removed": f.removed_count,
            "hunks": [[h.old_start, h.old_len, h.new_start, h.new_len] for h in f.hunks],
        }
        for f in diff.files
    ]


@pytest.mark.parametrize("name", sorted(p.stem for p in DIFFS.glob("*.diff")))
def test_diff_matches_golden_file(name: str) -> None:
    parsed = as_data(parse_diff((DIFFS / f"{name}.diff").read_bytes()))
    golden = DIFFS / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(parsed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert parsed == json.loads(golden.read_text(encoding="utf-8"))


def test_every_file_kind_is_recognised() -> None:
    diff = parse_diff((DIFFS / "kinds.diff").read_bytes())
    status = {f.path: f.status for f in diff.files}
    assert status == {
        "a.py": FileStatus.MODIFIED,
        "new.py": FileStatus.RENAMED,
        "copy.py": FileStatus.COPIED,
        "img.png": FileStatus.ADDED,
        "run.sh": FileStatus.MODIFIED,
        "gone.py": FileStatus.DELETED,
        "mv2.txt": FileStatus.RENAMED,
    }
    assert diff.file("img.png") is not None and diff.file("img.png").binary  # type: ignore[union-attr]
    mode = diff.file("run.sh")
    assert mode is not None and mode.mode_only and (mode.old_mode, mode.new_mode) == ("100644", "100755")
    a = diff.file("a.py")
    assert a is not None and a.added == {2: "y = 3", 3: "z = 4"}  # the no-newline marker is not a line


def test_crlf_lines_lose_their_carriage_return() -> None:
    diff = parse_diff((DIFFS / "crlf.diff").read_bytes())
    assert diff.files[0].added == {2: "changed"}


def test_non_utf8_bytes_are_replaced_not_fatal() -> None:
    diff = parse_diff((DIFFS / "latin1-quoted.diff").read_bytes())
    assert diff.files[0].added[2] == 'name = "caf\ufffd"'
    assert diff.files[1].path == "naïve name.py"  # git's C-quoted name is decoded


def test_empty_diff_has_no_files() -> None:
    assert parse_diff(b"").files == ()
    assert parse_diff("\n\n").files == ()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n x\n-y\n+z\n", 7, "shorter"),
        ("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n", 7, "longer"),
        ("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\nGARBAGE\n", 6, "expected a diff line"),
        ("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -x +1 @@\n-a\n", 4, "bad hunk header"),
        ("this is not a diff\n", 1, "no file header"),
    ],
)
def test_malformed_diff_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(DiffError) as info:
        parse_diff(text)
    assert info.value.line == line
    assert words in str(info.value) and f"line {line}" in str(info.value)


def test_huge_diff_parses_with_right_line_numbers() -> None:
    n = 120_000
    body = "".join(f"+line {i}\n" for i in range(n))
    text = f"diff --git a/big.py b/big.py\nnew file mode 100644\n--- /dev/null\n+++ b/big.py\n@@ -0,0 +1,{n} @@\n{body}"
    started = time.monotonic()
    diff = parse_diff(text)
    assert time.monotonic() - started < 60  # generous: a hang, not speed, is what this catches
    added = diff.files[0].added
    assert len(added) == n and added[n] == f"line {n - 1}"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_raise_the_typed_error(data: bytes) -> None:
    try:
        parse_diff(data)
    except DiffError:
        pass


_diffish = st.lists(
    st.one_of(
        st.sampled_from(["diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -1,2 +1,2 @@", "@@ -1 +1 @@",
                         "\\ No newline at end of file", "new file mode 100644", "Binary files a/f and b/f differ",
                         "rename from f", "rename to g", "--- /dev/null", "+++ /dev/null"]),
        st.text(max_size=20).map(lambda s: "+" + s),
        st.text(max_size=20).map(lambda s: "-" + s),
        st.text(max_size=20).map(lambda s: " " + s),
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(_diffish)
def test_diff_shaped_input_parses_or_raises_the_typed_error(lines: list[str]) -> None:
    try:
        parse_diff("\n".join(lines) + "\n")
    except DiffError:
        pass
