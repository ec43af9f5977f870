"""Master-key rotation: re-wrap data keys and TOTP secrets, rebuild blind indexes. Operator-only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from casework import crypto
from casework.models import Client, TotpFactor
from casework.personal import data_key_of, open_personal, seal_personal
from casework.services.second_factors import SECRET_PURPOSE


@dataclass
class RewrapReport:
    rewrapped: int = 0
    reindexed: int = 0
    already_current: int = 0
    erased: int = 0
    second_factors: int = 0  # TOTP secrets re-sealed under the current master key


def _second_factors_rewrap(report: RewrapReport, batch_size: int) -> None:
    last_id = 0
    while True:
        with transaction.atomic():
            factors = list(
                TotpFactor.objects.select_for_update().filter(id__gt=last_id).order_by("id")[:batch_size]
            )
            if not factors:
                return
            for factor in factors:
                last_id = factor.id
                if crypto.wrapped_by_current_key(factor.secret_wrapped):
                    continue
                secret = crypto.unwrap_secret(
                    factor.secret_wrapped, purpose=SECRET_PURPOSE, owner_id=factor.user_id
                )
                factor.secret_wrapped = crypto.wrap_secret(
                    secret, purpose=SECRET_PURPOSE, owner_id=factor.user_id
                )
                factor.save(update_fields=["secret_wrapped"])
                report.second_factors += 1


def keys_rewrap(*, batch_size: int = 500) -> RewrapReport:
    report = RewrapReport()
    _second_factors_rewrap(report, batch_size)
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
                        "name_word_indexes",
                    ]
                )
