"""Search facets as rows, so that facet filters and counts are SQL.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

from devatlas.text.script import fold

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_facets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=400), nullable=False),
        sa.Column("value_key", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["search_entries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("search_facets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_facets_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index("ix_search_facets_name_value", ["name", "value_key", "entry_id"], unique=False)
    # Entries indexed before this revision keep their facets in a JSON column: copy them into rows.
    bind = op.get_bind()
    facets_table = sa.table(
        "search_facets", sa.column("entry_id"), sa.column("name"), sa.column("value"), sa.column("value_key")
    )
    rows = []
    for entry_id, facets in bind.execute(sa.text("SELECT id, facets FROM search_entries")):
        data = json.loads(facets) if isinstance(facets, str) else (facets or {})
        for name, values in data.items():
            for value in dict.fromkeys(values):
                rows.append({"entry_id": entry_id, "name": name, "value": str(value)[:400],
                             "value_key": fold(str(value))[:400]})
    if rows:
        op.bulk_insert(facets_table, rows)


def downgrade() -> None:
    with op.batch_alter_table("search_facets", schema=None) as batch_op:
        batch_op.drop_index("ix_search_facets_name_value")
        batch_op.drop_index(batch_op.f("ix_search_facets_entry_id"))
    op.drop_table("search_facets")
