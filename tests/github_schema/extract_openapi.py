"""Cut the REST operations the App calls out of GitHub's OpenAPI description (refresh tool).

    cd /tmp && npm pack @octokit/openapi && tar xzf octokit-openapi-*.tgz
    python tests/github_schema/extract_openapi.py /tmp/package/generated/api.github.com.json

writes tests/github_schema/openapi-subset.json.gz: for each operation its method, path and the
response schema of each success status, plus every component schema those reach through ``$ref``, unchanged.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

# The operations the App (bot/) calls, by GitHub's operationId; tests/test_github_contract.py drives
# the double through each of them.
OPERATIONS = (
    "apps/create-installation-access-token",
    "apps/list-installations",
    "apps/list-repos-accessible-to-installation",
    "apps/list-webhook-deliveries",
    "apps/redeliver-webhook-delivery",
    "checks/create",
    "checks/update",
    "checks/list-for-ref",
    "git/get-blob",
    "issues/create-comment",
    "issues/list-comments",
    "issues/update-comment",
    "pulls/create-review",
    "pulls/create-review-comment",
    "pulls/get",
    "pulls/list",
    "pulls/list-commits",
    "pulls/list-files",
    "pulls/list-reviews",
    "reactions/create-for-issue-comment",
    "repos/get-collaborator-permission-level",
    "teams/get-membership-for-user-in-org",
)
OUT = Path(__file__).parent / "openapi-subset.json.gz"


def refs(node: Any) -> set[str]:
    """The component schema names ``node`` refers to directly."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


def main(description: Path) -> None:
    api = json.loads(description.read_text())
    schemas = api["components"]["schemas"]
    responses = api["components"].get("responses", {})
    operations: dict[str, Any] = {}
    for path, item in api["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or op.get("operationId") not in OPERATIONS:
                continue
            answers = {}
            for status, answer in op["responses"].items():
                if status.startswith("2"):
                    if "$ref" in answer:
                        answer = responses[answer["$ref"].rsplit("/", 1)[-1]]
                    answers[status] = answer.get("content", {}).get("application/json", {}).get("schema")
            operations[op["operationId"]] = {"method": method.upper(), "path": path, "responses": answers}
    missing = set(OPERATIONS) - set(operations)
    if missing:
        raise SystemExit(f"not in the description: {sorted(missing)}")
    wanted: set[str] = set()
    todo = refs(list(operations.values()))
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo |= refs(schemas[name]) - wanted
    subset = {
        "source": f"@octokit/openapi {api['info']['version']}, generated/{description.name} (MIT)",
        "operations": dict(sorted(operations.items())),
        "components": {"schemas": {name: schemas[name] for name in sorted(wanted)}},
    }
    OUT.write_bytes(gzip.compress(json.dumps(subset, indent=1, sort_keys=True).encode(), mtime=0))
    print(f"{OUT}: {len(operations)} operations, {len(wanted)} component schemas")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
