"""Claim groups: the rows of a claims frame that report one claim, consolidated into one row.

The same figure travels: one estimate of a source is repeated, reworded, by many articles over weeks.
A claim group is every row that reports one claim. The rule, in this one place:

1. Rows the analyst rejected (`status` `rejected`) take no part.
2. Same source: the same `claimant`. Rows of different sources are never one group, whatever their
   figure. An `unattributed` row takes the source of its article: it joins a group when its article
   (which includes its sentence) has a row of that group's category and figure from exactly one source;
   tied to no source or to several, it stays unattributed and is grouped only with the unattributed
   rows of its own article.
3. Same `category`.
4. Same figure, within the qualifier's tolerance (QUALIFIER_TOLERANCE):
   - a point figure (`exact`, `approx` and the bounds `more_than`, `at_least`, `less_than`, `up_to`)
     compares its number; a bound's number is the bound, so `rund 300`, `etwa 300`, `mehr als 300`
     and `300` are one;
   - a `range` compares both bounds (`zwischen 10.000 und 12.000`), a `vague` amount the bounds
     it implies (`Hunderte`); neither is ever one with a point figure;
   - two numbers are equal when they differ by at most the larger tolerance of the two rows, relative
     to the larger number: `approx` allows 5 %, every other qualifier none. Rows are taken from the
     smallest number up; a row joins the figure of the smallest number before it when it is equal to
     that number (so tolerances do not chain: 300, 310, 320 approx are not all one).
5. Claim dates within WINDOW (45 days) of the group's first report. The claim date is the date the
   claim applies to: `period_start` when the sentence states it or the analyst set it (`date_basis`
   `stated` or `reviewed`), else the article's `published` date. A row past the window starts a new
   group, so a figure the source gives again months later, or a revision to another figure, is a claim
   of its own. Rows with no claim date are grouped only with each other.

A group's figure (`value`, `low`, `high`, `qualifier`) is that of its first report, unless one of its
rows states a bound: then the first bound is kept (`300` and later `mehr als 300` give `more_than` 300).
Its first report is its row of the earliest claim date (then the earliest published, then article and
offset); its id is `g:` + that row's `claim_id`, stable as long as that row is.
"""
import numpy as np
import pandas as pd

from core.schema import CATEGORIES, QUALIFIERS

QUALIFIER_TOLERANCE = {"approx": 0.05}  # relative; qualifiers not listed compare exactly
WINDOW = pd.Timedelta(days=45)
DATED_BY_PERIOD = ("stated", "reviewed")  # date bases whose period_start is the claim date
BOUNDS = ("more_than", "at_least", "less_than", "up_to")
UNATTRIBUTED = "unattributed"
SEPARATOR = "|"  # between the claim ids of a group

_POINT, _RANGE, _VAGUE = 0, 1, 2  # kinds of figure; only figures of one kind compare
_EPSILON = 1e-9  # floating-point slack on top of the tolerance
GROUP_COLUMNS = {
    "group_id": "string",
    "claimant": "string",
    "category": pd.CategoricalDtype(CATEGORIES),
    "value": "Float64",
    "low": "Float64",
    "high": "Float64",
    "qualifier": pd.CategoricalDtype(QUALIFIERS),
    "first_reported": "datetime64[ns]",
    "first_article": "string",
    "first_title": "string",
    "first_outlet": "string",
    "first_claim_id": "string",
    "last_reported": "datetime64[ns]",
    "reports": "int64",
    "articles": "int64",
    "outlets": "int64",
    "claim_ids": "string",
}


def claim_date(frame: pd.DataFrame) -> pd.Series:
    """The date each claim applies to: its stated or reviewed period_start, else its published date."""
    by_period = frame["date_basis"].isin(DATED_BY_PERIOD).to_numpy()
    return pd.Series(np.where(by_period, frame["period_start"], frame["published"]),
                     index=frame.index, dtype="datetime64[ns]")


