"""Signing in and proving who you are. Reading is public; changes need a signed-in editor (a session cookie)
or an API token with the right scope (`Authorization: Bearer ...`).

- The session cookie holds a random id signed with the site key; the registry keeps only its hash, so logout
  (or deleting the row) ends the session. Cookies are Secure, HttpOnly and SameSite.
- Every form carries a CSRF token: an HMAC of the session id for signed-in users, of a short-lived cookie on the
  sign-in form; a POST whose token does not match is refused.
- Failed sign-ins are counted per client address and per user name: the sixth within a minute gets 429.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import RedirectResponse, Response

from devatlas.store import models as m
from devatlas.store.users import SESSION_LIFETIME, authenticate, end_session, secret_key, session_user, start_session
from devatlas.store.users import token_user as lookup_token
from devatlas.web.deps import get_store
from devatlas.web.templating import context_hooks, render

SESSION_COOKIE = "devatlas_session"
LOGIN_CSRF_COOKIE = "devatlas_login_csrf"
EDITOR_ROLES = ("editor", "admin")
MAX_FAILURES, FAILURE_WINDOW = 5, 60.0

router = APIRouter(include_in_schema=False)
_UNKNOWN = object()


@dataclass(frozen=True, slots=True)
class Account:
    """Who made the request, detached from any database session."""

    id: int
    name: str
    role: str
    scope: str = ""  # the token's scope for API calls; empty for a browser session

    @property
    def is_editor(self) -> bool:
        return self.role in EDITOR_ROLES


class FailureLimiter:
    """Failed attempts per key in a sliding window, in memory (one web process; a restart forgets them)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = FAILURE_WINDOW, max_keys: int = 50_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures.get(key, deque())
        while stamps and now - stamps[0] > self.window:
            stamps.popleft()
        return stamps

    def retry_after(self, *keys: str) -> int:
        """Seconds until another attempt is allowed (0 when it is allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [self.window - (now - s[0]) for s in (self._recent(k, now) for k in keys) if len(s) >= self.limit]
        return max(1, round(max(waits))) if waits else 0

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) >= self.max_keys:  # a flood of distinct keys: forget the stalest half
                for stale in sorted(self._failures, key=lambda k: self._failures[k][-1] if self._failures[k]
                                    else 0)[: self.max_keys // 2]:
                    del self._failures[stale]
            for key in keys:
                stamps = self._recent(key, now)
                stamps.append(now)
                self._failures[key] = stamps


def _state(request: Request, name: str, factory: Any) -> Any:
    """A per-app object made on first use (the key needs the registry, which the app opens itself)."""
    value = getattr(request.app.state, name, None)
    if value is None:
        value = factory()
        setattr(request.app.state, name, value)
    return value


def _signer(request: Request) -> URLSafeTimedSerializer:
    return _state(request, "cookie_signer",
                  lambda: URLSafeTimedSerializer(secret_key(get_store(request)), salt="devatlas.session"))


def _limiter(request: Request) -> FailureLimiter:
    return _state(request, "login_limiter", FailureLimiter)


def _mac(request: Request, value: str) -> str:
    key = _signer(request).secret_keys[-1]
    return hmac.new(key, f"csrf:{value}".encode(), hashlib.sha256).hexdigest()


def _session_id(request: Request) -> str | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        return str(_signer(request).loads(cookie, max_age=int(SESSION_LIFETIME.total_seconds())))
    except BadSignature:
        return None


def current_account(request: Request) -> Account | None:
    """The signed-in user of this browser, or None (looked up once per request)."""
    cached = getattr(request.state, "account", _UNKNOWN)
    if cached is not _UNKNOWN:
        return cached
    account = None
    raw = _session_id(request)
    if raw is not None:
        with get_store(request).session() as session:
            user = session_user(session, raw)
            if user is not None:
                account = Account(user.id, user.name, user.role)
    request.state.account = account
    return account


def csrf_token(request: Request) -> str:
    """The token forms of a signed-in page carry (empty when nobody is signed in)."""
    raw = _session_id(request)
    return _mac(request, raw) if raw and current_account(request) else ""


def check_csrf(request: Request, token: str) -> None:
    """Refuse a signed-in form post whose token is not this session's."""
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(expected, token or ""):
        raise HTTPException(403, "The form has expired or did not come from this site: reload the page and try "
                                 "again.")


