"""Indexes the web pages read by: organisations of a place, events of a project, and the documents that mention
an entity straight from the facts' subject index. Also joins the three 0003 branches into one head.

Revision ID: 0004_page_indexes
Revises: 0003_users, 0003_exchange, 0003_project_links
"""

from alembic import op

revision = "0004_page_indexes"
down_revision = ("0003_users", "0003_exchange", "0003_project_links")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organisations_place_id", "organisations", ["place_id"], unique=False)
    op.create_index("ix_events_project_id", "events", ["project_id"], unique=False)
    op.drop_index("ix_facts_subject", table_name="facts")
    op.create_index("ix_facts_subject", "facts", ["subject_type", "subject_id", "document_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_facts_subject", table_name="facts")
    op.create_index("ix_facts_subject", "facts", ["subject_type", "subject_id"], unique=False)
    op.drop_index("ix_events_project_id", table_name="events")
    op.drop_index("ix_organisations_place_id", table_name="organisations")
