"""A repository's `.github/constraint-guard.yml`, validated, and merged over the packs."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checks.model import GateId, Severity, SignoffRule
from checks.policy import PolicyError, PolicyPack, Signoff, load_yaml, validation_error

CONFIG_PATH = ".github/constraint-guard.yml"
CONFIG_PATHS = (CONFIG_PATH, ".github/constraint-guard.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GateConfig(_Strict):
    """Per-gate settings of a repository."""

    enabled: bool = True
    paths: tuple[str, ...] = ()  # extra path globs that open the gate
    exclude: tuple[str, ...] = ()  # extra globs that never open it
    signoff: Signoff | None = None  # replaces the pack's default sign-off requirement


class RulesConfig(_Strict):
    """Rule selection: disable rules or change their severity."""

    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}


class PathsConfig(_Strict):
    """Files left out of the scan entirely (reported as skips, never silently)."""

    ignore: tuple[str, ...] = ()


class ReviewConfig(_Strict):
    """How the App behaves on a pull request."""

    drafts: bool = False
    max_inline_comments: int = Field(default=30, ge=0, le=500)


class LimitsConfig(_Strict):
    """Bounds that keep one review from stalling the rest."""

    max_file_bytes: int = Field(default=1_000_000, ge=1_000, le=50_000_000)
    scan_timeout_seconds: int = Field(default=300, ge=5, le=3_600)


class RepoConfig(_Strict):
    """Version 1 of the repository configuration."""

    version: Literal[1] = 1
    gates: dict[GateId, GateConfig] = {}
    rules: RulesConfig = RulesConfig()
    paths: PathsConfig = PathsConfig()
    review: ReviewConfig = ReviewConfig()
    limits: LimitsConfig = LimitsConfig()

    def gate(self, gate: GateId) -> GateConfig:
        return self.gates.get(gate, GateConfig())

    def signoff_for(self, pack: PolicyPack) -> SignoffRule:
        """The repo's override if any, else the pack's default."""
        chosen = self.gate(pack.id).signoff or pack.signoff
        return SignoffRule(
            teams=tuple(chosen.teams),
            users=tuple(chosen.users),
            min_permission=chosen.min_permission,
            count=chosen.count,
            codeowners=chosen.codeowners,
        )


def parse_config(file: str, text: str) -> RepoConfig:
    """Validate a repository config's YAML text; an empty file means all defaults."""
    data = load_yaml(file, text)
    if data is None:
        return RepoConfig()
    if not isinstance(data, dict):
        raise PolicyError(file, "", "a mapping at the top level (version, gates, rules, ...)")
    try:
        return RepoConfig.model_validate(data)
    except ValidationError as exc:
        raise validation_error(file, exc) from exc
