"""Pure chart builders and the summary tables beside them: a claims frame in, a figure or table out."""
import html
import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import qualitative

from core.schema import CATEGORIES
from core.sources import source_name
from ui.filters import UNATTRIBUTED, claim_date, date_source, source

GL_THRESHOLD = 3000  # above this many points the timeline switches to WebGL
AGGREGATE_THRESHOLD = 3000  # above this many, one marker per source, category and day: its highest claim
POINT_LIMIT = 5000  # when days leave more markers than this, weeks or months stand in for them
ARROW_LIMIT = 400  # one-sided arrows are layout annotations; past this many they cost more than they show
CATEGORY_SYMBOLS = dict(zip(CATEGORIES, ("x", "cross", "circle", "square", "diamond", "star", "hexagon")))
QUALIFIER_SIGNS = {"exact": "", "approx": "~", "more_than": ">", "at_least": "≥", "less_than": "<",
                   "up_to": "≤", "range": "", "vague": "?"}
_UP = ("more_than", "at_least")
_DOWN = ("less_than", "up_to")
_PALETTE = qualitative.D3 + qualitative.Pastel + qualitative.Dark24
_UNATTRIBUTED_COLOUR = "#8c8c8c"
_SENTENCE_PREVIEW = 90  # characters of the sentence in a hover label
_PREVIEW_WIDTH = 36  # characters per line of it
_TIMELINE_COLUMNS = ("claim_id", "category", "value", "low", "high", "qualifier", "claimant", "claimant_text",
                     "date_basis", "period_start", "published", "sentence", "figure_text")
_HOVER = ("<b>%{customdata[1]}</b> · %{customdata[2]}<br>%{customdata[3]} (%{customdata[4]})<br>"
          "%{customdata[5]}<br><i>%{customdata[6]}</i><extra></extra>")


def source_colours(sources) -> dict:
    """Return {source: colour}, stable for a given set of sources (sorted), grey for unattributed."""
    names = sorted({str(s) for s in sources} - {UNATTRIBUTED})
    colours = {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(names)}
    return {**colours, UNATTRIBUTED: _UNATTRIBUTED_COLOUR}


def figure_label(qualifier, value, low=None, high=None) -> str:
    """Return a short label such as '>3,000', '~1,100' or '300–400' for one claim."""
    if qualifier == "range" and pd.notna(low) and pd.notna(high):
        return f"{low:,.0f}–{high:,.0f}"
    if pd.isna(value):
        return "?"
    return f"{QUALIFIER_SIGNS.get(qualifier, '')}{value:,.0f}"


