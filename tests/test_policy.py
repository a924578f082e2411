"""Shipped policy packs are complete; bad packs and configs fail naming file, key, expectation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.config import parse_config
from checks.model import GateId
from checks.policy import PolicyError, load_packs, parse_pack

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
    from checks.semgrep import load_rules

    known = set(load_rules()) | {"cg-secret-token", "cg-suppressed-in-change", "cg-suppression-invalid"}
    for pack in load_packs().values():
        for rule in list(pack.triggers.rules) + [r for c in pack.checklist for r in c.when.rules]:
            assert rule in known, f"{pack.id}: unknown rule {rule}"


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
    ],
)
def test_bad_pack_error_names_file_key_and_expectation(yaml_text: str, key: str, expected: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_pack("policies/auth.yml", yaml_text)
    message = str(info.value)
    assert message.startswith("policies/auth.yml: ")
    assert key in message and expected in message


def test_pack_in_the_wrong_file_is_refused() -> None:
    with pytest.raises(PolicyError, match=r"dates.yml: id: the file's gate 'dates'"):
        parse_pack("policies/dates.yml", _pack_yaml())


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("version: 2", "version", "1"),
        ("gates: {auth: {enabled: maybe}}", "gates.auth.enabled", "valid boolean"),
        ("gates: {billing: {}}", "gates.billing", "'auth', 'payments'"),
        ("gates: {auth: {signoff: {count: -1}}}", "gates.auth.signoff.count", "greater than or equal to 1"),
        ("rules: {severity: {py-eval-input: fatal}}", "rules.severity.py-eval-input", "'error', 'warning' or 'info'"),
        ("limits: {max_file_bytes: 10}", "limits.max_file_bytes", "greater than or equal to 1000"),
        ("reviews: {drafts: true}", "reviews", "unknown key"),
        ("- just\n- a list", "", "a mapping at the top level"),
    ],
)
def test_bad_config_error_names_file_key_and_expectation(text: str, key: str, expected: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_config(".github/constraint-guard.yml", text)
    message = str(info.value)
    assert message.startswith(".github/constraint-guard.yml: ")
    assert key in message and expected in message


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
