"""New dependencies looked up in their registries: manifests (golden), findings, skips, cache."""

from __future__ import annotations

import difflib
import json
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from checks import manifests, popular, registries
from checks.config import RegistriesConfig, parse_config
from checks.diff import parse_diff
from checks.model import Finding, Severity
from checks.registries import MemoryCache, SqliteCache, check_dependencies
from checks.semgrep import ScanResult
from checks.snapshot import Snapshot
from tests.registry_double import RegistryDouble, serve

GOLDEN = Path(__file__).parent / "fixtures" / "manifests"


def _diff(path: str, base: str | None, head: str) -> str:
    if base is None:
        header = f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n"
        lines = head.splitlines()
        return header + f"@@ -0,0 +1,{len(lines)} @@\n" + "".join(f"+{ln}\n" for ln in lines)
    body = difflib.unified_diff(base.splitlines(), head.splitlines(), f"a/{path}", f"b/{path}", lineterm="")
    return f"diff --git a/{path} b/{path}\n" + "".join(ln + "\n" for ln in body)


def snapshot(files: Mapping[str, tuple[str | None, str]], *, texts: bool = True) -> Snapshot:
    """A change from {path: (base text or None for a new file, head text)}."""
    diff = parse_diff("".join(_diff(p, b, h) for p, (b, h) in files.items()))
    return Snapshot(diff, {p: h for p, (_, h) in files.items()} if texts else {})


def _golden(case: str) -> tuple[str, str, str, list[list[Any]]]:
    folder = GOLDEN / case
    expected = json.loads((folder / "expected.json").read_text())
    return expected["path"], (folder / "base").read_text(), (folder / "head").read_text(), expected["added"]


CASES = sorted(p.name for p in GOLDEN.iterdir())


# --- manifests (pure) -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_manifest_golden_lists_only_added_registry_dependencies_on_their_lines(case: str) -> None:
    path, base, head, expected = _golden(case)
    deps, skips = manifests.added_dependencies(snapshot({path: (base, head)}))
    assert skips == []
    got = sorted(([d.ecosystem.value, d.name, d.line] for d in deps), key=lambda t: t[2])
    assert got == sorted(expected, key=lambda t: t[2])


@pytest.mark.parametrize("case", CASES)
def test_a_new_manifest_adds_every_registry_dependency_it_declares(case: str) -> None:
    path, _, head, _ = _golden(case)
    deps, _ = manifests.added_dependencies(snapshot({path: (None, head)}))
    assert {d.name for d in deps} == {name for name, _ in manifests.declared(path, head)}
    assert all(d.line >= 1 for d in deps)


def test_requirements_known_only_from_hunks_are_still_read() -> None:
    path, base, head, expected = _golden("requirements")
    deps, skips = manifests.added_dependencies(snapshot({path: (base, head)}, texts=False))
    assert skips == [] and sorted(d.name for d in deps) == sorted(e[1] for e in expected)


def test_structured_manifest_known_only_from_hunks_is_a_stated_skip() -> None:
    path, base, head, _ = _golden("cargo")
    deps, skips = manifests.added_dependencies(snapshot({path: (base, head)}, texts=False))
    assert deps == [] and skips[0].path == path and "not verified" in skips[0].reason


def test_a_dependency_moved_between_manifests_is_not_new() -> None:
    change = snapshot({
        "requirements.txt": ("flask==3.0\nrequests==2.31\n", "flask==3.0\n"),
        "pyproject.toml": ('[project]\nname = "x"\ndependencies = []\n',
                           '[project]\nname = "x"\ndependencies = ["requests>=2.31"]\n'),
    })
    assert manifests.added_dependencies(change)[0] == []


def test_unreadable_manifest_is_a_skip_not_a_pass() -> None:
    deps, skips = manifests.added_dependencies(snapshot({"package.json": (None, '{"dependencies": {"a": "1",}}\n')}))
    assert deps == [] and "not valid JSON" in skips[0].reason


