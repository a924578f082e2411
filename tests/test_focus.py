"""Focused scanning: definitions a change does not touch are blanked before the engine reads a
file, which must never change a finding on the lines the change does touch."""

from __future__ import annotations

import re

import pytest

from checks import focus as focus_module
from checks import semgrep
from checks.diff import parse_diff
from checks.focus import focus, touched_lines
from checks.paths import language_of, policies_dir
from checks.semgrep import load_rules

RULE_TESTS = policies_dir() / "semgrep"


def kept(path: str, text: str, touched: set[int]) -> list[int]:
    """Line numbers whose text survived focusing (blank lines excluded)."""
    out = focus(path, text, touched)
    assert out.count("\n") == text.count("\n"), "focusing must keep every line"
    pairs = zip(text.splitlines(), out.splitlines(), strict=True)
    return [n for n, (a, b) in enumerate(pairs, 1) if a == b and a.strip()]


PY = '''import os
from flask import request

@app.route("/a")
def untouched(x):
    return os.system(x)

class View(Base):
    limit = 10

    def get(self):
        return 1

    def post(self):
        return os.system(request.args["q"])

def touched():
    return eval(request.args["q"])
'''


def test_python_untouched_functions_go_and_touched_ones_stay_whole() -> None:
    assert kept("app.py", PY, {18}) == [1, 2, 17, 18]  # imports and the touched def; the class went whole


def test_python_a_touched_decorator_keeps_its_function() -> None:
    assert 5 in kept("app.py", PY, {4})


def test_python_a_touched_method_keeps_its_class_header_but_not_its_siblings() -> None:
    assert kept("app.py", PY, {15}) == [1, 2, 8, 9, 14, 15]
    out = focus("app.py", PY, {15})
    assert out.splitlines()[10] == "    pass"  # a member leaves a statement so the class still parses
    compile(out, "app.py", "exec")


def test_a_file_that_does_not_parse_is_left_as_written() -> None:
    broken = "def f(:\n    return 1\n\ndef g():\n    return 2\n"
    assert focus("a.py", broken, {5}) == broken
    unbalanced = "function f() {\n  return 1\n\nfunction g() {\n  return 2\n}\n"
    assert focus("a.js", unbalanced, {5}) == unbalanced


def test_crlf_line_ends_survive() -> None:
    text = "def f():\r\n    return 1\r\n\r\ndef g():\r\n    return 2\r\n"
    assert focus("a.py", text, {5}) == "\r\n\r\n\r\ndef g():\r\n    return 2\r\n"


JS = '''const re = /{[a-z]}/g;
function untouched(req, res) {
  const s = `x ${ {a: 1}.a } y`;
  return s;
}
export const handler = async (req, res) => {
  res.send(req.query.x)
}
app.get('/x', (req, res) => {
  res.send(req.query.y)
})
class Controller extends Base {
  @Get(':id')
  async find(@Param('id') id: string): Promise<X> {
    return db.query(`SELECT ${id}`)
  }
  other() { return 2 }
  field = async (req) => {
    return 3
  }
}
'''


def test_js_functions_arrow_constants_and_class_members() -> None:
    lines = kept("a.ts", JS, {7, 15})
    assert 2 not in lines and 3 not in lines  # a regex and a template literal with braces did not confuse it
    assert {6, 7, 8} <= set(lines)  # the touched arrow function
    assert not {9, 10, 11} & set(lines)  # an untouched route registration (a top-level call) goes too
    assert {12, 13, 14, 15, 16, 21} <= set(lines) and 17 not in lines and 18 not in lines


def test_js_an_untouched_class_goes_whole() -> None:
    lines = kept("a.js", JS, {7})
    assert not set(range(12, 22)) & set(lines)


COMMONJS = """'use strict'
res.send = function send(body) {
  return this;
};
exports.load = async (req) => {
  return req.query.x
}
module.exports = {
  name: 'x',
  get header() {
    return 1
  },
  async find(req) {
    return db.query(req.query.q)
  },
  other: function (a) {
    return a
  }
};
"""


def test_js_commonjs_assignments_and_an_exported_objects_methods() -> None:
    assert kept("lib.js", COMMONJS, {14}) == [1, 8, 9, 13, 14, 15, 19]
    assert kept("lib.js", COMMONJS, {3}) == [1, 2, 3, 4]  # an untouched object goes whole


def test_a_brace_in_a_regex_our_scanner_could_read_as_division_leaves_the_file_whole() -> None:
    # after `)` JS reads `/}/` as a regex where a scanner could read a division; with a `/{/`
    # later to balance it, that view would close the class after `d` and blank it, cutting the
    # blocks apart differently from the engine: the file is left as written instead
    tricky = ("class K {\n  d(req) {\n    if (req) /}/.test(x)\n  }\n  e(req, res) {\n    if (res) /{/.test(y)\n"
              "    res.send(req.query.q)\n  }\n}\n")
    assert focus("a.js", tricky, {7}) == tricky
    plain = "function half(a, b) {\n  return (a + b) / 2\n}\nfunction other() {\n  return 1\n}\n"
    assert focus("a.js", plain, {2}) != plain  # an ordinary division does not stop focusing


