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
        ("config/app.yaml", 'password: "hunter2-Prod-9x!"'),
        ("config/app.yaml", "signing_secret: a1B2c3D4e5F6g7H8i9J0"),
        ("config/app.json", '"client_secret": "4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c",'),
        (".env", "DATABASE_URL=postgres://u:s3cr3tP4ss@host/db"),
    ],
)
def test_committed_credentials_are_found_without_echoing_them(path: str, line: str) -> None:
    found = list(secrets.scan(_added(path, line)))
    assert len(found) == 1 and found[0].line == 1 and found[0].cwe == "CWE-798"
    value = line.split("=", 1)[-1].split(": ", 1)[-1].strip("'\",")
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


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("schema/accounts.graphql", "  passwordLoginMode: PasswordLoginModeEnum!"),
        ("schema/accounts.graphql", "  resetTokens: [PasswordResetTokenType!]!"),
        ("config/auth.yaml", "token_url: https://oauth2.googleapis.com/token"),
        ("config/auth.yaml", "password_reset_path: /accounts/password/reset/"),
        ("config/auth.yaml", "secret_manager_backend: AwsSecretsManagerBackend"),
        ("config/auth.yaml", "api_key_header: X-Shopify-Access-Token"),
        ("config/auth.yaml", "password_hasher: django.contrib.auth.hashers.PBKDF2PasswordHasher"),
        ("payload.json", '"access_tokens_url": "https://api.github.com/app/installations/957387/access_tokens",'),
        ("config/app.yaml", "api_key: <your-key>"),
        ("config/app.yaml", "api_key: '{{ stripe_api_key }}'"),
        ("config/app.yaml", "client_secret: $CLIENT_SECRET_FROM_VAULT"),
        ("config/app.yaml", "secret_key: env(SECRET_KEY_VALUE)"),
        ("config/app.yaml", "password: xxx"),
        ("config/app.yaml", "api_token: abcdefghijklmnopqrstuvwxyz"),
        (".env", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app"),
        (".env", "DATABASE_URL=postgres://postgres:postgres@localhost/app"),
        ("tests/urltestdata.json", '"href": "javascript://:bowser@x/",'),
        ("tests/urltestdata.json", '"password": "%20!%22$%&()*+,-.%3A%3B%3C%3D%3E%40%5B%5C%5D%5E_%60%7B%7C%7D~",'),
    ],
)
def test_ordinary_keys_urls_paths_and_type_names_are_not_secrets(path: str, line: str) -> None:
    assert list(secrets.scan(_added(path, line))) == []


def test_all_four_lines_of_a_plain_settings_file_pass() -> None:
    lines = [
        "token_url: https://oauth2.googleapis.com/token",
        "password_reset_path: /accounts/password/reset/",
        "secret_manager_backend: AwsSecretsManagerBackend",
        "api_key_header: X-Shopify-Access-Token",
    ]
    body = "".join(f"+{line}\n" for line in lines)
    snapshot = Snapshot(parse_diff(
        "diff --git a/s.yml b/s.yml\nnew file mode 100644\n--- /dev/null\n+++ b/s.yml\n@@ -0,0 +1,4 @@\n" + body
    ))
    assert list(secrets.scan(snapshot)) == []


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("9f86d081884c7d659a2feaa0c55ad015", True),  # hex over detect-secrets' 3.0 bits
        ("aaaaaaaabbbbbbbb", False),  # hex-looking, one bit of entropy
        ("ZqkLpXvRtmWnBhJd", True),  # letters only, but not words
        ("NextAuthSessionProvider", False),
        ("1234567890123456", False),
    ],
)
def test_entropy_and_word_shape_decide_bare_values(value: str, secret: bool) -> None:
    assert secrets.looks_like_secret(value) is secret


@pytest.mark.parametrize("path", ["docs/config.rst", "README.md", "docs/guide/deploy.mdx"])
def test_documentation_examples_are_not_leaks_but_provider_tokens_in_them_are(path: str) -> None:
    # Flask's own docs show `SECRET_KEY = '192b9bdd...'` as an example config
    example = "    SECRET_KEY = '192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf'"
    assert list(secrets.scan(_added(path, example))) == []
    live = "    export GITHUB_TOKEN=ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    assert [f.rule_id for f in secrets.scan(_added(path, live))] == [secrets.RULE_ID]


def test_the_same_example_in_a_config_file_is_a_leak() -> None:
    line = "SECRET_KEY = '192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf'"
    assert len(list(secrets.scan(_added("instance/settings.cfg", line)))) == 1


@pytest.mark.parametrize("line", [
    '"pem": "-----BEGIN PRIVATE KEY-----\\n...",',
    "key = '-----BEGIN RSA PRIVATE KEY-----...'",
    "PRIVATE_KEY=-----BEGIN PRIVATE KEY-----<your key>",
])
def test_an_elided_key_shows_where_a_key_goes(line: str) -> None:
    assert list(secrets.scan(_added("settings/keys.json", line))) == []
    # the header alone on its line, the body below it, is a key
    assert len(list(secrets.scan(_added("settings/keys.json", "-----BEGIN PRIVATE KEY-----")))) == 1


def test_an_elided_key_inside_a_string_of_code_is_a_placeholder_too() -> None:
    # JSON held in a Python string escapes the newline twice
    line = """    '"pem": "-----BEGIN PRIVATE KEY-----\\\\n...",'"""
    assert "\\\\n" in line
    assert list(secrets.scan(_added("src/settings.py", line))) == []
