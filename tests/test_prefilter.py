"""Rules, and alternatives inside rules, left out of a scan when no changed file holds what
they need (checks/prefilter.py): never one that would have changed what the scan reports."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from checks import prefilter, semgrep
from checks.paths import language_of, policies_dir
from checks.prefilter import (
    ANY,
    Texts,
    formula_need,
    narrow,
    needs_nothing,
    part_needs,
    pattern_need,
    regex_need,
    rule_need,
    satisfied,
)
from checks.semgrep import load_rules, rules_for

RULES_DIR = policies_dir() / "semgrep"


def _rule_tests() -> dict[str, str]:
    return {p.relative_to(RULES_DIR).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(RULES_DIR.rglob("*")) if p.is_file() and language_of(p.name) is not None}


@pytest.mark.slow
def test_every_taint_finding_on_the_rule_tests_is_in_a_file_its_rule_is_kept_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the engine's own verdict, with nothing left out, on every rule's positives and safe twins
    monkeypatch.setenv("CONSTRAINT_GUARD_PREFILTER", "off")
    targets = _rule_tests()
    rules = load_rules()
    found = semgrep.scan(targets, list(rules.values())).findings
    taint = [f for f in found if rules[f.rule_id].source.get("mode") == "taint"]
    assert len(taint) > 300, "too few taint findings to judge the prefilter by"
    copies = semgrep.taint_copies(targets)
    missed = [(f.rule_id, f.path, f.line) for f in taint
              if not any(satisfied(rules[f.rule_id].need, t) for t in (targets[f.path], copies.get(f.path, "")))]
    assert missed == []
    # and it is not vacuous: for most taint rules, some test file of their language holds no source
    left_out = {r.id for r in rules.values() if not needs_nothing(r.need)
                and any(not satisfied(r.need, text) for path, text in targets.items()
                        if language_of(path) in r.languages)}
    assert len(left_out) >= 40  # all 60 taint rules, when written


@pytest.mark.slow
def test_each_rule_test_file_as_a_change_of_its_own_gets_exactly_the_findings_of_the_whole_rules(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The narrowest a review's narrowing gets is a one-file change. For every rule test file, the
    # rules narrowed to that file alone run on it (one engine process: each file's narrowed rules
    # under their own ids, limited to that file) and must report exactly what the whole rules do:
    # nothing lost with a source, sink or branch left out, nothing gained with a sanitizer.
    targets = _rule_tests()
    rules = load_rules()
    variants: list[semgrep.Rule] = []
    narrowed = 0
    for n, (path, text) in enumerate(targets.items()):
        mine = rules_for(rules.values(), {language_of(path) or ""})
        for rule in semgrep.firing_rules(mine, {path: text}, semgrep.taint_copies({path: text})):
            narrowed += rule.source != rules[rule.id].source
            vid = f"{rule.id}--variant-{n}"
            paths = {"include": [f"**/{path}"]}  # also its copies under the workspace's own folders
            variants.append(replace(rule, id=vid, source={**rule.source, "id": vid, "paths": paths}))
    assert narrowed > 200, "too few narrowed rules to judge the narrowing by"
    monkeypatch.setenv("CONSTRAINT_GUARD_PREFILTER", "off")  # the whole rules, and the variants as built
    whole = {(f.rule_id, f.path, f.line, f.message) for f in semgrep.scan(targets, list(rules.values())).findings}
    parts = {(f.rule_id.split("--variant-")[0], f.path, f.line, f.message)
             for f in semgrep.scan(targets, variants).findings}
    assert len(whole) > 800
    assert parts == whole


def test_the_shipped_rules_needs_are_what_their_sources_say() -> None:
    # read through the rules cache (JSON): the same needs as computed from the YAML now
    rules = load_rules()
    assert all(json.dumps(r.need) == json.dumps(rule_need(r.source)) for r in rules.values())
    assert all(json.dumps(r.parts) == json.dumps(part_needs(r.source)) for r in rules.values())
    assert sum(not needs_nothing(r.need) for r in rules.values()) >= 100
    assert sum(len(needs) for r in rules.values() for needs in r.parts.values()) >= 1000


def test_a_rule_keeps_the_alternatives_a_text_holds_and_loses_the_rest() -> None:
    search = {"id": "r", "languages": ["python"], "pattern-either": [
        {"pattern": "hashlib.md5(...)"}, {"pattern": "hashlib.sha1(...)"}, {"pattern-regex": "md[45]"}]}
    kept = narrow(search, part_needs(search), Texts(["h = hashlib.sha1(b)"]))
    assert kept is not None and kept["pattern-either"] == search["pattern-either"][1:]  # a regex is kept: unsure
    assert kept["id"] == "r" and search["pattern-either"][0] == {"pattern": "hashlib.md5(...)"}  # a copy


def test_a_rule_without_a_source_or_sink_a_text_holds_is_dropped_and_an_idle_sanitizer_goes() -> None:
    taint = {"id": "t", "mode": "taint", "languages": ["python"],
             "pattern-sources": [{"pattern": "request.args"}, {"pattern": "request.form"}],
             "pattern-sanitizers": [{"pattern": "shlex.quote(...)"}],
             "pattern-sinks": [{"pattern": "os.system(...)"}]}
    parts = part_needs(taint)
    kept = narrow(taint, parts, Texts(["os.system(request.args['c'])"]))
    assert kept is not None and kept["pattern-sources"] == [{"pattern": "request.args"}]
    assert "pattern-sanitizers" not in kept and kept["pattern-sinks"] == taint["pattern-sinks"]
    assert narrow(taint, parts, Texts(["os.system(cmd)", "x = request.form"])) is not None  # each in some file
    assert narrow(taint, parts, Texts(["subprocess.run(request.args)"])) is None  # no sink: nothing to report


def test_a_rule_in_a_language_of_any_text_is_never_narrowed() -> None:
    generic = {"id": "g", "languages": ["generic"], "pattern-either": [{"pattern": "password = ..."}]}
    assert rule_need(generic) == ANY and part_needs(generic) == {}


def test_a_module_without_request_data_leaves_out_the_request_taint_rules() -> None:
    client = ("export async function load(id) {\n  const res = await fetch(`/api/items/${id}`);\n"
              "  const body = await res.json();\n  return body.items;\n}\n")
    rules = rules_for(load_rules().values(), {"javascript"})
    chosen = {r.id for r in semgrep.firing_rules(rules, {"web/load.js": client})}
    assert "js-ssrf" not in chosen and "js-xss" not in chosen
    assert "js-fetch-status-unchecked" in chosen  # rules that are not taint rules always stay


def test_a_handler_beside_it_keeps_the_rule_and_its_finding() -> None:
    client = "export async function load(id) {\n  return (await fetch(`/api/items/${id}`)).ok;\n}\n"
    handler = ("const express = require('express');\nconst app = express();\n"
               "app.get('/proxy', async (req, res) => {\n  const r = await fetch(req.query.url);\n"
               "  res.send(await r.text());\n});\n")
    rules = rules_for(load_rules().values(), {"javascript"})
    result = semgrep.scan({"web/load.js": client, "web/proxy.js": handler}, rules)
    assert ("js-ssrf", "web/proxy.js", 4) in {(f.rule_id, f.path, f.line) for f in result.findings}


def test_a_change_no_rule_can_report_on_starts_no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRAINT_GUARD_SEMGREP", "/nonexistent/semgrep")  # any start would fail
    rules = [r for r in rules_for(load_rules().values(), {"java"}) if not needs_nothing(r.need)]
    result = semgrep.scan({"src/Calc.java": "class Calc { int twice(int x) { return 2 * x; } }\n"}, rules)
    assert result.findings == () and result.skips == () and result.scanned == 1


@pytest.mark.parametrize(("regex", "text", "expected"), [
    ("^(req|request|_req)$", "def f(request): pass", True),
    ("^(req|request|_req)$", "def f(query): pass", False),
    (r"^(self\.)?(request|req)$", "self.req.args", True),
    (r"^(self\.)?(request|req)$", "self.args", False),
    ("^get_(json|data)$", "x.get_data()", True),
    ("^get_(json|data)$", "x.get_text()", False),
    ("^(ctx|context)+$", "ctx.query", True),
])
def test_a_regex_needs_its_literal_words(regex: str, text: str, expected: bool) -> None:
    assert satisfied(regex_need(regex), text) is expected


@pytest.mark.parametrize("regex", [
    "(?i)^request$",  # case-insensitive: the word may be spelt any way
    r"^\w+$", "^(request)?$", "^(req|.*)$", "^(a|b", "^(?:x){0,3}$",
])
def test_a_regex_it_cannot_be_sure_of_needs_nothing(regex: str) -> None:
    assert regex_need(regex) == ANY


def test_a_pattern_needs_its_names_not_its_strings_metavariables_or_syntax() -> None:
    need = pattern_need('$DB.execute("SELECT * FROM t WHERE id = " + $X)')
    assert satisfied(need, "db.execute(q)") and not satisfied(need, "db.run(q)")
    assert not satisfied(need, "SELECT FROM WHERE")
    assert pattern_need("function $H($REQ, ...) {...}") == ANY
    assert pattern_need("$X") == ANY


def test_negations_and_regexes_add_nothing_and_one_open_alternative_opens_all() -> None:
    assert formula_need({"patterns": [{"pattern-not": "safe($X)"}, {"pattern": "run($X)"}]}) == pattern_need("run($X)")
    assert formula_need({"pattern-regex": "secret"}) == ANY
    assert formula_need({"pattern-either": [{"pattern": "request.args"}, {"pattern": "$F($X)"}]}) == ANY
    assert rule_need({"mode": "search", "pattern": "eval(...)"}) == pattern_need("eval(...)")
    assert rule_need({"mode": "taint", "pattern-sources": [{"pattern": "request.args"}],
                      "pattern-sinks": [{"pattern": "eval(...)"}]}) != ANY


def test_a_change_to_how_needs_are_read_is_not_answered_from_an_old_cache(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a stale need would leave a rule out that can fire: the cache must be keyed by the reader too
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = tuple(semgrep.rule_files())
    stamps = tuple((p.stat().st_mtime, p.stat().st_size) for p in files)
    semgrep._parsed(files, stamps)
    (cached,) = (tmp_path / "constraint-guard").glob("rules-*.json")
    poisoned = json.loads(cached.read_text())
    for _, _, needs in poisoned:
        for rid in needs:
            needs[rid] = ["word", "never-in-any-file"]
    cached.write_text(json.dumps(poisoned))
    assert all(needs[rid] == ["word", "never-in-any-file"] for _, _, needs in semgrep._parsed(files, stamps)
               for rid in needs)  # the cache is what a load reads while the reader is the same
    reader = Path(prefilter.__file__)
    monkeypatch.setattr(Path, "read_bytes", lambda self: b"another reader" if self == reader else b"")
    fresh = semgrep._parsed(files, stamps)
    assert not any(needs[rid] == ["word", "never-in-any-file"] for _, _, needs in fresh for rid in needs)
