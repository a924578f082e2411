"""Checklist items show only when the change plausibly concerns them (one table row per tightened item)."""

from __future__ import annotations

import json

import pytest

from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.model import Gate, GateId
from checks.policy import load_packs
from checks.render import json_report, markdown, text
from checks.render.common import checklist_for
from checks.review import analyze
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot

PACKS = load_packs()


def _gate(gate: str, path: str, line: str) -> Gate:
    diff = f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1,1 +1,2 @@\n+{line}\n pass\n"
    report = analyze(Snapshot(parse_diff(diff)), PACKS, RepoConfig(), ScanResult())
    return next(g for g in report.gates if g.id.value == gate)


def _relevant(gate: Gate) -> set[str]:
    return {c.id for c in gate.checklist if c.relevant}


def test_a_decimal_sum_brings_decimal_items_not_provider_keys() -> None:
    gate = _gate("payments", "shop/cart.py", 'total = sum((Decimal(i.price) for i in items), Decimal("0"))')
    shown = {c.id for c in checklist_for(gate)}
    assert "payments-keys-and-modes" not in shown
    assert {"payments-decimal-not-float", "payments-rounding"} <= shown


@pytest.mark.parametrize(
    ("gate", "item", "path", "brings", "does_not"),
    [
        ("payments", "payments-keys-and-modes", "payments/client.py",
         'stripe.api_key = os.environ["STRIPE_SECRET_KEY"]', 'headers["X-Api-Key"] = settings.search_api_key'),
        ("payments", "payments-keys-and-modes", "payments/client.py",
         "endpoint_secret = settings.STRIPE_WEBHOOK_SECRET", "if settings.SANDBOX_UI: show_banner()"),
        ("payments", "payments-decimal-not-float", "payments/cart.py",
         "price = Decimal(row.price)", "price = row.price"),
        ("payments", "payments-rounding", "payments/cart.py",
         "subtotal = sum(line.amount for line in lines)", "count = sum(1 for line in lines)"),
        ("payments", "payments-audit-trail", "payments/Invoice.java",
         "ledger.record(adjustment);", "@Override"),
        ("payments", "payments-audit-trail", "payments/transfer.py",
         "stripe.Transfer.create(amount=cents, destination=acct)", "upload = file_transfer(path)"),
        ("payments", "payments-partial-failure", "payments/client.py",
         "charge = stripe.Charge.create(amount=cents, timeout=10)", "resp = requests.get(url, timeout=10)"),
        ("auth", "auth-constant-time-compare", "auth/views.py",
         "if otp_code == submitted:", "if resp.status_code == 200:"),
        ("auth", "auth-token-lifetime", "auth/keys.py",
         "rotate_refresh_token(user)", "image = rotate(image, 90)"),
        ("auth", "auth-jwt-validation", "auth/tokens.py",
         'claims = jwt.decode(token, key, algorithms=["RS256"], audience="api")', 'body = raw.decode("utf-8")'),
        ("dates", "dates-epoch-units", "app/schedule.py",
         "expires_at = time.time() + ttl", "deadline = Integer.valueOf(s).valueOf()"),
        ("dates", "dates-elapsed-monotonic", "app/timing.py",
         "took = time.time() - started", "grace_period = end - start"),
    ],
)
def test_tightened_items_come_with_the_change_they_concern(
    gate: str, item: str, path: str, brings: str, does_not: str
) -> None:
    assert item in _relevant(_gate(gate, path, brings))
    assert item not in _relevant(_gate(gate, path, does_not))



def _summary(gate: str, path: str, line: str) -> str:
    diff = f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1,1 +1,2 @@\n+{line}\n pass\n"
    report = analyze(Snapshot(parse_diff(diff)), PACKS, RepoConfig(), ScanResult())
    return markdown.render(report)


def test_a_gate_no_item_fits_folds_its_whole_checklist_and_says_so() -> None:
    body = _summary("payments", "shop/payments/views.py", "context = build_context(request)")
    items = len(PACKS[GateId.PAYMENTS].checklist)
    assert f"<details><summary>No item matched these lines: the whole checklist ({items} items)</summary>" in body
    assert body.count("- [ ] ") == items
    assert "No item matched" not in text.render(analyze(
        Snapshot(parse_diff("diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1,1 +1,2 @@\n"
                            "+total = round(price * qty, 2)\n pass\n")), PACKS, RepoConfig(), ScanResult()))


def test_a_gate_whose_lines_point_at_items_lists_just_those_unfolded() -> None:
    body = _summary("payments", "shop/cart.py", "total = round(price * qty, 2)")
    assert "<details>" not in body
    assert "- [ ] The rounding mode is explicit" in body
    assert body.count("- [ ] ") < len(PACKS[GateId.PAYMENTS].checklist)


def _json_gate(path: str, line: str) -> dict[str, object]:
    diff = f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ -1,1 +1,2 @@\n+{line}\n pass\n"
    report = analyze(Snapshot(parse_diff(diff)), PACKS, RepoConfig(), ScanResult())
    gates: list[dict[str, object]] = json.loads(json_report.render(report))["gates"]
    return next(g for g in gates if g["id"] == "payments")


def test_json_says_whether_the_checklist_was_matched_to_the_change() -> None:
    whole = _json_gate("shop/payments/views.py", "context = build_context(request)")
    assert whole["checklist_matched"] is False
    assert len(whole["checklist"]) == len(PACKS[GateId.PAYMENTS].checklist)  # type: ignore[arg-type]
    matched = _json_gate("shop/cart.py", "total = round(price * qty, 2)")
    assert matched["checklist_matched"] is True
    assert len(matched["checklist"]) < len(PACKS[GateId.PAYMENTS].checklist)  # type: ignore[arg-type]
