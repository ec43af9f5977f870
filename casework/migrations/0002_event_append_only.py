"""The event table is the audit trail: PostgreSQL itself refuses to change or delete a row of it.

TRUNCATE is not covered by a row trigger; it needs the table owner's privilege, which the application's
database role is not meant to have in production (docs/operations.md).
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION casework_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'casework_event is append-only: % refused', TG_OP
        USING HINT = 'Record an event_corrected or event_retracted event instead.';
END
$$;
CREATE TRIGGER casework_event_append_only
    BEFORE UPDATE OR DELETE ON casework_event
    FOR EACH ROW EXECUTE FUNCTION casework_event_refuse_change();
"""

BACKWARD = """
DROP TRIGGER casework_event_append_only ON casework_event;
DROP FUNCTION casework_event_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
