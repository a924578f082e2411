"""Shipped policy packs are complete; bad packs and configs fail naming file, key, expectation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.config import ConfigError, glob_problem, parse_config
from checks.model import GateId
from checks.policy import PolicyError, load_packs, parse_exclude_sets, parse_pack

DOMAINS = (GateId.AUTH, GateId.PAYMENTS, GateId.DATES)


def test_every_gate_has_a_valid_pack() -> None:
    packs = load_packs()
    assert set(packs) == set(GateId)


@pytest.mark.parametrize("gate", DOMAINS)
def test_domain_checklists_have_ten_items_each_with_a_pattern(gate: GateId) -> None:
    pack = load_packs()[gate]
    assert len(pack.checklist) >= 10
    for item in pack.checklist:
        assert item.when.lines or item.when.paths or item.when.rules, item.id


def test_pack_rule_triggers_name_rules_that_exist() -> None:
    from checks.registries import RULE_IDS
    from checks.semgrep import load_rules

    known = set(load_rules()) | {"cg-secret-token", "cg-suppressed-in-change", "cg-suppression-invalid", *RULE_IDS}
    for pack in load_packs().values():
        for rule in list(pack.triggers.rules) + [r for c in pack.checklist for r in c.when.rules]:
            assert rule in known, f"{pack.id}: unknown rule {rule}"


def test_line_trigger_reasons_read_as_sentences_when_a_line_is_removed() -> None:
    # a removed line shows "removes a line that <why>": a noun phrase there
    # ("removes a line that JavaScript date/time handling") reads as garbage
    for pack in load_packs().values():
        for trigger in pack.triggers.lines:
            verb = trigger.why.split()[0]
            assert verb.islower() and verb.endswith("s"), f"{pack.id}: {trigger.why!r}"


def test_policy_gate_needs_admin_by_default() -> None:
    assert load_packs()[GateId.POLICY].signoff.min_permission == "admin"


def _pack_yaml(**over: str) -> str:
    base = {
        "id": "auth",
        "title": "Auth",
        "summary": "s",
        "triggers": "{paths: ['**/auth/**']}",
        "checklist": "[{id: a-1, text: 'check the hashing cost', when: {lines: 'bcrypt'}}]",
    }
    base.update(over)
    return "\n".join(f"{k}: {v}" for k, v in base.items())


@pytest.mark.parametrize(
    ("yaml_text", "key", "expected"),
    [
        (_pack_yaml(triggers="{lines: [{pattern: '(unclosed', why: x}]}"), "triggers.lines.0.pattern",
         "regular expression"),
        (_pack_yaml(signoff="{min_permission: root}"), "signoff.min_permission",
         "'read', 'triage', 'write', 'maintain' or 'admin'"),
        (_pack_yaml(signoff="{count: 0}"), "signoff.count", "greater than or equal to 1"),
        (_pack_yaml(colour="blue"), "colour", "unknown key"),
        (_pack_yaml(id="billing"), "id", "'auth', 'payments', 'dates', 'security' or 'policy'"),
        ("id: auth\ntitle: [unclosed", "line", "valid YAML"),
        (_pack_yaml(triggers="{exclude: ['**/*.svg', '**/*.css', '**/*.svg']}"), "triggers.exclude",
         "unique globs (repeated: **/*.svg)"),
        (_pack_yaml(triggers="{paths: ['**/auth/**', '**/auth/**']}"), "triggers.paths", "unique globs"),
    ],
)
def test_bad_pack_error_names_file_key_and_expectation(yaml_text: str, key: str, expected: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_pack("policies/auth.yml", yaml_text)
    message = str(info.value)
    assert message.startswith("policies/auth.yml: ")
    assert key in message and expected in message


def test_exclude_sets_put_the_shared_globs_before_the_packs_own() -> None:
    shared = {"not-product": ("**/tests/**", "**/*.md")}
    pack = parse_pack("policies/auth.yml", _pack_yaml(
        triggers="{paths: ['**/auth/**'], exclude_sets: [not-product], exclude: ['**/*.html']}"), shared)
    assert pack.triggers.exclude == ("**/tests/**", "**/*.md", "**/*.html")


@pytest.mark.parametrize(("triggers", "shared", "key", "expected"), [
    ("{exclude_sets: [not-code]}", {"not-product": ("**/tests/**",)}, "triggers.exclude_sets",
     "names of lists in excludes.yml (not-product), got not-code"),
    ("{exclude_sets: [not-product]}", None, "triggers.exclude_sets",
     "names of lists in excludes.yml (none: no excludes.yml beside the pack), got not-product"),
    ("{exclude_sets: [not-product], exclude: ['**/tests/**']}", {"not-product": ("**/tests/**",)},
     "triggers.exclude", "unique globs (repeated: **/tests/**)"),
])
def test_a_bad_exclude_set_names_the_key(triggers: str, shared: dict[str, tuple[str, ...]] | None, key: str,
                                         expected: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_pack("policies/auth.yml", _pack_yaml(triggers=triggers), shared)
    assert f"policies/auth.yml: {key}: {expected}" in str(info.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("[a, b]", "a mapping of list names to lists of globs"),
    ("not-product: '**/tests/**'", "not-product: a non-empty list of globs"),
    ("Not Product: ['**/tests/**']", "Not Product: a list name of lowercase letters"),
    ("not-product: ['**/a', '**/a']", "not-product: unique globs (repeated: **/a)"),
])
def test_a_bad_excludes_file_names_the_list(text: str, expected: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(f"policies/excludes.yml: {expected}")):
        parse_exclude_sets("policies/excludes.yml", text)


def test_the_domain_packs_share_one_exclude_list_and_tests_never_open_them() -> None:
    packs = load_packs()
    for gate in DOMAINS:
        assert "**/tests/**" in packs[gate].triggers.exclude and "**/*.min.js" in packs[gate].triggers.exclude
    assert packs[GateId.SECURITY].triggers.exclude == ()  # a finding in a test file still counts


def test_pack_in_the_wrong_file_is_refused() -> None:
    with pytest.raises(PolicyError, match=r"dates.yml: id: the file's gate 'dates'"):
        parse_pack("policies/dates.yml", _pack_yaml())


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("version: 2", "version", "expected 1, got 2"),
        ("gates: {auth: {enabled: maybe}}", "gates.auth.enabled", "expected true or false, got 'maybe'"),
        ("gates: {billing: {}}", "gates.billing", "expected one of 'auth', 'payments'"),
        ("gates: {auth: {signoff: {count: -1}}}", "gates.auth.signoff.count", "expected a number at least 1, got -1"),
        ("rules: {severity: {py-eval-input: fatal}}", "rules.severity.py-eval-input",
         "expected one of 'error', 'warning' or 'info', got 'fatal'"),
        ("limits: {max_file_bytes: 10}", "limits.max_file_bytes", "expected a number at least 1,000, got 10"),
        ("reviews: {drafts: true}", "reviews", "unknown key (did you mean 'review'?)"),
        ("- just\n- a list", "", "expected a mapping at the top level (version, gates, "),
    ],
)
def test_bad_config_error_names_file_key_and_expectation(text: str, key: str, expected: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_config(".github/constraint-guard.yml", text)
    message = str(info.value)
    assert message.startswith(".github/constraint-guard.yml:1: ")
    assert key in message and expected in message


def _problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(".github/constraint-guard.yml", text)
    assert str(info.value).splitlines() == [str(p) for p in info.value.problems]
    return str(info.value).splitlines()


def test_a_string_where_a_list_belongs_says_a_list_on_its_line() -> None:
    text = "version: 1\ngates:\n  auth:\n    paths: \"src/**\"\n"
    assert _problems(text) == [
        ".github/constraint-guard.yml:4: gates.auth.paths: expected a list of globs, got a string"
        " (for one, write ['src/**'])"
    ]


def test_every_config_problem_is_listed_with_its_line_and_key() -> None:
    text = (
        "version: 1\n"
        "gates:\n"
        "  auth:\n"
        "    enabled: maybe\n"
        "  payments:\n"
        "    colour: blue\n"
        "limits:\n"
        "  max_file_bytes: 10\n"
    )
    problems = _problems(text)
    assert [p.split(": ")[0:2] for p in problems] == [
        [".github/constraint-guard.yml:4", "gates.auth.enabled"],
        [".github/constraint-guard.yml:6", "gates.payments.colour"],
        [".github/constraint-guard.yml:8", "limits.max_file_bytes"],
    ]


def test_unclosed_glob_is_rejected_naming_the_key() -> None:
    problems = _problems("paths:\n  ignore: ['vendor/**', 'src/[unclosed']\n")
    assert len(problems) == 1
    assert problems[0].startswith(".github/constraint-guard.yml:2: paths.ignore[1]: expected a path glob, "
                                  "got 'src/[unclosed': the '[' at column 5 is never closed")


@pytest.mark.parametrize("glob", ["**/*.py", "src/[abc]/x", "[!.]*", "[]]x", "{a,b}/**", "a\\[b"])
def test_well_formed_globs_are_accepted(glob: str) -> None:
    assert glob_problem(glob) is None


@pytest.mark.parametrize("glob", ["a{b,c", "", "/src/**", "x[!"])
def test_globs_that_would_silently_match_nothing_are_refused(glob: str) -> None:
    assert glob_problem(glob)


def test_yaml_syntax_error_says_line_column_and_the_problem_in_words() -> None:
    problems = _problems("version: 1\ngates:\n  auth: {paths: [a, b}\n")
    assert problems == [
        ".github/constraint-guard.yml: not valid YAML at line 3, column 22: did not find expected ',' or ']', "
        "in the [ ] list that starts at line 3"
    ]


def test_a_tab_in_the_indentation_is_named() -> None:
    (problem,) = _problems("gates:\n\tauth: {}\n")
    assert "not valid YAML at line 2, column 1: a tab character (YAML indents with spaces only)" in problem


def test_null_key_is_reported_as_written_on_its_line() -> None:
    assert _problems("version: 1\nnull: 1\n") == [
        ".github/constraint-guard.yml:2: null: unknown key; expected one of version, gates, rules, paths, "
        "review, limits, registries, agents"
    ]
    (problem,) = _problems("gates:\n  ~: {}\n")
    assert problem.startswith(".github/constraint-guard.yml:2: gates.~: expected one of 'auth'")


def test_a_key_given_twice_is_a_problem_not_a_silent_override() -> None:
    (problem,) = _problems("gates:\n  auth: {enabled: true}\n  auth: {enabled: false}\n")
    assert problem.startswith(".github/constraint-guard.yml:3: gates.auth: repeated key")


def test_a_missing_section_body_says_a_mapping_with_its_keys() -> None:
    (problem,) = _problems("gates:\n  auth:\n")
    assert problem == (".github/constraint-guard.yml:2: gates.auth: expected a mapping "
                       "(enabled, paths, exclude, signoff), got nothing (null)")


def test_empty_config_means_defaults() -> None:
    cfg = parse_config("c.yml", "")
    assert cfg.gate(GateId.AUTH).enabled and cfg.limits.max_file_bytes == 1_000_000


def test_config_signoff_override_replaces_the_pack_default() -> None:
    packs = load_packs()
    cfg = parse_config("c.yml", "gates: {auth: {signoff: {teams: [security], count: 2, min_permission: maintain}}}")
    rule = cfg.signoff_for(packs[GateId.AUTH])
    assert (rule.teams, rule.count, rule.min_permission) == (("security",), 2, "maintain")
    assert cfg.signoff_for(packs[GateId.PAYMENTS]) == cfg.signoff_for(packs[GateId.PAYMENTS])


def test_shipped_packs_ship_inside_the_package() -> None:
    import policies

    folder = Path(policies.__file__).parent
    assert {p.stem for p in folder.glob("*.yml")} >= {g.value for g in GateId}
    assert re.search(r"semgrep", " ".join(p.name for p in folder.iterdir()))


def _shipped_packs_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped packs in a folder of their own, with a cache dir of their own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "policies"
    shipped = Path(__file__).resolve().parent.parent / "policies"
    folder.mkdir()
    for f in shipped.glob("*.yml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_a_broken_pattern_fails_the_load_even_after_good_loads_left_their_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # loads skip parsing and compiling packs that validated before; an edited pack must not inherit that
    folder = _shipped_packs_copy(tmp_path, monkeypatch)
    first_load = load_packs(folder)
    assert len(list((tmp_path / "cache" / "constraint-guard").glob("packs-*.json"))) == 1
    # the cache's fast path gives every pack, the same, without parsing YAML
    with monkeypatch.context() as m:
        m.setattr("checks.policy.load_yaml", lambda *a: pytest.fail("the YAML was parsed again"))
        assert load_packs(folder) == first_load
    auth = folder / "auth.yml"
    text = auth.read_text(encoding="utf-8")
    first = re.search(r"pattern: (.+)", text)
    assert first is not None
    auth.write_text(text.replace(first.group(0), "pattern: '(unclosed'", 1), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"auth\.yml.*valid regular expression"):
        load_packs(folder)


def test_an_edited_excludes_file_is_read_again_not_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _shipped_packs_copy(tmp_path, monkeypatch)
    load_packs(folder)
    (folder / "excludes.yml").write_text("docs: [not, a, valid: list]\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"excludes\.yml"):
        load_packs(folder)
