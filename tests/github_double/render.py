"""GitHub-shaped JSON for the double's records, and the creators of comments and reviews."""

from __future__ import annotations

import re
from typing import Any

from tests.github_double.model import (
    DEFAULT_PERMISSIONS,
    REACTIONS,
    WEB,
    DiffLine,
    FileSpec,
    Installation,
    Pull,
    Repo,
    Thread,
    _as_bytes,
    _node_id,
    blob_sha,
    diff_hunk_for,
    fake_sha,
    iso,
    parse_patch,
    quote_path,
)
from tests.github_double.routing import unprocessable


class Renderer:
    """JSON renderers and record creators (mixed into GitHubDouble)."""

    def _user_json(self, login: str) -> dict[str, Any]:
        u = self._ensure_user(login)
        api = f"{self.url}/users/{quote_path(login)}"
        prefix = {"Bot": "BOT", "Organization": "O"}.get(u.type, "U")
        html = f"{WEB}/apps/{login[:-5]}" if u.type == "Bot" and login.endswith("[bot]") else f"{WEB}/{login}"
        return {
            "login": login,
            "id": u.id,
            "node_id": _node_id(prefix, u.id),
            "avatar_url": f"https://avatars.githubusercontent.com/u/{u.id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": html,
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": u.type,
            "user_view_type": "public",
            "site_admin": u.site_admin,
        }

    def _repo_json(self, r: Repo) -> dict[str, Any]:
        api = f"{self.url}/repos/{r.full_name}"
        full = r.full_name
        return {
            "id": r.id,
            "node_id": _node_id("R", r.id),
            "name": r.name,
            "full_name": full,
            "private": r.private,
            "owner": self._user_json(r.owner),
            "html_url": f"{WEB}/{full}",
            "description": None,
            "fork": False,
            "url": api,
            "archive_url": api + "/{archive_format}{/ref}",
            "assignees_url": api + "/assignees{/user}",
            "blobs_url": api + "/git/blobs{/sha}",
            "branches_url": api + "/branches{/branch}",
            "collaborators_url": api + "/collaborators{/collaborator}",
            "comments_url": api + "/comments{/number}",
            "commits_url": api + "/commits{/sha}",
            "compare_url": api + "/compare/{base}...{head}",
            "contents_url": api + "/contents/{+path}",
            "contributors_url": api + "/contributors",
            "deployments_url": api + "/deployments",
            "downloads_url": api + "/downloads",
            "events_url": api + "/events",
            "forks_url": api + "/forks",
            "git_commits_url": api + "/git/commits{/sha}",
            "git_refs_url": api + "/git/refs{/sha}",
            "git_tags_url": api + "/git/tags{/sha}",
            "git_url": f"git://github.com/{full}.git",
            "issue_comment_url": api + "/issues/comments{/number}",
            "issue_events_url": api + "/issues/events{/number}",
            "issues_url": api + "/issues{/number}",
            "keys_url": api + "/keys{/key_id}",
            "labels_url": api + "/labels{/name}",
            "languages_url": api + "/languages",
            "merges_url": api + "/merges",
            "milestones_url": api + "/milestones{/number}",
            "notifications_url": api + "/notifications{?since,all,participating}",
            "pulls_url": api + "/pulls{/number}",
            "releases_url": api + "/releases{/id}",
            "ssh_url": f"git@github.com:{full}.git",
            "stargazers_url": api + "/stargazers",
            "statuses_url": api + "/statuses/{sha}",
            "subscribers_url": api + "/subscribers",
            "subscription_url": api + "/subscription",
            "tags_url": api + "/tags",
            "teams_url": api + "/teams",
            "trees_url": api + "/git/trees{/sha}",
            "clone_url": f"{WEB}/{full}.git",
            "mirror_url": None,
            "hooks_url": api + "/hooks",
            "svn_url": f"{WEB}/{full}",
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "size": 0,
            "default_branch": r.default_branch,
            "open_issues_count": sum(1 for p in self.pulls.values() if p.repo is r and p.state == "open"),
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private" if r.private else "public",
            "pushed_at": r.created_at,
            "created_at": r.created_at,
            "updated_at": r.created_at,
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "license": None,
            "forks": 0,
            "open_issues": sum(1 for p in self.pulls.values() if p.repo is r and p.state == "open"),
            "watchers": 0,
        }

    def _app_json(self) -> dict[str, Any]:
        return {
            "id": self.app_id,
            "slug": self.app_slug,
            "client_id": f"Iv23li{self.app_id:014d}",
            "node_id": _node_id("A", self.app_id),
            "owner": self._user_json(self._app_owner.login),
            "name": "Constraint Guard",
            "description": "Code review gate",
            "external_url": "https://constraint-guard.example",
            "html_url": f"{WEB}/apps/{self.app_slug}",
            "created_at": self._started_at,
            "updated_at": self._started_at,
            "permissions": dict(DEFAULT_PERMISSIONS),
            "events": ["check_run", "issue_comment", "pull_request", "pull_request_review"],
        }

    def _installation_json(self, inst: Installation) -> dict[str, Any]:
        account = self.users[inst.account]
        return {
            "id": inst.id,
            "client_id": f"Iv23li{self.app_id:014d}",
            "account": self._user_json(inst.account),
            "repository_selection": "all" if inst.repositories is None else "selected",
            "access_tokens_url": f"{self.url}/app/installations/{inst.id}/access_tokens",
            "repositories_url": f"{self.url}/installation/repositories",
            "html_url": f"{WEB}/organizations/{inst.account}/settings/installations/{inst.id}",
            "app_id": self.app_id,
            "app_slug": self.app_slug,
            "target_id": account.id,
            "target_type": account.type,
            "permissions": dict(inst.permissions),
            "events": list(inst.events),
            "created_at": self._started_at,
            "updated_at": self._started_at,
            "single_file_name": None,
            "has_multiple_single_files": False,
            "single_file_paths": [],
            "suspended_by": None,
            "suspended_at": None,
        }

    def _commit_json(
        self, r: Repo, sha: str, author: str, committer: str, message: str, parent: str, *,
        author_linked: bool = True, committer_linked: bool = True,
    ) -> dict:
        """A commit as the PR commits API lists it. An unlinked identity (an email no GitHub account
        claims) keeps its git name/email under ``commit`` but has ``author``/``committer`` null."""
        if author_linked:
            self._ensure_user(author)
        if committer_linked:
            self._ensure_user(committer)
        api = f"{self.url}/repos/{r.full_name}"
        stamp = iso()

        def git_user(login: str, linked: bool) -> dict[str, Any]:
            email = f"{self.users[login].id}+{login}@users.noreply.github.com" if linked else f"{login}@example.com"
            return {"name": login, "email": email, "date": stamp}

        return {
            "url": f"{api}/commits/{sha}",
            "sha": sha,
            "node_id": _node_id("C", int(sha[:12], 16) if re.fullmatch(r"[0-9a-f]{12,}", sha) else next(self._ids)),
            "html_url": f"{WEB}/{r.full_name}/commit/{sha}",
            "comments_url": f"{api}/commits/{sha}/comments",
            "commit": {
                "url": f"{api}/git/commits/{sha}",
                "author": git_user(author, author_linked),
                "committer": git_user(committer, committer_linked),
                "message": message,
                "comment_count": 0,
                "tree": {"sha": fake_sha(sha, "tree"), "url": f"{api}/git/trees/{fake_sha(sha, 'tree')}"},
                "verification": {
                    "verified": False,
                    "reason": "unsigned",
                    "signature": None,
                    "payload": None,
                    "verified_at": None,
                },
            },
            "author": self._user_json(author) if author_linked else None,
            "committer": self._user_json(committer) if committer_linked else None,
            "parents": [
                {"sha": parent, "url": f"{api}/commits/{parent}", "html_url": f"{WEB}/{r.full_name}/commit/{parent}"}
            ],
        }

    def _association(self, r: Repo, login: str) -> str:
        if login == r.owner:
            return "OWNER"
        if self.users.get(login) and self.users[login].type == "Bot":
            return "NONE"
        if login in self.org_members.get(r.owner, set()):
            return "MEMBER"
        if self.permissions.get((r.full_name, login), "none") != "none":
            return "COLLABORATOR"
        return "CONTRIBUTOR" if any(p.author == login for p in self.pulls.values() if p.repo is r) else "NONE"

    def _pull_json(self, p: Pull, full: bool = True) -> dict[str, Any]:
        r = p.repo
        api = f"{self.url}/repos/{r.full_name}"
        html = f"{WEB}/{r.full_name}/pull/{p.number}"
        head_label = f"{r.owner}:{p.head_ref}"
        d: dict[str, Any] = {
            "url": f"{api}/pulls/{p.number}",
            "id": p.id,
            "node_id": _node_id("PR", p.id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": f"{api}/issues/{p.number}",
            "commits_url": f"{api}/pulls/{p.number}/commits",
            "review_comments_url": f"{api}/pulls/{p.number}/comments",
            "review_comment_url": f"{api}/pulls/comments{{/number}}",
            "comments_url": f"{api}/issues/{p.number}/comments",
            "statuses_url": f"{api}/statuses/{p.head_sha}",
            "number": p.number,
            "state": p.state,
            "locked": False,
            "title": p.title,
            "user": self._user_json(p.author),
            "body": p.body,
            "labels": [dict(r.labels[name]) for name in p.labels],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": p.created_at,
            "updated_at": p.updated_at,
            "closed_at": None if p.state == "open" else p.updated_at,
            "merged_at": None,
            "merge_commit_sha": None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [self._user_json(login) for login in p.requested_reviewers],
            "requested_teams": [self._team_json(org, slug) for org, slug in p.requested_teams],
            "head": {
                "label": head_label,
                "ref": p.head_ref,
                "sha": p.head_sha,
                "user": self._user_json(r.owner),
                "repo": self._repo_json(r),
            },
            "base": {
                "label": f"{r.owner}:{p.base_ref}",
                "ref": p.base_ref,
                "sha": p.base_sha,
                "user": self._user_json(r.owner),
                "repo": self._repo_json(r),
            },
            "_links": {
                "self": {"href": f"{api}/pulls/{p.number}"},
                "html": {"href": html},
                "issue": {"href": f"{api}/issues/{p.number}"},
                "comments": {"href": f"{api}/issues/{p.number}/comments"},
                "review_comments": {"href": f"{api}/pulls/{p.number}/comments"},
                "review_comment": {"href": f"{api}/pulls/comments{{/number}}"},
                "commits": {"href": f"{api}/pulls/{p.number}/commits"},
                "statuses": {"href": f"{api}/statuses/{p.head_sha}"},
            },
            "author_association": self._association(r, p.author),
            "auto_merge": None,
            "draft": p.draft,
        }
        if full:
            adds = dels = 0
            for spec in p.files.values():
                a, b = spec.counts()
                adds, dels = adds + a, dels + b
            d.update(
                {
                    "merged": False,
                    "mergeable": None,
                    "rebaseable": None,
                    "mergeable_state": "unknown",
                    "merged_by": None,
                    "comments": sum(1 for loc in self._issue_comment_loc.values() if loc == (r.full_name, p.number)),
                    "review_comments": sum(
                        1 for loc in self._review_comment_loc.values() if loc == (r.full_name, p.number)
                    ),
                    "maintainer_can_modify": False,
                    "commits": len(p.commits),
                    "additions": adds,
                    "deletions": dels,
                    "changed_files": len(p.files),
                }
            )
        return d

    def _diff_entry(self, p: Pull, path: str, spec: FileSpec, sha: str) -> dict[str, Any]:
        r = p.repo
        adds, dels = spec.counts()
        content = spec.base if spec.status == "removed" else spec.head
        d: dict[str, Any] = {
            "sha": blob_sha(_as_bytes(content)) if content is not None else "0" * 40,
            "filename": path,
            "status": spec.status,
            "additions": adds,
            "deletions": dels,
            "changes": adds + dels,
            "blob_url": f"{WEB}/{r.full_name}/blob/{sha}/{quote_path(path)}",
            "raw_url": f"{WEB}/{r.full_name}/raw/{sha}/{quote_path(path)}",
            "contents_url": f"{self.url}/repos/{r.full_name}/contents/{quote_path(path)}?ref={sha}",
        }
        if spec.patch is not None:
            d["patch"] = spec.patch
        if spec.previous_filename:
            d["previous_filename"] = spec.previous_filename
        return d

    def _reactions_rollup(self, url: str, cid: int) -> dict[str, Any]:
        counts = {k: 0 for k in REACTIONS}
        for rx in self._reactions.get(cid, []):
            counts[rx["content"]] += 1
        return {
            "url": url + "/reactions",
            "total_count": sum(counts.values()),
            "+1": counts["+1"],
            "-1": counts["-1"],
            "laugh": counts["laugh"],
            "confused": counts["confused"],
            "heart": counts["heart"],
            "hooray": counts["hooray"],
            "eyes": counts["eyes"],
            "rocket": counts["rocket"],
        }

    # ------------------------------------------------------------------ record creators

    def _create_issue_comment(self, p: Pull, login: str, body: str, via_app: bool) -> dict[str, Any]:
        cid = next(self._ids)
        r = p.repo
        api = f"{self.url}/repos/{r.full_name}"
        stamp = iso()
        comment = {
            "id": cid,
            "node_id": _node_id("IC", cid),
            "url": f"{api}/issues/comments/{cid}",
            "html_url": f"{WEB}/{r.full_name}/pull/{p.number}#issuecomment-{cid}",
            "body": body,
            "user": self._user_json(login),
            "created_at": stamp,
            "updated_at": stamp,
            "issue_url": f"{api}/issues/{p.number}",
            "author_association": self._association(r, login),
            "performed_via_github_app": self._app_json() if via_app else None,
        }
        self._issue_comments[cid] = comment
        self._issue_comment_loc[cid] = (r.full_name, p.number)
        return comment

    def _issue_comment_out(self, c: dict[str, Any]) -> dict[str, Any]:
        return {**c, "reactions": self._reactions_rollup(c["url"], c["id"])}

    def _create_review_record(self, p: Pull, login: str, commit_id: str, state: str, body: str) -> dict[str, Any]:
        rid = next(self._ids)
        r = p.repo
        html = f"{WEB}/{r.full_name}/pull/{p.number}#pullrequestreview-{rid}"
        review = {
            "id": rid,
            "node_id": _node_id("PRR", rid),
            "user": self._user_json(login),
            "body": body,
            "state": state,
            "html_url": html,
            "pull_request_url": f"{self.url}/repos/{r.full_name}/pulls/{p.number}",
            "author_association": self._association(r, login),
            "_links": {
                "html": {"href": html},
                "pull_request": {"href": f"{self.url}/repos/{r.full_name}/pulls/{p.number}"},
            },
            "submitted_at": iso() if state != "PENDING" else None,
            "commit_id": commit_id,
        }
        self._reviews[rid] = review
        self._review_loc[rid] = (r.full_name, p.number)
        if state != "PENDING" and login in p.requested_reviewers:
            p.requested_reviewers.remove(login)
        return review

    def _validate_review_comment(self, p: Pull, commit_id: str, spec: dict[str, Any]) -> tuple[int, DiffLine]:
        """Where a comment would land, or the 422 GitHub gives for a line outside the diff."""
        version = p.version(commit_id)
        if version is None:
            raise unprocessable(f"No commit found for SHA: {commit_id}")
        path = spec.get("path")
        if not isinstance(path, str) or path not in version.files:
            raise unprocessable("Path could not be resolved")
        patch = version.files[path].patch
        if not spec.get("body") and spec.get("body") != "":
            raise unprocessable("Body can't be blank")
        lines = parse_patch(patch) if patch else []
        if "position" in spec and spec.get("line") is None:
            match = [d for d in lines if d.position == spec["position"]]
            if not match:
                raise unprocessable("Position could not be resolved", "Pull request review thread position is invalid")
            return match[0].position, match[0]
        line = spec.get("line")
        side = spec.get("side", "RIGHT")
        if side not in ("LEFT", "RIGHT") or not isinstance(line, int):
            raise unprocessable("Line could not be resolved")

        def find(n: int, s: str) -> DiffLine | None:
            for d in lines:
                if s == "RIGHT" and d.new == n and d.kind != "-":
                    return d
                if s == "LEFT" and d.old == n and d.kind != "+":
                    return d
            return None

        end = find(line, side)
        if end is None:
            raise unprocessable(
                "Pull request review thread line must be part of the diff and Pull request review thread diff hunk "
                "can't be blank",
                "Line could not be resolved",
            )
        if spec.get("start_line") is not None:
            start = find(spec["start_line"], spec.get("start_side", side))
            if start is None or start.hunk != end.hunk or start.position > end.position:
                raise unprocessable(
                    "Pull request review thread start line must be part of the same hunk as the line."
                )
        return end.position, end

    def _create_review_comment(
        self, p: Pull, login: str, commit_id: str, spec: dict[str, Any], review_id: int | None,
        in_reply_to: int | None = None,
    ) -> dict[str, Any]:
        r = p.repo
        if in_reply_to is not None:
            parent = self._review_comments[in_reply_to]
            position, dline = parent["position"], None
            spec = {"path": parent["path"], "line": parent["line"], "side": parent["side"], "body": spec["body"]}
            commit_id = parent["commit_id"]
        else:
            position, dline = self._validate_review_comment(p, commit_id, spec)
        cid = next(self._ids)
        api = f"{self.url}/repos/{r.full_name}"
        patch = p.version(commit_id).files[spec["path"]].patch or ""  # type: ignore[union-attr]
        stamp = iso()
        html = f"{WEB}/{r.full_name}/pull/{p.number}#discussion_r{cid}"
        side = spec.get("side", "RIGHT")
        line = spec.get("line") if dline is None else (dline.new if side == "RIGHT" else dline.old)
        comment = {
            "url": f"{api}/pulls/comments/{cid}",
            "pull_request_review_id": review_id,
            "id": cid,
            "node_id": _node_id("PRRC", cid),
            "diff_hunk": diff_hunk_for(patch, position) if patch else "",
            "path": spec["path"],
            "position": position,
            "original_position": position,
            "commit_id": commit_id,
            "original_commit_id": commit_id,
            "in_reply_to_id": in_reply_to,
            "user": self._user_json(login),
            "body": spec["body"],
            "created_at": stamp,
            "updated_at": stamp,
            "html_url": html,
            "pull_request_url": f"{api}/pulls/{p.number}",
            "author_association": self._association(r, login),
            "_links": {
                "self": {"href": f"{api}/pulls/comments/{cid}"},
                "html": {"href": html},
                "pull_request": {"href": f"{api}/pulls/{p.number}"},
            },
            "start_line": spec.get("start_line"),
            "original_start_line": spec.get("start_line"),
            "start_side": spec.get("start_side", side) if spec.get("start_line") is not None else None,
            "line": line,
            "original_line": line,
            "side": side,
            "subject_type": "line",
        }
        if in_reply_to is None:
            del comment["in_reply_to_id"]  # GitHub omits it on top-level comments
        self._review_comments[cid] = comment
        self._review_comment_loc[cid] = (r.full_name, p.number)
        if in_reply_to is None:
            tid = _node_id("PRRT", cid)
            self._threads[tid] = Thread(tid, r.full_name, p.number, [cid])
        else:
            for t in self._threads.values():
                if in_reply_to in t.comment_ids:
                    t.comment_ids.append(cid)
        return comment

    def _review_comment_out(self, c: dict[str, Any]) -> dict[str, Any]:
        return {**c, "reactions": self._reactions_rollup(c["url"], c["id"])}

    def _thread_of(self, comment_id: int) -> Thread | None:
        return next((t for t in self._threads.values() if comment_id in t.comment_ids), None)
