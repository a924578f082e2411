"""Hostile file names from a PR never write outside the scan's private directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.workspace import Workspace, sanitize


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.py",
        "/etc/cron.d/evil.py",
        "a/../../../../tmp/x.py",
        "..\\..\\windows\\x.py",
        "dir/\n\r/evil.py",
        "nul\x00byte.py",
        "C:\\Users\\x.py",
        "a" * 5000 + ".py",
        "/".join(["d"] * 500) + "/deep.py",
        "\u2025\u2025/\uff0e\uff0e/lookalike.py",  # unicode look-alikes of dots
        "..",
        "",
    ],
)
def test_hostile_names_stay_inside_the_workspace(name: str, tmp_path: Path) -> None:
    with Workspace(prefix=str(tmp_path) + "/ws-") as ws:
        written = ws.write(name, "print(1)\n")
        assert written.resolve().is_relative_to(ws.root)
        assert ws.original_path(str(written)) == name
        assert len(str(written)) < 4096
        assert [p.name for p in tmp_path.iterdir()] == [ws.root.name]  # nothing beside it
        assert [p for p in ws.root.rglob("*") if p.is_file()] == [written]


def test_the_extension_survives_so_the_language_is_known() -> None:
    assert sanitize("../" + "x" * 400 + ".py").endswith(".py")
    assert sanitize("src/app/main.go") == "src/app/main.go"


def test_two_names_that_sanitize_alike_both_get_written() -> None:
    with Workspace() as ws:
        a = ws.write("../a.py", "1")
        b = ws.write("a.py", "2")
        assert a != b and a.read_text() == "1" and b.read_text() == "2"
        assert {ws.original_path(str(a)), ws.original_path(str(b))} == {"../a.py", "a.py"}


def test_workspace_is_private_and_removed() -> None:
    with Workspace() as ws:
        assert (os.stat(ws.root).st_mode & 0o777) == 0o700
        root = ws.root
    assert not root.exists()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_name_sanitizes_to_a_relative_path_without_dot_dot(name: str) -> None:
    safe = sanitize(name)
    assert safe and not safe.startswith("/")
    assert ".." not in safe.split("/") and "\x00" not in safe and "\n" not in safe
