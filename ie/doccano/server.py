"""Run a local doccano 1.8.4: install it, initialise it, start and stop it.

Everything lives under one cache folder (``$IE_CACHE/doccano``, else
``~/.cache/ie/doccano``)::

    venv/            doccano and its pins, apart from ie's own environment
    home/            SQLite database, celery broker database, media (exports)
    logs/            install.log, init.log, web.log, worker.log
    server.json      url and pids of the running server (what --stop stops)
    secret_key       Django's secret key for this server (mode 0600)

Two processes make a server: gunicorn serving doccano on 127.0.0.1 (not the
``doccano webserver`` command, which binds 0.0.0.0) and the ``doccano task``
celery worker, without which imports and exports wait forever. The broker
is SQLite through SQLAlchemy (doccano's default when no broker URL is set),
kept in its own file so it does not lock the main database.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from . import DoccanoError
from .credentials import Credentials, scrubbed_environment

DOCCANO_VERSION = "1.8.4"
# doccano 1.8.4 declares no upper bounds that hold today: environs 9 breaks on
# marshmallow 4, and pandas <2 (which export needs) breaks on numpy 2
REQUIREMENTS: tuple[str, ...] = (f"doccano=={DOCCANO_VERSION}", "marshmallow<4", "numpy<2")
HOST = "127.0.0.1"
DEFAULT_PORT = 8000

Progress = Callable[[str], None]

# Popen objects of servers started by this process, so stop() can reap them
_children: dict[int, subprocess.Popen] = {}


def default_cache_dir(env: dict[str, str] | None = None) -> Path:
    """``$IE_CACHE/doccano``, else ``$XDG_CACHE_HOME/ie/doccano``, else ``~/.cache/ie/doccano``."""
    env = dict(os.environ) if env is None else env
    if env.get("IE_CACHE"):
        return Path(env["IE_CACHE"]).expanduser() / "doccano"
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "ie" / "doccano"


@dataclass(frozen=True)
class ServerPaths:
    """Where one local doccano keeps its files."""

    root: Path

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def state(self) -> Path:
        return self.root / "server.json"

    @property
    def marker(self) -> Path:
        return self.venv / "ie-installed.json"

    def log(self, name: str) -> Path:
        """Path of one of the logs: install, init, web, worker."""
        return self.logs / f"{name}.log"


@dataclass(frozen=True)
class ServerState:
    """A server started by ie: where it answers and which processes it is."""

    url: str
    port: int
    web_pid: int
    worker_pid: int


@dataclass(frozen=True)
class ServeResult:
    """What ``serve`` did."""

    url: str
    already_running: bool
    installed: bool
    admin_created: bool
    seconds: float
    web_pid: int
    worker_pid: int
    logs: Path


# -- installation ---------------------------------------------------------------

def _installed(paths: ServerPaths) -> dict | None:
    try:
        marker = json.loads(paths.marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = marker.get("requirements") == list(REQUIREMENTS) and paths.python.exists()
    return marker if ok else None


def install(paths: ServerPaths, *, python: str | None = None, progress: Progress | None = None) -> bool:
    """Install doccano into its own virtualenv unless it is there already; True if it installed."""
    if _installed(paths):
        return False
    paths.logs.mkdir(parents=True, exist_ok=True)
    log = paths.log("install")
    if progress:
        progress(f"installing doccano {DOCCANO_VERSION} into {paths.venv} (first run only) …")
    python = python or os.environ.get("IE_DOCCANO_PYTHON") or sys.executable
    steps = []
    if not paths.python.exists():
        steps.append(("python -m venv", [python, "-m", "venv", str(paths.venv)]))
    steps.append((f"pip install {' '.join(REQUIREMENTS)}",
                  [str(paths.python), "-m", "pip", "install", "--disable-pip-version-check", *REQUIREMENTS]))
    with log.open("ab") as out:
        for what, argv in steps:
            if progress:
                progress(f"{what} …")
            code = subprocess.call(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=scrubbed_environment())
            if code != 0:
                raise DoccanoError("E117", venv=paths.venv, reason=f"exit {code}", log=log)
    backend = subprocess.run(
        [str(paths.python), "-c",
         "import importlib.util as u; print(u.find_spec('backend').submodule_search_locations[0])"],
        capture_output=True, text=True, env=scrubbed_environment())
    if backend.returncode != 0:
        raise DoccanoError("E117", venv=paths.venv, reason="doccano's backend package is missing", log=log)
    paths.marker.write_text(json.dumps({"requirements": list(REQUIREMENTS),
                                        "backend": backend.stdout.strip()}), encoding="utf-8")
    return True


# -- environment and database ---------------------------------------------------

def _secret_key(paths: ServerPaths) -> str:
    """This server's Django secret key, made once (doccano's default one is public)."""
    path = paths.root / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def environment(paths: ServerPaths) -> dict[str, str]:
    """Environment of every doccano process: no ie credentials, everything under ``home``."""
    env = scrubbed_environment()
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(key, None)
    home = paths.home
    env.update({
        "PATH": f"{paths.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "DOCCANO_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "CELERY_BROKER_URL": f"sqla+sqlite:///{home / 'broker.sqlite3'}",
        "MEDIA_ROOT": str(home / "media"),
        "STANDALONE": "True",  # doccano serves its web UI and media itself
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "False",
        "SECRET_KEY": _secret_key(paths),
    })
    return env


def _run_step(paths: ServerPaths, step: str, argv: list[str], stdin: bytes | None = None) -> str:
    """Run a doccano command to completion, output in logs/init.log."""
    log = paths.log("init")
    result = subprocess.run(argv, input=stdin, capture_output=True, env=environment(paths), cwd=paths.home)
    with log.open("ab") as out:
        out.write(result.stdout + result.stderr)
    if result.returncode != 0:
        raise DoccanoError("E120", step=step, code=result.returncode, log=log)
    return result.stdout.decode("utf-8", "replace")


def init_database(paths: ServerPaths) -> None:
    """``doccano init``: create or migrate the database and the three roles (idempotent)."""
    paths.home.mkdir(parents=True, exist_ok=True)
    _run_step(paths, "init", [str(paths.venv / "bin" / "doccano"), "init"])


# the web server and the worker both declare the celery queue on first start: on a fresh broker
# database they race to insert it and the loser dies (UNIQUE constraint failed: kombu_queue.name)
_BROKER_SCRIPT = """
import os
from kombu import Connection
with Connection(os.environ["CELERY_BROKER_URL"]) as connection:
    connection.default_channel.queue_declare(queue="celery")
