"""The built-in secret check: provider formats anywhere, assignments in config files."""

from __future__ import annotations

import pytest

from checks import secrets
from checks.diff import parse_diff
from checks.snapshot import Snapshot


def _added(path: str, line: str) -> Snapshot:
    return Snapshot(parse_diff(
        f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1 @@\n+{line}\n"
    ))


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("deploy/.env", "AWS_ACCESS_KEY_ID=AKIA" + "ABCDEFGHIJKLMNOP"),
        ("keys/id_rsa", "-----BEGIN RSA PRIVATE KEY-----"),
        ("ci.yml", "token: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
        ("app/settings.py", "STRIPE = 'sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc'"),
        ("config/app.yaml", "db_password: Zq8#kL2p9Xv4Rt7mWn3B"),
    ],
)
def test_committed_credentials_are_found_without_echoing_them(path: str, line: str) -> None:
    found = list(secrets.scan(_added(path, line)))
    assert len(found) == 1 and found[0].line == 1 and found[0].cwe == "CWE-798"
    value = line.split("=", 1)[-1].split(": ", 1)[-1].strip("'")
    assert value not in found[0].message and value not in found[0].snippet


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("config/app.yaml", "db_password: ${DB_PASSWORD}"),
        ("config/app.yaml", "api_key: changeme-changeme-changeme"),
        ("config/app.yaml", "token_ttl_seconds: 3600"),
        (".env.example", "API_KEY=xxxxxxxxxxxxxxxxxxxx"),
        ("app/code.py", "password = get_password_from_vault()"),
    ],
)
def test_placeholders_and_references_are_not_secrets(path: str, line: str) -> None:
    assert list(secrets.scan(_added(path, line))) == []
