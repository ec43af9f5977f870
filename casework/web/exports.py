"""The exports page (every table of a year as a readable table with a chart) and its downloads."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from casework.accounts.auth_session import recent_authentication_required
from casework.api.throttling import ExportRateThrottle, ThrottleUnavailable
from casework.clock import organisation_today
from casework.exports import labels, rendering
from casework.exports.definitions import TABLES
from casework.exports.disclosure import Cell
from casework.models import ExportScope
from casework.selectors.exports import export_log_for
from casework.services.exports import (
    FIRST_YEAR,
    Export,
    export_access,
    exports_generate,
    may_export_network,
    period_parse,
)
from casework.web.forms import ExportFilterForm

YEARS_OFFERED = 6  # this year and the five before it
# The bar chart's geometry, in SVG user units; the SVG scales to the page's width.
CHART_WIDTH, CHART_LABEL_WIDTH, CHART_BAR_SPACE, CHART_ROW_HEIGHT = 680, 250, 360, 26


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: int | None  # None: suppressed, drawn as a hatched stub and said in words
    y: int
    width: int


def chart(bars: list[rendering.Bar]) -> list[ChartBar]:
    return [
        ChartBar(
            label=bar.label,
            value=bar.value,
            y=number * CHART_ROW_HEIGHT,
            width=round(bar.share * CHART_BAR_SPACE) if bar.value is not None else 0,
        )
        for number, bar in enumerate(bars)
    ]


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class TableView:
    export: Export
    title: str
    description: str
    row_title: str
    column_labels: list[str]
    rows: list[Row]
    column_totals: list[Cell]
    grand_total: Cell
    bars: list[ChartBar]
    chart_height: int
    empty: list[str]  # labels of the lines left out of the page: nobody in them
    report: list[dict[str, str | None]]


def _published_zero(cell: Cell) -> bool:
    return not cell.suppressed and cell.value == 0


def _table_view(export: Export) -> TableView:
    """The table as the page shows it. Lines in which every figure is a published zero are left out of the
    page (and named below it): they are in every download, and leaving them out shows nothing new."""
    definition, table = export.definition, export.table
    keep_rows = [
        not (all(map(_published_zero, cells)) and _published_zero(total))
        for cells, total in zip(table.cells, table.row_totals, strict=True)
    ]
    keep_columns = [
        not (all(_published_zero(row[index]) for row in table.cells) and _published_zero(total))
        for index, total in enumerate(table.column_totals)
    ]
    if not any(keep_rows) or not any(keep_columns) or definition.rows == "quarter":
        keep_rows = [True] * len(keep_rows)  # quarters always show: an empty quarter is news too
    if not any(keep_columns):
        keep_columns = [True] * len(keep_columns)

    def kept(values, keep):
        return [value for value, wanted in zip(values, keep, strict=True) if wanted]

    bars = [bar for bar, wanted in zip(rendering.chart_bars(export), keep_rows, strict=True) if wanted]
    return TableView(
        export=export,
        title=labels.title(definition),
        description=labels.description(definition),
        row_title=labels.dimension_title(definition.rows, definition),
        column_labels=[
            labels.category(definition.columns, code, definition)
            for code in kept(table.column_labels, keep_columns)
        ],
        rows=[
            Row(labels.category(definition.rows, code, definition), kept(list(cells), keep_columns), total)
            for code, cells, total, wanted in zip(
                table.row_labels, table.cells, table.row_totals, keep_rows, strict=True
            )
            if wanted
        ],
        column_totals=kept(list(table.column_totals), keep_columns),
        grand_total=table.grand_total,
        bars=chart(bars),
        chart_height=len(bars) * CHART_ROW_HEIGHT,
        empty=[
            labels.category(definition.rows, code, definition)
            for code, wanted in zip(table.row_labels, keep_rows, strict=True)
            if not wanted
        ]
        + [
            labels.category(definition.columns, code, definition)
            for code, wanted in zip(table.column_labels, keep_columns, strict=True)
            if not wanted
        ],
        report=[
            {
                "row": labels.category(definition.rows, note["row"], definition) if note["row"] else None,
                "column": (
                    labels.category(definition.columns, note["column"], definition)
                    if note["column"]
                    else None
                ),
                "rule": note["rule"],
            }
            for note in rendering.disclosure_report(export)
        ],
    )


def _choices(request):
    """The period and scope asked for, checked: (form, period, scope), the form bound with any errors."""
    organisation = export_access(
        actor=request.user, scope=request.GET.get("scope") or ExportScope.ORGANISATION
    )
    today = organisation_today(organisation)
    years = [str(year) for year in range(today.year, max(FIRST_YEAR, today.year - YEARS_OFFERED) - 1, -1)]
    form = ExportFilterForm(request.GET or None, years=years, network=may_export_network(request.user))
    if request.GET and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if request.GET else {}
    period = period_parse(data.get("period") or years[0], today=today)
    return form, period, data.get("scope") or ExportScope.ORGANISATION


def _export_rate_refusal(request) -> tuple[int, str, int | None] | None:
    """None within the user's export rate; otherwise (status, message, Retry-After seconds). The web counts
    in the API's bucket (ExportRateThrottle, CASEWORK_EXPORT_THROTTLE_RATE): one per user for both, so the
    pages are no way around the limit. Without Redis there is no counter, and no export (503)."""
    throttle = ExportRateThrottle()
    try:
        if throttle.allow_request(request, None):
            return None
    except ThrottleUnavailable:
        return 503, _("Exports are unavailable for a moment. Try again in a minute."), None
    wait = max(1, int(throttle.wait() or 1))
    minutes = max(1, -(-wait // 60))
    message = _("Too many exports in a short time. Try again in %(minutes)s min.") % {"minutes": minutes}
    return 429, message, wait


def _refused(response: HttpResponse, retry_after: int | None) -> HttpResponse:
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@recent_authentication_required
def exports_page(request):
    form, period, scope = _choices(request)
    tables: list[TableView] = []
    refusal = _export_rate_refusal(request) if period is not None and scope is not None else None
    if refusal is not None:
        status, message, retry_after = refusal
        context = {"nav": "exports", "form": form, "tables": [], "refused": message}
        context["log"] = export_log_for(actor=request.user)
        return _refused(render(request, "casework/exports.html", context, status=status), retry_after)
    if period is not None and scope is not None:
        exports = exports_generate(
            actor=request.user, period=period, scope=scope, format="html", channel="web"
        )
        tables = [_table_view(export) for export in exports]
    return render(
        request,
        "casework/exports.html",
        {
            "nav": "exports",
            "form": form,
            "period": period,
            "scope": scope,
            "tables": tables,
            "log": export_log_for(actor=request.user),
            "chart": {
                "width": CHART_WIDTH,
                "label_width": CHART_LABEL_WIDTH,
                "bar_x": CHART_LABEL_WIDTH + 10,
                "row_height": CHART_ROW_HEIGHT,
            },
        },
    )


@recent_authentication_required
def export_download(request, table_id: str):
    if table_id not in TABLES:
        raise Http404
    _form, period, scope = _choices(request)
    fmt = request.GET.get("format", "csv")
    if period is None or scope is None or fmt not in ("csv", "json"):
        return HttpResponseBadRequest(_("Choose a year from the list, and CSV or JSON."))
    refusal = _export_rate_refusal(request)
    if refusal is not None:
        status, message, retry_after = refusal
        refused = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
        return _refused(refused, retry_after)
    [export] = exports_generate(
        actor=request.user, period=period, scope=scope, table_ids=[table_id], format=fmt, channel="web"
    )
    filename = f"{table_id}-{period.label}-{scope}.{fmt}"
    if fmt == "csv":
        response: HttpResponse = HttpResponse(
            rendering.as_csv(export), content_type=rendering.CSV_CONTENT_TYPE
        )
    else:
        response = JsonResponse(
            rendering.as_json(export), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
