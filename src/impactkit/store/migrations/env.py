"""Alembic environment: always run with a connection handed in by ``Database.migrate``."""

from __future__ import annotations

from alembic import context

from impactkit.store.schema import include_object, metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable when run by the alembic CLI
    raise RuntimeError("run migrations through impactkit: 'impact init'")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
