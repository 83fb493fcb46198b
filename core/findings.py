"""Consistency findings: where a source's own figures disagree or do not add up.

Findings work on claim groups (core.groups), so a claim repeated by many articles is one figure, not
many. Each figure is read as the interval its wording allows: `300` is [300, 300], `rund 300` ±5 %
(the approx tolerance of core.groups), `mehr als 300` [300, ∞), `bis zu 500` [0, 500], a range its
bounds, `Hunderte` [200, ∞). Figures of one source agree when their intervals can; a finding says they
cannot. A group's date is the claim date of its first report; "one date" is one calendar day; groups
with no date take no part.

RULES is the ordered table of named rules; a set of groups that several rules find is reported once, by
the first of them.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from core.groups import QUALIFIER_TOLERANCE, SEPARATOR, group_claims

LOSSES = ("killed", "wounded", "killed_or_wounded", "captured", "missing")
LOWER_BOUNDS = ("more_than", "at_least")
OPEN_ABOVE = LOWER_BOUNDS + ("vague",)  # qualifiers whose figure has no upper end unless it states one
OPEN_BELOW = ("less_than", "up_to")  # qualifiers whose figure may be as low as 0
POINT_FIGURES = ("exact", "approx")
SUM_TOLERANCE = 0.05  # killed + wounded may miss the killed_or_wounded total by 5 % (rounding, late counts)
DECREASE_TOLERANCE = 0.10  # a cumulative figure must fall by more than 10 % to be "clearly lower"
FINDING_COLUMNS = ("rule", "explanation", "claimant", "category", "date", "group_ids", "claim_ids", "values")


@dataclass(frozen=True)
class Rule:
    name: str
    explanation: str
    find: Callable  # prepared groups -> frame of (group_ids: tuple, claimant, category, date)


def findings(groups: pd.DataFrame) -> pd.DataFrame:
    """Claim groups (core.groups.group_claims) in, one row per finding (FINDING_COLUMNS) out, in RULES order."""
    prepared = _prepare(groups)
    found = [rule.find(prepared).assign(rule=rule.name, explanation=rule.explanation)
             for rule in RULES if not prepared.empty]
    found = [part for part in found if not part.empty]
    if not found:
        return pd.DataFrame({name: pd.Series([], dtype="datetime64[ns]" if name == "date" else object)
                             for name in FINDING_COLUMNS})
    out = pd.concat(found, ignore_index=True)
    out = out.loc[~out["group_ids"].map(frozenset).duplicated()].reset_index(drop=True)
    claim_ids = dict(zip(prepared["group_id"], prepared["claim_ids"]))
    figures = dict(zip(prepared["group_id"], prepared["_figure"]))
    out["claim_ids"] = [SEPARATOR.join(claim_ids[group] for group in ids) for ids in out["group_ids"]]
    out["values"] = ["; ".join(figures[group] for group in ids) for ids in out["group_ids"]]
    out["group_ids"] = out["group_ids"].map(SEPARATOR.join)
    out["date"] = pd.to_datetime(out["date"])
    return out[list(FINDING_COLUMNS)]


def findings_of(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims frame in, its findings out (findings of its claim groups)."""
    return findings(group_claims(frame))


def _prepare(groups: pd.DataFrame) -> pd.DataFrame:
    """Dated groups with the interval [_lo, _hi] of their figure, their day and a readable figure."""
    groups = groups.loc[groups["first_reported"].notna()]
    qualifier = groups["qualifier"].astype(object)
    value, low, high = (groups[name].to_numpy(dtype=float, na_value=np.nan) for name in ("value", "low", "high"))
    tol = qualifier.map(QUALIFIER_TOLERANCE).fillna(0.0).to_numpy(dtype=float)
    lo = np.where(~np.isnan(low), low, np.where(qualifier.isin(OPEN_BELOW), 0.0, value * (1 - tol)))
    hi = np.where(~np.isnan(high), high, np.where(qualifier.isin(OPEN_ABOVE), np.inf, value * (1 + tol)))
    out = groups.assign(_lo=lo, _hi=hi, _day=groups["first_reported"].dt.normalize(),
                        category=groups["category"].astype(object), claimant=groups["claimant"].astype(object))
    out["_figure"] = out["category"] + " " + _figure_texts(out)
    return out


