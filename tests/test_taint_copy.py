"""The copy taint rules read: branches a constant condition keeps from running are blanked
(nothing live ever is), slices keep taint, and every other rule still reads the file as written."""

from __future__ import annotations

import ast
import textwrap

import pytest

from checks import semgrep
from checks.taint_copy import taint_copy


def _live(src: str) -> str | None:
    return taint_copy(textwrap.dedent(src))


def _blanked_lines(src: str) -> list[int]:
    """1-based lines whose text the live copy changed."""
    src = textwrap.dedent(src)
    live = taint_copy(src)
    if live is None:
        return []
    before, after = src.splitlines(), live.splitlines()
    assert len(before) == len(after), "line numbers must be kept"
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b]


@pytest.mark.parametrize(
    ("src", "blanked"),
    [
        # arithmetic on a local constant decides the if: the else never runs
        ("""
         def f(param):
             num = 86
             if 7 * 42 - num > 200:
                 bar = "safe"
             else:
                 bar = param
             return bar
         """, [7]),
        # ...and the other way round
        ("""
         def f(param):
             num = 86
             if 7 * 42 - num < 200:
                 bar = param
             return bar
         """, [5]),
        # a ternary's dead arm
        ("""
         def f(param):
             num = 106
             bar = "safe" if 7 * 18 + num > 200 else param
         """, [4]),
        # a switch over a constant string: every case but the one taken
        ("""
         def f(param):
             possible = "ABC"
             guess = possible[1]
             match guess:
                 case "A":
                     bar = param
                 case "B":
                     bar = "bob"
                 case "C" | "D":
                     bar = param
                 case _:
                     bar = "x"
         """, [7, 11, 13]),
        # an elif chain: the branches not taken, the taken one kept
        ("""
         def f(param):
             guess = "B"
             if guess == "A":
                 bar = param
             elif guess == "B":
                 bar = "bob"
             else:
                 bar = param
         """, [5, 9]),
        # literals alone decide a branch anywhere, the module included
        ("""
         if False:
             import os
         while 0:
             pass
         """, [3]),
    ],
)
def test_branches_decided_by_constants_are_blanked(src: str, blanked: list[int]) -> None:
    assert _blanked_lines(src) == blanked


@pytest.mark.parametrize(
    "src",
    [
        # a module-level flag is configuration a later change may flip
        """
        DEBUG = False
        def f(param):
            if DEBUG:
                run(param)
        """,
        # parameters, reassigned names, names bound in a branch or a loop
        """
        def f(num, param):
            if num > 3:
                run(param)
        """,
        """
        def f(param):
            num = 1
            num += 1
            if num == 2:
                run(param)
        """,
        """
        def f(param, flag):
            if flag:
                num = 1
            else:
                num = 5
            if num == 2:
                run(param)
        """,
        """
        def f(param, items):
            num = 1
            for num in items:
                pass
            if num == 2:
                run(param)
        """,
        """
        def f(param):
            num = 1
            try:
                pass
            except ValueError as num:
                pass
            if num == 2:
                run(param)
        """,
        # rebound by a nested function through nonlocal, or by a walrus
        """
        def f(param):
            num = 1
            def g():
                nonlocal num
                num = 2
            g()
            if num == 2:
                run(param)
        """,
        """
        def f(param, xs):
            num = 1
            if any((num := x) for x in xs):
                pass
            if num == 2:
                run(param)
        """,
        # a list is never a constant: it grows by calls the evaluator does not follow
        """
        def f(param, items):
            errors = []
            errors.append(items)
            if errors:
                run(param)
        """,
        # a constant assigned after the branch, or a call the evaluator never runs
        """
        def f(param):
            if num == 2:
                run(param)
            num = 2
        """,
        """
        def f(param):
            if len("ab") == 3:
                run(param)
        """,
        # a multi-line ternary arm cannot be blanked safely: left as written
        """
        def f(param):
            num = 1
            bar = (param +
                   "x") if num == 2 else "safe"
        """,
        # bounded folding: a huge repetition is not built, so not decided
        """
        def f(param):
            n = 10 ** 12
            if "x" * 1000000000000 == "":
                run(param)
        """,
        # a file Python cannot parse is taken as written
        "def f(:\n    pass\n",
    ],
)
def test_nothing_that_may_run_is_blanked(src: str) -> None:
    assert _live(src) is None


