"""The REST resources the double serves, one handler per GitHub endpoint."""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request

from tests.github_double.model import (
    DOCS,
    MAX_BODY_CHARS,
    MAX_GIT_BLOB_BYTES,
    MAX_PR_FILES,
    REACTIONS,
    ROLE_TO_PERMISSION,
    WEB,
    Repo,
    Token,
    _node_id,
    base64_lines,
    blob_sha,
    iso,
    quote_path,
)
from tests.github_double.routing import HTTPError, not_found, route, unprocessable


class RestResources:
    """REST handlers, registered with @route (mixed into GitHubDouble)."""

    # ------------------------------------------------------------------ REST: app & installations

    @route("GET", "/app", auth="jwt")
    def r_get_app(self, **_: Any) -> tuple[int, Any, dict[str, str]]:
        return 200, self._app_json(), {}

    @route("GET", "/app/installations", auth="jwt")
    def r_list_installations(self, request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        items = [self._installation_json(i) for i in sorted(self.installations.values(), key=lambda i: i.id)]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("GET", "/app/installations/{installation_id}", auth="jwt")
    def r_get_installation(self, installation_id: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        inst = self.installations.get(int(installation_id)) if installation_id.isdigit() else None
        if inst is None:
            raise not_found()
        return 200, self._installation_json(inst), {}

    @route("POST", "/app/installations/{installation_id}/access_tokens", auth="jwt")
    def r_create_token(self, installation_id: str, body: Any, **_: Any) -> tuple[int, Any, dict[str, str]]:
        inst = self.installations.get(int(installation_id)) if installation_id.isdigit() else None
        if inst is None:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/apps/apps#create-an-installation-access-token-for-an-app")
        if inst.suspended:
            raise HTTPError(403, "This installation has been suspended")
        perms = dict(inst.permissions)
        if isinstance(body, dict) and isinstance(body.get("permissions"), dict):
            for k, v in body["permissions"].items():
                if k not in inst.permissions or (v == "write" and inst.permissions[k] == "read"):
                    raise unprocessable(
                        message=f"The permissions requested are not granted to this installation. ({k})"
                    )
            perms = dict(body["permissions"])
        expires = time.time() + self.token_ttl
        tok = "ghs_" + secrets.token_hex(18)
        self.tokens[tok] = Token(tok, "installation", expires, installation_id=inst.id)
        self.token_mints.append({"installation_id": inst.id, "token": tok, "time": time.time()})
        out = {
            "token": tok,
            "expires_at": iso(datetime.fromtimestamp(expires, UTC)),
            "permissions": perms,
            "repository_selection": "all" if inst.repositories is None else "selected",
        }
        if inst.repositories is not None:
            out["repositories"] = [self._repo_json(self.repos[f"{inst.account}/{n}"]) for n in inst.repositories
                                   if f"{inst.account}/{n}" in self.repos]
        return 201, out, {}

    @route("GET", "/repos/{owner}/{repo}/installation", auth="jwt")
    def r_repo_installation(self, owner: str, repo: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_for(None, owner, repo)
        for inst in self.installations.values():
            if inst.account.lower() == r.owner.lower() and (inst.repositories is None or r.name in inst.repositories):
                return 200, self._installation_json(inst), {}
        raise not_found()

    @route("GET", "/installation/repositories")
    def r_installation_repos(self, ctx: Token, request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        inst = self.installations.get(ctx.installation_id or -1)
        if inst is None:
            raise HTTPError(403, "This endpoint requires an installation token")
        repos = [
            self._repo_json(r)
            for r in self.repos.values()
            if r.owner == inst.account and (inst.repositories is None or r.name in inst.repositories)
        ]
        chunk, headers = self._paginate(request, repos)
        sel = "all" if inst.repositories is None else "selected"
        return 200, {"total_count": len(repos), "repositories": chunk, "repository_selection": sel}, headers

    @route("GET", "/rate_limit")
    def r_rate_limit(self, **_: Any) -> tuple[int, Any, dict[str, str]]:
        def overview(res: str) -> dict[str, Any]:
            b = self.rate[res]
            return {"limit": b["limit"], "remaining": b["limit"] - b["used"], "reset": b["reset"], "used": b["used"]}

        core = overview("core")
        return 200, {"resources": {"core": core, "graphql": overview("graphql"), "search": {**core}}, "rate": core}, {}

    # ------------------------------------------------------------------ REST: hook deliveries

    @route("GET", "/app/hook/deliveries", auth="jwt")
    def r_list_deliveries(self, request: Request, **_: Any) -> tuple[int, Any, dict[str, str]]:
        query = dict(parse_qsl(request.url.query))
        per_page = max(1, min(100, int(query.get("per_page", 30))))
        items = sorted(self._deliveries, key=lambda d: d["id"], reverse=True)
        cursor = query.get("cursor")
        if cursor:
            m = re.fullmatch(r"v1_(\d+)", cursor)
            if not m:
                raise unprocessable(message="Invalid cursor")
            items = [d for d in items if d["id"] < int(m.group(1))]
        if query.get("status"):
            want = query["status"]
            items = [d for d in items if (want == "success") == (200 <= d["status_code"] < 300)]
        chunk = items[:per_page]
        headers = {}
        if len(items) > per_page:
            nxt = {**query, "per_page": str(per_page), "cursor": f"v1_{chunk[-1]['id']}"}
            headers["Link"] = f'<{self.url}/app/hook/deliveries?{urlencode(nxt)}>; rel="next"'
        return 200, [dict(d) for d in chunk], headers

    @route("GET", "/app/hook/deliveries/{delivery_id}", auth="jwt")
    def r_get_delivery(self, delivery_id: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        d = next((d for d in self._deliveries if str(d["id"]) == delivery_id), None)
        if d is None:
            raise not_found()
        full = {
            **d,
            "url": f"{self.url}/webhook",
            "request": {"headers": {"X-GitHub-Delivery": d["guid"], "X-GitHub-Event": d["event"]}, "payload": {}},
            "response": {"headers": {}, "payload": ""},
        }
        return 200, full, {}

    @route("POST", "/app/hook/deliveries/{delivery_id}/attempts", auth="jwt")
    def r_redeliver(self, delivery_id: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        d = next((d for d in self._deliveries if str(d["id"]) == delivery_id), None)
        if d is None:
            raise not_found()
        self.redeliveries.append({"delivery_id": d["id"], "guid": d["guid"], "time": time.time()})
        if self.redeliver_hook is not None:  # tests play GitHub's part: send the delivery again
            threading.Thread(target=self.redeliver_hook, args=(dict(d),), daemon=True).start()
        return 202, {}, {}

    # ------------------------------------------------------------------ REST: pulls

    @route("GET", "/repos/{owner}/{repo}", perm=("metadata", "read"))
    def r_get_repo(self, ctx: Token, owner: str, repo: str, **_: Any) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_for(ctx, owner, repo)
        out = self._repo_json(r)
        out.update({"network_count": 0, "subscribers_count": 0, "temp_clone_token": None})
        return 200, out, {}

    @route("GET", "/repos/{owner}/{repo}/pulls", perm=("pull_requests", "read"))
    def r_list_pulls(self, ctx: Token, owner: str, repo: str, request: Request, query: dict, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        state = query.get("state", "open")
        if state not in ("open", "closed", "all"):
            raise unprocessable(message="Validation Failed")
        pulls = [p for p in self.pulls.values() if p.repo is r and (state == "all" or p.state == state)]
        if query.get("base"):
            pulls = [p for p in pulls if p.base_ref == query["base"]]
        if query.get("head"):
            pulls = [p for p in pulls if f"{r.owner}:{p.head_ref}" == query["head"]]
        pulls.sort(key=lambda p: p.number, reverse=query.get("direction", "desc") == "desc")
        chunk, headers = self._paginate(request, [self._pull_json(p, full=False) for p in pulls])
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}", perm=("pull_requests", "read"))
    def r_get_pull(self, ctx: Token, owner: str, repo: str, number: str, **_: Any) -> Any:
        return 200, self._pull_json(self._pull_for(ctx, owner, repo, number)), {}

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/files", perm=("pull_requests", "read"))
    def r_pull_files(self, ctx: Token, owner: str, repo: str, number: str, request: Request, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        sha = p.head_sha
        chunk, headers = self._paginate(
            request, list(p.files.items()), cap=MAX_PR_FILES, render=lambda kv: self._diff_entry(p, kv[0], kv[1], sha)
        )
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/commits", perm=("pull_requests", "read"))
    def r_pull_commits(self, ctx: Token, owner: str, repo: str, number: str, request: Request, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        chunk, headers = self._paginate(request, copy.deepcopy(p.commits), cap=250)
        return 200, chunk, headers

    # ------------------------------------------------------------------ REST: contents

    @route("GET", "/repos/{owner}/{repo}/contents/{path+}", perm=("contents", "read"))
    def r_get_content(self, ctx: Token, owner: str, repo: str, path: str, query: dict, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        path = path.strip("/")
        ref = query.get("ref") or None
        sha = self._resolve(r, ref)
        if sha is None:
            raise HTTPError(404, f"No commit found for the ref {ref}", doc=f"{DOCS}/repos/contents")
        data = self._lookup(sha, path)
        if data is None:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/repos/contents#get-repository-content")
        api = f"{self.url}/repos/{r.full_name}"
        bsha = blob_sha(data)
        qref = ref or r.default_branch
        encoded = base64_lines(data)
        return 200, {
            "type": "file",
            "encoding": "base64",
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": encoded,
            "sha": bsha,
            "url": f"{api}/contents/{quote_path(path)}?ref={qref}",
            "git_url": f"{api}/git/blobs/{bsha}",
            "html_url": f"{WEB}/{r.full_name}/blob/{qref}/{quote_path(path)}",
            "download_url": f"https://raw.githubusercontent.com/{r.full_name}/{qref}/{quote_path(path)}",
            "_links": {
                "self": f"{api}/contents/{quote_path(path)}?ref={qref}",
                "git": f"{api}/git/blobs/{bsha}",
                "html": f"{WEB}/{r.full_name}/blob/{qref}/{quote_path(path)}",
            },
        }, {}

    def _blob(self, sha: str) -> bytes | None:
        """The content of any file the double holds whose git blob id is ``sha``."""
        if sha not in self._blobs:
            for tree in self.trees.values():
                for data in tree.files.values():
                    if data is not None:
                        self._blobs.setdefault(blob_sha(data), data)
        return self._blobs.get(sha)

    @route("GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}", perm=("contents", "read"))
    def r_get_blob(self, ctx: Token, owner: str, repo: str, file_sha: str, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        if not re.fullmatch(r"[0-9a-f]{40}", file_sha):
            raise unprocessable(message="The sha parameter must be exactly 40 characters and contain only [0-9a-f].",
                                doc=f"{DOCS}/git/blobs#get-a-blob")
        data = self._blob(file_sha)
        if data is None:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/git/blobs#get-a-blob")
        if len(data) > MAX_GIT_BLOB_BYTES:
            raise HTTPError(403, "This API returns blobs up to 100 MB in size. The requested blob is too large to "
                            "fetch via the API, but you can always clone the repository via Git to obtain it.",
                            doc=f"{DOCS}/git/blobs#get-a-blob")
        return 200, {
            "sha": file_sha, "node_id": _node_id("B", int(file_sha[:12], 16)),
            "url": f"{self.url}/repos/{r.full_name}/git/blobs/{file_sha}", "size": len(data),
            "content": base64_lines(data), "encoding": "base64",
        }, {}

    # ------------------------------------------------------------------ REST: check runs

    def _validate_check_payload(self, body: dict[str, Any], creating: bool) -> None:
        if creating:
            for key in ("name", "head_sha"):
                if not isinstance(body.get(key), str) or not body[key]:
                    raise unprocessable(message=f"Invalid request.\n\n\"{key}\" wasn't supplied.")
        status = body.get("status")
        if status is not None and status not in ("queued", "in_progress", "completed", "waiting", "requested",
                                                 "pending"):
            raise unprocessable(message=f"Invalid request.\n\n{status!r} is not a member of status.")
        conclusion = body.get("conclusion")
        if conclusion is not None and conclusion not in (
            "action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"
        ):
            raise unprocessable(message=f"Invalid request.\n\n{conclusion!r} is not a member of conclusion.")
        if status == "completed" and conclusion is None and creating:
            raise unprocessable(message="Invalid request.\n\nNo conclusion specified for completed status.")
        output = body.get("output")
        if output is not None:
            if not isinstance(output, dict):
                raise unprocessable(message="Invalid request.\n\nFor 'properties/output', is not an object.")
            for key in ("title", "summary"):
                if not isinstance(output.get(key), str):
                    raise unprocessable(message=f"Invalid request.\n\n\"{key}\" wasn't supplied.")
            for key in ("summary", "text"):
                # GitHub counts this limit in UTF-8 bytes, though its message says characters
                if isinstance(output.get(key), str) and len(output[key].encode("utf-8")) > 65535:
                    raise unprocessable(
                        message=f"Invalid request.\n\nOnly 65535 characters are allowed; "
                        f"{len(output[key].encode('utf-8'))} were supplied."
                    )
            anns = output.get("annotations") or []
            if len(anns) > 50:
                raise unprocessable(
                    message="Invalid request.\n\nFor 'properties/annotations', nil is not an array of at most 50 "
                    "items."
                )
            for a in anns:
                for key in ("path", "start_line", "end_line", "annotation_level", "message"):
                    if key not in a:
                        raise unprocessable(message=f"Invalid request.\n\n\"{key}\" wasn't supplied.")
                if a["annotation_level"] not in ("notice", "warning", "failure"):
                    raise unprocessable(message="Invalid request.\n\nannotation_level is not valid.")
                if ("start_column" in a or "end_column" in a) and a["start_line"] != a["end_line"]:
                    raise unprocessable(message="Invalid request.\n\nstart_column/end_column need a single line.")
                if a["end_line"] < a["start_line"]:
                    raise unprocessable(message="Invalid request.\n\nend_line must be >= start_line.")
        actions = body.get("actions") or []
        if len(actions) > 3:
            raise unprocessable(message="Invalid request.\n\nFor 'properties/actions', is an array of at most 3 items.")
        for a in actions:
            if len(a.get("label", "")) > 20 or len(a.get("description", "")) > 40 or len(a.get("identifier", "")) > 20:
                raise unprocessable(message="Invalid request.\n\nAction label/description/identifier too long.")

    def _check_json(self, cid: int) -> dict[str, Any]:
        return copy.deepcopy(self._check_runs[cid])

    def _apply_check_fields(self, run: dict[str, Any], cid: int, body: dict[str, Any]) -> None:
        for key in ("name", "details_url", "external_id", "started_at"):
            if key in body:
                run[key] = body[key]
        if "status" in body:
            run["status"] = body["status"]
        if body.get("conclusion") is not None:
            run["conclusion"] = body["conclusion"]
            run["status"] = "completed"
        if run["status"] == "completed" and run["completed_at"] is None:
            run["completed_at"] = body.get("completed_at") or iso()
        elif body.get("completed_at"):
            run["completed_at"] = body["completed_at"]
        output = body.get("output")
        if output:
            for key in ("title", "summary", "text"):
                if key in output:
                    run["output"][key] = output[key]
            for a in output.get("annotations") or []:
                path = a["path"]
                repo = self._check_repo[cid]
                self._annotations[cid].append(
                    {
                        "path": path,
                        "blob_href": f"{WEB}/{repo}/blob/{run['head_sha']}/{quote_path(path)}",
                        "start_line": a["start_line"],
                        "end_line": a["end_line"],
                        "start_column": a.get("start_column"),
                        "end_column": a.get("end_column"),
                        "annotation_level": a["annotation_level"],
                        "title": a.get("title"),
                        "message": a["message"],
                        "raw_details": a.get("raw_details"),
                    }
                )
            run["output"]["annotations_count"] = len(self._annotations[cid])
        if "actions" in body:
            run["actions"] = body["actions"]

    def _known_commit(self, r: Repo, sha: str) -> bool:
        return sha in self.trees or any(p.repo is r and p.version(sha) for p in self.pulls.values())

    @route("POST", "/repos/{owner}/{repo}/check-runs", perm=("checks", "write"))
    def r_create_check(self, ctx: Token, owner: str, repo: str, body: Any, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        if ctx.kind != "installation":
            raise HTTPError(403, "You must authenticate via a GitHub App.")
        if not isinstance(body, dict):
            raise HTTPError(400, "Problems parsing JSON")
        self._validate_check_payload(body, creating=True)
        if not self._known_commit(r, body["head_sha"]):
            raise unprocessable(message=f"No commit found for SHA: {body['head_sha']}")
        cid = next(self._ids)
        api = f"{self.url}/repos/{r.full_name}"
        suite = int(hashlib.sha1(f"{r.full_name}{body['head_sha']}".encode(), usedforsecurity=False).hexdigest()[:8],
                    16)
        prs = [
            {
                "url": f"{api}/pulls/{p.number}",
                "id": p.id,
                "number": p.number,
                "head": {"ref": p.head_ref, "sha": p.head_sha, "repo": {"id": r.id, "url": api, "name": r.name}},
                "base": {"ref": p.base_ref, "sha": p.base_sha, "repo": {"id": r.id, "url": api, "name": r.name}},
            }
            for p in self.pulls.values()
            if p.repo is r and p.head_sha == body["head_sha"] and p.state == "open"
        ]
        run = {
            "id": cid,
            "head_sha": body["head_sha"],
            "node_id": _node_id("CR", cid),
            "external_id": body.get("external_id", ""),
            "url": f"{api}/check-runs/{cid}",
            "html_url": f"{WEB}/{r.full_name}/runs/{cid}",
            "details_url": body.get("details_url", f"{WEB}/apps/{self.app_slug}"),
            "status": "queued",
            "conclusion": None,
            "started_at": body.get("started_at") or iso(),
            "completed_at": None,
            "output": {
                "title": None,
                "summary": None,
                "text": None,
                "annotations_count": 0,
                "annotations_url": f"{api}/check-runs/{cid}/annotations",
            },
            "name": body["name"],
            "check_suite": {"id": suite},
            "app": self._app_json(),
            "pull_requests": prs,
        }
        self._check_runs[cid] = run
        self._check_repo[cid] = r.full_name
        self._annotations[cid] = []
        self._apply_check_fields(run, cid, body)
        return 201, self._check_json(cid), {}

    def _check_for(self, ctx: Token, owner: str, repo: str, check_run_id: str) -> int:
        r = self._repo_for(ctx, owner, repo)
        cid = int(check_run_id) if check_run_id.isdigit() else -1
        if self._check_repo.get(cid) != r.full_name:
            raise not_found()
        return cid

    @route("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm=("checks", "write"))
    def r_update_check(self, ctx: Token, owner: str, repo: str, check_run_id: str, body: Any, **_: Any) -> Any:
        cid = self._check_for(ctx, owner, repo, check_run_id)
        if not isinstance(body, dict):
            raise HTTPError(400, "Problems parsing JSON")
        self._validate_check_payload(body, creating=False)
        self._apply_check_fields(self._check_runs[cid], cid, body)
        return 200, self._check_json(cid), {}

    @route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm=("checks", "read"))
    def r_get_check(self, ctx: Token, owner: str, repo: str, check_run_id: str, **_: Any) -> Any:
        return 200, self._check_json(self._check_for(ctx, owner, repo, check_run_id)), {}

    @route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", perm=("checks", "read"))
    def r_check_annotations(self, ctx: Token, owner: str, repo: str, check_run_id: str, request: Request,
                            **_: Any) -> Any:
        cid = self._check_for(ctx, owner, repo, check_run_id)
        chunk, headers = self._paginate(request, copy.deepcopy(self._annotations[cid]))
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", perm=("checks", "read"))
    def r_checks_for_ref(self, ctx: Token, owner: str, repo: str, ref: str, request: Request, query: dict,
                         **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        sha = self._resolve(r, ref) or ref
        runs = [
            c for cid, c in self._check_runs.items() if self._check_repo[cid] == r.full_name and c["head_sha"] == sha
        ]
        if query.get("check_name"):
            runs = [c for c in runs if c["name"] == query["check_name"]]
        if query.get("status"):
            runs = [c for c in runs if c["status"] == query["status"]]
        if query.get("filter", "latest") == "latest":
            latest: dict[str, dict[str, Any]] = {}
            for c in runs:
                latest[c["name"]] = c
            runs = list(latest.values())
        runs = sorted(runs, key=lambda c: c["id"], reverse=True)
        chunk, headers = self._paginate(request, copy.deepcopy(runs))
        return 200, {"total_count": len(runs), "check_runs": chunk}, headers

    # ------------------------------------------------------------------ REST: reviews & review comments

    @route("POST", "/repos/{owner}/{repo}/pulls/{number}/reviews", perm=("pull_requests", "write"))
    def r_create_review(self, ctx: Token, owner: str, repo: str, number: str, body: Any, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        body = body if isinstance(body, dict) else {}
        login = self._actor(ctx)
        commit_id = body.get("commit_id") or p.head_sha
        event = body.get("event")
        if event not in (None, "COMMENT", "REQUEST_CHANGES", "APPROVE"):
            raise unprocessable(f"Unknown event: {event}")
        comments = body.get("comments") or []
        text = body.get("body") or ""
        if isinstance(text, str) and len(text) > MAX_BODY_CHARS:
            raise unprocessable(f"Body is too long (maximum is {MAX_BODY_CHARS} characters)")
        if event in ("REQUEST_CHANGES", "COMMENT") and not text and not comments:
            raise unprocessable(
                f"Review Can not {('request changes' if event == 'REQUEST_CHANGES' else 'comment')} without a body"
            )
        if event in ("REQUEST_CHANGES", "APPROVE") and login == p.author:
            verb = "request changes on" if event == "REQUEST_CHANGES" else "approve"
            raise unprocessable(f"Review Can not {verb} your own pull request")
        if p.version(commit_id) is None:
            raise unprocessable(f"No commit found for SHA: {commit_id}")
        for spec in comments:  # GitHub rejects the whole review if any comment is misplaced
            if not isinstance(spec, dict):
                raise unprocessable("Invalid comment")
            if isinstance(spec.get("body"), str):
                _check_body_length(spec["body"], "PullRequestReviewComment")
            self._validate_review_comment(p, commit_id, spec)
        state = {"COMMENT": "COMMENTED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "APPROVE": "APPROVED", None: "PENDING"}
        review = self._create_review_record(p, login, commit_id, state[event], text)
        for spec in comments:
            self._create_review_comment(p, login, commit_id, spec, review["id"])
        return 200, dict(review), {}

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/reviews", perm=("pull_requests", "read"))
    def r_list_reviews(self, ctx: Token, owner: str, repo: str, number: str, request: Request, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        items = [dict(r) for r in self._on_pull(self._reviews, self._review_loc, p.repo.full_name, p.number)]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/reviews/{review_id}", perm=("pull_requests", "read"))
    def r_get_review(self, ctx: Token, owner: str, repo: str, number: str, review_id: str, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        rid = int(review_id) if review_id.isdigit() else -1
        if self._review_loc.get(rid) != (p.repo.full_name, p.number):
            raise not_found()
        return 200, dict(self._reviews[rid]), {}

    @route("GET", "/repos/{owner}/{repo}/pulls/{number}/comments", perm=("pull_requests", "read"))
    def r_list_review_comments(self, ctx: Token, owner: str, repo: str, number: str, request: Request,
                               **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        items = [self._review_comment_out(c) for c in
                 self._on_pull(self._review_comments, self._review_comment_loc, p.repo.full_name, p.number)]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("POST", "/repos/{owner}/{repo}/pulls/{number}/comments", perm=("pull_requests", "write"))
    def r_create_review_comment(self, ctx: Token, owner: str, repo: str, number: str, body: Any, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        body = body if isinstance(body, dict) else {}
        login = self._actor(ctx)
        if isinstance(body.get("body"), str):
            _check_body_length(body["body"], "PullRequestReviewComment")
        if body.get("in_reply_to") is not None:
            parent = body["in_reply_to"]
            if self._review_comment_loc.get(parent) != (p.repo.full_name, p.number):
                raise not_found()
            review = self._create_review_record(p, login, p.head_sha, "COMMENTED", "")
            c = self._create_review_comment(p, login, p.head_sha, {"body": body.get("body", "")}, review["id"], parent)
            return 201, self._review_comment_out(c), {}
        commit_id = body.get("commit_id")
        if not commit_id:
            raise unprocessable(message="Invalid request.\n\n\"commit_id\" wasn't supplied.")
        if p.version(commit_id) is None:
            raise unprocessable(f"No commit found for SHA: {commit_id}")
        self._validate_review_comment(p, commit_id, body)
        review = self._create_review_record(p, login, commit_id, "COMMENTED", "")
        c = self._create_review_comment(p, login, commit_id, body, review["id"])
        return 201, self._review_comment_out(c), {}

    def _comment_in(self, ctx: Token, owner: str, repo: str, comment_id: str,
                    locs: dict[int, tuple[str, int]]) -> int:
        """The id of a comment of this repo (issue or review comment, by `locs`), else 404."""
        r = self._repo_for(ctx, owner, repo)
        cid = int(comment_id) if comment_id.isdigit() else -1
        loc = locs.get(cid)
        if loc is None or loc[0] != r.full_name:
            raise not_found()
        return cid

    def _review_comment_for(self, ctx: Token, owner: str, repo: str, comment_id: str) -> int:
        return self._comment_in(ctx, owner, repo, comment_id, self._review_comment_loc)

    def _edit_comment(self, ctx: Token, c: dict[str, Any], body: Any, resource: str) -> None:
        """PATCH semantics shared by both comment kinds: only the author edits, body required."""
        if c["user"]["login"] != self._actor(ctx):
            raise HTTPError(403, "Resource not accessible by integration")
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            raise unprocessable(message="Invalid request.\n\n\"body\" wasn't supplied.")
        _check_body_length(body["body"], resource)
        c["body"] = body["body"]
        c["updated_at"] = iso()

    @route("GET", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=("pull_requests", "read"))
    def r_get_review_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._review_comment_for(ctx, owner, repo, comment_id)
        return 200, self._review_comment_out(self._review_comments[cid]), {}

    @route("PATCH", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=("pull_requests", "write"))
    def r_update_review_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, body: Any,
                                **_: Any) -> Any:
        c = self._review_comments[self._review_comment_for(ctx, owner, repo, comment_id)]
        self._edit_comment(ctx, c, body, "PullRequestReviewComment")
        return 200, self._review_comment_out(c), {}

    @route("DELETE", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=("pull_requests", "write"))
    def r_delete_review_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._review_comment_for(ctx, owner, repo, comment_id)
        if self._review_comments[cid]["user"]["login"] != self._actor(ctx):
            raise HTTPError(403, "Resource not accessible by integration")
        del self._review_comments[cid]
        del self._review_comment_loc[cid]
        for tid, t in list(self._threads.items()):
            if cid in t.comment_ids:
                t.comment_ids.remove(cid)
                if not t.comment_ids:
                    del self._threads[tid]
        return 204, None, {}

    # ------------------------------------------------------------------ REST: issue comments & reactions

    @route("GET", "/repos/{owner}/{repo}/issues/{number}/comments", perm=("issues", "read"))
    def r_list_issue_comments(self, ctx: Token, owner: str, repo: str, number: str, request: Request,
                              query: dict, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        items = [self._issue_comment_out(c) for c in
                 self._on_pull(self._issue_comments, self._issue_comment_loc, p.repo.full_name, p.number)]
        if query.get("since"):
            items = [c for c in items if c["updated_at"] >= query["since"]]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    @route("POST", "/repos/{owner}/{repo}/issues/{number}/comments", perm=("issues", "write"))
    def r_create_issue_comment(self, ctx: Token, owner: str, repo: str, number: str, body: Any, **_: Any) -> Any:
        p = self._pull_for(ctx, owner, repo, number)
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            raise unprocessable(message="Invalid request.\n\n\"body\" wasn't supplied.")
        _check_body_length(body["body"], "IssueComment")
        c = self._create_issue_comment(p, self._actor(ctx), body["body"], via_app=ctx.kind == "installation")
        return 201, self._issue_comment_out(c), {"Location": c["url"]}

    def _issue_comment_for(self, ctx: Token, owner: str, repo: str, comment_id: str) -> int:
        return self._comment_in(ctx, owner, repo, comment_id, self._issue_comment_loc)

    @route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=("issues", "read"))
    def r_get_issue_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        return 200, self._issue_comment_out(self._issue_comments[cid]), {}

    @route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=("issues", "write"))
    def r_update_issue_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, body: Any,
                               **_: Any) -> Any:
        c = self._issue_comments[self._issue_comment_for(ctx, owner, repo, comment_id)]
        self._edit_comment(ctx, c, body, "IssueComment")
        return 200, self._issue_comment_out(c), {}

    @route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=("issues", "write"))
    def r_delete_issue_comment(self, ctx: Token, owner: str, repo: str, comment_id: str, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        if self._issue_comments[cid]["user"]["login"] != self._actor(ctx):
            raise HTTPError(403, "Resource not accessible by integration")
        del self._issue_comments[cid]
        del self._issue_comment_loc[cid]
        return 204, None, {}

    @route("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", perm=("issues", "write"))
    def r_create_reaction(self, ctx: Token, owner: str, repo: str, comment_id: str, body: Any, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        content = body.get("content") if isinstance(body, dict) else None
        if content not in REACTIONS:
            raise unprocessable(message=f"Invalid request.\n\n{content!r} is not a member of content.")
        login = self._actor(ctx)
        for rx in self._reactions.get(cid, []):
            if rx["user"]["login"] == login and rx["content"] == content:
                return 200, dict(rx), {}
        rid = next(self._ids)
        rx = {
            "id": rid,
            "node_id": _node_id("REA", rid),
            "user": self._user_json(login),
            "content": content,
            "created_at": iso(),
        }
        self._reactions.setdefault(cid, []).append(rx)
        return 201, dict(rx), {}

    @route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", perm=("issues", "read"))
    def r_list_reactions(self, ctx: Token, owner: str, repo: str, comment_id: str, request: Request,
                         query: dict, **_: Any) -> Any:
        cid = self._issue_comment_for(ctx, owner, repo, comment_id)
        items = [dict(x) for x in self._reactions.get(cid, [])]
        if query.get("content"):
            items = [x for x in items if x["content"] == query["content"]]
        chunk, headers = self._paginate(request, items)
        return 200, chunk, headers

    # ------------------------------------------------------------------ REST: people

    @route("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", perm=("metadata", "read"))
    def r_permission(self, ctx: Token, owner: str, repo: str, username: str, **_: Any) -> Any:
        r = self._repo_for(ctx, owner, repo)
        user = self.users.get(username) or next((u for k, u in self.users.items() if k.lower() == username.lower()),
                                                None)
        if user is None or user.type == "Organization":
            raise HTTPError(404, f"{username} is not a user", doc=f"{DOCS}/collaborators/collaborators")
        role = self.permissions.get((r.full_name, user.login))
        if role is None:
            role = "admin" if user.login == r.owner else ("none" if r.private else "read")
        permission = ROLE_TO_PERMISSION.get(role, "none")
        collaborator = {
            **self._user_json(user.login),
            "permissions": {
                "admin": role == "admin",
                "maintain": role in ("admin", "maintain"),
                "push": role in ("admin", "maintain", "write"),
                "triage": role in ("admin", "maintain", "write", "triage"),
                "pull": role != "none",
            },
            "role_name": role,
        }
        return 200, {"permission": permission, "role_name": role, "user": collaborator}, {}

    @route("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}", perm=("members", "read"))
    def r_team_membership(self, ctx: Token, org: str, team_slug: str, username: str, **_: Any) -> Any:
        inst = self.installations.get(ctx.installation_id or -1) if ctx.kind == "installation" else None
        if inst is not None and inst.account.lower() != org.lower():
            raise not_found()
        team = self.teams.get((org, team_slug))
        if team is None or username not in team:
            raise HTTPError(404, "Not Found", doc=f"{DOCS}/teams/members#get-team-membership-for-a-user")
        state = "pending" if (org, team_slug, username) in self.team_pending else "active"
        return 200, {
            "url": f"{self.url}/organizations/{self.users[org].id}/team/{team_slug}/memberships/{username}",
            "role": team[username],
            "state": state,
        }, {}

    @route("GET", "/orgs/{org}/members/{username}", perm=("members", "read"))
    def r_org_member(self, ctx: Token, org: str, username: str, **_: Any) -> Any:
        if username in self.org_members.get(org, set()):
            return 204, None, {}
        raise HTTPError(404, "User does not exist or is not a member of the organization")

    @route("GET", "/users/{username}", perm=None)
    def r_get_user(self, username: str, **_: Any) -> Any:
        if username not in self.users:
            raise not_found()
        u = self._user_json(username)
        u.update({"name": None, "company": None, "blog": "", "location": None, "email": None, "hireable": None,
                  "bio": None, "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
                  "created_at": self._started_at, "updated_at": self._started_at})
        return 200, u, {}


def _check_body_length(text: str, resource: str) -> None:
    """GitHub's 422 for a comment body over 65,536 characters (characters, as its message says)."""
    if len(text) > MAX_BODY_CHARS:
        raise unprocessable({"resource": resource, "code": "custom", "field": "body",
                             "message": f"body is too long (maximum is {MAX_BODY_CHARS} characters)"},
                            message="Validation Failed")
