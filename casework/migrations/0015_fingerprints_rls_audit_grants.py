"""Security, second pass (issue 14, items 5, 9 and 10). Run as the tables' owner, like every migration.

1. Idempotency fingerprints made before this release were keyed with the blind-index key, a child of the
   KEK that erasure never destroys: with the database and the KEK, guessed notes and official numbers of an
   erased client could be confirmed against them. New ones are keyed with the client's data key
   (casework.crypto.request_fingerprint). The old ones are cleared: the append-only trigger refuses every
   UPDATE, so the migration turns it off for this one statement and on again, inside its transaction.
   A retry (same Idempotency-Key) of a request made before the upgrade is then refused as a reused key.
2. FORCE ROW LEVEL SECURITY: the policies bind the tables' owner too, so a process that connects as the
   owner by mistake sees no organisation's rows instead of every one (superusers and BYPASSRLS roles still
   pass; web and worker refuse to start as those, casework/db_role.py). Migrations and operators' commands
   that read or write rows open the system scope (`casework.system`), as this one does.
3. The application's role may add audit rows but never change or delete them, so a compromised web or
   worker process cannot erase its tracks (migration 0009 had granted it UPDATE and DELETE on every table).
   Pruning old audit rows, if ever needed, is the owner's job.
4. Blind indexes now hash the organisation too (casework.crypto.blind_index), so equal names or documents
   of two NGOs' clients no longer link in a seized database. Every client's indexes are rebuilt here from
   its decrypted name and document number: the migration needs the master key, as every process outside
   DEBUG does anyway. Erased clients have no indexes and are skipped.
"""

from django.db import connection, migrations

SYSTEM_SCOPE = "SELECT set_config('casework.system', 'on', true);"

CLEAR_FINGERPRINTS = f"""
{SYSTEM_SCOPE}
-- ALTER TABLE refuses while deferred constraint checks of this transaction are pending.
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE casework_event DISABLE TRIGGER casework_event_append_only;
UPDATE casework_event SET request_fingerprint = NULL WHERE request_fingerprint IS NOT NULL;
ALTER TABLE casework_event ENABLE TRIGGER casework_event_append_only;
"""


# The tables of migration 0009 (tests/test_row_level_security.py checks that no table with an organisation
# is left out).
TENANT_TABLES = (
    "casework_client",
    "casework_event",
    "casework_clientstatus",
    "casework_deadline",
    "casework_deadlinechange",
    "casework_casefact",
    "casework_reminder",
    "casework_regionaldayoff",
    "casework_exportgeneration",
    "casework_readaudit",
    "casework_secondfactorreset",
)
FORCE = "".join(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n" for table in TENANT_TABLES)
NO_FORCE = "".join(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;\n" for table in TENANT_TABLES)

APP_ROLE = "casework_app"
# The event table is append-only by its trigger already; without the privilege the refusal comes first.
AUDIT_TABLES = (
    "casework_event",
    "casework_readaudit",
    "casework_exportgeneration",
    "casework_secondfactorreset",
)
REVOKE_AUDIT = "".join(f"REVOKE UPDATE, DELETE ON {table} FROM {APP_ROLE};\n" for table in AUDIT_TABLES)
GRANT_AUDIT = "".join(f"GRANT UPDATE, DELETE ON {table} TO {APP_ROLE};\n" for table in AUDIT_TABLES)


def rebuild_blind_indexes(apps, schema_editor, batch_size: int = 500) -> None:
    from casework import crypto
    from casework.personal import blind_indexes

    Client = apps.get_model("casework", "Client")
    with connection.cursor() as cursor:  # every organisation's clients, row-level security being forced
        cursor.execute(SYSTEM_SCOPE)
    clients = Client.objects.filter(data_key_wrapped__isnull=False).order_by("id")
    columns = ("id", "organisation_id", "data_key_wrapped", "full_name_enc", "document_number_enc")
    changed = []
    for client in clients.only(*columns).iterator(chunk_size=batch_size):
        data_key = crypto.unwrap_data_key(client.data_key_wrapped, client_id=client.id)

        def opened(field: str, blob) -> str:
            return crypto.decrypt_text(data_key, blob, client_id=client.id, field=field) if blob else ""  # noqa: B023

        client.name_index, client.document_index = blind_indexes(
            client.organisation_id,
            full_name=opened("full_name", client.full_name_enc),
            document_number=opened("document_number", client.document_number_enc),
        )
        changed.append(client)
        if len(changed) >= batch_size:
            Client.objects.bulk_update(changed, ["name_index", "document_index"])
            changed = []
    Client.objects.bulk_update(changed, ["name_index", "document_index"])


class Migration(migrations.Migration):
    dependencies = [("casework", "0013_api_tokens")]

    operations = [
        # Old fingerprints cannot be made again (and must not be): nothing to restore going back.
        migrations.RunSQL(CLEAR_FINGERPRINTS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(FORCE, reverse_sql=NO_FORCE),
        migrations.RunSQL(REVOKE_AUDIT, reverse_sql=GRANT_AUDIT),
        # Going back, the old indexes would need the old formula: rebuild them with `crypto_rewrap_keys`.
        migrations.RunPython(rebuild_blind_indexes, reverse_code=migrations.RunPython.noop),
    ]
