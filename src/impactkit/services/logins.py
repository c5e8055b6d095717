"""Logging in to the web app, with failed logins throttled, and the sessions it opens.

The rule (OWASP ASVS 2.2.1, anti-automation against password guessing): failed logins are
counted per username and per client address (an IPv6 one by its /64) over
``LOGIN_FAILURE_WINDOW``, each attempt before its password is checked; at
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
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from impactkit.errors import TooManyAttempts
from impactkit.input_rules import username_problem
from impactkit.limits import (
    LOGIN_FAILURE_WINDOW,
    LOGIN_FAILURES_PER_ACCOUNT,
    LOGIN_FAILURES_PER_ADDRESS,
    LOGIN_FIRST_LOCK,
    LOGIN_FORGET_AFTER,
    LOGIN_IPV6_PREFIX,
    LOGIN_LONGEST_LOCK,
)
from impactkit.services.accounts import verify_password
from impactkit.store import accounts as store
from impactkit.store import audit, sessions, throttle
from impactkit.store.accounts import UserRecord
from impactkit.store.db import Connection, Database

KEY_CHARS = 120
"""Impossible usernames and unparsable addresses are recorded on their first characters (the
audit trail's record key is this wide; real usernames have at most 80)."""

UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True, slots=True)
class Login:
    """A successful login: the user, and the secret the session cookie carries."""

    user: UserRecord
    session: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def address_key(address: str | None) -> str:
    """What a client address is counted under: an IPv4 address as it is, an IPv6 one by its
    /64 network (``LOGIN_IPV6_PREFIX``: one subscriber holds a whole /64 and can rotate
    through it), an IPv4-mapped IPv6 address as the IPv4 one; anything else (no address, a
    test client's name) by its first characters, control characters replaced."""
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return _printable(address or UNKNOWN_ADDRESS)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network((ip, LOGIN_IPV6_PREFIX), strict=False))
    return str(ip)


def _printable(text: str) -> str:
    """``text`` cut to ``KEY_CHARS``, with any control character escaped, fit for a throttle
    key and an audit record key."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)[:KEY_CHARS]


def check_password(db: Database, *, username: str, password: str, address: str | None,
                   now: datetime) -> UserRecord | None:
    """The active user whose password this is, or None (a counted, audited failure).
    Raises :class:`TooManyAttempts` while the username or the address is locked, when this
    attempt is beyond a limit, and when this failure locks one of them.

    The attempt is counted before the password is checked, in the same transaction that
    looks at the locks, so parallel attempts cannot all slip past the check: at most the
    limit reach the (slow) password check. A username no account can have (see
    :func:`impactkit.input_rules.username_problem`) is never looked up: it is a failed
    login, counted per address only."""
    name = username.strip()
    possible = username_problem(name) is None
    where = address_key(address)
    limits = [(throttle.ACCOUNT, name, LOGIN_FAILURES_PER_ACCOUNT)] if possible else []
    limits.append((throttle.ADDRESS, where, LOGIN_FAILURES_PER_ADDRESS))
    with db.begin() as conn:
        reached = _count(conn, limits=limits, now=now)
        user = store.find_user(conn, username=name) if possible else None
    if verify_password(user, password) and user is not None and user.active:
        with db.begin() as conn:
            throttle.forget(conn, kind=throttle.ACCOUNT, key=name)
            throttle.take_back(conn, kind=throttle.ADDRESS, key=where)
        return user
    _failed(db, name=name if possible else _printable(name), address=where,
            reached=reached, now=now, inactive=user is not None and not user.active)
    return None


def _count(conn: Connection, *, limits: list[tuple[str, str, int]],
           now: datetime) -> list[tuple[str, str, int, int]]:
    """Count the attempt on every key; (kind, key, threshold, locks so far) for each key
    this attempt brings to its threshold. Raises TooManyAttempts (and nothing stays
    counted) when a key is locked or this attempt goes beyond a threshold (the one that
    reached it is being checked meanwhile, and locks the key if it fails)."""
    throttle.forget_stale(conn, before=now - LOGIN_FORGET_AFTER, now=now)
    reached: list[tuple[str, str, int, int]] = []
    for kind, key, threshold in limits:
        counted = throttle.count_attempt(conn, kind=kind, key=key, now=now,
                                         window=LOGIN_FAILURE_WINDOW)
        if counted is None:
            until = throttle.locked_until(conn, keys=[(kind, key)], now=now)
            raise TooManyAttempts(until or now + LOGIN_FIRST_LOCK, now=now)
        attempts, locks = counted
        if attempts > threshold:
            raise TooManyAttempts(now + _lock_length(locks), now=now)
        if attempts == threshold:
            reached.append((kind, key, threshold, locks))
    return reached


def _lock_length(locks: int) -> timedelta:
    return throttle.lock_length(locks, first_lock=LOGIN_FIRST_LOCK,
                                longest_lock=LOGIN_LONGEST_LOCK)


def _failed(db: Database, *, name: str, address: str,
            reached: list[tuple[str, str, int, int]], now: datetime,
            inactive: bool) -> None:
    locked: list[datetime] = []
    with db.begin() as conn:
        audit.record(conn, user="anonymous", workspace_key=None, entity="login",
                     action="fail", record_key=name, after={"address": address},
                     summary="failed login: deactivated account" if inactive
                     else "failed login")
        for kind, key, threshold, locks in reached:
            until = now + _lock_length(locks)
            throttle.lock(conn, kind=kind, key=key, until=until, now=now)
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
