"""`constraint-guard replay`: past merged changes reviewed as `check` would have, summarised."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.policy import load_packs
from checks.render.replay import ReplayedChange, render_html, render_text, summarize
from checks.review import analyze
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot
from tests.conftest import CliResult, GitRepo

Cli = Callable[..., CliResult]

LOGIN = "def login(user, password):\n    return check_password(password, user.password_hash)\n"
PAY = "from decimal import Decimal\n\ndef refund(amount):\n    return Decimal(amount).quantize(Decimal('0.01'))\n"


def _commit(repo: GitRepo, files: Mapping[str, str | None], message: str, date: str) -> str:
    repo.write(files)
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(repo.root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo.root), "commit", "-q", "--allow-empty", "-m", message], check=True, env=env)
    return repo.git("rev-parse", "HEAD").strip()


def _merge(repo: GitRepo, branch: str, files: Mapping[str, str | None], date: str) -> tuple[str, str]:
    """A pull request: one commit on `branch`, merged into main with a merge commit."""
    repo.git("checkout", "-q", "-b", branch, "main")
    inner = _commit(repo, files, f"work on {branch}", date)
    repo.git("checkout", "-q", "main")
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(repo.root), "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch],
                   check=True, env=env)
    return repo.git("rev-parse", "HEAD").strip(), inner


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """root, then: docs, auth (merged PR), payments, config disabling auth, auth again, agent docs."""
    repo = GitRepo(tmp_path_factory.mktemp("replay") / "repo")
    root = _commit(repo, {"README.md": "hello\n", "app/__init__.py": ""}, "root", "2026-01-01T00:00:00Z")
    docs = _commit(repo, {"docs/guide.md": "# Guide\n"}, "docs: guide", "2026-01-02T00:00:00Z")
    auth, auth_inner = _merge(repo, "login", {"app/auth/login.py": LOGIN}, "2026-01-03T00:00:00Z")
    pay = _commit(repo, {"app/payments/refund.py": PAY}, "payments: refund", "2026-01-04T00:00:00Z")
    config = _commit(repo, {".github/constraint-guard.yml": "gates:\n  auth:\n    enabled: false\n"},
                     "config: no auth gate", "2026-01-05T00:00:00Z")
    auth2 = _commit(repo, {"app/auth/login.py": LOGIN + "\n\ndef logout(session):\n    session.clear()\n"},
                    "auth: logout", "2026-01-06T00:00:00Z")
    agent = _commit(repo, {"docs/guide.md": "# Guide\n\nMore.\n"},
                    "docs: more\n\nCo-Authored-By: Claude <noreply@anthropic.com>", "2026-01-07T00:00:00Z")
    return {"repo": repo, "root": root, "docs": docs, "auth": auth, "auth_inner": auth_inner, "pay": pay,
            "config": config, "auth2": auth2, "agent": agent}


@pytest.fixture(scope="module")
def replayed(history: dict[str, Any]) -> dict[str, Any]:
    from bot.cli import main
    out = Path(str(history["repo"].root) + ".json")
    assert main(["replay", "--repo", str(history["repo"].root), "--last", "10", "--format", "json",
                 "-o", str(out)]) == 0
    import json
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def test_replay_walks_first_parent_history_oldest_first_without_the_root(
        replayed: dict[str, Any], history: dict[str, Any]) -> None:
    shas = [c["sha"] for c in replayed["per_change"]]
    assert shas == [history[k] for k in ("docs", "auth", "pay", "config", "auth2", "agent")]
    assert history["auth_inner"] not in shas  # the merged PR is judged as one change
    merge = replayed["per_change"][1]
    assert merge["parent"] == history["docs"] and merge["subject"] == "Merge login"
    assert replayed["changes"] == 6 and replayed["first"] == history["docs"] and replayed["last"] == history["agent"]


def test_replay_counts_each_gate_and_the_paths_that_opened_it(replayed: dict[str, Any]) -> None:
    gates = replayed["gates"]
    # the second auth change comes after the config disabled the gate: read from its own base
    assert gates["auth"]["opened"] == 1 and gates["auth"]["top_paths"] == [{"path": "app/auth/login.py", "changes": 1}]
    assert gates["payments"]["opened"] == 1
    assert gates["payments"]["top_paths"][0]["path"] == "app/payments/refund.py"
    assert gates["policy"]["opened"] == 1
    assert gates["policy"]["top_paths"] == [{"path": ".github/constraint-guard.yml", "changes": 1}]
    assert gates["auth"]["percent"] == round(100 / 6, 1)
    by_sha = {c["sha"]: c for c in replayed["per_change"]}
    assert [c["gates"] for c in replayed["per_change"]][0] == []
    assert replayed["no_gate"] == sum(1 for c in by_sha.values() if not c["gates"])
    assert replayed["verdicts"]["pass"] + replayed["verdicts"]["signoff_required"] == 6
    assert replayed["agent_written"] == 1 and replayed["per_change"][-1]["agent_written"]


def test_replay_json_has_the_documented_shape(replayed: dict[str, Any]) -> None:
    assert {"version", "repo", "base_branch", "selection", "changes", "first", "last", "verdicts", "no_gate",
            "agent_written", "gates", "checklist", "findings", "review_seconds", "most_reasons",
            "per_change"} <= set(replayed)
    assert replayed["base_branch"] == "main" and replayed["selection"] == {"last": 10}
    assert set(replayed["gates"]) == {"auth", "payments", "dates", "security", "policy"}
    assert {"total", "per_change", "by_rule"} <= set(replayed["findings"])
    assert {"median", "p90", "max", "total"} <= set(replayed["review_seconds"])
    assert all(c["changes"] >= 1 and c["gate"] in replayed["gates"] for c in replayed["checklist"])
    top = replayed["most_reasons"]
    assert top and top == sorted(top, key=lambda m: -m["reasons"])
    for change in replayed["per_change"]:
        assert {"sha", "parent", "date", "subject", "verdict", "gates", "reasons", "findings", "seconds",
                "agent_written", "errors"} <= set(change)


def test_replay_last_and_since_choose_the_range(cli: Cli, history: dict[str, Any]) -> None:
    root = str(history["repo"].root)
    last2 = cli("replay", "--repo", root, "--last", "2", "--format", "json").json
    assert [c["sha"] for c in last2["per_change"]] == [history["auth2"], history["agent"]]
    since = cli("replay", "--repo", root, "--since", "2026-01-06", "--format", "json").json
    assert [c["sha"] for c in since["per_change"]] == [history["auth2"], history["agent"]]
    assert since["selection"] == {"since": "2026-01-06T00:00:00"}
    none = cli("replay", "--repo", root, "--since", "2030-01-01")
    assert none.code == 0 and "no merged changes" in none.out


def test_replay_text_is_a_table_of_gates(cli: Cli, history: dict[str, Any]) -> None:
    out = cli("replay", "--repo", str(history["repo"].root), "--last", "3").out
    assert out.startswith("Replay of main: 3 merged changes")
    assert re.search(r"^policy\s+1\s+33\.3%\s+\.github/constraint-guard\.yml \(1\)$", out, re.M)
    assert "Review time per change: median" in out


def test_replay_html_is_one_self_contained_page_with_an_svg_chart(cli: Cli, history: dict[str, Any],
                                                                   tmp_path: Path) -> None:
    page = tmp_path / "replay.html"
    result = cli("replay", "--repo", str(history["repo"].root), "--last", "4", "--format", "html", "-o", str(page))
    assert result.code == 0 and result.out == ""
    text = page.read_text()
    assert text.startswith("<!doctype html>") and text.count("<svg") >= 2
    assert "<script" not in text and "<link" not in text and " src=" not in text
    assert set(re.findall(r"https?://[^\"' <]+", text)) <= {"http://www.w3.org/2000/svg"}
    assert history["pay"][:7] in text


@pytest.mark.parametrize(("args", "words"), [
    (("--last", "0"), ("--last", "positive")),
    (("--last", "-3"), ("--last",)),
    (("--last", "many"), ("--last", "'many'")),
    (("--since", "last tuesday"), ("--since", "ISO date")),
    (("--since", "2026-13-45"), ("--since",)),
    (("--base-branch", "nope"), ("unknown revision 'nope'",)),
    (("--last", "2", "--since", "2026-01-01"), ("not allowed with",)),
    (("--format", "pdf"), ("pdf",)),
])
def test_replay_bad_input_is_exit_2_with_one_line(cli: Cli, history: dict[str, Any], args: tuple[str, ...],
                                                  words: tuple[str, ...]) -> None:
    result = cli("replay", "--repo", str(history["repo"].root), *args)
    assert result.code == 2 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("constraint-guard: error: "), result.err
    assert all(w in lines[0] for w in words), lines[0]


def test_replay_outside_a_repository_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    for where in (tmp_path, tmp_path / "missing"):
        result = cli("replay", "--repo", str(where))
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1
        assert "not a git repository" in result.err


def test_review_time_is_summarised_as_median_p90_and_max() -> None:
    report = analyze(Snapshot(parse_diff("")), load_packs(), RepoConfig(), ScanResult())
    changes = [ReplayedChange(f"{i:040x}", f"{i + 100:040x}", "2026-01-01T00:00:00Z", f"c{i}", report, float(i))
               for i in range(1, 11)]
    s = summarize(changes, base_branch="main")
    assert s["review_seconds"] == {"median": 5.5, "p90": 9.0, "max": 10.0, "total": 55.0}
    assert s["no_gate"] == 10 and s["findings"]["per_change"] == 0.0
    assert "<svg" in render_html(s) and "median 5.50 s, p90 9.00 s, max 10.00 s" in render_text(s)


def test_replay_can_try_a_candidate_config_on_every_change(cli: Cli, history: dict[str, Any],
                                                           tmp_path: Path) -> None:
    candidate = tmp_path / "candidate.yml"
    candidate.write_text("gates:\n  payments:\n    enabled: false\n")
    data = cli("replay", "--repo", str(history["repo"].root), "--last", "4", "--config", str(candidate),
               "--format", "json").json
    assert data["gates"]["payments"]["opened"] == 0
    assert data["gates"]["auth"]["opened"] == 1  # the base's own config (auth disabled) is not read
    bad = tmp_path / "bad.yml"
    bad.write_text("gates: {payments: {enabld: false}}\n")
    result = cli("replay", "--repo", str(history["repo"].root), "--config", str(bad))
    assert result.code == 2 and "gates.payments.enabld" in result.err