def test_pom_with_a_doctype_is_refused_not_expanded() -> None:
    pom = ('<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
           "<project><dependencies><dependency><groupId>a</groupId><artifactId>&x;</artifactId>"
           "</dependency></dependencies></project>\n")
    deps, skips = manifests.added_dependencies(snapshot({"pom.xml": (None, pom)}))
    assert deps == [] and "DOCTYPE" in skips[0].reason


@pytest.mark.parametrize(
    ("ecosystem", "name", "popular_name"),
    [
        (manifests.Ecosystem.PYPI, "reqeusts", "requests"),  # transposition
        (manifests.Ecosystem.PYPI, "dateutil-python", "python-dateutil"),  # word order
        (manifests.Ecosystem.NPM, "expresss", "express"),  # insertion
        (manifests.Ecosystem.GO, "github.com/Sirupsen/logrus", "github.com/sirupsen/logrus"),  # case
        (manifests.Ecosystem.CRATES, "serde_jsonn", "serde_json"),
        (manifests.Ecosystem.MAVEN, "org.postgresql:postgressql", "org.postgresql:postgresql"),
    ],
)
def test_near_misses_of_popular_names(ecosystem: manifests.Ecosystem, name: str, popular_name: str) -> None:
    assert popular.near_miss(ecosystem, name) == popular_name


@pytest.mark.parametrize(
    ("ecosystem", "name"),
    [(manifests.Ecosystem.PYPI, "requests"), (manifests.Ecosystem.PYPI, "Python_Dateutil"),
     (manifests.Ecosystem.NPM, "react-dom"), (manifests.Ecosystem.PYPI, "attrs"), (manifests.Ecosystem.PYPI, "six")],
)
def test_popular_and_equivalent_names_are_not_near_misses(ecosystem: manifests.Ecosystem, name: str) -> None:
    assert popular.near_miss(ecosystem, name) is None


# --- registry look-ups against the local double -----------------------------------------------


@pytest.fixture
def double() -> Iterator[RegistryDouble]:
    reg = RegistryDouble()
    for eco, name in [
        ("pypi", "django"), ("pypi", "psycopg"), ("pypi", "requests"), ("pypi", "celery"), ("pypi", "stripe"),
        ("pypi", "python-dateutil"), ("pypi", "httpx"), ("pypi", "pydantic"), ("pypi", "pydantic-settings"),
        ("pypi", "weasyprint"), ("pypi", "setuptools-scm"), ("pypi", "pytest-asyncio-cooperative"),
        ("npm", "@stripe/react-stripe-js"), ("npm", "dayjs"), ("npm", "@testing-library/react"), ("npm", "express"),
        ("go", "github.com/stripe/stripe-go/v76"), ("go", "github.com/Sirupsen/logrus"),
        ("crates", "rust-decimal"), ("crates", "nix"),
        ("maven", "org.javamoney:moneta"), ("maven", "com.google.guava:guava"), ("maven", "org.joda:joda-money"),
        ("maven", "software.amazon.awssdk:bom"),
    ]:
        reg.add(eco, name)
    with serve(reg) as running:
        yield running


def config_for(reg: RegistryDouble, **kw: Any) -> RegistriesConfig:
    return RegistriesConfig.model_validate({**reg.base_urls(), "timeout_seconds": 2, **kw})


def _added_line(path: str, base: str, line: str) -> Snapshot:
    return snapshot({path: (base, base + line + "\n")})


NONEXISTENT = [
    ("requirements.txt", "flask==3.0\n", "reqeusts-oauth==0.4.1", "reqeusts-oauth", "PyPI"),
    ("pyproject.toml", '[project]\nname = "app"\ndependencies = ["httpx"]\n\n[project.optional-dependencies]\n',
     'money = ["moneyed-decimal-utils>=0.3"]', "moneyed-decimal-utils", "PyPI"),
    ("package.json", "", None, "react-currency-formater", "npm"),
    ("go.mod", "module github.com/acme/app\n\ngo 1.22\n\n", "require github.com/shopspring/decimal-money v1.3.1",
     "github.com/shopspring/decimal-money", "the Go module proxy"),
    ("Cargo.toml", '[package]\nname = "x"\n\n[dependencies]\nnix = "0.28"\n', 'money-rs-fast = "0.2"',
     "money-rs-fast", "crates.io"),
    ("pom.xml", "", None, "com.stripe:stripe-java-money-utils", "Maven Central"),
    ("build.gradle", "dependencies {\n", '    implementation "org.postgresql:postgressql:42.7.3"',
     "org.postgresql:postgressql", "Maven Central"),
]


