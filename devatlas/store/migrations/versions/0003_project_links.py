"""Project titles and acronyms as lookup keys, so that a document naming a project by its acronym and another
naming it by its full title land on one record.

Revision ID: 0003_project_links
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from devatlas.resolve.keys import normalised_name

revision = "0003_project_links"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project_titles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("folded", sa.String(length=400), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_project_titles_folded"), ["folded"], unique=False)
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acronym_key", sa.String(length=60), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_projects_acronym_key"), ["acronym_key"], unique=False)
    bind = op.get_bind()
    for row_id, title in bind.execute(sa.text("SELECT id, title FROM project_titles")).all():
        bind.execute(sa.text("UPDATE project_titles SET folded = :f WHERE id = :i"),
                     {"f": normalised_name(title)[:400], "i": row_id})
    for row_id, acronym in bind.execute(sa.text("SELECT id, acronym FROM projects WHERE acronym <> ''")).all():
        bind.execute(sa.text("UPDATE projects SET acronym_key = :f WHERE id = :i"),
                     {"f": normalised_name(acronym)[:60], "i": row_id})


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_acronym_key"))
        batch_op.drop_column("acronym_key")
    with op.batch_alter_table("project_titles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_titles_folded"))
        batch_op.drop_column("folded")
