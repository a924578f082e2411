"""Which gates a change opens, why, and which checklist items it makes relevant (pure)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from checks.code import changed_code, reformatted
from checks.config import GateConfig, RepoConfig
from checks.diff import Diff, FileChange, FileStatus, Hunk
from checks.manifests import version_bumps
from checks.model import ChecklistItem, Finding, Gate, GateId, Reason, Skip, SuppressionState
from checks.paths import first_match, generator_marker, matches, third_party_build
from checks.policy import LineTrigger, PolicyPack

_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Whitespace-insensitive form of a line: re-indenting does not change a fingerprint."""
    return _WS.sub("", text)


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


MAX_REASONS = 10  # per gate; the rest are counted on the gate (`more_reasons`)


@dataclass(frozen=True)
class _Hit:
    reason: Reason
    hunk_key: tuple[str, int] | None  # (path, hunk index) whose content binds the sign-off
    opens: bool = True  # False: a comment, docstring, import or type line, or weak evidence alone: fingerprint only


def _hunk_at(change: FileChange, line: int | None) -> int | None:
    if line is None:
        return None
    for i, h in enumerate(change.hunks):
        if h.new_start <= line < h.new_start + max(h.new_len, 1):
            return i
    return None


def _hunk_text(h: Hunk) -> str:
    return "\n".join(f"{ln.kind}{normalize(ln.text)}" for ln in h.lines if ln.kind != " ")


