"""Near-duplicate bands: one indexed key per band of each document's MinHash signature, filled from the signatures
the registry already holds, so that an ingest finds candidates with an index lookup instead of loading every
signature into memory.

Revision ID: 0005_document_bands
Revises: 0004_page_indexes
"""

import sqlalchemy as sa
from alembic import op

from devatlas.ingest.duplicates import band_keys

revision = "0005_document_bands"
down_revision = "0004_page_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_bands",
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band_key", "document_id"),
    )
    op.create_index("ix_document_bands_document_id", "document_bands", ["document_id"], unique=False)
    bands = sa.table("document_bands", sa.column("band_key", sa.BigInteger()), sa.column("document_id", sa.Integer()))
    connection = op.get_bind()
    last_id = 0
    while True:  # in slices, so a large registry is migrated in flat memory
        rows = connection.execute(sa.text(
            "SELECT id, minhash FROM documents WHERE id > :last AND minhash IS NOT NULL ORDER BY id LIMIT 5000"
        ), {"last": last_id}).all()
        if not rows:
            break
        values = [{"band_key": key, "document_id": doc_id}
                  for doc_id, blob in rows for key in dict.fromkeys(band_keys(bytes(blob)))]
        if values:
            op.bulk_insert(bands, values)
        last_id = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_document_bands_document_id", table_name="document_bands")
    op.drop_table("document_bands")
