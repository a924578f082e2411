"""Sign-off state from acknowledgments (pure): binding, staleness, revocation, tampering."""

from __future__ import annotations

from bot.authority import CodeOwners
from checks.config import RepoConfig
from checks.diff import parse_diff
from checks.model import Gate
from checks.policy import load_packs
from checks.review import analyze
from checks.semgrep import ScanResult
from checks.signoff import Ack, CommandState, apply, body_hash, decide_command, evaluate, parse_acks, who_may
from checks.snapshot import Snapshot

DIFF = parse_diff("diff --git a/src/auth/login.py b/src/auth/login.py\nnew file mode 100644\n--- /dev/null\n"
                  "+++ b/src/auth/login.py\n@@ -0,0 +1 @@\n+def login(): ...\n")
[GATE] = analyze(Snapshot(DIFF), load_packs(), RepoConfig(), ScanResult()).gates
TEXT = "/guard signoff auth"


def everyone(login: str, gate: Gate) -> tuple[bool, str]:
    return True, ""


def ack(cmd: int, action: str = "signoff", fp: str | None = None, signer: str = "bob", order: int = 0) -> Ack:
    return Ack(cmd, "comment", signer, action, {"auth": fp if fp is not None else GATE.fingerprint},  # type: ignore[arg-type]
               "a" * 40, body_hash(TEXT), order or cmd)


def state(*cmds: int, text: str = TEXT) -> dict[tuple[str, int], CommandState]:
    return {("comment", c): CommandState(body_hash(text)) for c in cmds}


def test_marker_round_trips_and_junk_is_ignored() -> None:
    a = ack(5)
    assert parse_acks(f"hello\n{a.marker()}\n", order=99) == [Ack(5, "comment", "bob", "signoff",
                                                                   {"auth": GATE.fingerprint}, "a" * 40,
                                                                   body_hash(TEXT), 99)]
    assert parse_acks("<!-- constraint-guard:ack:!!notbase64 -->", 1) == []
    assert parse_acks("<!-- constraint-guard:ack:e30= -->", 1) == []  # "{}": fields missing


def test_valid_signoff_closes_the_gate() -> None:
    out = evaluate([GATE], [ack(1)], state(1), everyone)
    [gate] = apply([GATE], out)
    assert gate.signed_off_by == ("bob",) and not gate.open and gate.signed_at == ("a" * 40,)


def test_signoff_of_other_hunks_is_stale() -> None:
    out = evaluate([GATE], [ack(1, fp="0" * 16)], state(1), everyone)[GATE.id]
    assert out.valid == () and [s.login for s in out.stale] == ["bob"]


def test_deleted_command_revokes_and_edited_command_voids() -> None:
    assert evaluate([GATE], [ack(1)], {}, everyone)[GATE.id].valid == ()
    edited = evaluate([GATE], [ack(1)], state(1, text="/guard signoff auth,payments"), everyone)[GATE.id]
    assert edited.valid == () and edited.void == (("bob", "the command was edited after it was acknowledged"),)


def test_revoke_after_signoff_and_signoff_after_revoke() -> None:
    assert evaluate([GATE], [ack(1), ack(2, "revoke", "")], state(1, 2), everyone)[GATE.id].valid == ()
    again = evaluate([GATE], [ack(1), ack(2, "revoke", ""), ack(3)], state(1, 2, 3), everyone)[GATE.id]
    assert [s.login for s in again.valid] == ["bob"]


def test_signer_who_lost_authority_does_not_count() -> None:
    out = evaluate([GATE], [ack(1)], state(1), lambda login, gate: (False, "has read permission"))[GATE.id]
    assert out.valid == () and out.void == (("bob", "no longer authorized: has read permission"),)


def test_decide_command_refuses_gates_that_are_not_open() -> None:
    outcome = decide_command("signoff", ["auth", "payments"], "bob", {"auth": GATE}, everyone)
    assert outcome.signed == {"auth": GATE.fingerprint}
    assert outcome.refused == {"payments": "this gate is not open on this pull request"}


def test_who_may_names_teams_with_the_org() -> None:
    from checks.model import SignoffRule

    rule = SignoffRule(teams=("payments-reviewers",), users=("cfo",), min_permission="write", count=2)
    assert who_may(rule, "acme") == "@acme/payments-reviewers or @cfo with write permission or more (2 people)"


def test_codeowners_last_match_wins() -> None:
    owners = CodeOwners.parse("* @everyone-team\n/src/auth/ @acme/security  # auth\n*.md @docs\n")
    assert owners.owners_of("src/auth/login.py") == ("acme/security",)
    assert owners.owners_of("src/auth/README.md") == ("docs",)
    assert owners.owners_of("lib/x.py") == ("everyone-team",)
