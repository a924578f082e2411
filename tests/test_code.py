"""Telling code from comments, docstrings, imports and type declarations, per language."""

from __future__ import annotations

import pytest

from checks.code import changed_code, code_of
from checks.diff import parse_diff


def _behaving(language: str, source: str, fragment: bool = False) -> list[str]:
    return [c.code.strip() for c in code_of(language, source.split("\n"), fragment) if c.behaves]


def test_python_tokenizer_drops_comments_and_docstrings_but_keeps_strings() -> None:
    source = 'def f(pw):\n    """Hash the\n    password."""\n    x = "password"  # token\n    return x'
    assert _behaving("python", source) == ["def f(pw):", 'x = "password"', "return x"]


def test_python_multiline_import_is_a_declaration() -> None:
    source = "from .models import (\n    ExpiryType,\n)\nimport os\nx = os.sep"
    assert _behaving("python", source) == ["x = os.sep"]


@pytest.mark.parametrize(
    ("language", "source", "code"),
    [
        ("javascript", 'const u = "http://x"; // token', ['const u = "http://x";']),
        ("typescript", "export interface A {\n  password: string;\n}\nconst a = 1;", ["const a = 1;"]),
        ("typescript", "/* token\n * more */ const b = 2;", ["const b = 2;"]),
        ("go", 'import (\n\t"time"\n)\nvar s = `a // b\nc` // d', ["var s = `a // b", "c`"]),
        ("java", "import java.time.Instant;\n/** password */\nint x = 1; // y", ["int x = 1;"]),
        ("rust", "use a::{\n  b,\n};\nfn f<'a>(s: &'a str) { /* x /* y */ z */ g(s) }",
         ["fn f<'a>(s: &'a str) {                   g(s) }"]),
        ("rust", 'let s = r#"// not a comment"#; // a comment', ['let s = r#"// not a comment"#;']),
    ],
)
def test_c_like_comments_end_where_the_language_says(language: str, source: str, code: list[str]) -> None:
    assert _behaving(language, source) == code


def test_a_hunk_that_starts_inside_a_docstring_is_read_as_one() -> None:
    fragment = "    Returns the token.\n    password is hashed\n    \"\"\"\n    return check(password)"
    assert _behaving("python", fragment, fragment=True) == ["return check(password)"]


def test_removed_lines_are_read_in_the_base_text_rebuilt_from_the_head() -> None:
    head = 'def f():\n    """Docs.\n\n    more docs\n    """\n    return 1\n'
    diff = parse_diff(
        "diff --git a/m.py b/m.py\n--- a/m.py\n+++ b/m.py\n@@ -3,3 +3,3 @@\n"
        " \n-    check the password\n+    more docs\n     \"\"\"\n"
    )
    sides = changed_code(diff.files[0], head)
    assert sides is not None
    added, removed = sides
    assert not added[4].behaves and not removed[4].behaves
