"""Talk to a doccano 1.8 server: doccano-client 1.1.1 where it serves, plain REST where not.

doccano-client 1.1.1 (its ``beta`` client; 1.2+ needs pydantic 1 and cannot
live beside spaCy) is used for what it models well: login with the CSRF
header, projects, span and relation types, examples, spans and relations.
Plain REST over the same session covers what it lacks or gets wrong for us:

- members, roles and users: the client has no controller for them;
- listing examples: the client pages five at a time and cannot ask for more;
- the export (the only way to read every annotator's version, since the
  label endpoints show a project admin just their own): the client's
  ``download`` prints to stdout, waits a fixed 300 polls and exports only
  approved texts by default;
- error reporting: the client's error class fails on a non-JSON error page,
  and its session has no time-out, which this module adds.
"""
from __future__ import annotations

import functools
import io
import json
import time
import zipfile
from dataclasses import dataclass
from typing import Any, NoReturn

import requests
from doccano_client.beta import DoccanoClient as _BetaClient
from doccano_client.beta.controllers.example import ExampleController
from doccano_client.beta.controllers.project import ProjectController
from doccano_client.beta.models.examples import Example
from doccano_client.beta.models.projects import Project, ProjectTypes
from doccano_client.beta.models.relation import Relation
from doccano_client.beta.models.relation_type import RelationType
from doccano_client.beta.models.span import Span
from doccano_client.beta.models.span_type import SpanType

from . import DoccanoError
from .credentials import Credentials

ROLE_PROJECT_ADMIN = "project_admin"
ROLE_ANNOTATOR = "annotator"
ROLE_APPROVER = "annotation_approver"

_PAGE = 200  # examples per listing request


@dataclass(frozen=True)
class ProjectInfo:
    """The parts of a doccano project that ie relies on."""

    id: int
    name: str
    project_type: str
    use_relation: bool
    grapheme_mode: bool
    collaborative: bool
    allow_overlapping: bool


@dataclass(frozen=True)
class LabelType:
    """A span or relation type of a project."""

    id: int
    text: str


def _response_of(exc: BaseException) -> requests.Response | None:
    """The HTTP response behind an exception from requests or doccano-client, if any."""
    while exc is not None:
        response = getattr(exc, "response", None)
        if response is not None:
            return response
        # doccano-client's error class calls response.json() in its constructor; on an HTML
        # error page that raises JSONDecodeError, and the HTTPError is left in __context__
        exc = exc.__context__  # type: ignore[assignment]
    return None


def _detail(response: requests.Response) -> str:
    """A one-line summary of an error response body."""
    try:
        body = response.json()
    except ValueError:
        text = " ".join(response.text.split())
        return text[:200] or response.reason
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    return json.dumps(body, ensure_ascii=False)[:300]


