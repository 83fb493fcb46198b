"""Timeline of reported losses: every claim over time; click a point to read its German sentence."""
import streamlit as st

from core.schema import CATEGORIES
from ui import common, groups
from ui.charts import plottable, timeline_figure

st.title("Timeline of reported losses")
current = common.view()
if common.empty_state(current):
    st.stop()
missing = len(current.shown) - len(plottable(current.shown))
if missing == len(current.shown):
    st.info(f"None of the {common.plural(missing, 'claim')} has both a date and a number to plot; Passages lists them.")
    st.stop()

options = st.columns([1, 1, 2])
log_y = options[0].toggle("Logarithmic scale", key="timeline_log")
per_group = options[1].toggle("One point per claim", value=True, key="timeline_grouped",
                              help="A claim that several articles report is one point, larger the more articles "
                                   "report it; off: one point per report.")
line_category = options[2].selectbox(
    "Join each source's successive claims for", [None, *CATEGORIES], key="timeline_line",
    format_func=lambda c: "no lines" if c is None else c.replace("_", " "))

chart, passage = st.columns([3, 2])
with chart:
    points = groups.representatives(current.shown, current.group_of) if per_group else current.shown
    event = st.plotly_chart(timeline_figure(points, log_y, line_category), on_select="rerun",
                            selection_mode="points", key="timeline")
    if missing:
        st.caption(f"Not plotted: {common.plural(missing, 'claim')} without a date or a number (listed on Passages).")
with passage:
    common.claim_panel(current, common.selected_claim(event))
