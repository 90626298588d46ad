"""Who may change the registry: users with argon2 password hashes, sign-in sessions, scoped API tokens and
the cookie signing key.

Reading the registry needs no account. Every secret a client holds (session id, API token) is a random string
of which the registry keeps only the SHA-256 hash: a copy of the database gives no way in. Passwords, which
people choose, get argon2id instead, slow on purpose.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from devatlas.settings import load_settings
from devatlas.store import models as m
from devatlas.store.db import Store

ROLES = ("editor", "admin")
SCOPES = ("read", "review")
SESSION_LIFETIME = timedelta(hours=12)
TOKEN_PREFIX = "dat_"
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this when the user does not exist costs the same time as a real check, so that
    response times do not tell which names have accounts."""
    return _hasher.hash(secrets.token_hex(16))


class UserError(ValueError):
    """A user or token request that cannot be met; the message says why."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_user(session: Session, name: str, password: str, role: str = "editor", actor: str = "devatlas") -> m.User:
    name = name.strip()
    if not name or len(name) > 120 or any(c.isspace() for c in name):
        raise UserError(f"user name {name!r} must be 1 to 120 characters without spaces")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: use {' or '.join(ROLES)}")
    if len(password) < 8:
        raise UserError("the password must have at least 8 characters")
    if session.scalar(select(m.User).where(m.User.name == name)) is not None:
        raise UserError(f"a user named {name!r} already exists")
    user = m.User(name=name, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.add(m.AuditEntry(actor=actor, action="user.add", entity=f"user:{name}", details={"role": role}))
    session.flush()
    return user


def authenticate(session: Session, name: str, password: str) -> m.User | None:
    """The user when the password is right, else None (same cost either way)."""
    user = session.scalar(select(m.User).where(m.User.name == name))
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def start_session(session: Session, user: m.User) -> str:
    """A new sign-in: returns the random id for the cookie; the table keeps its hash and expiry."""
    raw = secrets.token_urlsafe(32)
    session.add(m.UserSession(token_hash=_digest(raw), user_id=user.id, expires_at=m.utcnow() + SESSION_LIFETIME))
    return raw


def session_user(session: Session, raw: str) -> m.User | None:
    row = session.scalar(select(m.UserSession).where(m.UserSession.token_hash == _digest(raw)))
    if row is None or row.expires_at < m.utcnow():
        return None
    return session.get(m.User, row.user_id)


def end_session(session: Session, raw: str) -> None:
    session.execute(delete(m.UserSession).where(m.UserSession.token_hash == _digest(raw)))


def create_token(session: Session, user_name: str, scope: str, actor: str | None = None) -> str:
    """A new API token for the user; the token itself is returned once and never stored."""
    if scope not in SCOPES:
        raise UserError(f"unknown scope {scope!r}: use {' or '.join(SCOPES)}")
    user = session.scalar(select(m.User).where(m.User.name == user_name))
    if user is None:
        raise UserError(f"no user named {user_name!r}; add one with `devatlas user add {user_name}`")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(m.ApiToken(user_id=user.id, token_hash=_digest(raw), prefix=raw[:12], scope=scope))
    session.add(m.AuditEntry(actor=actor or user.name, action="token.create", entity=f"user:{user.name}",
                             details={"scope": scope, "prefix": raw[:12]}))
    return raw


def token_user(session: Session, raw: str) -> tuple[m.User, str] | None:
    """The user and scope of a bearer token, or None when it is unknown."""
    row = session.scalar(select(m.ApiToken).where(m.ApiToken.token_hash == _digest(raw)))
    if row is None:
        return None
    user = session.get(m.User, row.user_id)
    if user is None:
        return None
    row.last_used_at = m.utcnow()
    return user, row.scope


def secret_key(store: Store) -> str:
    """The cookie signing key: the setting when given; otherwise generated once and kept beside the SQLite file
    (readable by its owner only), or in the registry itself on a database server."""
    configured = load_settings().secret_key
    if configured:
        return configured
    url = make_url(store.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database).expanduser().resolve().with_suffix(".secret")
        try:
            return path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            pass
        key = secrets.token_urlsafe(48)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first: use theirs
            return path.read_text(encoding="ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
        return key
    with store.session() as session:
        row = session.get(m.SiteSecret, "cookie_key")
        if row is None:
            row = m.SiteSecret(name="cookie_key", value=secrets.token_urlsafe(48))
            session.add(row)
        return row.value