class DoccanoSession:
    """A logged-in connection to one doccano server.

    Every method raises :class:`~ie.doccano.DoccanoError` with a message for
    the user: server down (E100), login refused (E101), not allowed (E107),
    anything else the server rejects (E106).
    """

    def __init__(self, url: str, credentials: Credentials, *, timeout: float = 60.0,
                 log: str = "the doccano server's log") -> None:
        self.url = url.rstrip("/")
        self.username = credentials.username
        self.log = log
        self._beta = _BetaClient(self.url)
        # doccano-client's session has no time-out: a hung server would hang ie forever
        session = self._beta.client_session
        session.request = functools.partial(session.request, timeout=timeout)  # type: ignore[method-assign]
        self.session = session
        try:
            self._beta.login(credentials.username, credentials.password)
        except Exception as exc:  # noqa: BLE001 - mapped to one user-facing error below
            response = _response_of(exc)
            if response is not None and response.status_code in (400, 401, 403):
                raise DoccanoError("E101", url=self.url, user=credentials.username) from None
            self._raise(exc, "POST", "/v1/auth/login/", "log in")
        self.me: dict = self._json("GET", "/v1/me", "read its own account")

    # -- plumbing -------------------------------------------------------------

    def _raise(self, exc: BaseException, method: str, path: str, action: str) -> NoReturn:
        """Turn any failure of a call into the DoccanoError that explains it."""
        if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
            reason = "timed out" if isinstance(exc, requests.Timeout) else "connection refused"
            raise DoccanoError("E100", url=self.url, reason=reason) from None
        response = _response_of(exc)
        if response is None:
            raise exc
        if response.status_code == 403:
            raise DoccanoError("E107", user=self.username, action=action) from None
        raise DoccanoError("E106", status=response.status_code, method=method, path=path,
                           detail=_detail(response), log=self.log) from None

    def _call(self, method: str, path: str, action: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a doccano-client call; ``method`` and ``path`` only describe it in errors."""
        try:
            return fn(*args, **kwargs)
        except (requests.RequestException, ValueError) as exc:
            self._raise(exc, method, path, action)

    def request(self, method: str, path: str, action: str, **kwargs: Any) -> requests.Response:
        """A plain REST call under ``/v1``; ``action`` says what it does, for errors."""
        try:
            response = self.session.request(method, self.url + path, **kwargs)
            response.raise_for_status()
        except requests.RequestException as exc:
            self._raise(exc, method, path, action)
        return response

    def _json(self, method: str, path: str, action: str, **kwargs: Any) -> Any:
        return self.request(method, path, action, **kwargs).json()

    def _paged(self, path: str, action: str, params: dict | None = None) -> list[dict]:
        """All results of a paginated listing."""
        items: list[dict] = []
        params = {"limit": _PAGE, "offset": 0, **(params or {})}
        while True:
            page = self._json("GET", path, action, params=params)
            items += page["results"]
            if not page.get("next"):
                return items
            params["offset"] += _PAGE

    # -- projects -----------------------------------------------------------------

    def _controller(self, project_id: int) -> ProjectController:
        return self._call("GET", f"/v1/projects/{project_id}", "read the project",
                          self._beta.projects.get, project_id)

    @staticmethod
    def _info(controller: ProjectController) -> ProjectInfo:
        p = controller.project
        return ProjectInfo(controller.id, p.name, p.project_type, bool(p.use_relation),
                           bool(p.grapheme_mode), bool(p.collaborative_annotation),
                           bool(p.allow_overlapping))

    def projects(self) -> list[ProjectInfo]:
        """The projects this user is a member of."""
        controllers = self._call("GET", "/v1/projects", "list projects",
                                 lambda: list(self._beta.projects.all()))
        return [self._info(c) for c in controllers]

    def find_project(self, name: str) -> ProjectInfo | None:
        """The project called ``name``, or None; read in full (the listing drops fields)."""
        for info in self.projects():
            if info.name == name:
                return self._info(self._controller(info.id))
        return None

    def create_project(self, name: str, description: str, guideline: str) -> ProjectInfo:
        """A new sequence-labeling project with relations, flat spans, UTF-16 offsets."""
        project = Project(name=name, description=description, project_type=ProjectTypes.SEQUENCE_LABELING,
                          guideline=guideline, use_relation=True, allow_overlapping=False,
                          grapheme_mode=False, collaborative_annotation=False)
        controller = self._call("POST", "/v1/projects", "create projects",
                                self._beta.projects.create, project)
        return self._info(self._controller(controller.id))

    def span_types(self, project_id: int) -> list[LabelType]:
        """The project's span labels."""
        types = self._call("GET", f"/v1/projects/{project_id}/span-types", "read span labels",
                           lambda: list(self._controller(project_id).span_types.all()))
        return [LabelType(t.id, t.span_type.text) for t in types]

    def create_span_type(self, project_id: int, text: str, color: str, key: str | None,
                         prefix: str | None = None) -> LabelType:
        """Add a span label with its color and shortcut key."""
        span_type = SpanType(text=text, prefix_key=prefix, suffix_key=key, background_color=color)
        created = self._call("POST", f"/v1/projects/{project_id}/span-types", "create span labels",
                             self._controller(project_id).span_types.create, span_type)
        return LabelType(created.id, text)

    def relation_types(self, project_id: int) -> list[LabelType]:
        """The project's relation types."""
        types = self._call("GET", f"/v1/projects/{project_id}/relation-types", "read relation types",
                           lambda: list(self._controller(project_id).relation_types.all()))
        return [LabelType(t.id, t.relation_type.text) for t in types]

    def create_relation_type(self, project_id: int, text: str, color: str, key: str | None,
                             prefix: str | None = None) -> LabelType:
        """Add a relation type with its color and shortcut key."""
        relation_type = RelationType(text=text, prefix_key=prefix, suffix_key=key, background_color=color)
        created = self._call("POST", f"/v1/projects/{project_id}/relation-types", "create relation types",
                             self._controller(project_id).relation_types.create, relation_type)
        return LabelType(created.id, text)

    # -- examples and annotations ---------------------------------------------

    def examples(self, project_id: int) -> list[dict]:
        """Every example of the project (id, text, meta, is_confirmed for this user)."""
        return self._paged(f"/v1/projects/{project_id}/examples", "list the texts")

    def create_example(self, project: ProjectController | int, text: str, meta: dict) -> int:
        """Upload one text; the text goes as JSON, so CRLF and every character stay as they are."""
        controller = project if isinstance(project, ProjectController) else self._controller(project)
        created = self._call("POST", f"/v1/projects/{controller.id}/examples", "upload texts",
                             controller.examples.create, Example(text=text, meta=meta))
        return created.id

    def _example(self, controller: ProjectController, example_id: int) -> ExampleController:
        # built locally: asking the server for the example first would double the requests
        return ExampleController(example=Example(text=""), id=example_id,
                                 examples_url=f"{controller.project_url}/examples",
                                 client_session=self.session, project=controller.project)

    def project_controller(self, project_id: int) -> ProjectController:
        """doccano-client's handle on a project, reused across many annotation calls."""
        return self._controller(project_id)

    def spans(self, controller: ProjectController, example_id: int) -> list[dict]:
        """This user's spans on an example (offsets in UTF-16 units)."""
        path = f"/v1/projects/{controller.id}/examples/{example_id}/spans"
        found = self._call("GET", path, "read annotations",
                           lambda: list(self._example(controller, example_id).spans.all()))
        return [{"id": s.id, "label": s.span.label, "start_offset": s.span.start_offset,
                 "end_offset": s.span.end_offset} for s in found]

    def relations(self, controller: ProjectController, example_id: int) -> list[dict]:
        """This user's relations on an example."""
        path = f"/v1/projects/{controller.id}/examples/{example_id}/relations"
        found = self._call("GET", path, "read annotations",
                           lambda: list(self._example(controller, example_id).relations.all()))
        return [{"id": r.id, "type": r.relation.type, "from_id": r.relation.from_id,
                 "to_id": r.relation.to_id} for r in found]

    def create_span(self, controller: ProjectController, example_id: int, label_id: int,
                    start: int, end: int) -> int:
        """Add a span (offsets in UTF-16 units) for this user; returns its id."""
        path = f"/v1/projects/{controller.id}/examples/{example_id}/spans"
        span = Span(label=label_id, prob=0.0, start_offset=start, end_offset=end)
        return self._call("POST", path, "annotate",
                          self._example(controller, example_id).spans.create, span).id

    def delete_span(self, controller: ProjectController, example_id: int, span_id: int) -> None:
        """Remove one of this user's spans (its relations go with it)."""
        self.request("DELETE", f"/v1/projects/{controller.id}/examples/{example_id}/spans/{span_id}",
                     "delete annotations")

    def create_relation(self, controller: ProjectController, example_id: int, type_id: int,
                        from_id: int, to_id: int) -> int:
        """Add a relation between two of this user's spans; returns its id."""
        path = f"/v1/projects/{controller.id}/examples/{example_id}/relations"
        relation = Relation(type=type_id, prob=0.0, from_id=from_id, to_id=to_id)
        return self._call("POST", path, "annotate",
                          self._example(controller, example_id).relations.create, relation).id

    # -- people -----------------------------------------------------------------

    def members(self, project_id: int) -> list[dict]:
        """Members of the project: ``username``, ``user`` (id), ``rolename``."""
        return self._json("GET", f"/v1/projects/{project_id}/members", "see the project's members")

    def my_role(self, project_id: int) -> str | None:
        """This user's role in the project (superusers may have none and still do everything)."""
        try:
            return self._json("GET", f"/v1/projects/{project_id}/my-role", "read its role")["rolename"]
        except DoccanoError as exc:
            if exc.code == "E100":
                raise
            return None  # not a member: doccano answers 403 or 404

    @property
    def is_superuser(self) -> bool:
        """True for a doccano superuser, who may act in every project."""
        return bool(self.me.get("is_superuser"))

    def find_user(self, username: str) -> dict | None:
        """The account called ``username`` (``id``, ``username``), or None."""
        users = self._json("GET", "/v1/users", "look up users", params={"q": username})
        return next((u for u in users if u["username"] == username), None)

    def add_member(self, project_id: int, user_id: int, role: str) -> None:
        """Give a user a role in the project."""
        roles = self._json("GET", "/v1/roles", "read roles")
        role_id = next(r["id"] for r in roles if r["name"] == role)
        self.request("POST", f"/v1/projects/{project_id}/members", "add project members",
                     json={"user": user_id, "role": role_id})

    # -- export -----------------------------------------------------------------

    def export(self, project_id: int, *, confirmed_only: bool = False, timeout: float = 300.0,
               poll: float = 0.5) -> dict[str, list[dict]]:
        """Every member's version of the project, from doccano's JSONL export.

        Returns ``{username: [exported line, ...]}`` (``all`` for a
        collaborative project). Needs the ``doccano task`` worker.
        """
        path = f"/v1/projects/{project_id}/download"
        task = self._json("POST", path, "export the project",
                          json={"format": "JSONL", "exportApproved": confirmed_only})["task_id"]
        deadline = time.monotonic() + timeout
        while True:
            status = self._json("GET", f"/v1/tasks/status/{task}", "export the project")
            if status.get("error"):
                raise DoccanoError("E109", reason=status["error"], log=self.log)
            if status.get("ready"):
                break
            if time.monotonic() > deadline:
                raise DoccanoError("E108", seconds=int(timeout))
            time.sleep(poll)
        archive = self.request("GET", path, "export the project", params={"taskId": task}).content
        versions: dict[str, list[dict]] = {}
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            for name in zf.namelist():
                stem = name.rsplit("/", 1)[-1].removesuffix(".jsonl")
                lines = zf.read(name).decode("utf-8").splitlines()
                versions[stem] = [json.loads(line) for line in lines if line.strip()]
        return versions
