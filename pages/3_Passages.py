"""Passages: every claim in a searchable table, its passage, an article's full text, downloads."""
import io

import streamlit as st

from core.schema import csv_bytes
from core.sources import source_name
from ui import common, review
from ui.filters import claim_date, search, source

ROWS = 1000  # the table shows this many; sending 100 000 rows to the browser on every rerun takes seconds
st.title("Passages")
current = common.view()
if common.empty_state(current):
    st.stop()

query = st.text_input("Search sentences, figures, sources and titles", key="passages_search")
found = search(current.shown, query)
columns = ["date", "claimant", "category", "figure_text", "qualifier", "value", "status", "sentence", "title"]
table = found.head(ROWS).assign(date=lambda f: claim_date(f), claimant=lambda f: source(f).map(source_name))[columns]
event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                     key="passages_table", column_config={
                         "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"), "claimant": "Source",
                         "category": "Category", "figure_text": "Figure", "qualifier": "Qualifier", "value": "Value",
                         "status": "Review",
                         "sentence": st.column_config.TextColumn("Sentence", width="large"), "title": "Article"})
rows = [row for row in event["selection"]["rows"] if row < len(found)]  # a selection can outlive a filter
if rows:
    common.claim_panel(current, found["claim_id"].iloc[rows[0]])
else:
    shown = f" (the first {ROWS} shown; search or filter to narrow them, or download them all)" if len(found) > ROWS else ""
    st.caption(f"{common.plural(len(found), 'claim')}{shown}. Select a row to read its passage.")

downloads = st.columns([1, 1, 2])
# Callables: the files are written when the button is clicked, not on every rerun.
downloads[0].download_button("Download CSV", lambda: csv_bytes(found), "claims.csv",
                             "text/csv", key="passages_csv")


def _parquet() -> bytes:
    buffer = io.BytesIO()
    found.to_parquet(buffer, index=False)
    return buffer.getvalue()


downloads[1].download_button("Download Parquet", _parquet, "claims.parquet", "application/vnd.apache.parquet",
                             key="passages_parquet")

st.subheader("Full article")
ids = [str(a) for a in current.shown["article_id"].unique()]
article_id = st.selectbox("Article", ids, key="passages_article",
                          format_func=current.labels.get)
article_claims = current.claims[current.claims["article_id"] == article_id]
st.caption(f"{common.plural(len(article_claims), 'figure')} extracted; hover a highlight to see its claim.")
st.html(common.article_html(current.articles[article_id], article_claims))
with st.expander("Add a claim the extractor missed", icon=":material/add:"):
    review.add_form(current, current.articles[article_id])
