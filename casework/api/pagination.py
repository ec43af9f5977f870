"""How the API pages its lists, and how the schema documents a paginated list."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# Lists that can hold a whole organisation count this many rows at most: an exact count of 60,000
# deadlines under row-level security costs more than the page itself (docs/performance.md).
COUNT_BOUND = 1000
# No list of ours has this many pages; a larger number would overflow the SQL LIMIT it turns into.
MAX_PAGE = 1_000_000
PAGE_TOO_LARGE = f"At most {MAX_PAGE}."


def page_number_check(request, param: str = "page") -> None:
    """400 with a field error for a page number past any list (a 20-digit page was a 500: bigint out of
    range). Other nonsense ("last", 0, -1) is left to DRF, which answers 404 "Invalid page"."""
    value = request.query_params.get(param, "")
    if value.isascii() and value.isdigit() and int(value) > MAX_PAGE:
        raise ValidationError({param: [PAGE_TOO_LARGE]})


class CheckedPageNumberPagination(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        page_number_check(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)


class BoundedCountPaginator(Paginator):
    """Counts no further than `bound` rows (a LIMIT inside the COUNT): beyond it, `count` is a floor."""

    def __init__(self, object_list, per_page, *, bound: int, **options) -> None:
        super().__init__(object_list, per_page, **options)
        self.bound = bound

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.bound].count()  # type: ignore[attr-defined]  # a QuerySet

    @property
    def count_exact(self) -> bool:
        return self.count < self.bound


class BoundedCountPagination(CheckedPageNumberPagination):
    """Page-number pages whose `count` is exact below COUNT_BOUND and a floor from there on
    (`count_exact` says which). The requested page always lies inside the counted rows, so `next` and
    `previous` stay right on any page."""

    count_bound = COUNT_BOUND

    def paginate_queryset(self, queryset, request, view=None):
        page_number_check(request, self.page_query_param)  # before the bound below is computed from it
        page_size = self.get_page_size(request) or 1
        try:
            number = max(1, int(request.query_params.get(self.page_query_param, 1)))
        except ValueError:
            number = 1  # "last" or nonsense: DRF answers it against the counted rows
        bound = max(self.count_bound, number * page_size + 1)

        def paginator(object_list, per_page, **options):
            return BoundedCountPaginator(object_list, per_page, bound=bound, **options)

        self.django_paginator_class = paginator  # type: ignore[assignment]
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        assert self.page is not None and isinstance(self.page.paginator, BoundedCountPaginator)
        response.data["count_exact"] = self.page.paginator.count_exact
        return response


def paginated(name: str, item: serializers.Serializer, *, bounded: bool = False):
    """`{"count", "next", "previous", "results"}` (and `count_exact` for a bounded count); `item` is an
    instance with many=True."""
    fields: dict[str, serializers.Field] = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item,
    }
    if bounded:
        fields["count_exact"] = serializers.BooleanField(
            help_text=f"false: there are at least `count` ({COUNT_BOUND} or more) items"
        )
    return inline_serializer(name, fields)