def _nonexistent_snapshot(path: str, base: str, line: str | None, name: str) -> tuple[Snapshot, int]:
    if path == "package.json":
        base = '{\n  "name": "shop",\n  "dependencies": {\n    "express": "^4.19.0"\n  }\n}\n'
        head = base.replace('"^4.19.0"\n', f'"^4.19.0",\n    "{name}": "^1.0.2"\n')
        return snapshot({path: (base, head)}), 5
    if path == "pom.xml":
        base = "<project>\n  <dependencies>\n  </dependencies>\n</project>\n"
        added = ("    <dependency>\n      <groupId>com.stripe</groupId>\n"
                 "      <artifactId>stripe-java-money-utils</artifactId>\n    </dependency>\n")
        head = base.replace("  </dependencies>", added + "  </dependencies>")
        return snapshot({path: (base, head)}), 3
    assert line is not None
    return _added_line(path, base, line), base.count("\n") + 1


@pytest.mark.parametrize(("path", "base", "line", "name", "registry"), NONEXISTENT)
def test_a_name_that_does_not_exist_is_an_error_on_the_added_line(
    double: RegistryDouble, path: str, base: str, line: str | None, name: str, registry: str
) -> None:
    change, line_no = _nonexistent_snapshot(path, base, line, name)
    result = check_dependencies(change, config_for(double))
    errors = [f for f in result.findings if f.rule_id == registries.RULE_NONEXISTENT]
    assert len(errors) == 1, result
    f = errors[0]
    assert f.severity is Severity.ERROR and f.path == path and f.line == line_no
    assert f.cwe == "CWE-829" and f.message.startswith(f"`{name}` does not exist on {registry}: a hallucinated name")
    assert "slopsquatting" in f.message and "Fix:" in f.message
    assert result.skips == ()


def test_the_error_suggests_the_popular_name_it_nearly_spells(double: RegistryDouble) -> None:
    result = check_dependencies(_added_line("requirements.txt", "", "reqeusts==2.32"), config_for(double))
    assert [f.rule_id for f in result.findings] == [registries.RULE_NONEXISTENT]
    assert "did you mean `requests`?" in result.findings[0].message


def test_an_established_package_is_not_reported(double: RegistryDouble) -> None:
    result = check_dependencies(_added_line("requirements.txt", "flask==3.0\n", "stripe>=9"), config_for(double))
    assert result.findings == () and result.skips == () and result.scanned == 1


@pytest.mark.parametrize(
    ("path", "base", "line", "eco", "name"),
    [
        ("requirements.txt", "", "invoice-pdf-kit==0.1", "pypi", "invoice-pdf-kit"),
        ("package.json", "", None, "npm", "invoice-pdf-kit"),
        ("go.mod", "module m.example/x\n", "require github.com/acme-oss/invoicekit v0.1.0", "go",
         "github.com/acme-oss/invoicekit"),
        ("Cargo.toml", "[dependencies]\n", 'invoice-pdf-kit = "0.1"', "crates", "invoice-pdf-kit"),
    ],
)
def test_a_package_first_published_days_ago_is_a_warning(
    double: RegistryDouble, path: str, base: str, line: str | None, eco: str, name: str
) -> None:
    double.add(eco, name, age_days=3, versions=("0.1.0", "0.1.1"))
    if line is None:
        change = snapshot({path: ('{"dependencies": {}}\n', '{"dependencies": {\n  "invoice-pdf-kit": "0.1"\n}}\n')})
    else:
        change = _added_line(path, base, line)
    result = check_dependencies(change, config_for(double))
    assert [(f.rule_id, f.severity) for f in result.findings] == [(registries.RULE_NEW, Severity.WARNING)], result
    assert "first published on" in result.findings[0].message and "3 days ago" in result.findings[0].message


def test_a_pypi_name_without_release_files_is_a_warning(double: RegistryDouble) -> None:
    double.add("pypi", "invoice-pdf-kit", files=False)
    result = check_dependencies(_added_line("requirements.txt", "", "invoice-pdf-kit"), config_for(double))
    assert [f.rule_id for f in result.findings] == [registries.RULE_NEW]
    assert "has no released files" in result.findings[0].message


def test_an_existing_near_miss_is_a_typosquat_warning(double: RegistryDouble) -> None:
    head = "module m.example/x\n\nrequire github.com/Sirupsen/logrus v1.9.3\n"
    change = snapshot({"go.mod": ("module m.example/x\n", head)})
    result = check_dependencies(change, config_for(double))
    assert [(f.rule_id, f.severity, f.line) for f in result.findings] == [
        (registries.RULE_TYPOSQUAT, Severity.WARNING, 3)]
    assert "`github.com/sirupsen/logrus`" in result.findings[0].message


@pytest.mark.parametrize(("age_days", "reported"), [(4000, False), (200, True)])
def test_a_one_edit_near_miss_its_registry_has_carried_for_years_is_its_own_package(
    double: RegistryDouble, age_days: int, reported: bool
) -> None:
    # npm's `cookies` (2011) sits one edit from `cookie`: an established name, not a fresh trap
    double.add("npm", "cookies", age_days=age_days)
    change = snapshot({"package.json": ('{"dependencies": {}}\n', '{"dependencies": {\n  "cookies": "0.9"\n}}\n')})
    result = check_dependencies(change, config_for(double))
    assert [f.rule_id for f in result.findings] == ([registries.RULE_TYPOSQUAT] if reported else [])


def test_the_popular_name_spelt_another_way_is_reported_at_any_age(double: RegistryDouble) -> None:
    double.add("npm", "Express", age_days=4000)  # same words as `express`, only the case differs
    change = snapshot({"package.json": ('{"dependencies": {}}\n', '{"dependencies": {\n  "Express": "4"\n}}\n')})
    result = check_dependencies(change, config_for(double))
    assert [f.rule_id for f in result.findings] == [registries.RULE_TYPOSQUAT]


def test_registry_down_is_a_stated_skip_per_dependency(double: RegistryDouble) -> None:
    double.down = True
    result = check_dependencies(_added_line("requirements.txt", "", "stripe\nhttpx"), config_for(double))
    assert result.findings == ()
    assert [s.reason.split(" (")[0] for s in result.skips] == [
        "registry unreachable: dependency stripe not verified", "registry unreachable: dependency httpx not verified"]
    assert all(s.path == "requirements.txt" and "HTTP 503" in s.reason for s in result.skips)


def test_nothing_listening_is_a_skip_not_a_pass() -> None:
    reg = RegistryDouble()
    with serve(reg):
        pass  # the port is closed again
    result = check_dependencies(_added_line("requirements.txt", "", "reqeusts"), config_for(reg))
    assert [f.rule_id for f in result.findings] == [registries.RULE_TYPOSQUAT]  # offline, still computed
    assert result.skips[0].reason.startswith("registry unreachable: dependency reqeusts not verified (PyPI: ")


def test_a_5xx_for_one_name_skips_only_that_name(double: RegistryDouble) -> None:
    double.broken.add(("npm", "dayjs"))
    change = snapshot({"package.json": ('{"dependencies": {}}\n',
                                        '{"dependencies": {\n  "dayjs": "1",\n  "react-currency-formater": "1"\n}}\n')})
    result = check_dependencies(change, config_for(double))
    assert [f.rule_id for f in result.findings] == [registries.RULE_NONEXISTENT]
    assert [s.reason for s in result.skips] == [
        "registry unreachable: dependency dayjs not verified (npm: HTTP 503)"]


