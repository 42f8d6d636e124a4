from django.db import migrations


# SQLite: document frequencies of the lexical index's words (lexical.py drops
# very common query words before ranking).
def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE kb_search_vocab USING fts5vocab(kb_search_fts, 'row')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS kb_search_vocab")


class Migration(migrations.Migration):
    dependencies = [("kb_search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
