"""Each search entry's facet values as plain numbers (`models.SearchEntryValues`): a value's number shifted left by
three bits, the facet's number in them, instead of a letter before the value's number. The search page counts the
numbers in numpy; the rows are written anew from the facet rows.

Revision ID: 0009_entry_value_numbers
Revises: 0008_entry_values
"""

from alembic import op

revision = "0009_entry_value_numbers"
down_revision = "0008_entry_values"
branch_labels = None
depends_on = None

# `devatlas.store.search.FACETS` and `FACET_BITS` as they were at this revision
_NUMBER = ("f.value_id * 8 + CASE v.name WHEN 'country' THEN 0 WHEN 'place' THEN 1 WHEN 'funder' THEN 2 "
           "WHEN 'org' THEN 3 WHEN 'year' THEN 4 WHEN 'lang' THEN 5 END")
_TAG = ("CASE v.name WHEN 'country' THEN 'c' WHEN 'place' THEN 'p' WHEN 'funder' THEN 'f' WHEN 'org' THEN 'o' "
        "WHEN 'year' THEN 'y' WHEN 'lang' THEN 'l' END || CAST(f.value_id AS TEXT)")


def _rewrite(value: str) -> None:
    joined = (f"group_concat({value}, ' ')" if op.get_bind().dialect.name == "sqlite"
              else f"string_agg({value}, ' ')")
    op.execute("DELETE FROM search_entry_values")
    op.execute(f"INSERT INTO search_entry_values (entry_id, value_ids) SELECT f.entry_id, {joined} "
               "FROM search_facets f JOIN search_facet_values v ON v.id = f.value_id "
               "WHERE v.name IN ('country', 'place', 'funder', 'org', 'year', 'lang') GROUP BY f.entry_id")


def upgrade() -> None:
    _rewrite(f"CAST({_NUMBER} AS TEXT)")


def downgrade() -> None:
    _rewrite(_TAG)
