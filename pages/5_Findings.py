"""Findings: where one source's figures disagree or do not add up; select one to read the passages involved."""
import streamlit as st

from ui import common, groups

st.title("Findings")
current = common.view()
if common.empty_state(current):
    st.stop()
found = current.findings
if found.empty:
    st.info("No findings: no source's figures contradict each other or fail to add up in this corpus.")
    st.stop()

st.caption(f"{common.plural(len(found), 'finding')} over the claim groups of all claims (filters do not apply). "
           "Select one to read its passages.")
event = st.dataframe(groups.findings_table(found), hide_index=True, width="stretch", on_select="rerun",
                     selection_mode="single-row", key="findings_table", column_config={
                         "rule": "Rule", "source": "Source", "category": "Category",
                         "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"), "figures": "Figures",
                         "explanation": st.column_config.TextColumn("What it means", width="large")})
rows = [row for row in event["selection"]["rows"] if row < len(found)]
if rows:
    finding = found.iloc[rows[0]]
    st.subheader(f"{finding['rule'].replace('_', ' ')}: {finding['values']}")
    for claim_id in str(finding["claim_ids"]).split("|"):
        common.claim_panel(current, claim_id, reviewable=False)
