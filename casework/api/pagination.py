"""How the schema documents a paginated list: DRF's page envelope around the items."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


def paginated(name: str, item: serializers.Serializer):
    """`{"count", "next", "previous", "results"}`; `item` is an instance with many=True."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )
