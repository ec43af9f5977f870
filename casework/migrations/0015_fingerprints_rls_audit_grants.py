"""Security, second pass (issue 14, items 5, 9 and 10). Run as the tables' owner, like every migration.

1. Idempotency fingerprints made before this release were keyed with the blind-index key, a child of the
   KEK that erasure never destroys: with the database and the KEK, guessed notes and official numbers of an
   erased client could be confirmed against them. New ones are keyed with the client's data key
   (casework.crypto.request_fingerprint). The old ones are cleared: the append-only trigger refuses every
   UPDATE, so the migration turns it off for this one statement and on again, inside its transaction.
   A retry (same Idempotency-Key) of a request made before the upgrade is then refused as a reused key.
"""

from django.db import migrations

SYSTEM_SCOPE = "SELECT set_config('casework.system', 'on', true);"

CLEAR_FINGERPRINTS = f"""
{SYSTEM_SCOPE}
-- ALTER TABLE refuses while deferred constraint checks of this transaction are pending.
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE casework_event DISABLE TRIGGER casework_event_append_only;
UPDATE casework_event SET request_fingerprint = NULL WHERE request_fingerprint IS NOT NULL;
ALTER TABLE casework_event ENABLE TRIGGER casework_event_append_only;
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0012_reminder_queue_index")]

    operations = [
        # Old fingerprints cannot be made again (and must not be): nothing to restore going back.
        migrations.RunSQL(CLEAR_FINGERPRINTS, reverse_sql=migrations.RunSQL.noop),
    ]
