"""Re-fold indexed ticket text after core.text.fold learnt Indic spelling variants.

fold() now drops the nukta and writes candrabindu as anusvara, so queries are
folded that way; index rows written before would no longer match those words.
Only rows holding one of the changed characters are rewritten.
"""

from django.db import migrations

from samadhan.core.text import tokens

VARIANTS = ("\u093c", "\u0c3c", "\u0901", "\u0c00", "\u0c01")
BATCH = 1000


def refold(apps, schema_editor):
    connection = schema_editor.connection
    like = " OR ".join(["body LIKE %s"] * len(VARIANTS))
    params = [f"%{v}%" for v in VARIANTS]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT rowid, body FROM ticket_search WHERE {like}", params)  # noqa: S608
            rows = [(" ".join(tokens(body)), rowid) for rowid, body in cursor.fetchall()]
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    "UPDATE ticket_search SET body = %s WHERE rowid = %s", rows[start : start + BATCH]
                )
        else:
            cursor.execute(
                "SELECT id, tokens FROM ticket_search WHERE array_to_string(tokens, ' ') ~ %s",
                ["[" + "".join(VARIANTS) + "]"],
            )
            rows = [
                (sorted(set(tokens(" ".join(words)))), row_id)
                for row_id, words in cursor.fetchall()
            ]
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    "UPDATE ticket_search SET tokens = %s WHERE id = %s", rows[start : start + BATCH]
                )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_ticket_participant")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
