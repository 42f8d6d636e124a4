from django.db import migrations

# The search index is not a Django model: its shape differs per database.
# SQLite: FTS5, tokenizer keeps combining marks (Indic vowel signs) in tokens.
# PostgreSQL: token arrays under a GIN index (the same tokens, made in Python).
SQLITE = """
CREATE VIRTUAL TABLE ticket_search USING fts5(
    body,
    workspace_id UNINDEXED,
    ticket_id UNINDEXED,
    message_id UNINDEXED,
    tokenize = "unicode61 categories 'L* N* Co M*' remove_diacritics 0"
)
"""
POSTGRES = [
    """
    CREATE TABLE ticket_search (
        id bigserial PRIMARY KEY,
        workspace_id bigint NOT NULL,
        ticket_id bigint NOT NULL,
        message_id bigint NOT NULL,
        tokens text[] NOT NULL
    )
    """,
    "CREATE INDEX ticket_search_tokens ON ticket_search USING gin (tokens)",
    "CREATE INDEX ticket_search_ticket ON ticket_search (ticket_id, message_id)",
    "CREATE INDEX ticket_search_message ON ticket_search (message_id)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE)
    else:
        for statement in POSTGRES:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE ticket_search")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
