"""Facet values under numbers (`models.SearchFacetValue`): the search page counts the facets of its best matches
by number from the entry index alone, and reads as text only the values it shows. Each facet row of an entry gets
its value's number; the index by entry holds it in place of the name and value.

Revision ID: 0007_facet_values
Revises: 0006_search_terms
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_facet_values"
down_revision = "0006_search_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_facet_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "value", name="uq_search_facet_values"),
    )
    op.execute("INSERT INTO search_facet_values (name, value) SELECT DISTINCT name, value FROM search_facets")
    with op.batch_alter_table("search_facets") as batch:
        batch.add_column(sa.Column("value_id", sa.Integer(), nullable=True))
    op.execute("UPDATE search_facets SET value_id = (SELECT v.id FROM search_facet_values v "
               "WHERE v.name = search_facets.name AND v.value = search_facets.value)")
    with op.batch_alter_table("search_facets") as batch:
        batch.alter_column("value_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_search_facets_value_id", "search_facet_values", ["value_id"], ["id"])
        batch.drop_index("ix_search_facets_entry")
        batch.create_index("ix_search_facets_entry_value", ["entry_id", "value_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("search_facets") as batch:
        batch.drop_index("ix_search_facets_entry_value")
        batch.create_index("ix_search_facets_entry", ["entry_id", "name", "value"], unique=False)
        batch.drop_constraint("fk_search_facets_value_id", type_="foreignkey")
        batch.drop_column("value_id")
    op.drop_table("search_facet_values")
