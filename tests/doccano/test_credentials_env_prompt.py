"""Credentials come from the environment or a prompt; the password never shows."""
from __future__ import annotations

import pytest

from ie.doccano import DoccanoError
from ie.doccano.credentials import Credentials, get_credentials, scrubbed_environment


def test_environment_is_used_first():
    asked = []
    creds = get_credentials({"IE_DOCCANO_USER": "ann", "IE_DOCCANO_PASSWORD": "s3cret"},
                            ask=lambda p, h: asked.append(p) or "x")
    assert creds == Credentials("ann", "s3cret") and asked == []


def test_missing_values_are_asked_for_with_hidden_password():
    questions = []

    def ask(prompt: str, hide: bool) -> str:
        questions.append((prompt, hide))
        return "ann" if not hide else "typed-secret"

    creds = get_credentials({}, ask=ask)
    assert creds == Credentials("ann", "typed-secret")
    assert questions == [("doccano user", False), ("doccano password for ann", True)]


def test_no_terminal_and_no_environment_is_a_clear_error():
    with pytest.raises(DoccanoError, match=r"E102.*IE_DOCCANO_PASSWORD not set.*Set IE_DOCCANO_USER"):
        get_credentials({"IE_DOCCANO_USER": "ann"}, ask=None)


def test_password_never_in_repr_or_str():
    creds = Credentials("ann", "s3cret-value")
    assert "s3cret-value" not in repr(creds) and "s3cret-value" not in str(creds)
    assert "s3cret-value" not in repr([creds])


def test_child_environment_drops_credentials():
    env = scrubbed_environment({"IE_DOCCANO_PASSWORD": "x", "IE_DOCCANO_USER": "u", "PATH": "/bin"})
    assert env == {"PATH": "/bin"}
