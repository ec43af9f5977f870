"""The reminder scan's bookmark: `Deadline.reminder_check_at`, the instant before which beat's scan need not
read the deadline again (NULL: at the next scan), its index, and the triggers that reset it to NULL whenever
something that decides a deadline's schedule or its recipients changes — on every write path (ORM, admin,
bulk updates, raw SQL), which application code could not promise.

The reset functions run as their owner (SECURITY DEFINER, with a fixed search_path): row-level security must
not hide from them the rows they reset. Organisation-wide resets take the advisory lock that a scan holds
shared from its read to its bookmark write (casework/reminders/ledger.py), so that they never run in between.
"""

from django.db import migrations, models

BOOKMARK_LOCK = 0x52454D  # casework.reminders.ledger.BOOKMARK_LOCK
OPEN_OR_MISSED = "status IN ('open', 'missed')"

FUNCTIONS = f"""
CREATE FUNCTION casework_deadline_schedule_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.reminder_check_at := NULL;
    RETURN NEW;
END
$$;

CREATE FUNCTION casework_reminder_reset_organisation(organisation bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({BOOKMARK_LOCK}, organisation::integer);
    UPDATE casework_deadline SET reminder_check_at = NULL
     WHERE organisation_id = organisation AND {OPEN_OR_MISSED} AND reminder_check_at IS NOT NULL;
END
$$;

-- One client's deadlines, every one of them (NULL too): a scan that read one before this change then sees
-- another row version, or a row locked by this transaction, and does not write its bookmark.
CREATE FUNCTION casework_reminder_reset_client(client uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    UPDATE casework_deadline SET reminder_check_at = NULL WHERE client_id = client AND {OPEN_OR_MISSED};
$$;

CREATE FUNCTION casework_clientstatus_recipients_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM casework_reminder_reset_client(OLD.client_id);
    ELSE
        PERFORM casework_reminder_reset_client(NEW.client_id);
    END IF;
    RETURN NULL;
END
$$;

-- Organisation, day off, membership: whichever organisation the old and the new row belong to (the trigger
-- names the column that says which).
CREATE FUNCTION casework_organisation_reminders_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    old_organisation bigint;
    new_organisation bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_organisation := (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
        PERFORM casework_reminder_reset_organisation(old_organisation);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_organisation := (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
        IF new_organisation IS DISTINCT FROM old_organisation THEN
            PERFORM casework_reminder_reset_organisation(new_organisation);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION casework_user_reachability_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM casework_reminder_reset_organisation(organisation_id)
       FROM casework_membership WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION casework_reminder_reset_organisation(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION casework_reminder_reset_client(uuid) FROM PUBLIC;
"""

NO_FUNCTIONS = """
DROP FUNCTION casework_user_reachability_changed();
DROP FUNCTION casework_organisation_reminders_changed();
DROP FUNCTION casework_clientstatus_recipients_changed();
DROP FUNCTION casework_reminder_reset_client(uuid);
DROP FUNCTION casework_reminder_reset_organisation(bigint);
DROP FUNCTION casework_deadline_schedule_changed();
"""

TRIGGERS = """
CREATE TRIGGER reminder_schedule_changed BEFORE UPDATE ON casework_deadline FOR EACH ROW
    WHEN (OLD.due_on IS DISTINCT FROM NEW.due_on OR OLD.due_at IS DISTINCT FROM NEW.due_at
          OR OLD.status IS DISTINCT FROM NEW.status OR OLD.key IS DISTINCT FROM NEW.key)
    EXECUTE FUNCTION casework_deadline_schedule_changed();

CREATE TRIGGER reminder_recipients_added AFTER INSERT OR DELETE ON casework_clientstatus FOR EACH ROW
    EXECUTE FUNCTION casework_clientstatus_recipients_changed();
CREATE TRIGGER reminder_recipients_changed AFTER UPDATE ON casework_clientstatus FOR EACH ROW
    WHEN (OLD.assigned_to_id IS DISTINCT FROM NEW.assigned_to_id OR OLD.region IS DISTINCT FROM NEW.region
          OR OLD.calendar_version IS DISTINCT FROM NEW.calendar_version)
    EXECUTE FUNCTION casework_clientstatus_recipients_changed();

CREATE TRIGGER reminder_schedule_changed AFTER UPDATE ON casework_organisation FOR EACH ROW
    WHEN (OLD.reminder_steps IS DISTINCT FROM NEW.reminder_steps
          OR OLD.reminder_hour IS DISTINCT FROM NEW.reminder_hour OR OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION casework_organisation_reminders_changed('id');

CREATE TRIGGER reminder_calendar_changed AFTER INSERT OR UPDATE OR DELETE ON casework_regionaldayoff
    FOR EACH ROW EXECUTE FUNCTION casework_organisation_reminders_changed('organisation_id');

CREATE TRIGGER reminder_members_added AFTER INSERT OR DELETE ON casework_membership FOR EACH ROW
    EXECUTE FUNCTION casework_organisation_reminders_changed('organisation_id');
CREATE TRIGGER reminder_members_changed AFTER UPDATE ON casework_membership FOR EACH ROW
    WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.reminder_digest IS DISTINCT FROM NEW.reminder_digest
          OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
    EXECUTE FUNCTION casework_organisation_reminders_changed('organisation_id');

CREATE TRIGGER reminder_reachability_changed AFTER UPDATE ON auth_user FOR EACH ROW
    WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION casework_user_reachability_changed();
"""

NO_TRIGGERS = """
DROP TRIGGER reminder_reachability_changed ON auth_user;
DROP TRIGGER reminder_members_changed ON casework_membership;
DROP TRIGGER reminder_members_added ON casework_membership;
DROP TRIGGER reminder_calendar_changed ON casework_regionaldayoff;
DROP TRIGGER reminder_schedule_changed ON casework_organisation;
DROP TRIGGER reminder_recipients_changed ON casework_clientstatus;
DROP TRIGGER reminder_recipients_added ON casework_clientstatus;
DROP TRIGGER reminder_schedule_changed ON casework_deadline;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0010_deadline_org_due_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="reminder_check_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status__in", ["open", "missed"])),
                fields=["organisation", "reminder_check_at"],
                name="deadline_reminder_check_idx",
            ),
        ),
        migrations.RunSQL(FUNCTIONS, reverse_sql=NO_FUNCTIONS),
        migrations.RunSQL(TRIGGERS, reverse_sql=NO_TRIGGERS),
    ]