"""


def prepare_broker(paths: ServerPaths) -> None:
    """Create the broker's tables and its ``celery`` queue once, before the two processes start (idempotent)."""
    _run_step(paths, "broker", [str(paths.python), "-c", _BROKER_SCRIPT])


# the password comes on stdin: argv is visible to every user of the machine
_ADMIN_SCRIPT = """
import json, sys
creds = json.loads(sys.stdin.read())
import backend.cli  # sets doccano's settings module and sys.path
import django
django.setup()
from django.contrib.auth import get_user_model
user, created = get_user_model().objects.get_or_create(username=creds["username"])
if created:
    user.is_staff = user.is_superuser = True
    user.set_password(creds["password"])
    user.save()
print(json.dumps({"created": created}))
"""


def ensure_admin(paths: ServerPaths, credentials: Credentials) -> bool:
    """Create the admin account unless it exists (its password is then left alone)."""
    payload = json.dumps({"username": credentials.username, "password": credentials.password})
    out = _run_step(paths, "create admin", [str(paths.python), "-c", _ADMIN_SCRIPT], payload.encode())
    return bool(json.loads(out.strip().splitlines()[-1])["created"])


# -- processes ----------------------------------------------------------------------

def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as ended; ours get reaped)."""
    child = _children.get(pid)
    if child is not None and child.poll() is not None:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _ours(pid: int, paths: ServerPaths) -> bool:
    """True if ``pid`` is a process of this server: guards against a recycled pid."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return False
    return _alive(pid) and str(paths.venv) in cmdline