def fingerprint(diff: Diff, hits: Sequence[_Hit]) -> str:
    """Hash of the normalised hunks that opened a gate: paths and changed lines, no numbers.

    A rebase that shifts lines keeps it; a push that edits those hunks changes it.
    """
    parts: set[str] = set()
    done: set[tuple[str, int]] = set()  # many hits share a hunk: normalise each hunk once
    for hit in hits:
        change = diff.file(hit.reason.path)
        if hit.hunk_key is not None and change is not None:
            if hit.hunk_key not in done:
                done.add(hit.hunk_key)
                parts.add(f"{change.path}\n{_hunk_text(change.hunks[hit.hunk_key[1]])}")
        elif change is not None and change.hunks:
            parts.update(f"{change.path}\n{_hunk_text(h)}" for h in change.hunks)
        else:
            status = change.status.value if change is not None else ""
            parts.add(f"{hit.reason.path}\n{status}\n{normalize(hit.reason.text)}")
    digest = hashlib.sha256("\n\x00".join(sorted(parts)).encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class _Changed:
    """One added or removed line: where to point, its text, and its code (see checks/code.py)."""

    line: int | None  # new-side line to point at
    kind: str  # "+" or "-"
    text: str
    code: str  # the text without comments and docstrings (the text itself in non-code files)
    behaves: bool  # holds code that is not only an import or a type declaration


def _changed_lines(change: FileChange, head_text: str | None) -> Iterable[_Changed]:
    """Every added and removed line of a file, with the code a line trigger may read."""
    sides = changed_code(change, head_text)
    added, removed = sides if sides is not None else ({}, {})
    # lines that change no behaviour: a manifest line that only changes a version, and code
    # a formatter only re-laid
    bumped_new, bumped_old = version_bumps(change)
    layout_new, layout_old = reformatted(change, added, removed)
    quiet_new, quiet_old = bumped_new | layout_new, bumped_old | layout_old
    for h in change.hunks:
        anchor = h.new_start
        for ln in h.lines:
            if ln.new_no is not None:
                anchor = ln.new_no
            if ln.kind == "+":
                code = added.get(ln.new_no) if ln.new_no is not None else None
                behaves = (code.behaves if code else True) and ln.new_no not in quiet_new
                yield _Changed(ln.new_no, "+", ln.text, code.code if code else ln.text, behaves)
            elif ln.kind == "-":
                code = removed.get(ln.old_no) if ln.old_no is not None else None
                behaves = (code.behaves if code else True) and ln.old_no not in quiet_old
                yield _Changed(max(anchor, 1) if h.new_len else None, "-", ln.text,
                               code.code if code else ln.text, behaves)


MAX_LINE = 10_000  # characters of one changed line that line triggers read


class ChangedLines:
    """Each file's changed lines, read once per review, and which texts each pattern finds.

    A big change repeats many lines (closing braces, blank lines, common calls), and every
    gate's line triggers look at all of them: each distinct text is searched once per
    pattern, and only in files some gate reads (a minified bundle's 500 KB lines never are).
    """

    def __init__(self, diff: Diff, texts: Mapping[str, str] | None = None) -> None:
        self.diff = diff
        self.texts = texts or {}
        self._lines: dict[int, tuple[FileChange, list[_Changed]]] = {}
        self._builds: dict[int, tuple[FileChange, bool]] = {}
        self._found: dict[str, dict[str, bool]] = {}

    def warm(self, packs: Iterable[PolicyPack], config: RepoConfig) -> None:
        """Read the changed lines of every file a gate reads and run its line triggers now.

        A review does this while the engines run in their own processes, so that deciding
        the gates afterwards only looks answers up.
        """
        for pack in packs:
            exclude = _excluded_by(pack, config.gate(pack.id))
            if not pack.triggers.lines or exclude is None:
                continue
            for change in self.diff.files:
                if self.reads(change, exclude):
                    for ch in self.of(change):
                        for trigger in pack.triggers.lines:
                            self.finds(trigger.pattern, ch.code)
                            self.finds(trigger.pattern, ch.text)

    def reads(self, change: FileChange, exclude: tuple[str, ...]) -> bool:
        """Whether a gate with these exclude globs reads this file: not excluded, and not a
        minified or bundled build (checks/paths.py), which is no one's change to review line by line."""
        candidates = (change.path, change.old_path) if change.old_path else (change.path,)
        if any(matches(p, exclude) for p in candidates):
            return False
        return not self._build(change)

    def _build(self, change: FileChange) -> bool:
        """Whether a file is a minified or bundled build, decided once per review (every gate asks)."""
        known = self._builds.get(id(change))
        if known is None or known[0] is not change:
            text = self.texts.get(change.path)
            if text is None:  # a deleted file, or only hunks known: judge by what the hunks show
                text = "\n".join(ln.text for h in change.hunks for ln in h.lines)
            known = self._builds[id(change)] = (change, third_party_build(change.path, text) is not None)
        return known[1]

    def of(self, change: FileChange) -> list[_Changed]:
        known = self._lines.get(id(change))
        if known is None or known[0] is not change:
            known = (change, list(_changed_lines(change, self.texts.get(change.path))))
            self._lines[id(change)] = known
        return known[1]

    def finds(self, pattern: str, text: str) -> bool:
        """Whether `pattern` finds a match in `text` (each distinct text searched once).

        Only a line's first MAX_LINE characters are read: a longer line is data or generated
        (a hand-written line that long does not exist), and searching megabyte lines with
        every trigger cost minutes on one Ghost release.
        """
        seen = self._found.setdefault(pattern, {})
        found = seen.get(text)
        if found is None:
            found = seen[text] = _regex(pattern).search(text, 0, MAX_LINE) is not None
        return found


def _excluded_by(pack: PolicyPack, settings: GateConfig) -> tuple[str, ...] | None:
    """The globs a gate never opens on (its pack's and the config's), or None when it is off."""
    return tuple(pack.triggers.exclude) + tuple(settings.exclude) if settings.enabled else None


def _domain_hits(pack: PolicyPack, diff: Diff, paths: tuple[str, ...], exclude: tuple[str, ...],
                 lines: ChangedLines | None = None) -> list[_Hit]:
    memo = lines if lines is not None and lines.diff is diff else ChangedLines(diff)
    hits: list[_Hit] = []
    for change in diff.files:
        if not memo.reads(change, exclude):
            continue
        candidates = {change.path} | ({change.old_path} if change.old_path else set())
        if _regenerated(change, memo.texts.get(change.path)):
            # a generator's output: its lines bind the fingerprint, the generator's change opens the gate
            hits += [replace(h, opens=False) for t in pack.triggers.lines for h in _line_hits(t, change, memo)]
            continue
        glob = next((g for p in candidates if (g := first_match(p, paths))), None)
        if glob is not None:
            hits.append(_Hit(Reason(change.path, None, f"{change.status.value} file matches `{glob}`",
                                    change.status.value), None))
        by_trigger = [(t, found, any(h.opens for h in found))
                      for t in pack.triggers.lines for found in [_line_hits(t, change, memo)]]
        # weak triggers (`alone: false`) need company: the path glob or another trigger opening here
        opening = sum(opens for _, _, opens in by_trigger)
        for trigger, found, opens in by_trigger:
            if trigger.alone or glob is not None or opening - opens > 0:
                hits += found
            else:
                hits += [replace(h, opens=False) for h in found]
    return hits


def _regenerated(change: FileChange, head: str | None) -> bool:
    """A code file that carried a generator's marker before this change and still does.

    A marker the change adds is not taken (as with suppressions): calling a hand-written
    file generated must not keep it from opening a gate.
    """
    marker = generator_marker(change.path, head) if head is not None and change.status is FileStatus.MODIFIED else None
    if marker is None:
        return False
    added = change.added
    return not any(n in added for n in range(marker[0], marker[1] + 1))


def _line_hits(trigger: LineTrigger, change: FileChange, memo: ChangedLines) -> list[_Hit]:
    """The changed lines of one file that one line trigger finds."""
    elsewhere = bool(trigger.exclude) and matches(change.path, trigger.exclude)  # the word means another thing here
    hits = []
    for ch in memo.of(change):
        opens = ch.behaves and not elsewhere and memo.finds(trigger.pattern, ch.code)
        if opens or memo.finds(trigger.pattern, ch.text):  # a comment or import line still binds the fingerprint
            why = trigger.why if ch.kind == "+" else f"removes a line that {trigger.why}"
            hits.append(_Hit(Reason(change.path, ch.line, why, normalize(ch.text)),
                             (change.path, _hunk_at(change, ch.line) or 0) if ch.line else None, opens))
    return hits


def _finding_hits(pack: PolicyPack, diff: Diff, findings: Sequence[Finding]) -> list[_Hit]:
    hits: list[_Hit] = []
    rules = set(pack.triggers.rules)
    for f in findings:
        if not f.reported:
            continue
        by_rule = f.rule_id in rules
        by_severity = pack.triggers.severity is not None and f.severity.rank >= pack.triggers.severity.rank
        in_change = pack.id is GateId.SECURITY and f.suppression is SuppressionState.IN_CHANGE
        if not (by_rule or by_severity or in_change):
            continue
        headline = f.message.split(". ")[0]
        why = f"{f.rule_id}: suppressed in this change" if in_change else f"{f.rule_id}: {headline}"
        change = diff.file(f.path)
        hunk = _hunk_at(change, f.line) if change else None
        hits.append(_Hit(Reason(f.path, f.line, why, normalize(f.snippet)),
                         (f.path, hunk) if hunk is not None else None))
    return hits


def _skip_hits(diff: Diff, skips: Sequence[Skip]) -> list[_Hit]:
    return [
        _Hit(Reason(s.path, None, s.reason, s.path), None)
        for s in skips
        if s.unscanned and s.path is not None and diff.file(s.path) is not None
    ]


def _relevant(
    pack: PolicyPack, diff: Diff, exclude: tuple[str, ...], findings: Sequence[Finding],
    lines: ChangedLines | None = None,
) -> list[ChecklistItem]:
    memo = lines if lines is not None and lines.diff is diff else ChangedLines(diff)
    fired = {f.rule_id for f in findings if f.reported}
    in_scope = [c for c in diff.files if memo.reads(c, exclude)]
    texts: list[str] | None = None  # the distinct changed texts of in-scope files, in order
    items = []
    for entry in pack.checklist:
        when = entry.when
        hit = bool(fired & set(when.rules))
        if not hit and when.paths:
            hit = any(matches(c.path, when.paths) for c in in_scope)
        if not hit and when.lines:
            if texts is None:
                texts = list(dict.fromkeys(ch.code for c in in_scope for ch in memo.of(c) if ch.behaves))
            regex = _regex(when.lines)
            hit = any(regex.search(text) for text in texts)
        items.append(ChecklistItem(entry.id, entry.text, hit))
    return items


def _distinct_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """One reason per (path, line, why): deleted lines that collapse onto one new line say it once."""
    seen: dict[tuple[str, int | None, str], Reason] = {}
    for r in reasons:
        seen.setdefault((r.path, r.line, r.why), r)
    return tuple(seen.values())


def open_gates(
    diff: Diff,
    findings: Sequence[Finding],
    skips: Sequence[Skip],
    packs: Mapping[GateId, PolicyPack],
    config: RepoConfig,
    signed: Mapping[GateId, tuple[str, ...]] | None = None,
    texts: Mapping[str, str] | None = None,
    lines: ChangedLines | None = None,
) -> list[Gate]:
    """Every gate this change opens, in pack order, with reasons, checklist and fingerprint.

    `texts` (path -> whole head text) lets line triggers tell code from comments and
    docstrings across a whole file; without it each hunk is read on its own. `lines` is the
    same reading done ahead (`ChangedLines.warm`).
    """
    gates: list[Gate] = []
    if lines is None or lines.diff is not diff:
        lines = ChangedLines(diff, texts)
    for gate_id, pack in packs.items():
        settings = config.gate(gate_id)
        exclude = _excluded_by(pack, settings)
        if exclude is None:
            continue
        paths = tuple(pack.triggers.paths) + tuple(settings.paths)
        hits = _domain_hits(pack, diff, paths, exclude, lines) + _finding_hits(pack, diff, findings)
        if gate_id is GateId.SECURITY:
            hits += _skip_hits(diff, skips)
        if not any(h.opens for h in hits):
            continue
        reasons = _distinct_reasons(h.reason for h in hits if h.opens)
        gates.append(
            Gate(
                id=gate_id,
                title=pack.title,
                summary=pack.summary,
                reasons=reasons[:MAX_REASONS],
                more_reasons=max(0, len(reasons) - MAX_REASONS),
                checklist=tuple(_relevant(pack, diff, exclude, findings, lines)),
                fingerprint=fingerprint(diff, hits),
                signoff=config.signoff_for(pack),
                signed_off_by=(signed or {}).get(gate_id, ()),
            )
        )
    return gates


def gate_of(finding: Finding, packs: Mapping[GateId, PolicyPack]) -> GateId | None:
    """The gate a finding opens for the JSON report: its domain pack first, else security."""
    for gate_id, pack in packs.items():
        if gate_id is not GateId.SECURITY and finding.rule_id in pack.triggers.rules:
            return gate_id
    security = packs.get(GateId.SECURITY)
    if security is not None and finding.rule_id in security.triggers.rules:
        return GateId.SECURITY
    if security is not None and security.triggers.severity is not None:
        if finding.severity.rank >= security.triggers.severity.rank:
            return GateId.SECURITY
    if finding.suppression is SuppressionState.IN_CHANGE:
        return GateId.SECURITY
    return None