def plottable(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the claims that have both a date and a number, with columns x, source and basis added."""
    data = frame.assign(x=claim_date(frame), source=source(frame), basis=date_source(frame))
    return data[data["x"].notna() & data["value"].notna()]


def _with_hover(data: pd.DataFrame) -> pd.DataFrame:
    """Add the escaped hover fields; per row in Python, so only for the points actually drawn."""
    days = {day: f"{day:%d %b %Y}" for day in data["x"].unique()}
    said = zip(map(source_name, _texts(data["source"])), _texts(data["claimant_text"]))
    return data.assign(
        when=data["x"].map(days).astype(str) + " · " + data["basis"] + _of_many(data),
        figure=[_escape(text) for text in _texts(data["figure_text"])],
        preview=[_preview(text) for text in _texts(data["sentence"])],
        said=[_escape(f"{name} — {text}" if text else name) for name, text in said],
        kind=[str(category).replace("_", " ") for category in _texts(data["category"])],
        how=_texts(data["qualifier"]), id=_texts(data["claim_id"]),
    )


def _texts(column: pd.Series) -> np.ndarray:
    """The column's values as Python strings, '' for missing (iterating an Arrow column costs more)."""
    return column.astype(object).fillna("").astype(str).to_numpy(dtype=object)


def timeline_figure(frame: pd.DataFrame, log_y: bool = False, line_category: str | None = None) -> go.Figure:
    """Return the timeline of claims: colour per source, symbol per category, bounds, optional source lines."""
    columns = [c for c in (*_TIMELINE_COLUMNS, "reports", "articles") if c in frame]  # the last two: claim groups
    data = _with_hover(aggregate(plottable(frame[columns])))
    kind = "scattergl" if len(data) > GL_THRESHOLD else "scatter"
    colours = source_colours(data["source"].unique())
    # Whole columns as arrays once, then each source's rows by position: slicing a frame per source costs more.
    x, y = data["x"].to_numpy(dtype="datetime64[ns]"), data["value"].to_numpy(dtype=float)
    x = _dodged(x, y)
    low, high = data["low"].to_numpy(dtype=float, na_value=np.nan), data["high"].to_numpy(dtype=float, na_value=np.nan)
    qualifier, category = data["qualifier"].to_numpy(dtype=object), data["category"].to_numpy(dtype=object)
    customdata, symbols = _customdata(data), data["category"].map(CATEGORY_SYMBOLS).to_numpy(dtype=str)
    sizes = _sizes(data)
    two_sided = ~np.isin(qualifier, ("range",) + _UP + _DOWN)
    up, down = _spread(np.where(two_sided, high - y, np.nan)), _spread(np.where(two_sided, y - low, np.nan))
    ranges = (qualifier == "range") & ~np.isnan(low) & ~np.isnan(high)
    traces = []
    for name, rows in sorted(data.groupby("source", sort=False).indices.items()):
        traces += _band(kind, x[rows[ranges[rows]]], low[rows[ranges[rows]]], high[rows[ranges[rows]]], colours[name])
        if line_category:
            line = rows[category[rows] == line_category]
            line = line[np.argsort(x[line], kind="stable")]
            traces.append({"type": kind, "x": x[line], "y": y[line], "mode": "lines", "hoverinfo": "skip",
                           "showlegend": False, "line": {"color": colours[name], "width": 1.5, "dash": "dot"}})
        traces.append({
            "type": kind, "x": x[rows], "y": y[rows], "mode": "markers", "name": _escape(source_name(name)),
            "legendgroup": "source", "legendgrouptitle": {"text": "Source"}, "customdata": customdata[rows],
            "hovertemplate": _HOVER,
            "marker": {"color": colours[name], "size": sizes[rows].tolist(), "line": {"width": 1, "color": "white"},
                       "symbol": symbols[rows]},
            "error_y": {"type": "data", "symmetric": False, "array": up[rows], "arrayminus": down[rows],
                        "thickness": 1.5, "width": 4, "visible": bool(up[rows].any() or down[rows].any())},
        })
    present = set(data["category"].dropna().unique())
    for category in [c for c in CATEGORIES if c in present]:
        traces.append({"type": kind, "x": [None], "y": [None], "mode": "markers", "name": category.replace("_", " "),
                       "legendgroup": "category", "legendgrouptitle": {"text": "Category"}, "hoverinfo": "skip",
                       "marker": {"color": "#555", "size": 10, "symbol": CATEGORY_SYMBOLS[category]}})
    layout = _layout("Date of claim (stated period, else article date)", "Soldiers (reported figure)")
    layout["annotations"] = _arrows(data, colours, log_y)
    # On a log axis label only powers of ten: plotly's default adds bare "2" and "5" between them.
    layout["yaxis"].update(type="log" if log_y else "linear", rangemode="tozero", tickformat=",",
                           **({"dtick": 1} if log_y else {}))
    if len(data):
        layout["xaxis"]["range"] = _date_range(data["x"])
    return _figure(traces, layout)


def _of_many(data: pd.DataFrame) -> pd.Series:
    many = data["count"] if "count" in data else pd.Series(1, index=data.index)
    period = data["period"] if "period" in data else "day"
    note = ("<br>highest of " + many.astype(str) + " claims this " + period).where(many > 1, "")
    if "reports" not in data:
        return note
    reported = ("<br>first of " + data["reports"].astype(str) + " reports in " + data["articles"].astype(str)
                + " articles; click to list them")
    return note + reported.where(data["reports"] > 1, "")


def _sizes(data: pd.DataFrame) -> np.ndarray:
    """Marker sizes: a claim group grows with the articles that report it (a log scale: 1 → 11 px, 16 → 21 px)."""
    articles = data["articles"].to_numpy(dtype=float) if "articles" in data else np.ones(len(data))
    return 11 + 2.5 * np.log2(np.maximum(articles, 1))


def aggregate(data: pd.DataFrame, limit: int = AGGREGATE_THRESHOLD, points: int = POINT_LIMIT) -> pd.DataFrame:
    """Return plottable claims, or above `limit` of them the highest per source, category and day, counted.

    When days still leave more than `points` markers, weeks, then months stand in for days.
    """
    if len(data) <= limit:
        return data.assign(count=1)
    keys = data["source"].factorize()[0] * (len(CATEGORIES) + 1) + data["category"].cat.codes.to_numpy() + 1
    dates = data["x"].to_numpy(dtype="datetime64[ns]")
    for period, unit in (("day", "D"), ("week", "W"), ("month", "M")):
        # One integer per source, category and period (days since 1970 stay far below a million).
        cell = keys * 1_000_000 + dates.astype(f"datetime64[{unit}]").astype("int64")
        cells, inverse, count = np.unique(cell, return_inverse=True, return_counts=True)
        if len(cells) <= points:
            break
    order = np.lexsort((-data["value"].to_numpy(dtype=float), inverse))  # per cell, the highest value first
    top = np.sort(order[np.r_[True, inverse[order][1:] != inverse[order][:-1]]])
    return data.iloc[top].assign(count=count[inverse[top]], period=period)


def source_summary(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """Return, per source, its number of claims and its latest and highest claim in `category`, with bounds."""
    data = plottable(frame[frame["category"] == category])
    counts = data.groupby("source", sort=True)["value"].size()
    summary = pd.DataFrame({"source": list(counts.index), "claims": counts.to_numpy()})
    for prefix, claims in zip(("latest", "maximum"), _latest_and_highest(data, "source")):
        claims = claims.reindex(counts.index)
        summary[prefix] = [figure_label(*row) for row in claims[["qualifier", "value", "low", "high"]].itertuples(
            index=False)]
        for field in ("value", "low", "high", "claim_id"):
            summary[f"{prefix}_{field}"] = claims[field].to_numpy()
        summary[f"{prefix}_date"] = claims["x"].to_numpy()
    summary = summary.reindex(columns=_SUMMARY_COLUMNS).astype(_SUMMARY_DTYPES)
    return summary.sort_values("maximum_value", ascending=False, ignore_index=True)


_SUMMARY_COLUMNS = ["source", "claims"] + [
    f"{prefix}{suffix}" for prefix in ("latest", "maximum")
    for suffix in ("", "_value", "_low", "_high", "_date", "_claim_id")
]
_SUMMARY_DTYPES = {"claims": "int64", **{f"{prefix}_{name}": "Float64" for prefix in ("latest", "maximum")
                                         for name in ("value", "low", "high")},
                   "latest_date": "datetime64[ns]", "maximum_date": "datetime64[ns]"}


def category_highlights(frame: pd.DataFrame) -> pd.DataFrame:
    """Return, per category present, its number of claims and its latest and highest claim as readable text."""
    data = plottable(frame)
    counts = data["category"].value_counts()
    latest, highest = _latest_and_highest(data, "category")
    rows = [{"category": category.replace("_", " "), "claims": int(counts[category]),
             "latest": _claim_summary(latest.loc[category]), "highest": _claim_summary(highest.loc[category])}
            for category in CATEGORIES if counts.get(category, 0)]
    return pd.DataFrame(rows, columns=["category", "claims", "latest", "highest"])


def _latest_and_highest(data: pd.DataFrame, by: str) -> tuple:
    """Per `by`: the claim with the latest date (the higher on a tie) and the one with the highest value (the later)."""
    data = data[list(dict.fromkeys([by, "x", "value", "qualifier", "low", "high", "source", "claim_id"]))]
    return tuple(data.sort_values(order, kind="stable").groupby(by, observed=True).tail(1).set_index(by)
                 for order in (["x", "value"], ["value", "x"]))


def _claim_summary(claim: pd.Series) -> str:
    label = figure_label(claim["qualifier"], claim["value"], claim["low"], claim["high"])
    return f"{label} · {source_name(claim['source'])} · {claim['x']:%d %b %Y}"


def comparison_figure(summary: pd.DataFrame) -> go.Figure:
    """Return side-by-side bars of each source's latest and highest figure from `source_summary`."""
    order = summary.iloc[::-1]  # plotly draws the first category at the bottom; keep the largest on top
    traces = []
    for prefix, label, colour in (("latest", "Latest claim", "#1f77b4"), ("maximum", "Highest claim", "#ff7f0e")):
        value = order[f"{prefix}_value"]
        text = order[prefix] + " · " + order[f"{prefix}_date"].dt.strftime("%d %b %Y")
        traces.append({
            "type": "bar", "y": order["source"].map(source_name).map(_escape).to_numpy(dtype=object),
            "x": value.to_numpy(dtype=float, na_value=np.nan), "name": label, "orientation": "h",
            "marker": {"color": colour}, "text": text.to_numpy(dtype=object), "textposition": "outside",
            "cliponaxis": False, "unselected": {"marker": {"opacity": 0.35}, "textfont": {"color": "#555"}},
            "customdata": order[[f"{prefix}_claim_id"]].to_numpy().tolist(),
            "hovertemplate": "%{y}: %{text}<extra>" + label + "</extra>",
            "error_x": {"type": "data", "symmetric": False, "color": "#333", "thickness": 1.5,
                        "array": _spread(order[f"{prefix}_high"] - value),
                        "arrayminus": _spread(value - order[f"{prefix}_low"])},
        })
    layout = _layout("Soldiers (reported figure)", None)
    layout.update(barmode="group", height=160 + 70 * max(len(summary), 1))
    # Room right of the longest bar for its label.
    layout["xaxis"].update(range=[0, float(summary["maximum_value"].max() or 1) * 1.45], tickformat=",")
    return _figure(traces, layout)


def _figure(traces: list, layout: dict) -> go.Figure:
    """A figure of trace and layout dicts, built here from fixed keys, so without plotly's per-value checks.

    Checking every point's symbol and hover fields takes longer than the rest of a page's rerun (a second for a few
    thousand points); tests check the figures against plotly's schema instead.
    """
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


_DODGE = 1 / 50  # of the dates' span (some 500 px wide): how far apart markers of one day and height are moved


def _dodged(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x with the markers of one day and one height moved a little apart (one figure claimed as wounded and as
    killed or wounded), so that no marker hides another; the hover label keeps the real date."""
    spots = pd.DataFrame({"x": x, "y": y}).groupby(["x", "y"], dropna=False)
    rank, count = spots.cumcount().to_numpy(), spots["x"].transform("size").to_numpy()
    if len(x) < 2 or count.max() < 2:
        return x
    span = max(x.max() - x.min(), np.timedelta64(60, "D")).astype("timedelta64[ns]")
    return x + (span * _DODGE * (rank - (count - 1) / 2)).astype("timedelta64[ns]")


def _date_range(dates: pd.Series) -> list:
    """An x range with a margin, and at least two months wide so one day's claims do not zoom to milliseconds."""
    first, last = dates.min(), dates.max()
    margin = max((last - first) * 0.05, pd.Timedelta(days=30) - (last - first) / 2)
    return [first - margin, last + margin]


def _spread(difference) -> np.ndarray:
    """Error-bar lengths as an array (plotly checks lists item by item): missing bounds draw no bar."""
    if isinstance(difference, pd.Series):
        difference = difference.to_numpy(dtype=float, na_value=np.nan)
    return np.nan_to_num(np.clip(difference, 0, None), nan=0.0)


def _escape(text: str) -> str:
    return html.escape(" ".join(str(text).split()), quote=False)


def _preview(sentence: str) -> str:
    """The sentence's start in short lines: a narrow hover label fits beside its point instead of over it."""
    text = textwrap.shorten(" ".join(sentence.split()), _SENTENCE_PREVIEW, placeholder=" …")
    return "<br>".join(html.escape(line, quote=False) for line in textwrap.wrap(text, _PREVIEW_WIDTH))


def _customdata(group: pd.DataFrame) -> np.ndarray:
    """Per point: claim_id (kept verbatim for the click-through), then the escaped hover fields."""
    # Fixed-width strings rather than objects: the figure is deep-copied twice on its way to the browser.
    return group[["id", "figure", "how", "said", "kind", "when", "preview"]].to_numpy(dtype=str)


def _band(kind: str, x: np.ndarray, low: np.ndarray, high: np.ndarray, colour: str) -> list:
    """Range claims as translucent vertical bands from their low to their high bound: one trace, or none."""
    if not len(x):
        return []
    # One trace of vertical segments low→high, separated by gaps.
    xs = np.repeat(x, 3)
    xs[2::3] = np.datetime64("NaT")
    ys = np.column_stack([low, high, np.full(len(x), np.nan)]).ravel()
    return [{"type": kind, "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", "showlegend": False,
             "opacity": 0.35, "line": {"color": colour, "width": 12}}]


def _arrows(data: pd.DataFrame, colours: dict, log_y: bool) -> list:
    """Short arrows pointing up from 'more than' claims and down from 'up to' claims."""
    one_sided = data[data["qualifier"].isin(_UP + _DOWN).fillna(False).astype(bool)]
    if len(one_sided) > ARROW_LIMIT:
        return []
    arrows = []
    for _, claim in one_sided.iterrows():
        y = float(claim["value"])
        arrows.append({
            "x": claim["x"], "y": math.log10(max(y, 1e-9)) if log_y else y,  # annotations take log10 on log axes
            "ax": 0, "ay": -30 if claim["qualifier"] in _UP else 30, "showarrow": True, "arrowside": "start",
            "arrowhead": 2, "arrowsize": 1.2, "arrowwidth": 1.5, "arrowcolor": colours[claim["source"]],
            "startstandoff": 7, "text": "",
        })
    return arrows


def _layout(x_title: str, y_title: str | None) -> dict:
    return {
        "template": pio.templates["plotly_white"], "height": 540, "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "xaxis": {"title": {"text": x_title}}, "yaxis": {"title": {"text": y_title}} if y_title else {},
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
                   "groupclick": "toggleitem"},
        "font": {"size": 13},
    }
