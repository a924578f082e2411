"""`constraint-guard`: review a local change (`check`), validate a config (`validate`), or run
the GitHub App (`serve`: webhook server + in-process worker; `worker`: workers only)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot.localgit import GitError, read_change
from checks.config import CONFIG_PATH, RepoConfig, parse_config
from checks.decide import exit_code
from checks.diff import DiffError, FileStatus, parse_diff
from checks.policy import PolicyError, load_packs
from checks.render import FORMATS, render
from checks.review import review
from checks.snapshot import Snapshot

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="constraint-guard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="review a local change")
    check.add_argument("--repo", default=".", help="git repository (default: .)")
    check.add_argument("--base", help="base revision (default: merge-base with the default branch)")
    check.add_argument("--head", help="head revision (default: the working tree)")
    check.add_argument("--diff", metavar="FILE", help="review a unified diff file instead (- for stdin)")
    check.add_argument("--config", metavar="FILE", help=f"repo config (default: {CONFIG_PATH} at the base)")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")

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


def _read_config(path: str | None, fallback_text: str | None, fallback_name: str | None) -> RepoConfig:
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read config {path}: {exc.strerror}") from exc
        return parse_config(path, text)
    if fallback_text is not None:
        return parse_config(f"{fallback_name} (at the base)", fallback_text)
    return RepoConfig()


def _snapshot_from_diff(source: str) -> Snapshot:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read diff {source}: {exc.strerror}") from exc
    diff = parse_diff(data)
    # only files wholly in the diff (new files) can be scanned; the rest get pattern checks
    texts = {
        f.path: "\n".join(ln.text for h in f.hunks for ln in h.lines if ln.kind == "+") + "\n"
        for f in diff.files
        if f.status is FileStatus.ADDED and not f.binary
    }
    return Snapshot(diff, texts)


def run_check(args: argparse.Namespace) -> int:
    packs = load_packs()
    if args.diff is not None:
        if args.base or args.head:
            raise UsageError("--diff cannot be combined with --base/--head")
        snapshot = _snapshot_from_diff(args.diff)
        config = _read_config(args.config, None, None)
    else:
        change = read_change(Path(args.repo), args.base, args.head)
        snapshot = Snapshot(change.diff, change.texts)
        config = _read_config(args.config, change.config_text, change.config_path)
    report = review(snapshot, packs, config)
    text = render(report, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    for err in report.errors:
        print(f"constraint-guard: {err}", file=sys.stderr)
    return exit_code(report.verdict)


def run_validate(args: argparse.Namespace) -> int:
    load_packs()
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read config {args.file}: {exc.strerror}") from exc
    parse_config(args.file, text)
    print(f"{args.file}: valid (and the shipped policy packs load)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return run_check(args)
        if args.command in ("serve", "worker"):
            return run_app(args)
        return run_validate(args)
    except (UsageError, PolicyError, DiffError, GitError) as exc:
        print(f"constraint-guard: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
