"""The type-checker engine catches hallucinated APIs from real type information, and only those.

These run the real `ty` (no mocks): the five misses of issue 10 are caught on their line,
their correct twins are not, and nothing the reviewed change contains (code, config,
suppression comments) can run or steer the checker.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checks import typecheck
from checks.model import Finding, Severity
from checks.semgrep import ScanResult

pytestmark = pytest.mark.skipif(typecheck.ty_command() is None, reason="ty is not installed")

MISSES = {
    "app/client.py": (
        """
        import requests


        class Client:
            def __init__(self) -> None:
                self.session = requests.Session()

            def user(self, url: str) -> object:
                resp = self.session.get(url, timeout=5)
                return resp.json_or_raise()
        """,
        11, "py-nonexistent-member", "`Response` has no member `json_or_raise`; did you mean `json()`?",
    ),
    "app/holds.py": (
        """
        from dataclasses import dataclass
        from datetime import datetime


        @dataclass
        class Hold:
            expires_at: datetime


        def expiry(hold: Hold) -> float:
            return hold.expires_at.to_timestamp()
        """,
        12, "py-nonexistent-member", "`datetime` has no member `to_timestamp`; did you mean `timestamp()`?",
    ),
    "app/parse.py": (
        """
        import json


        def parse(text: str) -> object:
            return json.loads_safe(text)
        """,
        6, "py-nonexistent-member", "`json` has no member `loads_safe`; did you mean `loads()`?",
    ),
    "app/ping.py": (
        """
        import requests


        def ping(url: str) -> int:
            return requests.get(url, timeout_s=5).status_code
        """,
        6, "py-unknown-argument", "`get()` has no parameter `timeout_s`; did you mean `timeout=`?",
    ),
    "app/stamp.py": (
        """
        from datetime import utcnow
        """,
        2, "py-nonexistent-import", "`from datetime import utcnow` fails",
    ),
}
TWINS = {
    "app/client.py": MISSES["app/client.py"][0].replace("resp.json_or_raise()", "resp.json()"),
    "app/holds.py": MISSES["app/holds.py"][0].replace(".to_timestamp()", ".timestamp()"),
    "app/parse.py": MISSES["app/parse.py"][0].replace("loads_safe", "loads"),
    "app/ping.py": MISSES["app/ping.py"][0].replace("timeout_s=", "timeout="),
    "app/stamp.py": "from datetime import datetime, timezone\n",
}


def _dedent(targets: dict[str, str]) -> dict[str, str]:
    return {path: textwrap.dedent(text) for path, text in targets.items()}


def _found(result: ScanResult) -> set[tuple[str, int, str]]:
    return {(f.path, f.line, f.rule_id) for f in result.findings}


def test_the_five_misses_of_the_issue_are_caught_on_their_line() -> None:
    result = typecheck.check(_dedent({path: text for path, (text, *_) in MISSES.items()}))
    assert result.skips == () and result.scanned == len(MISSES)
    assert _found(result) == {(path, line, rule) for path, (_, line, rule, _) in MISSES.items()}
    for f in result.findings:
        assert MISSES[f.path][3] in f.message
        assert f.severity is Severity.WARNING and f.fix
        assert f.cwe == ("CWE-628" if f.rule_id == "py-unknown-argument" else "CWE-477")


def test_the_correct_twins_raise_nothing() -> None:
    result = typecheck.check(_dedent(TWINS))
    assert result.findings == () and result.skips == ()


def test_wrong_arity_and_an_unknown_keyword_of_an_overloaded_stdlib_function() -> None:
    code = """
    import subprocess
    import time

    time.sleep(1, 2)
    subprocess.run(["git", "status"], capture=True, text=True)
    subprocess.run(["git", "status"], capture_output=True, text=True)
    """
    result = typecheck.check(_dedent({"ops.py": code}))
    assert _found(result) == {("ops.py", 5, "py-wrong-arity"), ("ops.py", 6, "py-unknown-argument")}
    assert "did you mean `capture_output=`?" in next(f.message for f in result.findings if f.line == 6)


def test_errors_on_the_projects_own_classes_and_on_unknown_types_are_not_reported() -> None:
    code = """
    import re
    import httpx  # a third-party module without stubs: its types are unknown
    from myproj.models import Thing  # the project's own module, not in the change
    from typing import Any


    class Response:
        pass


    def f(thing: Thing, cfg: Any, text: str) -> None:
        Response().json_or_raise()
        thing.anything()
        cfg.whatever()
        httpx.get("https://example.com").json_or_raise()
        m = re.match("x", text)
        m.group(0)  # Optional: a type error, not a hallucination
        f.cache = {}  # assigning a new attribute is not calling a missing one
        obj: object = text
        obj.upper()
    """
    result = typecheck.check(_dedent({"svc/app.py": code}))
    assert result.findings == () and result.skips == ()


def test_members_of_a_metaclass_made_class_attribute_are_not_reported() -> None:
    # seen scanning saleor: 32 false findings on graphene enums; Django's TextChoices is the same
    code = """
    import graphene
    from django.db import models


    class SortField(graphene.Enum):
        NAME = ["name", "slug"]


    class Kind(models.TextChoices):
        PRODUCT = "product", "Product"


    class Plain:
        NAME = ["name"]


    def f() -> None:
        print(SortField.NAME.name, Kind.PRODUCT.label, Kind.PRODUCT.value)
        print(Plain.NAME.name)
    """
    result = typecheck.check(_dedent({"shop/enums.py": code}))
    assert _found(result) == {("shop/enums.py", 20, "py-nonexistent-member")}  # the plain class's list


def test_a_module_of_the_change_that_shadows_a_stdlib_name_is_the_projects_own() -> None:
    targets = {"lib/json.py": "def dumps_pretty(x: object) -> str:\n    return str(x)\n",
               "lib/use.py": "from lib import json\n\njson.loads_safe('x')\n"}
    assert typecheck.check(targets).findings == ()


def test_reviewed_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    code = f"open({str(marker)!r}, 'w').write('x')\nimport os\nos.system('touch {marker}')\n"
    typecheck.check({"evil.py": code, "setup.py": code, "conftest.py": code, "pkg/__init__.py": code})
    assert not marker.exists()


def test_config_and_suppressions_in_the_change_cannot_steer_the_checker() -> None:
    code = textwrap.dedent(MISSES["app/parse.py"][0]).replace(
        "json.loads_safe(text)", "json.loads_safe(text)  # type: ignore  # ty: ignore[missing-attribute]"
    )
    relax = '[tool.ty.rules]\nall = "ignore"\n[tool.pyright]\ntypeCheckingMode = "off"\n'
    targets = {
        "app/parse.py": code,
        "pyproject.toml": relax,
        "app/pyproject.toml": relax,
        "ty.toml": '[rules]\nall = "ignore"\n',
        "pyrightconfig.json": '{"typeCheckingMode": "off"}',
        "app/json.pyi": "def loads_safe(s: str) -> object: ...\n",
    }
    assert _found(typecheck.check(targets)) == {("app/parse.py", 6, "py-nonexistent-member")}


def test_hostile_paths_map_back_to_the_pr_path() -> None:
    path = "../../etc/x/\n../evil.py"
    result = typecheck.check({path: "import json\njson.loads_safe('1')\n"})
    assert _found(result) == {(path, 2, "py-nonexistent-member")}


def test_no_python_file_starts_no_checker() -> None:
    assert typecheck.check({"a.go": "package a\n", "README.md": "x"}) == ScanResult()


@pytest.mark.parametrize("exe", ["/nonexistent/ty", "/bin/false"])
def test_a_missing_or_crashing_checker_is_a_stated_skip(exe: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRAINT_GUARD_TY", exe)
    result = typecheck.check({"a.py": "import json\njson.loads_safe('1')\n"})
    assert result.findings == ()
    assert len(result.skips) == 1 and result.skips[0].reason.startswith(typecheck.UNAVAILABLE)
    assert not result.skips[0].unscanned  # semgrep still scanned the file


def test_merge_never_reports_the_same_line_twice() -> None:
    def finding(rule: str, line: int) -> Finding:
        return Finding(rule, Severity.WARNING, "a.py", line, line, rule)

    semgrep = ScanResult((finding("py-nonexistent-member", 3), finding("py-nonexistent-member", 9),
                          finding("py-sql-string-build", 3)), scanned=1, seconds=0.2)
    types = ScanResult((finding("py-nonexistent-member", 3),), scanned=1, seconds=0.1)
    merged = typecheck.merge(semgrep, types)
    assert sorted((f.rule_id, f.line) for f in merged.findings) == [
        ("py-nonexistent-member", 3), ("py-nonexistent-member", 9), ("py-sql-string-build", 3)]
