"""Telling code from comments, docstrings, imports and type declarations, per language."""

from __future__ import annotations

import pytest

from checks.code import changed_code, code_of
from checks.diff import parse_diff
from checks.prose import is_prose


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


# Prose inside string literals is text for a person, not code (checks/prose.py).

@pytest.mark.parametrize("body", [
    "Even the price of a \\u2615 can brighten my day!\\n\\n",  # rich's demo: opened payments
    "Source Currency",  # a table column's label
    "Your refund was issued on %s",
    "Total due for {order.total} now",
    "¿Olvidó su contraseña?",
    "The card was declined — try another",
])
def test_sentences_and_labels_are_prose(body: str) -> None:
    assert is_prose(body)


@pytest.mark.parametrize("body", [
    "currency",  # a key the program reads
    "unit_amount",
    "name price",  # a namedtuple's fields
    "price desc",
    "SELECT price FROM items WHERE id = %s",
    "select total from orders",
    "%Y-%m-%d %H:%M",
    "/api/v1/payments/{id}",
    "Bearer {token}",
    "refund %(amount)s to the card",  # a named placeholder is code
    "<b>Price</b> per item here",
    "text/html; charset=utf-8",
])
def test_keys_queries_paths_and_formats_are_code(body: str) -> None:
    assert not is_prose(body)


@pytest.mark.parametrize(("language", "source", "prose"), [
    ("python", 'table.add_column("Source Currency")', ["Source Currency"]),
    ("python", 'msg = f"Total due for {order.total_price} now"', ["Total due for ", " now"]),
    ("python", 'x = {"currency": price}', []),
    ("python", "rows = ('Unit price', amount)", ["Unit price"]),
    ("typescript", "const t = `Total due ${cart.price} for you`;", ["Total due ", " for you"]),
    ("javascript", "label('Pay with a saved card') // price", ["Pay with a saved card", "// price"]),
    ("go", 'fmt.Println("The refund was issued")', ["The refund was issued"]),
    ("java", 'throw new IllegalStateException("Payment was declined");', ["Payment was declined"]),
])
def test_prose_in_string_literals_is_blanked_and_the_rest_kept(language: str, source: str, prose: list[str]) -> None:
    code = source
    for text in prose:
        code = code.replace(text, " " * len(text))
    assert [c.code for c in code_of(language, [source])] == [code]
    assert [c.code for c in code_of(language, [source], fragment=True)] == [code]