def _figure_texts(groups: pd.DataFrame) -> pd.Series:
    """'300', '~300', '>300', '≥300', '<300', '≤500', '10000–12000', 'vague ≥200'."""
    def number(x):
        return "?" if pd.isna(x) else f"{x:g}"
    prefix = {"approx": "~", "more_than": ">", "at_least": "≥", "less_than": "<", "up_to": "≤"}
    texts = []
    for qualifier, value, low, high in zip(groups["qualifier"].astype(object), groups["value"], groups["low"], groups["high"]):
        if qualifier == "range":
            texts.append(f"{number(low)}–{number(high)}")
        elif qualifier == "vague":
            texts.append(f"vague ≥{number(low)}")
        else:
            texts.append(prefix.get(qualifier, "") + number(value))
    return pd.Series(texts, index=groups.index, dtype=object)


def _result(group_ids, claimant, category, date) -> pd.DataFrame:
    return pd.DataFrame({"group_ids": list(group_ids), "claimant": list(claimant), "category": list(category),
                         "date": list(date)}, dtype=object)


def _of(groups: pd.DataFrame, *categories) -> pd.DataFrame:
    """The groups of these categories (of every category when none is given), with the columns rules read."""
    chosen = groups["category"].isin(categories) if categories else np.ones(len(groups), dtype=bool)
    return groups.loc[chosen, ["group_id", "claimant", "category", "first_reported",
                                                            "_day", "_lo", "_hi", "qualifier"]]


def _sum_mismatch(groups: pd.DataFrame) -> pd.DataFrame:
    """killed + wounded of one source and day against its killed_or_wounded total of that day."""
    trio = (_of(groups, "killed").merge(_of(groups, "wounded"), on=["claimant", "_day"], suffixes=("_k", "_w"))
            .merge(_of(groups, "killed_or_wounded"), on=["claimant", "_day"]))
    lo, hi = trio["_lo_k"] + trio["_lo_w"], trio["_hi_k"] + trio["_hi_w"]
    trio = trio.loc[(hi < trio["_lo"] * (1 - SUM_TOLERANCE)) | (lo > trio["_hi"] * (1 + SUM_TOLERANCE))]
    return _result(zip(trio["group_id_k"], trio["group_id_w"], trio["group_id"]), trio["claimant"],
                   ["killed|wounded|killed_or_wounded"] * len(trio), trio["_day"])


def _losses_exceed_deployed(groups: pd.DataFrame) -> pd.DataFrame:
    """A loss group above the source's latest deployed figure by its date plus the reinforcements reported since."""
    losses = _of(groups, *LOSSES).sort_values("first_reported")
    deployed = _of(groups, "deployed").sort_values("first_reported")
    reinforced = _of(groups, "reinforcements").sort_values("first_reported")
    finite = np.isfinite(reinforced["_hi"])  # 'mehr als 3000' sent: no upper end, counted apart
    reinforced = reinforced.assign(_sent=reinforced["_hi"].where(finite, 0.0), _open=(~finite).astype(int))
    reinforced[["_sent", "_open"]] = reinforced.groupby("claimant")[["_sent", "_open"]].cumsum()
    pairs = pd.merge_asof(losses, deployed[["claimant", "first_reported", "group_id", "_hi"]].assign(
        _since=deployed["first_reported"]), on="first_reported", by="claimant", suffixes=("", "_d"))
    sent = reinforced[["claimant", "first_reported", "_sent", "_open"]]
    pairs = pd.merge_asof(pairs.dropna(subset=["group_id_d"]).sort_values("_since"),
                          sent.rename(columns={"first_reported": "_since", "_sent": "_sent_0", "_open": "_open_0"}),
                          on="_since", by="claimant", allow_exact_matches=False)
    pairs = pd.merge_asof(pairs.sort_values("first_reported"), sent, on="first_reported", by="claimant")
    pairs[["_sent", "_open", "_sent_0", "_open_0"]] = pairs[["_sent", "_open", "_sent_0", "_open_0"]].fillna(0)
    added = np.where(pairs["_open"] > pairs["_open_0"], np.inf, pairs["_sent"] - pairs["_sent_0"])
    pairs = pairs.loc[pairs["_lo"].to_numpy() > pairs["_hi_d"].to_numpy() + added]
    dated = {who: (part["first_reported"].to_numpy(), tuple(part["group_id"]))
             for who, part in reinforced.groupby("claimant", sort=False)}
    extra = [_between(dated.get(who), since, when) for who, since, when
             in zip(pairs["claimant"], pairs["_since"].to_numpy(), pairs["first_reported"].to_numpy())]
    return _result([(loss, dep) + more for loss, dep, more in zip(pairs["group_id"], pairs["group_id_d"], extra)],
                   pairs["claimant"], pairs["category"] + "|deployed", pairs["_day"])


