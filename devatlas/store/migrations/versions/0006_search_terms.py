"""The words of the SQLite full-text index in a table of their own, so that prefix queries are expanded to exact
words (see `models.SearchTerm`); filled from the index's own vocabulary. PostgreSQL's GIN index answers prefix
queries itself and leaves the table empty. The facets' index by entry also holds name and value, so that counting
the facets of a page of matches reads the index alone.

Revision ID: 0006_search_terms
Revises: 0005_document_bands
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_search_terms"
down_revision = "0005_document_bands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_search_facets_entry", "search_facets", ["entry_id", "name", "value"], unique=False)
    op.drop_index("ix_search_facets_entry_id", table_name="search_facets")
    op.create_table("search_terms", sa.Column("term", sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint("term"), sqlite_with_rowid=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE temp.search_vocabulary USING fts5vocab(main, 'search_fts', 'row')")
        op.execute("INSERT INTO search_terms (term) SELECT term FROM temp.search_vocabulary")
        op.execute("DROP TABLE temp.search_vocabulary")


def downgrade() -> None:
    op.drop_table("search_terms")
    op.create_index("ix_search_facets_entry_id", "search_facets", ["entry_id"], unique=False)
    op.drop_index("ix_search_facets_entry", table_name="search_facets")
