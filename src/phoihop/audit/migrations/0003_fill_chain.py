"""Chain the events written before the chain existed, in id order (the order they were written in)."""

from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    from phoihop.audit.chain import GENESIS, hash_of

    AuditEvent = apps.get_model("audit", "AuditEvent")
    manager = AuditEvent.objects.using(schema_editor.connection.alias)
    events = manager.order_by("id")
    prev, seq, last_id = GENESIS, 0, 0
    while batch := list(events.filter(id__gt=last_id)[:BATCH]):
        for event in batch:
            seq += 1
            event.seq = seq
            event.prev_hash = prev
            event.hash = prev = hash_of(event)
        manager.bulk_update(batch, ["seq", "prev_hash", "hash"])
        last_id = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_fields")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
