"""Drawing a `ChartData` as SVG or PNG, server-side with matplotlib.

Server-side images keep the pages free of scripts (a strict Content-Security-Policy allows
them), and the same picture is what the analyst downloads. Text is drawn with Noto Sans CJK
(Debian's fonts-noto-cjk) in the face that matches the reader's script; SVG text is turned into
paths so the file looks the same on a machine without the font.
"""

from __future__ import annotations

import io
import textwrap
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from asmtp.analytics.aggregates import ChartData

CJK_FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",)
FONT_FOR_LANGUAGE = {"zh-hans": "Noto Sans CJK SC", "zh-hant": "Noto Sans CJK HK", "en": "Noto Sans CJK SC"}
# A palette that stays distinguishable for the common colour-vision deficiencies (Okabe-Ito).
COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9")
REFERENCE_COLOUR = "#B00020"
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
# matplotlib's font cache and text layout are shared state; one drawing at a time is plenty.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ChartText:
    """Everything a reader sees on a chart, already in their language."""

    title: str
    categories: tuple[str, ...]
    series: dict[str, str]
    value_axis: str
    reference: str = ""
    empty: str = "No data for these filters"


@cache
def _font_family(language: str) -> list[str]:
    for path in CJK_FONT_FILES:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError):
            continue
    available = {font.name for font in font_manager.fontManager.ttflist}
    wanted = FONT_FOR_LANGUAGE.get(language, FONT_FOR_LANGUAGE["en"])
    return [wanted] if wanted in available else ["DejaVu Sans"]


# How each chart is drawn: (kind, series drawn as bars, series drawn as lines).
LAYOUT: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "flow": ("columns", (), ("applications", "approvals", "refusals")),
    "processing": ("columns", (), ("median_days", "p90_days")),
    "industry": ("bars", ("admitted",), ()),
    "segment": ("bars", ("admitted",), ()),
    "profession": ("bars", ("admitted",), ()),
    "salary": ("columns", ("admitted",), ()),
    "tax": ("columns", ("people",), ()),
    "dependants": ("stacked", ("spouses", "children"), ()),
    "province": ("bars", ("share_pct",), ()),
    "retention": ("grouped", ("extensions", "seven_years"), ()),
}


def render(chart: ChartData, text: ChartText, fmt: str, language: str) -> bytes:
    """The chart as SVG or PNG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    with _LOCK, matplotlib.rc_context(_style(language)):  # type: ignore[arg-type]
        figure = Figure(figsize=(9, 4.6 if LAYOUT[chart.key][0] != "bars" else _bar_height(chart)), layout="constrained")
        axes = figure.subplots()
        figure.suptitle(text.title, x=0.01, ha="left", fontsize=13, fontweight="bold")
        if chart.empty:
            axes.set_axis_off()
            axes.text(0.5, 0.5, text.empty, ha="center", va="center", transform=axes.transAxes, fontsize=12, color="#444444")
        else:
            _draw(axes, chart, text)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, dpi=110, metadata=_metadata(fmt, text.title))
    return buffer.getvalue()


def _metadata(fmt: str, title: str) -> dict[str, str | None]:
    # No creation date: the same data gives byte-identical files (cacheable, diffable).
    if fmt == "svg":
        return {"Title": title, "Date": None}
    return {"Title": title}


def _style(language: str) -> dict[str, Any]:
    return {
        "font.family": _font_family(language),
        "svg.fonttype": "path",
        "svg.hashsalt": "asmtp",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "axes.axisbelow": True,
        "axes.edgecolor": "#555555",
        "text.color": "#1a1a1a",
        "axes.labelcolor": "#1a1a1a",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
    }


def _bar_height(chart: ChartData) -> float:
    return max(3.2, 1.2 + 0.34 * len(chart.categories))


def _thousands(value: float, _position: object) -> str:
    return f"{value:,.0f}"


def _draw(axes: Axes, chart: ChartData, text: ChartText) -> None:
    kind, bars, lines = LAYOUT[chart.key]
    positions = list(range(len(chart.categories)))
    if kind == "bars":
        _draw_horizontal(axes, chart, text, bars[0])
        return
    width = 0.8 / max(len(bars), 1) if kind == "grouped" else 0.8
    bottom = [0.0] * len(positions)
    for index, key in enumerate(bars):
        values = [value or 0.0 for value in chart.values(key)]
        if kind == "grouped":
            shifted = [p - 0.4 + width * (index + 0.5) for p in positions]
            axes.bar(shifted, values, width=width, color=COLOURS[index], label=text.series[key])
        else:
            axes.bar(positions, values, width=width, bottom=bottom, color=COLOURS[index], label=text.series[key])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for index, key in enumerate(lines):
        values = [float("nan") if value is None else value for value in chart.values(key)]
        axes.plot(positions, values, color=COLOURS[index], marker="o" if len(positions) < 40 else None,
                  markersize=3, linewidth=2, label=text.series[key])
    if chart.reference is not None:
        _reference_line(axes, chart, text)
    axes.set_xticks(positions, _sparse(text.categories), rotation=45 if len(positions) > 8 else 0, ha="right" if len(positions) > 8 else "center")
    axes.set_ylabel(text.value_axis)
    axes.yaxis.set_major_formatter(FuncFormatter(_thousands))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", visible=False)
    if len(bars) + len(lines) > 1 or chart.reference is not None:
        # Below the plot, never over the bars or the title.
        axes.figure.legend(frameon=False, loc="outside lower left", ncols=4, fontsize=9)


def _reference_line(axes: Axes, chart: ChartData, text: ChartText) -> None:
    assert chart.reference is not None
    if chart.dimension == "salary_band":
        # Bands are categories: place the wage inside its band, in band widths.
        width = float(chart.categories[1]) - float(chart.categories[0])
        axes.axvline(chart.reference / width - 0.5, color=REFERENCE_COLOUR, linestyle="--", linewidth=1.6, label=text.reference)
    else:
        axes.axhline(chart.reference, color=REFERENCE_COLOUR, linestyle="--", linewidth=1.6, label=text.reference)


def _draw_horizontal(axes: Axes, chart: ChartData, text: ChartText, key: str) -> None:
    values = [value or 0.0 for value in chart.values(key)]
    positions = list(range(len(values)))[::-1]  # the largest at the top
    bars = axes.barh(positions, values, color=COLOURS[0], label=text.series[key])
    axes.bar_label(bars, labels=[_thousands(v, None) if key != "share_pct" else f"{v:.1f}%" for v in values], padding=3, fontsize=9)
    axes.set_yticks(positions, [textwrap.fill(name, 42) for name in text.categories])
    axes.set_xlabel(text.value_axis)
    axes.xaxis.set_major_formatter(FuncFormatter(_thousands))
    axes.grid(axis="y", visible=False)
    axes.set_xlim(0, max(values or [1]) * 1.15 or 1)


def _sparse(labels: tuple[str, ...], most: int = 24) -> list[str]:
    """Every label when few; otherwise every n-th, so month axes stay legible."""
    if len(labels) <= most:
        return list(labels)
    step = -(-len(labels) // most)
    return [label if index % step == 0 else "" for index, label in enumerate(labels)]