def _between(dated, since, until) -> tuple:
    """The ids of (sorted dates, ids) dated from `since` to `until`, both included."""
    if dated is None:
        return ()
    dates, ids = dated
    return ids[np.searchsorted(dates, since, side="left"):np.searchsorted(dates, until, side="right")]


def _bound_contradicted(groups: pd.DataFrame) -> pd.DataFrame:
    """A 'more than' / 'at least' group and the first later exact or approximate figure of the source below it."""
    figures = _of(groups)
    bounds = figures.loc[figures["qualifier"].isin(LOWER_BOUNDS)]
    points = figures.loc[figures["qualifier"].isin(POINT_FIGURES)]
    pairs = bounds.merge(points, on=["claimant", "category"], suffixes=("_b", ""))
    pairs = pairs.loc[(pairs["_day"] > pairs["_day_b"]) & (pairs["_hi"] < pairs["_lo_b"])]
    pairs = pairs.sort_values("first_reported", kind="stable").drop_duplicates("group_id_b")
    return _result(zip(pairs["group_id_b"], pairs["group_id"]), pairs["claimant"], pairs["category"], pairs["_day"])


def _cumulative_decrease(groups: pd.DataFrame) -> pd.DataFrame:
    """A loss group clearly below the source's latest figure of that category on an earlier day."""
    losses = _of(groups, *LOSSES).sort_values("_day", kind="stable")
    key = losses["claimant"] + "\x1f" + losses["category"]
    before = losses.assign(_key=key)[["_key", "_day", "group_id", "_lo"]]
    pairs = pd.merge_asof(losses.assign(_key=key), before, on="_day", by="_key", suffixes=("", "_p"),
                          allow_exact_matches=False).dropna(subset=["group_id_p"])
    pairs = pairs.loc[pairs["_hi"] < pairs["_lo_p"] * (1 - DECREASE_TOLERANCE)]
    return _result(zip(pairs["group_id_p"], pairs["group_id"]), pairs["claimant"], pairs["category"], pairs["_day"])


def _conflicting_same_day(groups: pd.DataFrame) -> pd.DataFrame:
    """Two groups of one source, category and day whose figures cannot both hold."""
    figures = _of(groups).reset_index(names="_n")
    pairs = figures.merge(figures, on=["claimant", "category", "_day"], suffixes=("", "_2"))
    pairs = pairs.loc[(pairs["_n"] < pairs["_n_2"])
                      & ((pairs["_hi"] < pairs["_lo_2"]) | (pairs["_hi_2"] < pairs["_lo"]))]
    return _result(zip(pairs["group_id"], pairs["group_id_2"]), pairs["claimant"], pairs["category"], pairs["_day"])


RULES = (
    Rule("sum_mismatch", "killed plus wounded differ from the same source's killed-or-wounded total of that day",
         _sum_mismatch),
    Rule("losses_exceed_deployed",
         "losses exceed the troops the same source said were deployed by then, plus the reinforcements it reported since",
         _losses_exceed_deployed),
    Rule("bound_contradicted", "a later exact figure of the same source lies below its earlier 'more than' / 'at least'",
         _bound_contradicted),
    Rule("cumulative_decrease", "a cumulative loss figure of the source is clearly lower than its figure of an earlier day",
         _cumulative_decrease),
    Rule("conflicting_same_day", "the source gives two figures for one category on one day that cannot both hold",
         _conflicting_same_day),
)
