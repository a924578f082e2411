"""`constraint-guard`: review a local change (`check`), replay a branch's merged changes
(`replay`), validate a config (`validate`), or run the GitHub App (`serve`: webhook server +
in-process worker; `worker`: workers only)."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

# Only what reading a change needs loads here; the review's modules (pydantic models, policy
# packs, the engines) load in run_check once the TypeScript checker's node, if the change
# needs one, is already starting on the other core.
from bot.localgit import GitError, LocalChange, default_branch, read_change, read_commits, toplevel
from checks import tsnode
from checks.diff import DiffError, FileStatus, parse_diff
from checks.paths import CONFIG_PATH
from checks.render import EXTENSIONS, FORMATS, Compared, Revision, render
from checks.snapshot import Snapshot

if TYPE_CHECKING:
    from checks.config import RepoConfig
    from checks.prescan import Prescan

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _formats(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(v.strip() for v in value.split(",")))
    for name in names:
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r} (expected {', '.join(FORMATS)}, or several joined by commas)"
            )
    return names


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return n


def _iso_date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date such as 2025-01-31 or 2025-01-31T12:00:00Z, got {value!r}"
        ) from None


REPLAY_FORMATS = ("text", "json", "html")
DEFAULT_REPLAY = 50


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="constraint-guard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="review a local change")
    check.add_argument("--repo", default=".", help="git repository (default: .)")
    check.add_argument("--base", help="base revision (default: merge-base with the default branch)")
    check.add_argument("--head", help="head revision (default: the working tree)")
    check.add_argument("--diff", metavar="FILE", help="review a unified diff file instead (- for stdin)")
    check.add_argument("--config", metavar="FILE", help=f"repo config (default: {CONFIG_PATH} at the base)")
    check.add_argument("--format", type=_formats, default=("text",), metavar="FMT[,FMT...]",
                       help=f"{', '.join(FORMATS)}; several joined by commas write one file each (needs -o)")
    check.add_argument("--output", "-o", metavar="FILE",
                       help="write the report here instead of stdout; with several formats, the files' "
                            "common name (-o report: report.json, report.sarif)")
    check.add_argument("--sarif", metavar="FILE", help="also write SARIF here, beside the main report")

    replay = sub.add_parser("replay", help="review a branch's last merged changes: what the gates would have done")
    replay.add_argument("--repo", default=".", help="git repository (default: .)")
    span = replay.add_mutually_exclusive_group()
    span.add_argument("--last", type=_positive, metavar="N",
                      help=f"the last N merged changes (default: {DEFAULT_REPLAY})")
    span.add_argument("--since", type=_iso_date, metavar="DATE", help="merged changes since an ISO date")
    replay.add_argument("--base-branch", metavar="BRANCH", help="branch to replay (default: the default branch)")
    replay.add_argument("--format", choices=REPLAY_FORMATS, default="text")
    replay.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    replay.add_argument("--config", metavar="FILE",
                        help=f"a candidate config for every change (default: {CONFIG_PATH} at each change's base)")
    replay.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N",
                        help="reviews run side by side (default: 1)")

    validate = sub.add_parser("validate", help="validate a repo config and the policy packs")
    validate.add_argument("file", nargs="?", default=CONFIG_PATH)

    serve = sub.add_parser("serve", help="run the GitHub App: webhook server and an in-process worker")
    serve.add_argument("--host", help="listen address (default: HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (default: PORT or 8080)")
    sub.add_parser("worker", help="run queue workers only (several hosts can share one Redis queue)")
    return parser


def run_app(args: argparse.Namespace) -> int:
    from bot import runtime
    from bot.settings import SettingsError, load_settings

    overrides = {k: v for k, v in {"host": getattr(args, "host", None), "port": getattr(args, "port", None)}.items()
                 if v is not None}
    try:
        settings = load_settings(**overrides)
        runtime.setup_logging(settings)
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    if args.command == "serve":
        runtime.serve(settings)
    else:
        runtime.work(settings)
    return 0


def _read_text(path: str, what: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"cannot read {what} {path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})"
        ) from exc


def _read_config(path: str) -> RepoConfig:
    from checks.config import parse_config

    return parse_config(path, _read_text(path, "config"))


def _writable(path: Path) -> None:
    """Refuse an output path before the scan rather than after it."""
    where = f"cannot write report {path}"
    if path.is_dir():
        raise UsageError(f"{where}: it is a directory (name a file in it)")
    parent = path.parent
    if not parent.exists():
        raise UsageError(f"{where}: directory {parent} does not exist")
    if not parent.is_dir():
        raise UsageError(f"{where}: {parent} is not a directory")
    if not os.access(path if path.exists() else parent, os.W_OK):
        raise UsageError(f"{where}: permission denied")


def plan_outputs(formats: Sequence[str], output: str | None, sarif: str | None) -> list[tuple[str, Path | None]]:
    """Each (format, file) a check writes (None: stdout), every file checked writable."""
    if len(formats) > 1:
        if not output:
            raise UsageError(f"several formats ({', '.join(formats)}) need -o NAME to name their files "
                             f"(-o report writes report{EXTENSIONS[formats[0]]}, report{EXTENSIONS[formats[1]]})")
        if output.endswith(("/", os.sep)) or Path(output).is_dir():
            raise UsageError(f"-o {output} is a directory: with several formats -o names the files "
                             f"(e.g. -o {Path(output) / 'report'})")
        # `-o report.json` with json,sarif means report.json and report.sarif, not report.json.json
        stem = next((output[: -len(e)] for e in EXTENSIONS.values() if output.endswith(e)), output)
        plan: list[tuple[str, Path | None]] = [(f, Path(stem + EXTENSIONS[f])) for f in formats]
    else:
        plan = [(formats[0], Path(output) if output else None)]
    if sarif:
        plan.append(("sarif", Path(sarif)))
    files = [p for _, p in plan if p is not None]
    for path in files:
        if files.count(path) > 1:
            raise UsageError(f"two reports would be written to {path}")
        _writable(path)
    return plan


def _write(path: Path | None, text: str) -> None:
    if path is None:
        sys.stdout.write(text)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write report {path}: {exc.strerror or exc}") from exc


def _snapshot_from_diff(source: str) -> Snapshot:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read diff {source}: {exc.strerror or exc}") from exc
    diff = parse_diff(data)
    # only files wholly in the diff (new files) can be scanned; the rest get pattern checks
    texts = {
        f.path: "\n".join(ln.text for h in f.hunks for ln in h.lines if ln.kind == "+") + "\n"
        for f in diff.files
        if f.status is FileStatus.ADDED and not f.binary
    }
    return Snapshot(diff, texts)


def _compared(head: str | None, change: LocalChange) -> Compared:
    head_rev = Revision(head, change.head) if head and change.head else Revision("working tree", None)
    return Compared(Revision(change.base_ref, change.base), head_rev)


def run_check(args: argparse.Namespace) -> int:
    if args.diff is not None and (args.base or args.head):
        raise UsageError("--diff cannot be combined with --base/--head")
    # every input and output is checked before the scan: a typo must not cost a whole review
    outputs = plan_outputs(args.format, args.output, args.sarif)
    config_text = _read_text(args.config, "config") if args.config is not None else None
    change: LocalChange | None = None
    if args.diff is not None:
        snapshot = _snapshot_from_diff(args.diff)
        compared = Compared(diff=args.diff)
    else:
        try:
            change = read_change(Path(args.repo), args.base, args.head)
        except OSError as exc:  # git itself could not start
            raise UsageError(f"cannot run git ({exc.strerror or exc}): is it installed and on PATH?") from exc
        snapshot = Snapshot(change.diff, change.texts)
        compared = _compared(args.head, change)
    # node deserialises the TypeScript compiler while the rest of the review loads
    scripts = any(tsnode.wants(f.path) for f in snapshot.diff.files if f.status is not FileStatus.DELETED)
    early = tsnode.Early.start() if scripts else None
    # no config governs the change: the defaults decide its scan, so semgrep starts now and the
    # review's other modules load while it runs (the review checks it planned the same scan)
    unconfigured = config_text is None and (change is None or change.config_text is None)
    prescan = _prescan(snapshot) if unconfigured else None
    with early or nullcontext(), prescan or nullcontext():
        return _review_and_report(args, snapshot, compared, change, config_text, outputs, early, prescan)


def _prescan(snapshot: Snapshot) -> Prescan | None:
    from checks.targets import plan_scan

    plan = plan_scan(snapshot)
    if not plan.targets:
        return None  # nothing to scan (a docs-only change): the review starts no engine
    from checks.prescan import Prescan

    return Prescan(plan)


def _review_and_report(args: argparse.Namespace, snapshot: Snapshot, compared: Compared, change: LocalChange | None,
                       config_text: str | None, outputs: list[tuple[str, Path | None]],
                       early: tsnode.Early | None, prescan: Prescan | None) -> int:
    from checks import agents, semgrep, tscheck
    from checks.config import RepoConfig, parse_config
    from checks.decide import exit_code
    from checks.manifests import touches_manifests
    from checks.model import Commit
    from checks.policy import load_packs
    from checks.review import review

    config = parse_config(args.config, config_text) if config_text is not None else None
    packs = load_packs()
    commits: list[Commit] | None = None  # None: a diff file has no commits to judge
    if change is not None:
        if config is None and change.config_text is not None:
            # named as git names a file at a commit, so `git show` finds exactly what was read
            config = parse_config(f"{change.base[:7]}:{change.config_path}", change.config_text)
        commits = read_commits(Path(args.repo), change.base, change.head)
    config = config or RepoConfig()
    cache = None
    if touches_manifests(snapshot):  # the registry client loads only when a manifest changed
        from checks.registries import SqliteCache

        cache = SqliteCache.default()
    tschecker = functools.partial(tscheck.check, early=early) if early is not None else None
    report = review(snapshot, packs, config, scanner=prescan or semgrep.scan, registry_cache=cache,
                    tschecker=tschecker)
    if commits is not None:
        # applied after the review, so the engine stays a function of the code alone
        found = agents.detect(commits, config.agents)
        report = agents.apply_policy(report, found, config, packs, snapshot.diff)
    for fmt, path in outputs:
        _write(path, render(report, fmt, compared))
    for err in report.errors:
        print(f"constraint-guard: {err}", file=sys.stderr)
    return exit_code(report.verdict)


def run_replay(args: argparse.Namespace) -> int:
    from bot import replay
    from checks.render import replay as replay_render

    repo = Path(args.repo)
    (_, output), = plan_outputs(("text",), args.output, None)
    config = _read_config(args.config) if args.config is not None else None
    try:
        root = toplevel(repo)
    except OSError as exc:
        raise UsageError(f"cannot run git ({exc.strerror or exc}): is it installed and on PATH?") from exc
    branch = args.base_branch or default_branch(root)
    last = None if args.since is not None else (args.last or DEFAULT_REPLAY)
    changes = replay.merged_changes(root, branch, last=last, since=args.since)
    from checks.policy import load_packs

    packs = load_packs()

    def progress(i: int, n: int, change: replay.MergedChange) -> None:
        print(f"\r[{i}/{n}] {change.sha[:7]} {change.subject[:60]:<60}", end="", file=sys.stderr, flush=True)

    tty = sys.stderr.isatty()
    done = replay.replay(root, changes, packs, config=config, jobs=args.jobs, progress=progress if tty else None)
    if tty and changes:
        print(file=sys.stderr)
    selection = {"since": args.since.isoformat()} if args.since is not None else {"last": last}
    summary = replay_render.summarize(done, repo=str(root), base_branch=branch, selection=selection)
    _write(output, replay_render.render(summary, args.format))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from checks.policy import load_packs

    load_packs()
    if args.file == CONFIG_PATH and not Path(CONFIG_PATH).exists():
        raise UsageError(f"no {CONFIG_PATH} here: run from the repository root, or pass the file to validate "
                         "(no config at all means the defaults)")
    _read_config(args.file)
    print(f"{args.file}: valid (and the shipped policy packs load)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    # no third-party pydantic plugin has any business watching our config and policy models, and
    # looking for them scans every installed distribution's metadata: 0.02 s of each CLI run
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return run_check(args)
        if args.command == "replay":
            return run_replay(args)
        if args.command in ("serve", "worker"):
            return run_app(args)
        return run_validate(args)
    except Exception as exc:
        if not isinstance(exc, _user_errors()):
            raise
        # a config can have several problems: one line each, every line a complete message
        for line in str(exc).splitlines() or ["unknown error"]:
            print(f"constraint-guard: error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _user_errors() -> tuple[type[Exception], ...]:
    """What a user's input or environment caused: one line each, exit 2, no traceback."""
    from checks.policy import PolicyError  # loaded by then wherever a pack or config failed

    return (UsageError, PolicyError, DiffError, GitError)


if __name__ == "__main__":
    sys.exit(main())
