"""Run the real App (`constraint-guard serve` / `worker` subprocesses) against the GitHub double.

One harness for every end-to-end test: an RSA key for the App, signed deliveries built
from real GitHub payloads re-targeted at the double's repository, and waiting helpers.
"""

from __future__ import annotations

import copy
import ctypes
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.github_double import GitHubDouble, github_double_fixture

PAYLOADS = Path(__file__).parent / "fixtures" / "github-payloads"
SECRET = "whsec-test-9f2c61d0a7"  # the webhook secret the tests sign with
APP_ID = 4242
INSTALLATION = 77
OWNER, REPO = "acme", "shop"
REPO_FULL = f"{OWNER}/{REPO}"


def payload(name: str) -> dict[str, Any]:
    """A real recorded GitHub payload, e.g. `pull_request/opened`."""
    path = PAYLOADS / f"{name}.payload.json"
    return json.loads((path if path.exists() else PAYLOADS / f"{name}.json").read_text())


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0, what: str = "condition") -> Any:
    """Poll until `predicate()` is truthy; fail the test with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@dataclass
class AppKey:
    pem: str
    public_pem: str
    path: Path


def make_key(folder: Path) -> AppKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    path = folder / "app-key.pem"
    path.write_text(pem)
    path.chmod(0o600)
    return AppKey(pem, public, path)


_KEY_CACHE: dict[str, AppKey] = {}


def app_key(tmp_path_factory: pytest.TempPathFactory) -> AppKey:
    if "key" not in _KEY_CACHE:  # RSA generation is slow-ish: one key for the session
        _KEY_CACHE["key"] = make_key(tmp_path_factory.mktemp("key"))
    return _KEY_CACHE["key"]


def die_with_parent() -> None:
    """In the child before exec: Linux sends it SIGTERM when the test process dies, however it
    dies (Ctrl-C, a CI timeout, SIGKILL), so a stopped suite leaves no `serve` behind."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the fixtures' own stop() is all there is
        pass


PR_SET_PDEATHSIG = 1