def test_a_slow_registry_is_cut_off_by_the_timeout(double: RegistryDouble) -> None:
    double.slow[("crates", "nix")] = 2.0
    started = time.monotonic()
    change = _added_line("Cargo.toml", "[dependencies]\n", 'nix = "0.28"\nrust_decimal = "1"')
    result = check_dependencies(change, config_for(double, timeout_seconds=0.3))
    assert time.monotonic() - started < 1.5
    assert result.findings == ()
    assert [s.reason.split(" (")[0] for s in result.skips] == ["registry unreachable: dependency nix not verified"]


def test_the_total_budget_bounds_the_review(double: RegistryDouble) -> None:
    double.slow[("pypi", "stripe")] = 1.5
    started = time.monotonic()
    result = check_dependencies(_added_line("requirements.txt", "", "stripe"), config_for(double, timeout_seconds=5),
                                budget_seconds=0.3)
    assert time.monotonic() - started < 1.0
    assert "budget" in result.skips[0].reason


def test_a_cache_hit_makes_no_second_request(double: RegistryDouble) -> None:
    cache = MemoryCache()
    change = _added_line("requirements.txt", "", "stripe\nreqeusts-oauth")
    first = check_dependencies(change, config_for(double), cache=cache)
    count = len(double.requests)
    second = check_dependencies(change, config_for(double), cache=cache)
    assert count == 2 and len(double.requests) == count
    assert first.findings == second.findings


