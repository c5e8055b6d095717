"""The limits IMPACT puts on what it is given, in one place.

A hostile or broken file must be refused quickly, with a message that names the limit, and
never take the machine down with it (a 1 MB spreadsheet can unpack to millions of rows; 60 KB
of YAML can nest deep enough to crash the parser). Each limit is far above what a real
assessment needs; docs/data-formats.md lists them for users, and every message that refuses
input names the limit it hit, so that the fix is plain.
"""

from __future__ import annotations

from datetime import timedelta

MAX_TEXT_CHARS = 100_000
"""Characters in one free-text value (a narrative, a title, a recommendation's text, one CSV or
spreadsheet cell). A long treaty-body paragraph is a few thousand."""

MAX_KEY_CHARS = 200
"""Characters in one record key (a finding's, an actor's, a workspace's...)."""

MAX_ROWS = 1_000_000
"""Data rows in one imported CSV file or spreadsheet sheet."""

MAX_CELLS = 20_000_000
"""Cells (rows x columns) in one imported spreadsheet, all sheets together."""

MAX_UNPACKED_BYTES = 512 << 20
"""Bytes an XLSX (a zip archive) may unpack to, all its members together."""

MAX_ZIP_MEMBERS = 10_000
"""Files inside one XLSX (a zip archive). A workbook a spreadsheet program saved holds a few
dozen: one per sheet, plus styles, shared strings, relationships and any pictures."""

MAX_COMPRESSION_RATIO = 200
"""How many times larger than its packed size one member of an XLSX may unpack to. Real
spreadsheets pack 5-20 times; a decompression bomb packs thousands of times. Members under
1 MiB unpacked are not held to it (they cannot be a bomb, and MAX_UNPACKED_BYTES bounds them)."""

MAX_NESTING_DEPTH = 100
"""Levels of nesting (mappings and lists inside each other) in a YAML or JSON file. A
catalogue file nests under ten."""

MAX_PAGE_NUMBER = 1_000_000
"""The highest page number a listing accepts."""

MAX_OFFSET = 1_000_000_000
"""The highest row offset a listing accepts."""

MAX_BODY_BYTES = 2 << 20
"""Bytes in the body of one ordinary request (a web form, a JSON body). A finding with the
longest narrative allowed fits in well under a megabyte."""

MAX_UPLOAD_BYTES = 100 << 20
"""Bytes in the body of one upload (a recommendations file sent from the web page: some
400,000 recommendations as CSV); bigger files are imported with the CLI."""

# --- logins (OWASP ASVS 2.2.1: anti-automation against password guessing) -----------------

LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
"""Failed logins are counted over this window; a window with no lock in it starts afresh."""

LOGIN_FAILURES_PER_ACCOUNT = 5
"""Failed logins for one username within the window before it is locked."""

LOGIN_FAILURES_PER_ADDRESS = 20
"""Failed logins from one client address within the window before it is locked (higher than
per account: one office behind one address holds many people)."""

LOGIN_FIRST_LOCK = timedelta(minutes=1)
"""How long the first lock lasts; each further lock lasts twice as long as the one before."""

LOGIN_LONGEST_LOCK = timedelta(hours=1)
"""The longest lock. A lock refuses every attempt, even with the right password."""

LOGIN_FORGET_AFTER = timedelta(days=1)
"""A username or address with no failed login for this long starts again from the first
lock."""

MAX_USERNAME_CHARS = 80
"""Characters in one username (the users table holds this many)."""

LOGIN_IPV6_PREFIX = 64
"""IPv6 clients are counted by this network prefix, not by address: one subscriber holds a
whole /64 and can rotate through it at will."""

TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)
"""An API token's last use is written at most this often (not on every request)."""