def group_claims(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims frame in, one row per claim group out (GROUP_COLUMNS), in order of first report."""
    members = _members(frame)
    if members.empty:
        return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in GROUP_COLUMNS.items()})
    by_group = members.groupby("group_id", sort=False)
    first = members.drop_duplicates("group_id").set_index("group_id")
    figure = (members.sort_values(["_gid", "_bound", "_order"], ascending=[True, False, True])
              .drop_duplicates("group_id").set_index("group_id"))
    ids = members["claim_id"].to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, members["_gid"].to_numpy()[1:] != members["_gid"].to_numpy()[:-1]])
    out = pd.DataFrame({
        "group_id": first.index,
        "claimant": first["_source"].to_numpy(),
        "category": first["category"].to_numpy(),
        "value": figure.loc[first.index, "value"].to_numpy(),
        "low": figure.loc[first.index, "low"].to_numpy(),
        "high": figure.loc[first.index, "high"].to_numpy(),
        "qualifier": figure.loc[first.index, "qualifier"].to_numpy(),
        "first_reported": first["_date"].to_numpy(),
        "first_article": first["article_id"].astype(object).to_numpy(),
        "first_title": first["title"].astype(object).to_numpy(),
        "first_outlet": first["outlet"].astype(object).to_numpy(),
        "first_claim_id": first["claim_id"].to_numpy(),
        "last_reported": by_group["_date"].max().to_numpy(),
        "reports": by_group.size().to_numpy(),
        "articles": by_group["_article"].nunique().to_numpy(),
        "outlets": by_group["_outlet"].nunique().to_numpy(),
        "claim_ids": [SEPARATOR.join(part) for part in np.split(ids, starts[1:])],
    })
    order = np.argsort(first["_order"].to_numpy(), kind="stable")
    return out.iloc[order].reset_index(drop=True).astype(GROUP_COLUMNS)


def group_of(frame: pd.DataFrame) -> pd.Series:
    """Claims frame in, the group_id of every claim_id out (<NA> for a rejected claim)."""
    members = _members(frame)
    ids = pd.Series(members["group_id"].to_numpy(), index=members["claim_id"].to_numpy(), dtype="string")
    return ids.reindex(frame["claim_id"].to_numpy()).rename("group_id").rename_axis("claim_id")


def _members(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that take part, with their source, claim date and group, sorted by group then report order."""
    rows = frame.loc[frame["status"].astype(object).to_numpy() != "rejected"].reset_index(drop=True)
    qualifier = rows["qualifier"].astype(object)
    value, low, high = (rows[name].to_numpy(dtype=float, na_value=np.nan) for name in ("value", "low", "high"))
    kind = np.where(qualifier == "range", _RANGE, np.where(qualifier == "vague", _VAGUE, _POINT))
    point = np.where(np.isnan(value), np.where(np.isnan(low), high, low), value)
    date = claim_date(rows)
    rows = rows.assign(
        _kind=kind,
        _a=np.where(kind == _POINT, point, low),
        _b=np.where(kind == _POINT, point, high),
        _tol=qualifier.map(QUALIFIER_TOLERANCE).fillna(0.0).to_numpy(dtype=float),
        _bound=qualifier.isin(BOUNDS).to_numpy(),
        _date=date,
        _undated=date.isna(),
        _article=rows["article_id"].astype(object),
        _outlet=rows["outlet"].astype(object),
    )
    report = rows.sort_values(["_undated", "_date", "published", "article_id", "figure_start"], kind="stable").index
    rows["_order"] = pd.Series(np.arange(len(rows)), index=report)
    rows["_source"] = _sources(rows)
    untied = (rows["_source"] == UNATTRIBUTED).to_numpy()
    rows["_scope"] = np.where(untied, UNATTRIBUTED + "\x1f" + rows["_article"].astype(str), rows["_source"])
    rows = rows.sort_values(["_scope", "category", "_kind", "_a", "_b", "_order"], na_position="last", kind="stable")
    rows["_figure"] = _figure_runs(rows)
    rows = rows.sort_values(["_figure", "_date", "_order"], na_position="last", kind="stable")
    rows["_gid"] = _window_runs(rows)
    rows = rows.sort_values(["_gid", "_order"], kind="stable")
    firsts = rows.drop_duplicates("_gid")
    rows["group_id"] = rows["_gid"].map(pd.Series("g:" + firsts["claim_id"].astype(str).to_numpy(),
                                                  index=firsts["_gid"].to_numpy()))
    return rows


def _sources(rows: pd.DataFrame) -> pd.Series:
    """Each row's source: its claimant; for an unattributed row, the one source of the same figure in its article."""
    claimant = rows["claimant"].astype(object)
    source = claimant.copy()
    alone = claimant == UNATTRIBUTED
    if not alone.any() or alone.all():
        return source
    keys = ["article_id", "category", "_kind"]
    fields = keys + ["_a", "_b", "_tol"]
    pairs = rows.loc[alone, fields].reset_index(names="_row").merge(
        rows.loc[~alone, fields].assign(_claimant=claimant[~alone]), on=keys)
    same = _equal(pairs["_a_x"], pairs["_a_y"], pairs["_tol_x"], pairs["_tol_y"]) & \
        _equal(pairs["_b_x"], pairs["_b_y"], pairs["_tol_x"], pairs["_tol_y"])
    ties = pairs.loc[same].groupby("_row")["_claimant"].agg(["nunique", "first"])
    ties = ties.loc[ties["nunique"] == 1, "first"]
    source.loc[ties.index] = ties
    return source


def _equal(a, b, tol_a, tol_b):
    """Elementwise: a and b are one number within the larger of their tolerances (both missing counts as equal)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    tol = np.maximum(np.asarray(tol_a, dtype=float), np.asarray(tol_b, dtype=float))
    close = np.abs(a - b) <= tol * np.maximum(np.abs(a), np.abs(b)) + _EPSILON
    return close | (np.isnan(a) & np.isnan(b))


def _figure_runs(rows: pd.DataFrame) -> np.ndarray:
    """Run number per row (rows sorted by scope, category, kind, figure): a new run where the figure is not the run's first."""
    scope = rows["_scope"].to_numpy(dtype=object)
    category = rows["category"].cat.codes.to_numpy()
    kind = rows["_kind"].to_numpy()
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (scope[1:] != scope[:-1]) | (category[1:] != category[:-1]) | (kind[1:] != kind[:-1])
    # Missing bounds become -1 so that two missing bounds are equal and never equal a number.
    a, b = (np.nan_to_num(rows[name].to_numpy(dtype=float), nan=-1.0).tolist() for name in ("_a", "_b"))
    tol = rows["_tol"].to_numpy(dtype=float).tolist()
    runs = np.empty(len(rows), dtype=np.int64)
    run, first = -1, 0
    for i, start in enumerate(new.tolist()):
        t = max(tol[i], tol[first])
        if start or abs(a[i] - a[first]) > t * max(a[i], a[first]) + _EPSILON \
                or abs(b[i] - b[first]) > t * max(b[i], b[first]) + _EPSILON:
            run, first = run + 1, i
        runs[i] = run
    return runs


def _window_runs(rows: pd.DataFrame) -> np.ndarray:
    """Group number per row (rows sorted by figure run, claim date): a new group past WINDOW from the group's first date."""
    figure = rows["_figure"].to_numpy()
    day = rows["_date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    days = np.where(rows["_undated"].to_numpy(), np.nan, day.astype(float)).tolist()
    new = np.ones(len(rows), dtype=bool)
    new[1:] = figure[1:] != figure[:-1]
    window = WINDOW / pd.Timedelta(days=1)
    groups = np.empty(len(rows), dtype=np.int64)
    group, first = -1, 0
    for i, start in enumerate(new.tolist()):
        d, d0 = days[i], days[first]
        # NaN compares False: an undated row after dated ones of its figure starts a group of its own.
        if start or not (d - d0 <= window or (d != d and d0 != d0)):
            group, first = group + 1, i
        groups[i] = group
    return groups