def read_state(paths: ServerPaths) -> ServerState | None:
    """The recorded server, whether or not it still runs."""
    try:
        return ServerState(**json.loads(paths.state.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def status(cache_dir: Path | None = None) -> ServerState | None:
    """The server ie started, if both its processes still run."""
    paths = ServerPaths((cache_dir or default_cache_dir()).absolute())
    state = read_state(paths)
    if state and _ours(state.web_pid, paths) and _ours(state.worker_pid, paths):
        return state
    return None


def running_url(cache_dir: Path | None = None) -> str | None:
    """URL of the local server ie started, if it runs."""
    state = status(cache_dir)
    return state.url if state else None


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex((HOST, port)) == 0


def _spawn(paths: ServerPaths, argv: list[str], log_name: str) -> int:
    """Start a long-running process in its own session, output to its log."""
    with paths.log(log_name).open("ab") as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 env=environment(paths), cwd=paths.home, start_new_session=True)
    _children[child.pid] = child
    return child.pid


def _healthy(url: str) -> str | None:
    """None when doccano and its worker answer; otherwise why not."""
    try:
        r = requests.get(f"{url}/v1/health/", headers={"Accept": "application/json"}, timeout=5)
    except requests.RequestException as exc:
        return type(exc).__name__
    if r.status_code != 200:
        return f"health check answered {r.status_code}"
    return None


def _wait_ready(paths: ServerPaths, state: ServerState, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    reason = "no answer yet"
    while time.monotonic() < deadline:
        for pid, name in ((state.web_pid, "web"), (state.worker_pid, "worker")):
            if not _alive(pid):
                _terminate([state.web_pid, state.worker_pid])
                raise DoccanoError("E119", seconds=int(timeout), reason=f"the {name} process exited",
                                   log=paths.log(name))
        reason = _healthy(state.url) or ""
        if not reason:
            return
        time.sleep(0.5)
    raise DoccanoError("E119", seconds=int(timeout), reason=reason, log=paths.log("web"))


@contextlib.contextmanager
def _locked(paths: ServerPaths) -> Iterator[None]:
    """One serve or stop at a time per cache folder."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with open(paths.root / "serve.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def serve(credentials: Credentials, *, port: int = DEFAULT_PORT, cache_dir: Path | None = None,
          timeout: float = 180.0, progress: Progress | None = None) -> ServeResult:
    """Make sure a local doccano runs on 127.0.0.1:``port`` with ``credentials`` as its admin.

    Idempotent: a server ie already started is left running and reported.
    """
    began = time.monotonic()
    paths = ServerPaths((cache_dir or default_cache_dir()).absolute())
    with _locked(paths):
        state = status(paths.root)
        if state:
            if state.port != port:
                raise DoccanoError("E121", url=state.url, port=port)
            return ServeResult(state.url, True, False, False, time.monotonic() - began,
                               state.web_pid, state.worker_pid, paths.logs)
        _terminate(_recorded_pids(paths))  # half a server (one process died): start afresh
        if _port_taken(port):
            raise DoccanoError("E118", port=port)
        installed = install(paths, progress=progress)
        if progress:
            progress("initialising the database …")
        init_database(paths)
        admin_created = ensure_admin(paths, credentials)
        prepare_broker(paths)
        backend = _installed(paths)["backend"]  # type: ignore[index]
        if progress:
            progress(f"starting the web server on {HOST}:{port} and the task worker …")
        web = _spawn(paths, [str(paths.venv / "bin" / "gunicorn"), "--bind", f"{HOST}:{port}",
                             "--workers", "1", "--threads", "4", "--timeout", "120",
                             "--chdir", backend, "config.wsgi"], "web")
        worker = _spawn(paths, [str(paths.venv / "bin" / "doccano"), "task", "--concurrency", "1"],
                        "worker")
        state = ServerState(f"http://{HOST}:{port}", port, web, worker)
        paths.state.write_text(json.dumps(asdict(state)), encoding="utf-8")
        _wait_ready(paths, state, timeout)
    return ServeResult(state.url, False, installed, admin_created, time.monotonic() - began,
                       web, worker, paths.logs)


def _recorded_pids(paths: ServerPaths) -> list[int]:
    state = read_state(paths)
    if state is None:
        return []
    return [pid for pid in (state.web_pid, state.worker_pid) if _ours(pid, paths)]


def _terminate(pids: list[int], timeout: float = 30.0) -> None:
    """SIGTERM each pid, then SIGKILL its process group if it lingers."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in pids:
        if _alive(pid):
            # each server process leads its own session, so its group is exactly what it started
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        child = _children.pop(pid, None)
        if child is not None:
            child.wait()


def stop(cache_dir: Path | None = None) -> list[int]:
    """Stop the server ie started (by its recorded pids); returns the pids it stopped."""
    paths = ServerPaths((cache_dir or default_cache_dir()).absolute())
    with _locked(paths):
        pids = _recorded_pids(paths)
        _terminate(pids)
        paths.state.unlink(missing_ok=True)
    return pids