def test_the_live_copy_parses_and_keeps_columns_on_untouched_lines() -> None:
    src = textwrap.dedent("""
        def f(param):
            mot = "é"
            if mot == "e": bar = param; run(bar)
            else: bar = "ok"
            return bar
    """)
    live = taint_copy(src)
    assert live is not None
    ast.parse(live)
    assert live.splitlines()[3] == '    if mot == "e": pass'
    assert live.splitlines()[4] == src.splitlines()[4]


FLASK = '''import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    param = request.args.get("cmd", "")
    limit = {LIMIT}
    if 7 * 42 - limit > 200:
        bar = "date"
    else:
        bar = param
        password = "Sup3rS3cretPassw0rd!"
    os.system(bar)
    return "ok"
'''


@pytest.mark.parametrize("engine", ["native", "classic"])
def test_taint_rules_skip_a_dead_branch_but_other_rules_still_read_it(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # both CLIs honour the anchored `paths` that send each rule to one copy
    monkeypatch.setenv("CONSTRAINT_GUARD_SEMGREP_ENGINE", engine)
    rules = semgrep.load_rules().values()
    targets = {
        "app/dead.py": FLASK.replace("{LIMIT}", "86"),  # the else never runs
        "app/live.py": FLASK.replace("{LIMIT}", 'int(request.args["n"])'),  # it may
    }
    result = semgrep.scan(targets, rules)
    found = {(f.path, f.line, f.rule_id) for f in result.findings}
    assert ("app/live.py", 16, "py-command-injection") in found
    assert ("app/dead.py", 16, "py-command-injection") not in found
    # a secret in never-run code is still committed: the as-written file is still read
    assert ("app/dead.py", 15, "py-hardcoded-secret") in found
    assert ("app/live.py", 15, "py-hardcoded-secret") in found
    assert result.scanned == 2  # two files, however many copies the engine read
    # one finding per rule and line, never one per copy
    assert len(result.findings) == len({(f.path, f.line, f.rule_id) for f in result.findings})


@pytest.mark.parametrize(
    ("line", "copied"),
    [
        ("bar = s[4:-17]", "bar = s"),
        ("run(s [1:], t[::2])", "run(s, t)"),
        ("run(s[1:][2:])", "run(s)"),
        ("run(s[i[1:]:])", "run(s)"),
        ("bar = s[4]", None),  # an index, not a slice: semgrep keeps its taint already
        ("s[1:3] = [0, 0]", None),  # a slice written to is not a value read
        ("bar = s[\n    1:2]", None),  # over two lines: left as written
    ],
)
def test_slices_read_as_the_value_they_cut(line: str, copied: str | None) -> None:
    copy = taint_copy(f"def f(s, t, i):\n    {line}\n")
    assert copy == (None if copied is None else f"def f(s, t, i):\n    {copied}\n")


SLICED = '''import os
from flask import request


@app.route("/tail")
def tail():
    raw = "help" + request.args.get("name", "") + "snapes"
    os.system("echo " + raw[4:-6])
    return "ok"
'''


def test_request_data_through_a_slice_reaches_the_sink() -> None:
    result = semgrep.scan({"app/tail.py": SLICED}, semgrep.load_rules().values())
    hits = [f for f in result.findings if f.rule_id == "py-command-injection"]
    assert [(f.line, f.snippet.strip()) for f in hits] == [(8, 'os.system("echo " + raw[4:-6])')]


def test_a_local_dict_used_only_by_constant_keys_becomes_one_name_per_key() -> None:
    src = textwrap.dedent("""
        def f(param):
            m = {}
            m["a"] = "safe"
            m["b"] = param
            m["c"] += "x"
            return m["b"], m["a"]
    """)
    copy = taint_copy(src)
    assert copy is not None
    assert copy.splitlines()[3:7] == [
        '    m__cg1_1 = "safe"', "    m__cg1_2 = param", '    m__cg1_3 += "x"', "    return m__cg1_2, m__cg1_1",
    ]


def _copied_body(body: str) -> list[str] | None:
    copy = taint_copy("def f(param, key, other):\n" + textwrap.indent(body, "    "))
    return None if copy is None else [ln.strip() for ln in copy.splitlines()[1:]]


def test_a_dict_also_read_whole_gets_each_store_by_update_and_its_reads_by_name() -> None:
    assert _copied_body('m = {}\nm["a"] = param\nm["b"] = "x"\nrun("%(a)s" % m)\nrun(m["b"])\n') == [
        "m = {}",
        "m__cg1_1 = param; m.update({'a': m__cg1_1})",
        "m__cg1_2 = \"x\"; m.update({'b': m__cg1_2})",
        'run("%(a)s" % m)',
        "run(m__cg1_2)",
    ]


def test_a_dict_that_may_change_underneath_keeps_its_reads() -> None:
    # save(m) may write into it, so m["b"] is read from the dict, which carries every store's taint
    assert _copied_body('m = {}\nm["a"] = param\nsave(m)\nrun(m["b"])\n') == [
        "m = {}", "m__cg1_1 = param; m.update({'a': m__cg1_1})", "save(m)", 'run(m["b"])',
    ]


@pytest.mark.parametrize(
    "body",
    [
        "m = {}\nm[key] = param\nrun(m['a'])\n",  # a key only known at run time, written
        "m = {'a': 1}\nm['b'] = param\nrun(m['a'])\n",  # created with entries
        "m = {}\nm['a'] = param\ndef g():\n    return m['a']\n",  # read by a nested function
        "global m\nm = {}\nm['a'] = param\n",  # shared with the module
        "m = {}\nm['a'] = param\nm__cg1_1 = 2\n",  # the fresh name is taken
        "m = {}\nm = other\nm['a'] = param\n",  # rebound
    ],
)
def test_a_dict_used_any_other_way_stays_as_written(body: str) -> None:
    assert _copied_body(body) is None


KEYED = '''import os
from flask import request


@app.route("/keys")
def keys():
    m = {}
    m["keyA"] = "a-value"
    m["keyB"] = request.args.get("name", "")
    m["keyC"] = "another-value"
    os.system("echo " + m["keyB"])
    os.system("echo " + m["keyA"])
    return "ok"
'''


def test_each_key_of_a_local_dict_carries_its_own_taint() -> None:
    result = semgrep.scan({"app/keys.py": KEYED}, semgrep.load_rules().values())
    assert [f.line for f in result.findings if f.rule_id == "py-command-injection"] == [11]


WHOLE = '''import os
from flask import request


@app.route("/greet")
def greet():
    ctx = {}
    ctx["name"] = request.args.get("name", "")
    ctx["greeting"] = "hello"
    os.system("echo %(greeting)s %(name)s" % ctx)
    os.system("echo " + ctx["greeting"])
    merged = {}
    merged.update(request.args)
    os.system("echo " + merged["cmd"])
    return "ok"
'''


def test_a_dict_filled_from_the_request_taints_its_whole_uses_not_its_clean_keys() -> None:
    # semgrep alone misses line 10: the store of "greeting" clears the whole dict's taint
    result = semgrep.scan({"app/greet.py": WHOLE}, semgrep.load_rules().values())
    assert [f.line for f in result.findings if f.rule_id == "py-command-injection"] == [10, 14]
