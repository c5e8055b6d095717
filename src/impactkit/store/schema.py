"""Table definitions (SQLAlchemy Core). The single source Alembic migrations are checked
against; nothing outside ``store/`` writes SQL.

Multi-valued codes (a finding's provisions, sectors, groups...) live in tag tables with a
``position`` so that the order a user gave is kept and exports round-trip exactly.
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

UTCDateTime = sa.DateTime(timezone=True)


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer,
                  sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
    ]


def _version_column() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


catalogues = sa.Table(
    "catalogues", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(120), nullable=False, unique=True),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Column("loaded_at", UTCDateTime, nullable=False),
)

provision_texts = sa.Table(
    "provision_texts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("catalogue_key", sa.String(120), nullable=False),
    sa.Column("provision", sa.String(40), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("catalogue_key", "provision"),
)

jurisdictions = sa.Table(
    "jurisdictions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(20), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("parent_code", sa.String(20), nullable=True),
    sa.Column("fictional", sa.Boolean, nullable=False, server_default=sa.false()),
)

workspaces = sa.Table(
    "workspaces", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(120), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("jurisdiction_id", sa.Integer, sa.ForeignKey("jurisdictions.id"), nullable=False),
    sa.Column("cycle", sa.String(60), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("catalogue_key", sa.String(120), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("public", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("four_eyes", sa.Boolean, nullable=False, server_default=sa.true()),
    _version_column(),
)

actors = sa.Table(
    "actors", metadata, *_key_columns(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("sector", sa.String(60), nullable=False),
    sa.Column("level", sa.String(40), nullable=False),
    sa.Column("type", sa.String(60), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
)

instruments = sa.Table(
    "instruments", metadata, *_key_columns(),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("in_force", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
)

mandates = sa.Table(
    "mandates", metadata, *_key_columns(),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("legal_basis_id", sa.Integer,
              sa.ForeignKey("instruments.id", ondelete="SET NULL"), nullable=True),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    _version_column(),
    sa.Column("limited_to_groups", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("workspace_id", "key"),
)

links = sa.Table(
    "coordination_links", metadata, *_key_columns(),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("actors.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("target_id", sa.Integer, sa.ForeignKey("actors.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("legal_basis_id", sa.Integer,
              sa.ForeignKey("instruments.id", ondelete="SET NULL"), nullable=True),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
)

findings = sa.Table(
    "findings", metadata, *_key_columns(),
    sa.Column("area", sa.String(40), nullable=False),
    sa.Column("layer", sa.String(40), nullable=False),
    sa.Column("rating", sa.Integer, nullable=True),
    sa.Column("rating_state", sa.String(20), nullable=False),
    sa.Column("confidence", sa.String(10), nullable=False),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("narrative", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("reviewed_by", sa.Text, nullable=True),
    sa.Column("validated_by", sa.Text, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
    sa.CheckConstraint("(rating_state = 'rated') = (rating IS NOT NULL)", name="rating_state"),
)

evidence = sa.Table(
    "evidence", metadata, *_key_columns(),
    sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("kind", sa.String(60), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("url", sa.Text, nullable=False, server_default=""),
    sa.Column("date", sa.String(40), nullable=False, server_default=""),
    sa.Column("reliability", sa.String(20), nullable=False),
    sa.Column("confidential", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("indicator", sa.String(120), nullable=True),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
)

indicator_values = sa.Table(
    "indicator_values", metadata, *_key_columns(),
    sa.Column("indicator", sa.String(120), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("child_group", sa.String(60), nullable=True),
    sa.Column("sector", sa.String(60), nullable=True),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
)


editorial_sections = sa.Table(
    "editorial_sections", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workspace_id", sa.Integer,
              sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key", sa.String(120), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    _version_column(),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("workspace_id", "key"),
)
"""The parts of a report only people write (introduction, conclusions, a cluster's narrative,
the State's comments), as Markdown, one row per written section of a workspace
(:mod:`impactkit.reports.editorial` names the keys); a cleared section has no row."""


# --- indicators people define, panels of values per jurisdiction and year ----------------------
indicator_definitions = sa.Table(
    "indicator_definitions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(120), nullable=False, unique=True),
    sa.Column("document", sa.JSON, nullable=False),
    _version_column(),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
"""Indicators a user defined without writing a catalogue (``impact indicators define``): one
row per code, the definition as the catalogue's own Indicator document, shared by every
workspace of the database."""

indicator_panel = sa.Table(
    "indicator_panel", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("jurisdiction_id", sa.Integer,
              sa.ForeignKey("jurisdictions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("indicator", sa.String(120), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("imported_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("jurisdiction_id", "indicator", "year"),
    sa.Index("ix_indicator_panel_indicator", "indicator"),
)
"""Indicator values per jurisdiction and year, shared by all that jurisdiction's workspaces
(cycles): what official series (SDG, UNICEF, Eurostat) give for many countries at once."""

own_recommendations = sa.Table(
    "own_recommendations", metadata, *_key_columns(),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("grade", sa.String(20), nullable=False),
    sa.Column("basis", sa.String(40), nullable=False),
    sa.Column("basis_target", sa.String(200), nullable=False, server_default=""),
    sa.Column("rationale", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    _version_column(),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("workspace_id", "key"),
)
"""The assessing body's own recommendations (drafted from the gaps or written by hand):
``tags`` holds their addressees, provisions, clusters, sectors, groups and the related UN
recommendations as lists of codes and keys."""

def _tag_table(name: str, owner: str) -> sa.Table:
    return sa.Table(
        name, metadata,
        sa.Column("owner_id", sa.Integer, sa.ForeignKey(f"{owner}.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(120), nullable=False),
    )


finding_tags = _tag_table("finding_tags", "findings")
instrument_tags = _tag_table("instrument_tags", "instruments")
mandate_tags = _tag_table("mandate_tags", "mandates")

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("workspace_key", sa.String(120), nullable=True),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("record_key", sa.String(120), nullable=True),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_audit_log_workspace_entity", "workspace_key", "entity", "record_key"),
)

# --- accounts: who may do what (the web app and the API) ------------------------------------

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False, server_default=""),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

memberships = sa.Table(
    "memberships", metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_used_at", UTCDateTime, nullable=True),
)

web_sessions = sa.Table(
    "web_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Index("ix_web_sessions_user", "user_id"),
)
"""One row per logged-in browser: the signed cookie carries a random secret, this table its
SHA-256. Logging out deletes the row; a password change or deactivation deletes all of the
account's rows, so a copied cookie stops working at once."""

login_throttle = sa.Table(
    "login_throttle", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),  # 'account' or 'address'
    sa.Column("key", sa.String(200), nullable=False),  # the username tried, or the address
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("window_started_at", UTCDateTime, nullable=False),
    sa.Column("last_failure_at", UTCDateTime, nullable=False),
    sa.Column("locked_until", UTCDateTime, nullable=True),
    sa.Column("locks", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("kind", "key"),
)
"""Failed logins per account and per client address, kept in the database so that every
app process sees the same counts and a restart forgets nothing."""

# --- review workflow: comments and transitions of a finding, with who and when ---------------

finding_events = sa.Table(
    "finding_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("finding_id", sa.Integer, sa.ForeignKey("findings.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_finding_events_finding", "finding_id", "id"),
)

# --- recommendations made to the State, actions answering them, their status -----------------

def _state_columns() -> list[sa.Column]:
    """Recommendations are made to a State and followed over many cycles: they belong to the
    jurisdiction, and every workspace (cycle) of that jurisdiction shares them."""
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("jurisdiction_id", sa.Integer,
                  sa.ForeignKey("jurisdictions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
    ]


recommendations = sa.Table(
    "recommendations", metadata, *_state_columns(),
    sa.Column("mechanism", sa.String(40), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("document_symbol", sa.String(120), nullable=False, server_default=""),
    sa.Column("paragraph", sa.String(60), nullable=False, server_default=""),
    sa.Column("cycle", sa.String(60), nullable=False, server_default=""),
    sa.Column("session", sa.String(60), nullable=False, server_default=""),
    sa.Column("date", sa.Date, nullable=True),
    sa.Column("position", sa.String(20), nullable=True),
    sa.Column("language", sa.String(20), nullable=False, server_default="en"),
    sa.Column("family", sa.String(120), nullable=False, server_default=""),
    # the text's stems in its language, what search matches (migration 0011)
    sa.Column("search_terms", sa.Text, nullable=False, server_default=""),
    _version_column(),
    sa.Column("sort_key", sa.String(400), nullable=False),  # natural order of the key
    sa.UniqueConstraint("jurisdiction_id", "key"),
    sa.Index("ix_recommendations_state_family", "jurisdiction_id", "family"),
    sa.Index("ix_recommendations_state_mechanism", "jurisdiction_id", "mechanism", "sort_key"),
    sa.Index("ix_recommendations_state_cycle", "jurisdiction_id", "cycle", "sort_key"),
)

recommendation_tags = _tag_table("recommendation_tags", "recommendations")
sa.Index("ix_recommendation_tags_kind_code", recommendation_tags.c.kind,
         recommendation_tags.c.code)

actions = sa.Table(
    "actions", metadata, *_state_columns(),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(40), nullable=False),
    sa.Column("due", sa.Date, nullable=True),
    _version_column(),
    sa.UniqueConstraint("jurisdiction_id", "key"),
)

action_tags = _tag_table("action_tags", "actions")  # kinds: recommendation, actor (keys)

status_assessments = sa.Table(
    "status_assessments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("recommendation_id", sa.Integer,
              sa.ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("source", sa.String(40), nullable=False),
    sa.Column("status", sa.String(40), nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("assessor", sa.Text, nullable=False, server_default=""),
    sa.Column("evidence", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Index("ix_status_assessments_recommendation", "recommendation_id", "assessed_on"),
)

tag_suggestions = sa.Table(
    "tag_suggestions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("recommendation_id", sa.Integer,
              sa.ForeignKey("recommendations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("code", sa.String(120), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("support", sa.JSON, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("decided_by", sa.Text, nullable=True),
    sa.Column("decided_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("recommendation_id", "kind", "code"),
    sa.Index("ix_tag_suggestions_state", "state", "confidence"),
)

tagger_models = sa.Table(
    "tagger_models", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("trained_at", UTCDateTime, nullable=False),
    sa.Column("trained_by", sa.Text, nullable=False),
    sa.Column("examples", sa.Integer, nullable=False),
    sa.Column("model", sa.LargeBinary, nullable=False),
)

SEARCH_OBJECTS = frozenset({"recommendations_fts", "ix_recommendations_search"})
"""Full-text search structures made by migrations 0003 and 0011 for one dialect only (an FTS5
table and its shadow tables on SQLite, a GIN index on PostgreSQL): not declared here, so schema
comparisons skip them (see :func:`include_object`)."""


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Alembic's filter: leave out the dialect-specific search structures."""
    return not (name and any(name == n or name.startswith(n + "_") for n in SEARCH_OBJECTS))

# --- the system map's referral scenarios (saved to be replayed after the map changes) -------

scenarios = sa.Table(
    "scenarios", metadata, *_key_columns(),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("document", sa.JSON, nullable=False),  # the situation, notes and session
    sa.Column("route", sa.JSON, nullable=False),  # the navigator's answer when saved
    sa.Column("saved_at", UTCDateTime, nullable=False),
    sa.Column("saved_by", sa.Text, nullable=False),
    _version_column(),
    sa.UniqueConstraint("workspace_id", "key"),
)