ROUTES = """const app = express()
app.use(express.json())
app.get('/a', (req, res) => {
  res.send(req.query.a)
})
app.post('/b', async function (req, res) {
  res.send(req.body.b)
});
router.get('/c', (req, res) => {
  res.send(1)
})
  .catch(() => {})
"""


def test_js_routes_registered_by_a_top_level_call() -> None:
    # an untouched handler goes with its registration; a call whose statement goes on does not
    assert kept("routes.js", ROUTES, {7}) == [1, 2, 6, 7, 8, 9, 10, 11, 12]


def test_jsx_text_with_an_apostrophe_leaves_the_file_as_written() -> None:
    jsx = "function A() {\n  return <p>Don't</p>\n}\nfunction B() {\n  return 1\n}\n"
    assert focus("a.jsx", jsx, {5}) == jsx


def test_go_java_and_rust_definitions() -> None:
    go = ('package x\n\nfunc (s *S) A(w http.ResponseWriter, r *http.Request) (int, error) {\n\tx := `{`\n'
          '\treturn 0, nil\n}\n\ntype T struct {\n\tA int\n}\n\nfunc B[T any](x T) {\n\tfmt.Println("}")\n}\n')
    assert kept("a.go", go, {13}) == [1, 8, 9, 10, 12, 13, 14]
    java = ('@RestController\npublic class A extends B {\n    @Autowired\n    private Foo foo;\n\n'
            '    @GetMapping("/x")\n    public List<String> get(@RequestParam String q) throws IOException {\n'
            '        return ok();\n    }\n\n    public A(int x) {\n        this.x = x;\n    }\n'
            '    String s = "{";\n}\n')
    assert kept("A.java", java, {12}) == [1, 2, 3, 4, 11, 12, 13, 14, 15]
    rust = ("impl<'a> S {\n    pub fn new(x: &'a str) -> Self {\n        let c = '{';\n        S { a: 1 }\n    }\n"
            '    fn other(&self) -> Result<(), E> {\n        let r = r#"}"#;\n        Ok(())\n    }\n}\n'
            'fn main() {\n    println!("{}", 1);\n}\n')
    assert kept("a.rs", rust, {8}) == [1, 6, 7, 8, 9, 10]


def test_a_removal_touches_the_lines_around_it() -> None:
    diff = parse_diff(
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,5 +1,4 @@\n def f(x):\n"
        "-    x = clean(x)\n     return run(x)\n \n def g():\n"
    )
    assert touched_lines(diff.files[0]) == {1, 2}


# ----------------------------------------------------------------------------- with the engine

_ANNOTATION = re.compile(r"(?:#|//)\s*(ruleid|ok|todoruleid|todook):")


def _rule_tests() -> dict[str, tuple[str, set[int], set[int]]]:
    """Every shipped rule's test file: (text, lines a finding must be on, lines one must not be on)."""
    out = {}
    for file in sorted(RULE_TESTS.rglob("*")):
        if file.suffix in (".yaml", ".yml") or not file.is_file() or language_of(file.name) is None:
            continue
        text = file.read_text(encoding="utf-8")
        positive, negative = set(), set()
        for n, line in enumerate(text.splitlines(), 1):
            found = _ANNOTATION.search(line)
            if found:
                (positive if found.group(1) in ("ruleid", "todook") else negative).add(n + 1)
        out[file.relative_to(RULE_TESTS).as_posix()] = (text, positive, negative)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("side", ["positive", "negative"])
def test_focusing_changes_no_finding_on_the_touched_lines_of_any_rule_test(side: str) -> None:
    # a change that touches only the positive (or only the safe) cases of every rule's test file:
    # the other cases are blanked, and what the engine says about the touched lines must not move
    tests = _rule_tests()
    targets = {path: text for path, (text, _, _) in tests.items()}
    touched = {path: (pos if side == "positive" else neg) for path, (_, pos, neg) in tests.items()}
    rules = list(load_rules().values())
    focused = semgrep.scan(targets, rules, touched=touched)
    whole = semgrep.scan(targets, rules)

    def on_touched(result: semgrep.ScanResult) -> set[tuple[str, str, int]]:
        return {(f.path, f.rule_id, f.line) for f in result.findings if f.line in touched[f.path]}

    blanked = sum(focus(p, t, touched[p]) != t for p, t in targets.items())
    assert blanked >= len(targets) // 3, f"only {blanked} of {len(targets)} files had anything to blank"
    assert not focused.skips and not whole.skips
    assert on_touched(focused) == on_touched(whole)
    if side == "positive":
        assert len(on_touched(whole)) > 100


def test_a_focused_file_the_engine_cannot_parse_is_scanned_again_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # fault injection: a focusing bug that breaks the syntax must cost time, never a finding or a skip
    code = "import requests\n\ndef fetch(url):\n    return requests.get(url, verify=False)\n"
    monkeypatch.setattr(focus_module, "focus", lambda path, text, touched: "x = '''\n" + text.split("\n", 1)[1])
    rules = semgrep.rules_for(load_rules().values(), {"python"})
    result = semgrep.scan({"app/run.py": code}, rules, touched={"app/run.py": {4}})
    assert not result.skips
    assert [(f.rule_id, f.line) for f in result.findings] == [("py-tls-verify-disabled", 4)]
