"""GitHub's REST objects as we read them: only the fields we use, every other field ignored.

githubkit's generated models validate whole objects against whatever API version its schema
package brings, so a field GitHub added or typed differently (an archived label's
`archived_by`) fails a whole review. These models name what we need and nothing else; a
missing needed field is an `UnexpectedResponse` naming it (bot/api.py), retried, then
shown on the check run.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Account(Loose):
    login: str
    id: int = 0
    type: str = "User"


class AppRef(Loose):
    id: int
    slug: str = ""


class RepoRef(Loose):
    full_name: str


class Branch(Loose):
    ref: str
    sha: str
    repo: RepoRef | None = None  # None: the fork was deleted


class Pull(Loose):
    number: int
    state: str
    draft: bool | None = False
    head: Branch
    base: Branch
    user: Account | None = None
    changed_files: int | None = 0


class PullFile(Loose):
    filename: str
    status: str
    patch: str | None = None
    previous_filename: str | None = None
    additions: int = 0
    deletions: int = 0
    changes: int = 0


class CheckOutput(Loose):
    title: str | None = None


class CheckRun(Loose):
    id: int
    status: str
    conclusion: str | None = None
    output: CheckOutput = CheckOutput()


class IssueComment(Loose):
    id: int
    body: str | None = None
    user: Account | None = None
    performed_via_github_app: AppRef | None = None


class Review(Loose):
    id: int
    body: str | None = None
    state: str = ""
    user: Account | None = None


class GitActor(Loose):
    login: str | None = None


class GitPerson(Loose):
    name: str | None = None
    email: str | None = None


class GitCommit(Loose):
    author: GitPerson | None = None
    committer: GitPerson | None = None
    message: str = ""


class Commit(Loose):
    sha: str = ""
    commit: GitCommit = GitCommit()  # the git identities and message
    author: GitActor | None = None  # the GitHub accounts; None: the git identity has none
    committer: GitActor | None = None


class Permission(Loose):
    permission: str
    role_name: str | None = None


class Membership(Loose):
    state: str


class Installation(Loose):
    id: int


class Repository(Loose):
    name: str
    owner: Account


class Delivery(Loose):
    id: int
    guid: str
    status_code: int | None = None
    delivered_at: str


class Blob(Loose):
    content: str
    encoding: str
    size: int = 0
