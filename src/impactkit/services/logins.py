"""Logging in to the web app, with failed logins throttled, and the sessions it opens.

The rule (OWASP ASVS 2.2.1, anti-automation against password guessing): failed logins are
counted per username and per client address over ``LOGIN_FAILURE_WINDOW``; at
``LOGIN_FAILURES_PER_ACCOUNT`` for a username, or ``LOGIN_FAILURES_PER_ADDRESS`` from an
address, that username or address is locked, first for ``LOGIN_FIRST_LOCK``, each further
lock twice as long, at most ``LOGIN_LONGEST_LOCK``. While a lock runs every attempt is
refused, even one with the right password, and the password is not even checked. A
successful login clears the username's count (not the address's: else one account of one's
own would reset it). Every failure and every lock is audited (entity ``login``). The counts
live in the database (:mod:`impactkit.store.throttle`), shared by every app process.

``now`` is passed in (the web app has an injectable clock) so that tests move time instead
of sleeping.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from impactkit.errors import TooManyAttempts
from impactkit.limits import (
    LOGIN_FAILURE_WINDOW,
    LOGIN_FAILURES_PER_ACCOUNT,
    LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_FIRST_LOCK,
    LOGIN_FORGET_AFTER,
    LOGIN_LONGEST_LOCK,
)
from impactkit.services.accounts import verify_password
from impactkit.store import accounts as store
from impactkit.store import audit, sessions, throttle
from impactkit.store.accounts import UserRecord
from impactkit.store.db import Database

KEY_CHARS = 120
"""Usernames and addresses are counted on their first characters (the audit trail's record
key is this wide; real usernames have at most 80)."""

UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True, slots=True)
class Login:
    """A successful login: the user, and the secret the session cookie carries."""

    user: UserRecord
    session: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_password(db: Database, *, username: str, password: str, address: str | None,
                   now: datetime) -> UserRecord | None:
    """The active user whose password this is, or None (a counted, audited failure).
    Raises :class:`TooManyAttempts` while the username or the address is locked, and when
    this failure locks one of them."""
    name = username.strip()[:KEY_CHARS]
    where = (address or UNKNOWN_ADDRESS)[:KEY_CHARS]
    keys = [(throttle.ACCOUNT, name), (throttle.ADDRESS, where)]
    with db.connect() as conn:
        until = throttle.locked_until(conn, keys=keys, now=now)
        user = None if until else store.find_user(conn, username=name)
    if until is not None:
        raise TooManyAttempts(until, now=now)
    if verify_password(user, password) and user is not None and user.active:
        with db.begin() as conn:
            throttle.forget(conn, kind=throttle.ACCOUNT, key=name)
        return user
    _failed(db, name=name, address=where, now=now,
            inactive=user is not None and not user.active)
    return None


def _failed(db: Database, *, name: str, address: str, now: datetime, inactive: bool) -> None:
    limits = ((throttle.ACCOUNT, name, LOGIN_FAILURES_PER_ACCOUNT),
              (throttle.ADDRESS, address, LOGIN_FAILURES_PER_ADDRESS))
    locked: list[datetime] = []
    with db.begin() as conn:
        throttle.forget_stale(conn, before=now - LOGIN_FORGET_AFTER, now=now)
        audit.record(conn, user="anonymous", workspace_key=None, entity="login",
                     action="fail", record_key=name, after={"address": address},
                     summary="failed login: deactivated account" if inactive
                     else "failed login")
        for kind, key, threshold in limits:
            until = throttle.record_failure(
                conn, kind=kind, key=key, now=now, window=LOGIN_FAILURE_WINDOW,
                threshold=threshold, first_lock=LOGIN_FIRST_LOCK,
                longest_lock=LOGIN_LONGEST_LOCK)
            if until is not None:
                locked.append(until)
                audit.record(conn, user="anonymous", workspace_key=None, entity="login",
                             action="lock", record_key=key,
                             after={"kind": kind, "until": until.isoformat(),
                                    "failures": threshold, "address": address},
                             summary=f"{kind} locked after {threshold} failed logins")
    if locked:
        raise TooManyAttempts(max(locked), now=now)


def log_in(db: Database, *, username: str, password: str, address: str | None,
           now: datetime, session_hours: int) -> Login | None:
    """A new session for the user whose password this is; None when it is wrong (the
    caller must not say whether the username or the password was). Throttled (see the
    module): raises :class:`TooManyAttempts`."""
    user = check_password(db, username=username, password=password, address=address,
                          now=now)
    if user is None:
        return None
    return Login(user=user, session=start_session(db, user=user, now=now,
                                                  hours=session_hours))


def start_session(db: Database, *, user: UserRecord, now: datetime, hours: int) -> str:
    """Record a new session for ``user``; the secret its cookie carries."""
    secret = secrets.token_urlsafe(32)
    with db.begin() as conn:
        sessions.create(conn, user_id=user.id, secret_hash=secret_hash(secret), now=now,
                        expires_at=now + timedelta(hours=hours))
    return secret


def user_for_session(db: Database, secret: str, *, now: datetime) -> UserRecord | None:
    """The active user of a live session; None once it was ended, expired, or its account
    deactivated."""
    with db.connect() as conn:
        return sessions.user_for(conn, secret_hash=secret_hash(secret), now=now)


def log_out(db: Database, secret: str) -> None:
    """End one session (the others of the same user go on)."""
    with db.begin() as conn:
        sessions.end(conn, secret_hash=secret_hash(secret))
