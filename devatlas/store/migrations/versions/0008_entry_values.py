"""Each search entry's facet values in one row of tagged numbers (`models.SearchEntryValues`), filled from the
facet rows: the search page counts the facets of its best matches from these rows.

Revision ID: 0008_entry_values
Revises: 0007_facet_values
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_entry_values"
down_revision = "0007_facet_values"
branch_labels = None
depends_on = None

# the tags of `devatlas.store.search.FACET_TAGS` as they were at this revision
_TAG = ("CASE v.name WHEN 'country' THEN 'c' WHEN 'place' THEN 'p' WHEN 'funder' THEN 'f' WHEN 'org' THEN 'o' "
        "WHEN 'year' THEN 'y' WHEN 'lang' THEN 'l' END")


def upgrade() -> None:
    op.create_table(
        "search_entry_values",
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value_ids", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["search_entries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    tagged = f"{_TAG} || CAST(f.value_id AS TEXT)"
    joined = (f"group_concat({tagged}, ' ')" if op.get_bind().dialect.name == "sqlite"
              else f"string_agg({tagged}, ' ')")
    op.execute(f"INSERT INTO search_entry_values (entry_id, value_ids) SELECT f.entry_id, {joined} "
               "FROM search_facets f JOIN search_facet_values v ON v.id = f.value_id "
               f"WHERE {_TAG} IS NOT NULL GROUP BY f.entry_id")


def downgrade() -> None:
    op.drop_table("search_entry_values")
