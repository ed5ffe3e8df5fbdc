"""Charts as server-rendered SVG through pygal: a trend line of rights met by month, bars by team.

Each function returns SVG text (no scripts: pygal's JavaScript is left out). Pages always show the
table behind each chart too, for screen readers and for people who read numbers.
"""

import pygal
from pygal.style import Style

from core.compliance.figures import rollup
from core.compliance.rules import RIGHTS

#: GOV.UK colours, dark enough against white.
STYLE = Style(background="white", plot_background="white", foreground="#0b0c0c", foreground_strong="#0b0c0c",
              foreground_subtle="#505a5f", colors=("#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197"),
              font_family="Arial, sans-serif", label_font_size=14, major_label_font_size=14, legend_font_size=14,
              title_font_size=18, value_font_size=12)


def _config(title):
    return {"title": title, "style": STYLE, "js": [], "disable_xml_declaration": True, "width": 800, "height": 400,
            "legend_at_bottom": True, "legend_at_bottom_columns": 3, "range": (0, 100), "print_values": False,
            "explicit_size": False}


def trend(rows, labels, title):
    """A line per right: the share of due victims for whom it was met, by month recorded."""
    chart = pygal.Line(**_config(title))
    lines = rollup(rows, "month")
    months = sorted({line["key"] for line in lines})
    chart.x_labels = months
    for right in RIGHTS:
        shares = {line["key"]: line["share"] for line in lines if line["right"] == right}
        chart.add(labels[right], [shares.get(month) for month in months])
    return chart.render(is_unicode=True)


def by_team(rows, right, title):
    """Bars: the share of due victims for whom ``right`` was met, one bar per team."""
    chart = pygal.HorizontalBar(**_config(title))
    for line in rollup(rows, "team"):
        if line["right"] == right:
            chart.add(line["key"], line["share"] or 0)
    return chart.render(is_unicode=True)


def daily(days, title):
    """Bars: messages a day (``days`` is ``[(date, count)]``)."""
    config = {**_config(title), "range": None, "show_legend": False, "x_label_rotation": 45,
              "show_minor_x_labels": False}
    chart = pygal.Bar(**config)
    chart.x_labels = [day.isoformat() for day, _count in days]
    chart.x_labels_major_every = max(1, len(days) // 10)
    chart.add(title, [count for _day, count in days])
    return chart.render(is_unicode=True)
