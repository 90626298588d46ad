"""Exchange with IATI: DAC sectors and the IATI identifier of a project, where its record came from, the IATI
organisation identifier, GeoNames ids of places, and transaction types on money lines.

Revision ID: 0003_exchange
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_exchange"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sectors", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("iati_identifier", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=False, server_default="documents"))
        batch_op.create_index("ix_projects_iati_identifier", ["iati_identifier"], unique=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("iati_ref", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index("ix_organisations_iati_ref", ["iati_ref"], unique=False)
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("geonames_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transaction_type", sa.String(length=2), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_column("transaction_type")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_column("geonames_id")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_iati_ref")
        batch_op.drop_column("iati_ref")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index("ix_projects_iati_identifier")
        batch_op.drop_column("origin")
        batch_op.drop_column("iati_identifier")
        batch_op.drop_column("sectors")
