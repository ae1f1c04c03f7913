"""doccano credentials: from the environment or a prompt, never from argv.

The password lives only in memory: it is not part of any repr, log line,
error message or file, and server processes started by ie never inherit it.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import DoccanoError

ENV_USER = "IE_DOCCANO_USER"
ENV_PASSWORD = "IE_DOCCANO_PASSWORD"
ENV_URL = "IE_DOCCANO_URL"

# ask(prompt, hide_input) -> answer; supplied by the CLI when there is a terminal
Ask = Callable[[str, bool], str]


@dataclass(frozen=True)
class Credentials:
    """A doccano user name and password."""

    username: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password='***')"

    __str__ = __repr__


def get_credentials(env: Mapping[str, str] | None = None, ask: Ask | None = None) -> Credentials:
    """Read ``IE_DOCCANO_USER`` / ``IE_DOCCANO_PASSWORD``; ask for what is missing.

    ``ask`` is only given when a person can answer (stdin is a terminal);
    without it a missing value is an error that names the variables.
    """
    env = os.environ if env is None else env
    username = env.get(ENV_USER, "").strip()
    password = env.get(ENV_PASSWORD, "")
    missing = [name for name, value in ((ENV_USER, username), (ENV_PASSWORD, password)) if not value]
    if missing and ask is None:
        raise DoccanoError("E102", missing=" and ".join(missing))
    if not username:
        username = ask("doccano user", False).strip()  # type: ignore[misc]
    if not password:
        password = ask(f"doccano password for {username}", True)  # type: ignore[misc]
    if not username or not password:
        raise DoccanoError("E102", missing=" and ".join(missing))
    return Credentials(username, password)


def scrubbed_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of the environment without ie's doccano credentials, for child processes."""
    env = os.environ if env is None else env
    return {k: v for k, v in env.items() if not k.startswith("IE_DOCCANO_")}
