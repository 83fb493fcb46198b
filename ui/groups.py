"""Claim groups in the dashboard: one point per group on the timeline, every report of a group, the findings."""
import pandas as pd

from core.sources import source_name
from ui.filters import claim_date

_ORDER = ["_date", "published", "article_id", "figure_start"]  # earliest report first, as core.groups orders them


def representatives(shown: pd.DataFrame, group_of: pd.Series) -> pd.DataFrame:
    """One row per claim group among the `shown` claims: the group's first report there, with `reports` (rows)
    and `articles` (distinct articles) it stands for; `group_of` maps claim ids to group ids (core.groups)."""
    if shown.empty:
        return shown.assign(reports=pd.Series(dtype="int64"), articles=pd.Series(dtype="int64"))
    group = shown["claim_id"].map(group_of).astype(object)
    data = shown.assign(_group=group.where(group.notna(), "c:" + shown["claim_id"].astype(str)),
                        _date=claim_date(shown))
    counts = data.groupby("_group").agg(reports=("claim_id", "size"), articles=("article_id", "nunique"))
    first = data.sort_values(_ORDER, kind="stable").drop_duplicates("_group")
    return first.join(counts, on="_group").drop(columns=["_group", "_date"])


def reports(claims: pd.DataFrame, group_of: pd.Series, claim_id: str) -> pd.DataFrame:
    """Every report of the claim group of `claim_id` (just that claim when it has none), earliest first."""
    group = group_of.get(claim_id)
    members = claims[claims["claim_id"].map(group_of) == group] if pd.notna(group) else pd.DataFrame()
    members = members if len(members) else claims[claims["claim_id"] == claim_id]
    return members.assign(_date=claim_date(members)).sort_values(_ORDER, kind="stable").drop(columns="_date")


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings as the Findings page lists them: rule, source by name, category, date, figures, explanation."""
    return pd.DataFrame({
        "rule": findings["rule"].str.replace("_", " "), "source": findings["claimant"].map(source_name),
        "category": findings["category"].astype(str).str.replace("_", " "), "date": findings["date"],
        "figures": findings["values"], "explanation": findings["explanation"],
    })