def require_editor(request: Request) -> Account:
    """A signed-in editor, or 401/403 with the reason."""
    account = current_account(request)
    if account is None:
        raise HTTPException(401, "Sign in as an editor to change the registry (at /login).")
    if not account.is_editor:
        raise HTTPException(403, f"User {account.name!r} may not change the registry: an editor account is needed.")
    return account


def require_scope(scope: str):  # type: ignore[no-untyped-def]
    """A dependency that admits only a bearer token with `scope` (a `review` token may also read)."""

    def dependency(request: Request) -> Account:
        header = request.headers.get("authorization", "")
        kind, _, raw = header.partition(" ")
        challenge = {"WWW-Authenticate": "Bearer"}
        if kind.lower() != "bearer" or not raw.strip():
            raise HTTPException(401, f"This needs an API token with the {scope!r} scope, sent as "
                                     "'Authorization: Bearer TOKEN' (devatlas token create USER --scope "
                                     f"{scope}).", headers=challenge)
        with get_store(request).session() as session:
            found = lookup_token(session, raw.strip())
            if found is None:
                raise HTTPException(401, "The API token is not known: create one with devatlas token create.",
                                    headers=challenge)
            user, token_scope = found
            account = Account(user.id, user.name, user.role, token_scope)
        if token_scope != scope and not (scope == "read" and token_scope == "review"):
            raise HTTPException(403, f"This token has the {token_scope!r} scope; this needs {scope!r}.")
        if scope == "review" and not account.is_editor:
            raise HTTPException(403, f"User {account.name!r} may not change the registry: an editor account is "
                                     "needed.")
        return account

    return dependency


ReviewToken = Annotated[Account, Depends(require_scope("review"))]


def _audit(request: Request, actor: str, action: str, **details: Any) -> None:
    details["ip"] = request.client.host if request.client else ""
    with get_store(request).session() as session:
        session.add(m.AuditEntry(actor=actor[:120], action=action, entity=f"user:{actor}"[:120], details=details))


def _safe_next(target: str) -> str:
    """Only paths on this site (no //host or scheme): a sign-in link cannot send people elsewhere."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/review"


def _login_page(request: Request, status_code: int = 200, error: str = "", next_path: str = "/review",
                username: str = "", headers: dict[str, str] | None = None) -> Response:
    nonce = secrets.token_urlsafe(24)
    response = render(request, "login.html", status_code=status_code, error=error, next_path=_safe_next(next_path),
                      username=username, login_csrf=_mac(request, nonce))
    response.set_cookie(LOGIN_CSRF_COOKIE, nonce, max_age=3600, path="/login", secure=True, httponly=True,
                        samesite="strict")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/review") -> Response:
    return _login_page(request, next_path=next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/review",
) -> Response:
    nonce = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not nonce or not hmac.compare_digest(_mac(request, nonce), csrf_token):
        return _login_page(request, 403, "The sign-in form has expired or did not come from this site: "
                                         "please try again.", next, username)
    ip = request.client.host if request.client else "unknown"
    limiter = _limiter(request)
    keys = (f"ip:{ip}", f"user:{username.strip().lower()}")
    wait = limiter.retry_after(*keys)
    if wait:
        return _login_page(request, 429, f"Too many failed sign-ins: wait {wait} seconds and try again.", next,
                           username, {"Retry-After": str(wait)})
    with get_store(request).session() as session:
        user = authenticate(session, username.strip(), password)
        raw = start_session(session, user) if user is not None else None
    if user is None or raw is None:
        limiter.fail(*keys)
        _audit(request, username.strip() or "?", "user.login_failed")
        return _login_page(request, 401, "Wrong user name or password.", next, username)
    _audit(request, user.name, "user.login")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, _signer(request).dumps(raw), max_age=int(SESSION_LIFETIME.total_seconds()),
                        path="/", secure=True, httponly=True, samesite="lax")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login", secure=True, httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    account = current_account(request)
    if account is not None:
        check_csrf(request, csrf_token)
        raw = _session_id(request)
        with get_store(request).session() as session:
            end_session(session, raw or "")
        _audit(request, account.name, "user.logout")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    return response


def auth_context(request: Request) -> dict[str, Any]:
    """What every page gets: the signed-in user (for the nav bar) and the CSRF token for its forms."""
    if getattr(request.app.state, "store", None) is None:
        return {"current_user": None, "csrf_token": ""}
    return {"current_user": current_account(request), "csrf_token": csrf_token(request)}


if auth_context not in context_hooks:
    context_hooks.append(auth_context)