def test_the_sqlite_cache_outlives_the_process_and_expires(double: RegistryDouble, tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = SqliteCache(tmp_path / "cg" / "registries.sqlite3", clock=lambda: now[0])
    change = _added_line("requirements.txt", "", "stripe\nreqeusts-oauth")
    check_dependencies(change, config_for(double), cache=cache)
    again = SqliteCache(cache.path, clock=lambda: now[0])
    check_dependencies(change, config_for(double), cache=again)
    assert len(double.requests) == 2
    now[0] += registries.MISSING_TTL_SECONDS + 1  # the missing name is asked again, the found one not yet
    check_dependencies(change, config_for(double), cache=again)
    assert len(double.requests) == 3 and double.hits("reqeusts-oauth") == 2


def test_registry_errors_are_not_cached(double: RegistryDouble) -> None:
    cache = MemoryCache()
    double.down = True
    check_dependencies(_added_line("requirements.txt", "", "stripe"), config_for(double), cache=cache)
    double.down = False
    result = check_dependencies(_added_line("requirements.txt", "", "stripe"), config_for(double), cache=cache)
    assert result.skips == () and len(double.requests) == 2


def test_a_dependency_already_in_the_base_is_not_looked_up(double: RegistryDouble) -> None:
    change = snapshot({"requirements.txt": ("reqeusts-oauth==0.4\nflask\n", "reqeusts-oauth==0.5\nflask\n")})
    result = check_dependencies(change, config_for(double))
    assert result.findings == () and double.requests == []


def test_configured_base_urls_are_the_ones_asked(double: RegistryDouble) -> None:
    path, base, head, expected = _golden("package-json")
    config = parse_config("cg.yml", "registries:\n" + "".join(f"  {k}: {v}\n" for k, v in double.base_urls().items()))
    check_dependencies(snapshot({path: (base, head)}), config.registries)
    assert sorted(double.requests) == sorted([
        "/npm/@stripe%2Freact-stripe-js", "/npm/react-currency-formater", "/npm/dayjs",
        "/npm/@testing-library%2Freact", "/npm/expresss"])


def test_each_registry_api_is_asked_in_its_own_shape(double: RegistryDouble) -> None:
    files = {case: _golden(case) for case in CASES}
    change = snapshot({path: (base, head) for path, base, head, _ in files.values()})
    result = check_dependencies(change, config_for(double))
    assert result.skips == ()
    assert double.hits("/pypi-mirror/pypi/stripe/json") == 1
    assert double.hits("/goproxy/github.com/!sirupsen/logrus/@v/list") == 1
    assert double.hits("/goproxy/github.com/!sirupsen/logrus/@v/v1.0.0.info") == 1
    assert double.hits("/crates/api/v1/crates/rust_decimal") == 1
    assert double.hits("/maven/solrsearch/select?q=g%3A%22org.javamoney%22+AND+a%3A%22moneta%22") == 1
    missing = sorted(f.snippet.rsplit(":", 1)[-1] for f in result.findings if f.rule_id == registries.RULE_NONEXISTENT)
    assert missing == sorted([
        "reqeusts-oauth", "fastapi-jwt-authz", "moneyed-decimal-utils", "pendulumx", "blackk",
        "react-currency-formater", "expresss", "github.com/shopspring/decimal-money", "serde-jsonn", "money-rs-fast",
        "stripe-java-money-utils", "postgressql"])


def test_disabled_or_ignored_names_are_not_looked_up(double: RegistryDouble) -> None:
    change = _added_line("requirements.txt", "", "acme-internal-sdk\nreqeusts-oauth")
    assert check_dependencies(change, config_for(double, enabled=False)) == ScanResult()
    result = check_dependencies(change, config_for(double, ignore=("acme-*",)))
    assert [f.snippet for f in result.findings] == ["dependency:pypi:reqeusts-oauth"]
    assert double.hits("acme") == 0


def test_the_new_rule_ids_open_the_security_gate() -> None:
    from checks.model import GateId
    from checks.policy import load_packs

    security = load_packs()[GateId.SECURITY]
    assert {registries.RULE_NEW, registries.RULE_TYPOSQUAT} <= set(security.triggers.rules)
    item = next(c for c in security.checklist if c.id == "security-dependency-exists")
    assert registries.RULE_NONEXISTENT in item.when.rules


def test_a_review_of_a_requirements_change_reports_the_hallucinated_name(double: RegistryDouble) -> None:
    from checks.config import RepoConfig
    from checks.policy import load_packs
    from checks.review import review

    change = snapshot({"requirements.txt": ("requests==2.32.3\n", "requests==2.32.3\nreqeusts-oauth==1.0\n")})
    from checks.model import GateId
    config = RepoConfig.model_validate({"registries": {**double.base_urls(), "timeout_seconds": 2}})
    report = review(change, load_packs(), config)
    assert [(f.rule_id, f.path, f.line, f.gate) for f in report.findings] == [
        (registries.RULE_NONEXISTENT, "requirements.txt", 2, GateId.SECURITY)]
    assert "security" in {g.id.value for g in report.gates}


def test_the_app_never_sends_look_ups_where_a_repositorys_config_points_unless_allowed() -> None:
    from bot.settings import Settings
    from bot.worker import app_config
    from checks.config import RepoConfig

    config = RepoConfig.model_validate({"registries": {"pypi": "http://10.0.0.5:8080", "ignore": ["acme-*"]}})
    settings = Settings(app_id=1, webhook_secret="s", private_key="k")
    applied = app_config(config, settings).registries
    assert applied.pypi == "https://pypi.org" and applied.ignore == ("acme-*",)
    trusting = Settings(app_id=1, webhook_secret="s", private_key="k", registry_urls_from_config=True)
    assert app_config(config, trusting).registries.pypi == "http://10.0.0.5:8080"
    off = Settings(app_id=1, webhook_secret="s", private_key="k", registries_enabled=False)
    assert app_config(config, off).registries.enabled is False


def test_a_warning_that_opens_security_says_so_in_the_report(double: RegistryDouble) -> None:
    from checks.config import RepoConfig
    from checks.model import GateId
    from checks.policy import load_packs
    from checks.review import analyze

    young = Finding(registries.RULE_NEW, Severity.WARNING, "requirements.txt", 1, 1, "new. Fix: x", snippet="x")
    change = snapshot({"requirements.txt": (None, "x\n")})
    report = analyze(change, load_packs(), RepoConfig(), ScanResult(findings=(young,)))
    assert [f.gate for f in report.findings] == [GateId.SECURITY]
