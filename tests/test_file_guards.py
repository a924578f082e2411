"""Rules that judge only some files: the Rust member-list rule stays quiet where another crate's
trait may add the method, and still reports where only std's traits are in scope; taint rules
judge application code, not test apps."""

from __future__ import annotations

import pytest

from checks import semgrep
from checks.file_guards import rust_std_scope

BODY = """
fn collect(input: &[i32]) -> Vec<i32> {
    let mut v: Vec<i32> = Vec::new();
    for x in input {
        v.push_back(*x);
    }
    v
}
"""


@pytest.mark.parametrize(
    ("header", "judged"),
    [
        ("", True),
        ("use std::collections::HashMap;\nuse core::fmt;\nuse alloc::vec::Vec;\n", True),
        ("use ::std::io::{self, Write};\n", True),
        ("// use itertools::Itertools;\n/* use rayon::prelude::*; */\n", True),
        ("use itertools::Itertools;\n", False),
        ("use rayon::prelude::*;\n", False),
        ("pub(crate) use serde::{\n    Deserialize,\n    Serialize,\n};\n", False),
        ("use crate::ext::VecExt;\n", False),  # a crate's own extension trait
        ("mod tests {\n    use super::*;\n}\n", False),
        ("use self::helpers::Shout;\n", False),
        ("extern crate rand;\n", False),
        ("trait Shout { fn shout(&self) -> String; }\n", False),  # may be implemented for Vec below
        ("pub unsafe trait Raw {}\n", False),
        ('include!(concat!(env!("OUT_DIR"), "/ext.rs"));\n', False),
    ],
)
def test_rust_files_are_judged_only_with_std_traits_alone_in_scope(header: str, judged: bool) -> None:
    assert rust_std_scope(header + BODY) is judged


def test_the_rule_reports_in_std_only_files_and_not_where_a_crate_trait_is_imported() -> None:
    rules = [r for r in semgrep.load_rules().values() if r.id == "rs-nonexistent-member"]
    assert rules, "rs-nonexistent-member is shipped"
    targets = {
        "src/std_only.rs": "use std::collections::HashMap;\n" + BODY,
        "src/with_trait.rs": "use dequeish::PushBack;\n" + BODY,  # a trait that may give Vec push_back
    }
    result = semgrep.scan(targets, rules)
    assert [(f.path, f.line, f.rule_id) for f in result.findings] == [
        ("src/std_only.rs", 6, "rs-nonexistent-member")
    ]
    assert "push_back" in result.findings[0].snippet


REFLECT = '''from flask import Flask, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    return "<p>" + request.args["q"] + "</p>"
'''


@pytest.mark.parametrize(("path", "reported"), [
    ("app/views.py", True),
    ("tests/test_views.py", False),  # flask's own tests/test_basic.py echoed a form value this way
    ("pkg/tests/helpers.py", False),
    ("conftest.py", False),
    ("app/contest.py", True),
])
def test_taint_rules_judge_application_code_not_test_apps(path: str, reported: bool) -> None:
    rules = semgrep.rules_for(semgrep.load_rules().values(), {"python"})
    found = {f.rule_id for f in semgrep.scan({path: REFLECT}, rules).findings}
    assert ("py-xss" in found) is reported
