"""Real changes in real git repositories, reviewed by the CLI with real semgrep.

Each test is one failure mode that happy-path tests let through (or one change that must
stay quiet), asserting the gate or finding a reviewer would see and the line it points at.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, GitRepo, findings_of, gate, review_change

Cli = Callable[..., CliResult]


def lines_of(result: CliResult, rule_id: str) -> list[int]:
    return sorted(f["line"] for f in findings_of(result, rule_id))


def test_fetch_without_status_check_read_through_a_missing_method(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"src/api.js": "export const base = '/api';\n"}, {
        "src/api.js": (
            "export const base = '/api';\n"
            "export async function loadUser(id) {\n"
            "  const res = await fetch(`${base}/users/${id}`);\n"
            "  const user = await res.data();\n"
            "  return user;\n"
            "}\n"
        ),
    })
    assert lines_of(result, "js-nonexistent-member") == [4]
    assert 4 in lines_of(result, "js-fetch-status-unchecked") or 3 in lines_of(result, "js-fetch-status-unchecked")


def test_requests_response_read_through_a_missing_method(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"app/client.py": "import requests\n"}, {
        "app/client.py": (
            "import requests\n"
            "\n"
            "def fetch_orders(url):\n"
            "    resp = requests.get(url, timeout=10)\n"
            "    resp.raise_for_status()\n"
            "    return resp.json_body()\n"
        ),
    })
    assert lines_of(result, "py-nonexistent-member") == [6]
    assert result.code == 0 and result.json["verdict"] == "pass"  # a warning, not a gate


def test_sql_fstring_in_a_codebase_that_uses_parameters(repo: GitRepo, cli: Cli) -> None:
    base = (
        "def get_user(cur, user_id):\n"
        "    cur.execute(\"SELECT * FROM users WHERE id = %s\", (user_id,))\n"
        "    return cur.fetchone()\n"
    )
    result = review_change(repo, cli, {"app/db.py": base}, {
        "app/db.py": base + (
            "\n"
            "def find_users(cur, name):\n"
            "    cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
            "    return cur.fetchall()\n"
        ),
    })
    assert lines_of(result, "py-sql-string-build") == [6]
    sql = findings_of(result, "py-sql-string-build")[0]
    assert sql["cwe"] == "CWE-89" and sql["severity"] == "error" and sql["gate"] == "security"
    assert result.json["verdict"] == "signoff_required" and result.code == 1
    security = gate(result, "security")
    assert security is not None and any(r["line"] == 6 for r in security["reasons"])


def test_pickle_on_received_data(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"svc/handler.py": "import pickle\n"}, {
        "svc/handler.py": (
            "import pickle\n"
            "\n"
            "def on_message(request):\n"
            "    payload = request.body\n"
            "    return pickle.loads(payload)\n"
        ),
    })
    assert lines_of(result, "py-unsafe-deserialization") == [5]
    assert gate(result, "security") is not None


def test_hard_coded_api_key(repo: GitRepo, cli: Cli) -> None:
    key = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    result = review_change(repo, cli, {"billing/stripe_client.py": "import stripe\n"}, {
        "billing/stripe_client.py": f"import stripe\n\nstripe.api_key = \"{key}\"\n",
    })
    rules = {f["rule_id"] for f in findings_of(result) if f["line"] == 3}
    assert rules & {"cg-secret-token", "py-hardcoded-secret"}
    assert key not in result.out  # the report never repeats the secret
    assert gate(result, "security") is not None


def test_session_cookie_without_httponly(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"web/views.py": "from flask import Flask, make_response\n"}, {
        "web/views.py": (
            "from flask import Flask, make_response\n"
            "\n"
            "def login_done(session_id):\n"
            "    resp = make_response('ok')\n"
            "    resp.set_cookie('session', session_id, secure=True)\n"
            "    return resp\n"
        ),
    })
    assert lines_of(result, "py-cookie-insecure") == [5]
    auth = gate(result, "auth")
    assert auth is not None
    assert any("HttpOnly" in item for item in auth["checklist"])


def test_go_handler_discards_http_error_and_never_closes_body(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"go.mod": "module example.com/svc\n"}, {
        "proxy/handler.go": (
            "package proxy\n"
            "\n"
            "import (\n"
            "\t\"io\"\n"
            "\t\"net/http\"\n"
            ")\n"
            "\n"
            "func Fetch(w http.ResponseWriter, r *http.Request) {\n"
            "\tresp, _ := http.Get(\"https://inventory.internal/items\")\n"
            "\tbody, _ := io.ReadAll(resp.Body)\n"
            "\tw.Write(body)\n"
            "}\n"
        ),
    })
    assert 9 in lines_of(result, "go-error-discarded")
    assert lines_of(result, "go-http-body-not-closed")
    assert all(9 <= n <= 12 for n in lines_of(result, "go-http-body-not-closed"))


def test_rust_loop_cloning_a_whole_vector(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"Cargo.toml": "[package]\nname = \"x\"\n"}, {
        "src/lib.rs": (
            "pub fn totals(orders: Vec<u64>, days: usize) -> Vec<u64> {\n"
            "    let mut out = Vec::new();\n"
            "    for _ in 0..days {\n"
            "        let copy = orders.clone();\n"
            "        out.push(copy.iter().sum());\n"
            "    }\n"
            "    out\n"
            "}\n"
        ),
    })
    assert lines_of(result, "rs-clone-in-loop") == [4]


def test_md5_password_flagged_but_bcrypt_beside_it_is_not(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"accounts/passwords.py": "import hashlib\nimport bcrypt\n"}, {
        "accounts/passwords.py": (
            "import hashlib\n"
            "import bcrypt\n"
            "\n"
            "def legacy_hash(password):\n"
            "    return hashlib.md5(password.encode()).hexdigest()\n"
            "\n"
            "def hash_password(password):\n"
            "    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))\n"
        ),
    })
    assert lines_of(result, "py-broken-crypto") == [5]  # MD5 is broken for passwords and integrity alike
    assert not [f for f in findings_of(result) if f["line"] == 8]
    auth = gate(result, "auth")
    assert auth is not None and any(r["line"] == 5 for r in auth["reasons"])
    assert any("bcrypt" in item or "argon2" in item for item in auth["checklist"])


def test_expiry_boundary_uses_greater_than(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"coupons/rules.py": "from datetime import datetime, timezone\n"}, {
        "coupons/rules.py": (
            "from datetime import datetime, timezone\n"
            "\n"
            "def is_expired(coupon, now):\n"
            "    return now > coupon.expires_at\n"
        ),
    })
    dates = gate(result, "dates")
    assert dates is not None
    assert any(r["line"] == 4 for r in dates["reasons"])
    from checks.model import GateId
    from checks.policy import load_packs

    pack = load_packs()[GateId.DATES]
    boundary = next(c.text for c in pack.checklist if c.id == "dates-expiry-boundary")
    assert boundary in dates["checklist"]
    assert len(dates["checklist"]) < len(pack.checklist)  # highlighted, not the whole list
    text = cli("check", "--repo", str(repo.root), "--base", "main", "--head", "feature")
    assert "[dates]" in text.out and boundary in text.out


def test_discount_after_tax_with_float_money(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"checkout/pricing.py": "TAX_RATE = 0.2\n"}, {
        "checkout/pricing.py": (
            "TAX_RATE = 0.2\n"
            "\n"
            "def order_total(subtotal, discount):\n"
            "    total = subtotal * (1 + TAX_RATE)\n"
            "    total = total - discount\n"
            "    return round(total * 1.0, 2)\n"
        ),
    })
    payments = gate(result, "payments")
    assert payments is not None
    assert lines_of(result, "py-float-money")
    assert all(f["gate"] == "payments" for f in findings_of(result, "py-float-money"))
    assert any("tax" in item.lower() and "discount" in item.lower() for item in payments["checklist"])
    assert any("decimal" in item.lower() for item in payments["checklist"])


# --- changes that must stay quiet -------------------------------------------------------

def test_docs_only_change_is_quiet_and_starts_no_scan(repo: GitRepo, cli: Cli, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    tripwire = tmp_path / "semgrep"  # any semgrep start would fail the review
    tripwire.write_text("#!/bin/sh\nexit 9\n")
    tripwire.chmod(0o755)
    monkeypatch.setenv("CONSTRAINT_GUARD_SEMGREP", str(tripwire))
    result = review_change(repo, cli, {"README.md": "# Shop\n", "docs/auth.md": "Login.\n"}, {
        "README.md": "# Shop\n\nPasswords are hashed with bcrypt; prices use Decimal; expiry at midnight UTC.\n",
        "docs/auth.md": "Login with password; session cookie is HttpOnly.\n",
    })
    assert result.code == 0 and result.json["verdict"] == "pass"
    assert result.json["gates"] == [] and result.json["findings"] == []
    assert result.json["stats"]["scanned_files"] == 0


def test_tests_only_change_is_quiet(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"app/auth.py": "def login(user, password):\n    return True\n"}, {
        "tests/test_auth.py": (
            "from app.auth import login\n"
            "\n"
            "def test_login_accepts_the_right_password():\n"
            "    assert login('ann', 'correct horse')\n"
        ),
    })
    assert result.code == 0 and result.json["gates"] == [] and result.json["findings"] == []


def test_refactor_in_an_unrelated_module_is_quiet(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"app/text.py": "def slug(s):\n    return s.lower().replace(' ', '-')\n"}, {
        "app/text.py": (
            "import re\n"
            "\n"
            "_SPACES = re.compile(r'\\s+')\n"
            "\n"
            "def slug(s: str) -> str:\n"
            "    return _SPACES.sub('-', s.strip().lower())\n"
        ),
    })
    assert result.code == 0 and result.json["verdict"] == "pass" and result.json["findings"] == []
    assert result.json["stats"]["scanned_files"] == 1


def test_safe_parameterized_query_is_quiet(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"app/repo.py": "import sqlite3\n"}, {
        "app/repo.py": (
            "import sqlite3\n"
            "\n"
            "def find_by_email(conn: sqlite3.Connection, email: str):\n"
            "    return conn.execute('SELECT id FROM accounts WHERE email = ?', (email,)).fetchone()\n"
        ),
    })
    assert result.json["findings"] == [] and result.json["verdict"] == "pass"


def test_old_vulnerable_line_untouched_is_not_reported(repo: GitRepo, cli: Cli) -> None:
    base = (
        "import os\n"
        "\n"
        "def run(cmd):\n"
        "    os.system('tar czf backup.tgz ' + cmd)\n"
        "\n"
        "VERSION = '1.0'\n"
    )
    result = review_change(repo, cli, {"tools/backup.py": base}, {
        "tools/backup.py": base.replace("VERSION = '1.0'", "VERSION = '1.1'"),
    })
    assert result.json["findings"] == [] and result.json["verdict"] == "pass"


# --- suppressions -----------------------------------------------------------------------

def test_suppression_already_in_the_base_is_honoured(repo: GitRepo, cli: Cli) -> None:
    base = (
        "import pickle\n"
        "from flask import request\n"
        "\n"
        "def load_cache():\n"
        "    blob = request.get_data()\n"
        "    # guard: ignore py-unsafe-deserialization the gateway verifies our HMAC before this\n"
        "    return pickle.loads(blob)\n"
    )
    result = review_change(repo, cli, {"cache/store.py": base}, {
        "cache/store.py": base.replace("return pickle.loads(blob)", "return pickle.loads(bytes(blob))"),
    })
    assert findings_of(result, "py-unsafe-deserialization") == []
    assert result.json["stats"]["suppressed"] == 1 and result.json["verdict"] == "pass"
    text = cli("check", "--repo", str(repo.root), "--base", "main", "--head", "feature")
    assert "Suppressions: 1 honoured" in text.out


def test_suppression_added_by_the_change_does_not_hide_the_finding(repo: GitRepo, cli: Cli) -> None:
    result = review_change(repo, cli, {"cache/store.py": "import pickle\n"}, {
        "cache/store.py": (
            "import pickle\n"
            "from flask import request\n"
            "\n"
            "def load_cache():\n"
            "    blob = request.get_data()\n"
            "    return pickle.loads(blob)  # guard: ignore py-unsafe-deserialization trusted\n"
        ),
    })
    found = findings_of(result, "py-unsafe-deserialization")
    assert [f["line"] for f in found] == [6] and found[0]["suppressed_in_change"] is True
    security = gate(result, "security")
    assert security is not None and any("suppressed in this change" in r["why"] for r in security["reasons"])
    assert result.json["stats"]["suppressed_in_change"] == 1 and result.code == 1


def test_suppression_without_a_reason_suppresses_nothing(repo: GitRepo, cli: Cli) -> None:
    base = ("import pickle\nfrom flask import request\n\ndef load():\n    blob = request.get_data()\n"
            "    # guard: ignore py-unsafe-deserialization\n    return 1\n")
    result = review_change(repo, cli, {"cache/store.py": base}, {
        "cache/store.py": base.replace("return 1", "return pickle.loads(blob)"),
    })
    assert [f["line"] for f in findings_of(result, "py-unsafe-deserialization")] == [7]
    assert result.json["stats"]["suppressed"] == 0


def test_hallucinated_api_reached_through_an_attribute_is_caught_by_the_type_checker(repo: GitRepo, cli: Cli) -> None:
    base = ("import requests\n\n\nclass Client:\n"
            "    def __init__(self) -> None:\n        self.session = requests.Session()\n")
    head = base + (
        "\n    def user(self, uid: int) -> dict:\n"
        "        resp = self.session.get(f'https://api.example.com/users/{uid}', timeout=5)\n"
        "        return resp.json_or_raise()\n"
    )
    result = review_change(repo, cli, {"client.py": base}, {"client.py": head})
    found = findings_of(result, "py-nonexistent-member")
    assert [f["line"] for f in found] == [10]
    assert "json_or_raise" in found[0]["message"] and "json" in found[0]["message"]