@dataclass
class AppProcess:
    """One `constraint-guard serve` (or `worker`) process and how to talk to it."""

    command: str
    env: dict[str, str]
    log_path: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None
    logs_seen: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppProcess:
        with self.log_path.open("ab") as log:  # the child keeps its own handle
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", self.command], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=die_with_parent,
            )
        if self.command == "serve":
            wait_for(self._healthy, 30, f"{self.command} to answer /healthz (log: {self.log_path})")
        return self

    def _healthy(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"server exited with {self.proc.returncode}: {self.logs()[-3000:]}")
        try:
            return httpx.get(self.url + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        os.killpg(self.proc.pid, sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return self.proc.wait(10)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def send(self, event: str, body: dict[str, Any] | bytes, delivery: str | None = None,
             secret: str | None = SECRET, headers: dict[str, str] | None = None) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        h = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
             "Content-Type": "application/json"}
        if secret is not None:
            h["X-Hub-Signature-256"] = sign(raw, secret)
        h.update(headers or {})
        return httpx.post(self.url + "/webhook", content=raw, headers=h, timeout=30)

    def metric(self, name: str, **labels: str) -> float:
        text = httpx.get(self.url + "/metrics", timeout=10).text
        total = 0.0
        for line in text.splitlines():
            if not line.startswith(name):
                continue
            head, _, value = line.rpartition(" ")
            if all(f'{k}="{v}"' in head for k, v in labels.items()):
                total += float(value)
        return total


def app_env(github: GitHubDouble, key: AppKey, folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APP_", "GITHUB_", "QUEUE_", "WEBHOOK_"))}
    env.update({
        "APP_ID": str(APP_ID),
        "PRIVATE_KEY_PATH": str(key.path),
        "WEBHOOK_SECRET": SECRET,
        "GITHUB_API_URL": github.url,
        "QUEUE_URL": f"sqlite:///{folder}/queue.db",
        "WORKERS": "2",
        "RETRY_BASE_SECONDS": "0.3",
        "INLINE_WAIT_SECONDS": "5",
        "SWEEP_INTERVAL_SECONDS": "0",
        "HTTP_TIMEOUT_SECONDS": "5",
        "AUTH_CACHE_SECONDS": "2",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra)
    return env


class World:
    """The double set up as one org with one repo and the App installed; payload builders."""

    def __init__(self, github: GitHubDouble) -> None:
        self.gh = github
        github.add_installation(INSTALLATION, OWNER)
        self.repo = github.add_repo(OWNER, REPO)

    def retarget(self, body: dict[str, Any], number: int | None = None, head_sha: str | None = None,
                 base_ref: str = "main") -> dict[str, Any]:
        """A real payload pointed at our repo, installation and pull request."""
        out = copy.deepcopy(body)
        out["installation"] = {"id": INSTALLATION, "node_id": "MDIz"}
        repo = out.setdefault("repository", {})
        repo.update({"name": REPO, "full_name": f"{OWNER}/{REPO}"})
        repo.setdefault("owner", {}).update({"login": OWNER, "type": "Organization"})
        if number is not None:
            if "pull_request" in out:
                out["number"] = number
                pr = out["pull_request"]
                pr["number"] = number
                pr["draft"] = False
                pr["state"] = "open"
                if head_sha:
                    pr["head"]["sha"] = head_sha
                pr["base"]["ref"] = base_ref
            if "issue" in out:
                out["issue"]["number"] = number
                out["issue"]["pull_request"] = {"url": f"https://api.github.com/repos/{OWNER}/{REPO}/pulls/{number}"}
        return out

    def opened(self, number: int, head_sha: str) -> dict[str, Any]:
        return self.retarget(payload("pull_request/opened"), number, head_sha)

    def synchronize(self, number: int, head_sha: str) -> dict[str, Any]:
        return self.retarget(payload("pull_request/synchronize"), number, head_sha)

    def comment(self, number: int, body: str, user: str = "bob", comment_id: int | None = None) -> dict[str, Any]:
        out = self.retarget(payload("issue_comment/created"), number)
        out["comment"]["body"] = body
        out["comment"]["user"] = {**out["comment"]["user"], "login": user, "type": "User"}
        if comment_id is not None:
            out["comment"]["id"] = comment_id
        return out


@pytest.fixture
def github(key: AppKey) -> Iterator[GitHubDouble]:
    yield from github_double_fixture(app_id=APP_ID, app_public_key=key.public_pem)


@pytest.fixture
def world(github: GitHubDouble) -> World:
    return World(github)


@pytest.fixture
def key(tmp_path_factory: pytest.TempPathFactory) -> AppKey:
    return app_key(tmp_path_factory)


@pytest.fixture
def app(github: GitHubDouble, key: AppKey, tmp_path: Path) -> Iterator[AppProcess]:
    """`constraint-guard serve` on a free port with a SQLite queue, talking to the double."""
    proc = AppProcess("serve", {**app_env(github, key, tmp_path), "PORT": str(port := free_port())},
                      tmp_path / "serve.log", port).start()
    yield proc
    proc.stop()
    assert_no_secrets(proc.logs(), key, github)


def assert_no_secrets(logs: str, key: AppKey, github: GitHubDouble) -> None:
    """Invariant 6: the key, the webhook secret and installation tokens appear in no log line,
    no comment, no review comment and no check-run output."""
    published: list[str] = []
    if REPO_FULL in github.repos:
        published += [c.get("body") or "" for n in {p[1] for p in github.pulls} for c in
                      github.issue_comments(REPO_FULL, n) + github.review_comments(REPO_FULL, n)]
        published += [json.dumps(r.get("output") or {}) for r in github.check_runs(REPO_FULL)]
    tokens = list(github.tokens)
    for text, where in [(logs, "the server log"), *((p, "a published comment or check") for p in published)]:
        assert key.pem.strip().splitlines()[1] not in text, f"the private key reached {where}"
        assert SECRET not in text, f"the webhook secret reached {where}"
        leaked = [t for t in tokens if t in text]
        assert not leaked, f"an installation token reached {where}"
