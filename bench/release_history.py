"""Build a git history from a package's published releases, for replaying on code nobody here wrote.

This machine reaches package registries but not GitHub, so public repositories' own
commits are out of reach. Their releases are not: each release of a package on PyPI (its
sdist) or npm (its tarball) becomes one commit, in version order (so a maintenance
branch's backports do not interleave), on a fresh repository. `constraint-guard replay`
then reviews every release against the one before it: a real merged change, larger than
a typical commit, so findings per change here overstate the per-commit rate rather than
flatter it.

    .venv/bin/python bench/release_history.py pypi:django-oscar --last 25 --out ~/.cache/cg-histories

The repository lands in OUT/<registry>-<name>; an existing one is reused when it already
holds the requested releases. Nothing from the package is executed or copied into this repo.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
from packaging.version import InvalidVersion, Version

TIMEOUT = httpx.Timeout(60.0)


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO 8601 upload time
    url: str


def _stable(version: str) -> bool:
    try:
        parsed = Version(version)
    except InvalidVersion:
        return False
    return not (parsed.is_prerelease or parsed.is_devrelease)


def pypi_releases(client: httpx.Client, name: str) -> list[Release]:
    response = client.get(f"https://pypi.org/pypi/{name}/json").raise_for_status()
    data = response.json()
    out = []
    for version, files in data["releases"].items():
        sdists = [f for f in files if f["packagetype"] == "sdist" and not f.get("yanked")]
        if sdists and _stable(version):
            # mirrors answer with URLs relative to the JSON document
            url = urljoin(str(response.url), sdists[0]["url"])
            out.append(Release(version, sdists[0]["upload_time_iso_8601"], url))
    return sorted(out, key=lambda r: Version(r.version))


def npm_releases(client: httpx.Client, name: str) -> list[Release]:
    data = client.get(f"https://registry.npmjs.org/{name}").raise_for_status().json()
    out = []
    for version, meta in data["versions"].items():
        if _stable(version) and not meta.get("deprecated"):
            out.append(Release(version, data["time"][version], meta["dist"]["tarball"]))
    return sorted(out, key=lambda r: Version(r.version))


def _unpack(blob: bytes, url: str, into: Path) -> None:
    """Unpack an archive into `into`, dropping its single top-level folder; members that
    would land outside `into` (absolute paths, `..`, links) are skipped."""
    root = into.resolve()

    def target(name: str) -> Path | None:
        parts = Path(name).parts[1:]
        if not parts or ".." in parts or Path(name).is_absolute():
            return None
        path = (root / Path(*parts)).resolve()
        return path if path.is_relative_to(root) else None

    if url.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(blob)) as zipped:
            for info in zipped.infolist():
                dest = target(info.filename)
                if dest is not None and not info.is_dir():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(zipped.read(info))
        return
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:*") as archive:
        for member in archive.getmembers():
            dest = target(member.name)
            if dest is None or not member.isfile():
                continue
            source = archive.extractfile(member)
            if source is not None:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(source.read())


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def build(spec: str, last: int, out: Path) -> Path:
    """The repository for `spec` (`pypi:NAME` or `npm:NAME`) with its last `last` changes."""
    registry, _, name = spec.partition(":")
    if registry not in ("pypi", "npm") or not name:
        raise SystemExit(f"{spec}: expected pypi:NAME or npm:NAME")
    repo = out / f"{registry}-{name.replace('/', '__').replace('@', '')}"
    with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client:
        releases = (pypi_releases if registry == "pypi" else npm_releases)(client, name)[-(last + 1):]
        if len(releases) < 2:
            raise SystemExit(f"{spec}: fewer than two stable releases")
        if (repo / ".git").is_dir():
            have = _git(repo, "log", "--format=%s").split("\n")
            if all(f"{name} {r.version}" in have for r in releases):
                return repo
            shutil.rmtree(repo)
        repo.mkdir(parents=True)
        _git(repo, "init", "-q", "-b", "main")
        for release in releases:
            for child in repo.iterdir():
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            blob = client.get(release.url).raise_for_status().content
            _unpack(blob, release.url, repo)
            _git(repo, "add", "-A")
            env = {"GIT_AUTHOR_DATE": release.date, "GIT_COMMITTER_DATE": release.date,
                   "GIT_AUTHOR_NAME": "release", "GIT_AUTHOR_EMAIL": "release@example.invalid",
                   "GIT_COMMITTER_NAME": "release", "GIT_COMMITTER_EMAIL": "release@example.invalid",
                   "PATH": "/usr/bin:/bin"}
            _git(repo, "commit", "-q", "--allow-empty", "-m", f"{name} {release.version}", env=env)
            print(f"{spec} {release.version}", file=sys.stderr)
    return repo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="+", metavar="REGISTRY:NAME")
    parser.add_argument("--last", type=int, default=25, help="changes (releases after the first)")
    parser.add_argument("--out", type=Path, default=Path.home() / ".cache" / "cg-histories")
    args = parser.parse_args(argv)
    for spec in args.specs:
        print(build(spec, args.last, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
