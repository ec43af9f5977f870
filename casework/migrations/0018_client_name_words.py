"""Search by any word of a name, in either script (issue 18): one blind index per name word.

Existing clients get theirs from their decrypted name, as migration 0015 rebuilt the other indexes: the
migration needs the master key, as every process outside DEBUG does anyway. Erased clients have none.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import connection, migrations, models

SYSTEM_SCOPE = "SELECT set_config('casework.system', 'on', true);"


def index_name_words(apps, schema_editor, batch_size: int = 500) -> None:
    from casework import crypto
    from casework.personal import name_word_indexes

    Client = apps.get_model("casework", "Client")
    with connection.cursor() as cursor:  # every organisation's clients, row-level security being forced
        cursor.execute(SYSTEM_SCOPE)
    clients = Client.objects.filter(data_key_wrapped__isnull=False).order_by("id")
    changed = []
    for client in clients.only("id", "organisation_id", "data_key_wrapped", "full_name_enc").iterator(
        chunk_size=batch_size
    ):
        if not client.full_name_enc:
            continue
        data_key = crypto.unwrap_data_key(client.data_key_wrapped, client_id=client.id)
        full_name = crypto.decrypt_text(data_key, client.full_name_enc, client_id=client.id, field="full_name")
        client.name_word_indexes = name_word_indexes(client.organisation_id, full_name)
        changed.append(client)
        if len(changed) >= batch_size:
            Client.objects.bulk_update(changed, ["name_word_indexes"])
            changed = []
    Client.objects.bulk_update(changed, ["name_word_indexes"])


class Migration(migrations.Migration):
    dependencies = [("casework", "0017_documents")]

    operations = [
        migrations.AddField(
            model_name="client",
            name="name_word_indexes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=64), blank=True, default=list, size=None
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name_word_indexes"], name="client_name_words_gin"
            ),
        ),
        migrations.RunPython(index_name_words, reverse_code=migrations.RunPython.noop),
    ]
