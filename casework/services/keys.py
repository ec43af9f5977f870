"""Master-key rotation: re-wrap data keys, rebuild blind indexes. Operator-only (a management command)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from casework import crypto
from casework.models import Client
from casework.personal import data_key_of, open_personal, seal_personal


@dataclass
class RewrapReport:
    rewrapped: int = 0
    reindexed: int = 0
    already_current: int = 0
    erased: int = 0


def keys_rewrap(*, batch_size: int = 500) -> RewrapReport:
    report = RewrapReport()
    last_id = None
    while True:
        with transaction.atomic():
            batch = Client.objects.order_by("id").select_for_update()
            if last_id is not None:
                batch = batch.filter(id__gt=last_id)
            clients = list(batch[:batch_size])
            if not clients:
                return report
            for client in clients:
                last_id = client.id
                data_key = data_key_of(client)
                if data_key is None:
                    report.erased += 1
                    continue
                if client.data_key_wrapped is not None and crypto.wrapped_by_current_key(
                    client.data_key_wrapped
                ):
                    report.already_current += 1
                else:
                    client.data_key_wrapped = crypto.wrap_data_key(data_key, client_id=client.id)
                    report.rewrapped += 1
                # The index key may derive from the master key, so the indexes are rebuilt either way.
                personal = open_personal(client)
                assert personal is not None
                seal_personal(client, data_key, personal)
                report.reindexed += 1
                client.save(
                    update_fields=[
                        "data_key_wrapped",
                        "full_name_enc",
                        "date_of_birth_enc",
                        "document_number_enc",
                        "phone_enc",
                        "name_index",
                        "document_index",
                    ]
                )
