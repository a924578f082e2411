"""The App across restarts, hosts and GitHub's own records: settings, crashes, Redis, sweeps,
and every real payload GitHub recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from tests.app_harness import (
    INSTALLATION,
    PAYLOADS,
    AppKey,
    AppProcess,
    World,
    app_env,
    free_port,
    wait_for,
)
from tests.github_double import FileSpec, GitHubDouble

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "github-payloads"
VULN = "def q(cur, name):\n    cur.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n"


def _completed(github: GitHubDouble, world: World, sha: str) -> list[dict]:
    return [r for r in github.check_runs(world.repo, head_sha=sha) if r["status"] == "completed"]


def _serve(github: GitHubDouble, key: AppKey, folder: Path, **extra: str) -> AppProcess:
    port = free_port()
    env = {**app_env(github, key, folder, **extra), "PORT": str(port)}
    return AppProcess("serve", env, folder / f"serve-{port}.log", port)


def _all_payloads(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.json") if p.is_file())


@pytest.mark.parametrize("root", [PAYLOADS, SHARED], ids=["own-fixtures", "shared"])
def test_every_recorded_payload_gets_2xx_or_a_clear_4xx_never_5xx(app: AppProcess, root: Path) -> None:
    if not root.exists():
        pytest.skip(f"{root} is not here (it is in CI)")
    files = _all_payloads(root)
    assert files
    for path in files:
        event = path.parent.name
        resp = app.send(event, path.read_bytes(), delivery=str(uuid.uuid4()))
        assert resp.status_code < 500, (path, resp.text)
        assert resp.status_code in (202, 422), (path, resp.status_code, resp.text)
        if resp.status_code == 422:  # GitHub's samples without an installation: named clearly
            assert "is missing" in resp.json()["error"]


def test_missing_setting_stops_start_up_naming_it(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "WEBHOOK_SECRET": "x" * 10}
    proc = subprocess.run([sys.executable, "-m", "bot", "serve"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "APP_ID: is required" in proc.stderr
    assert "x" * 10 not in proc.stderr  # a secret's value is never printed
    proc = subprocess.run([sys.executable, "-m", "bot", "serve"], env={**env, "APP_ID": "5"}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2 and "PRIVATE_KEY" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "bot", "serve"], env={**env, "APP_ID": "abc"}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2 and "APP_ID" in proc.stderr and "integer" in proc.stderr


def test_settings_come_from_a_dotenv_file(tmp_path: Path, key: AppKey) -> None:
    from bot.settings import load_settings

    (tmp_path / ".env").write_text(f"APP_ID=12\nPRIVATE_KEY_PATH={key.path}\nWEBHOOK_SECRET=s3cret-value\n")
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        settings = load_settings()
    finally:
        os.chdir(here)
    assert settings.app_id == 12 and "s3cret-value" not in repr(settings)
    assert settings.private_key_pem().startswith("-----BEGIN")


def test_job_accepted_before_a_crash_runs_after_restart(github: GitHubDouble, world: World, key: AppKey,
                                                        tmp_path: Path) -> None:
    github.add_pull(world.repo, 21, head_sha="d" * 40, files={"app/db.py": FileSpec(status="added", head=VULN)})
    # the first process hangs on GitHub, so the job is mid-review when it dies
    github.fail("GET", r"/pulls/21/files", status=502, times=1, delay=20)
    first = _serve(github, key, tmp_path, LEASE_SECONDS="3").start()  # the dead worker's lease lapses soon
    assert first.send("pull_request", world.opened(21, "d" * 40)).status_code == 202
    wait_for(lambda: github.calls_count("GET", "/repos/acme/shop/pulls/21/files") >= 1, what="job to start")
    first.stop(signal.SIGKILL)
    github.clear_faults()
    second = AppProcess("serve", {**first.env, "PORT": str(port := free_port())}, tmp_path / "serve2.log", port)
    second.start()
    try:
        runs = wait_for(lambda: _completed(github, world, "d" * 40), 90, "the review after restart")
        assert runs[0]["conclusion"] == "action_required"
        time.sleep(1)
        assert len(github.review_comments(world.repo, 21)) == 1
        assert len(github.issue_comments(world.repo, 21)) == 1
    finally:
        second.stop()


def test_sigterm_lets_the_running_job_finish(github: GitHubDouble, world: World, key: AppKey,
                                             tmp_path: Path) -> None:
    github.add_pull(world.repo, 22, head_sha="e" * 40, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    server = _serve(github, key, tmp_path).start()
    server.send("pull_request", world.opened(22, "e" * 40))
    wait_for(lambda: github.calls_count("GET", "/repos/acme/shop/pulls/22") >= 1, what="job to start")
    assert server.stop(signal.SIGTERM, timeout=60) == 0
    assert _completed(github, world, "e" * 40), "the job in progress finished before exit"


def test_missed_delivery_is_redelivered_after_the_server_comes_back(github: GitHubDouble, world: World,
                                                                    key: AppKey, tmp_path: Path) -> None:
    github.add_pull(world.repo, 23, head_sha="f" * 40, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    body = world.opened(23, "f" * 40)
    guid = str(uuid.uuid4())
    # while we were down, GitHub's delivery failed (it does not retry by itself)
    github.add_delivery(guid, "pull_request", "opened", status_code=502, installation_id=INSTALLATION)
    server = _serve(github, key, tmp_path, SWEEP_INTERVAL_SECONDS="1")
    github.redeliver_hook = lambda d: server.send("pull_request", body, delivery=d["guid"])
    server.start()
    try:
        wait_for(lambda: _completed(github, world, "f" * 40), 60, "the redelivered review")
        assert [r["guid"] for r in github.redeliveries] == [guid]  # asked once, not at every sweep
    finally:
        server.stop()


def test_sweep_reviews_open_prs_without_a_completed_check(github: GitHubDouble, world: World, key: AppKey,
                                                          tmp_path: Path) -> None:
    github.add_pull(world.repo, 24, head_sha="1" * 40, files={"x.py": FileSpec(status="added", head="x = 1\n")})
    server = _serve(github, key, tmp_path, SWEEP_INTERVAL_SECONDS="2").start()
    try:
        wait_for(lambda: _completed(github, world, "1" * 40), 60, "a review found by the sweep")
    finally:
        server.stop()


def test_file_without_a_patch_gets_hunks_from_base_and_head(app: AppProcess, github: GitHubDouble,
                                                            world: World) -> None:
    base = "".join(f"line_{i} = {i}\n" for i in range(300))
    head = base.replace("line_150 = 150\n",
                        "line_150 = 150\nimport flask, pickle\nobj = pickle.loads(flask.request.data)\n")
    github.add_pull(world.repo, 25, head_sha="2" * 40, files={
        "big/module.py": FileSpec(status="modified", base=base, head=head, patch=None)})
    app.send("pull_request", world.opened(25, "2" * 40))
    run = wait_for(lambda: _completed(github, world, "2" * 40), what="review of a patch-less file")[0]
    assert run["conclusion"] == "action_required"
    notes = github.annotations(run["id"])
    assert any(a["path"] == "big/module.py" and a["start_line"] == 153 for a in notes)
    # GitHub takes no inline comment where it shows no diff: the finding is in the summary instead
    assert "big/module.py:153" in github.issue_comments(world.repo, 25)[0]["body"]


@pytest.fixture
def redis_url() -> str:
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is required on 127.0.0.1:6379 (scripts/test starts one)")
    db = 9
    redis.Redis.from_url(f"redis://127.0.0.1:6379/{db}").flushdb()
    return f"redis://127.0.0.1:6379/{db}"


def test_redis_queue_with_two_workers_never_runs_one_pr_twice_at_once(github: GitHubDouble, world: World,
                                                                      key: AppKey, tmp_path: Path,
                                                                      redis_url: str) -> None:
    for n in range(30, 36):
        github.add_pull(world.repo, n, head_sha=f"{n}" * 20, files={"x.py": FileSpec(status="added", head="x\n")})
    server = _serve(github, key, tmp_path, QUEUE_URL=redis_url, WORKERS="1")
    env = {**server.env}
    workers = [AppProcess("worker", env, tmp_path / f"worker{i}.log", 0) for i in range(2)]
    server.start()
    for w in workers:
        w.start()
    try:
        for _ in range(3):  # the same PRs again and again: rechecks pile up per PR
            for n in range(30, 36):
                said = github.add_issue_comment(world.repo, n, "bob", "/guard recheck")
                server.send("issue_comment", world.comment(n, "/guard recheck", comment_id=said["id"]))
        wait_for(lambda: sum(len(_completed(github, world, f"{n}" * 20)) for n in range(30, 36)) == 6, 120,
                 "every PR reviewed")
        store = redis.Redis.from_url(redis_url, decode_responses=True)
        wait_for(lambda: len(store.lrange("cg:log:outcomes", 0, -1)) >= 18, 120, "all 18 jobs to finish")
        # per PR, check-run updates must alternate in_progress -> completed: never two reviews interleaved
        for n in range(30, 36):
            run_id = _completed(github, world, f"{n}" * 20)[0]["id"]
            states = [w["json"].get("status") for w in github.writes
                      if w["path"].endswith(f"/check-runs/{run_id}") and w["json"].get("status")]
            for a, b in zip(states, states[1:], strict=False):
                assert not (a == "in_progress" and b == "in_progress"), (n, states)
        outcomes = [json.loads(v)["outcome"] for v in store.lrange("cg:log:outcomes", 0, -1)]
        assert outcomes.count("pass") == 18
        logs = "".join(w.logs() for w in workers)
        assert "Executing" in logs, "the worker processes took jobs"
    finally:
        for w in workers:
            w.stop()
        server.stop()


def test_a_killed_test_run_leaves_no_serve_process_behind(github: GitHubDouble, key: AppKey, tmp_path: Path) -> None:
    """What a Ctrl-C'd or timed-out suite does to its App processes: they go with it."""
    script = tmp_path / "parent.py"
    env = _serve(github, key, tmp_path).env
    script.write_text(
        "import json, sys, time\nfrom pathlib import Path\nfrom tests.app_harness import AppProcess\n"
        f"env = json.loads({json.dumps(json.dumps(env))})\n"
        f"p = AppProcess('serve', env, Path({str(tmp_path / 'child.log')!r}), int(env['PORT'])).start()\n"
        "print(p.proc.pid, flush=True)\ntime.sleep(600)\n")
    root = Path(__file__).resolve().parent.parent
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=root,
                              env={**os.environ, "PYTHONPATH": str(root)})
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert Path(f"/proc/{child}").exists()
    parent.kill()  # SIGKILL: no fixture teardown, no atexit
    parent.wait(10)
    parent.stdout.close()
    wait_for(lambda: not Path(f"/proc/{child}").exists() or "Z" in _state(child), 30, "the orphaned serve to exit")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"
