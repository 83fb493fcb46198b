"""Source comparison: each source's latest and highest figure for one category, side by side."""
import streamlit as st

from core.sources import source_name
from ui import common, groups
from ui.charts import comparison_figure, source_summary

st.title("Source comparison")
current = common.view()
if common.empty_state(current):
    st.stop()

present = current.shown["category"].value_counts()
category = st.selectbox("Category", list(present[present > 0].index), key="comparison_category",
                        format_func=lambda c: c.replace("_", " "))
# Each source's latest and highest claim group, not the article that repeated it last.
summary = source_summary(groups.representatives(current.shown, current.group_of), category)
if summary.empty:
    st.info("No claim in this category has both a date and a number.")
    st.stop()

chart, passage = st.columns([3, 2])
with chart:
    event = st.plotly_chart(comparison_figure(summary), on_select="rerun", selection_mode="points",
                            key="comparison")
with passage:
    common.claim_panel(current, common.selected_claim(event))

table = summary[["source", "claims", "latest", "latest_date", "maximum", "maximum_date"]].assign(
    source=lambda t: t["source"].map(source_name))
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "source": "Source", "claims": "Claims (groups)", "latest": "Latest claim", "maximum": "Highest claim",
    "latest_date": st.column_config.DateColumn("Latest date", format="YYYY-MM-DD"),
    "maximum_date": st.column_config.DateColumn("Date of highest", format="YYYY-MM-DD"),
})
