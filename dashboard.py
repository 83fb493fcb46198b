"""Analyst dashboard: `streamlit run dashboard.py [-- --root PATH] [--corpus PATH]` (or CLAIMS_ROOT, CLAIMS_CORPUS)."""
import streamlit as st

from ui import common, review
from ui.charts import category_highlights
from ui.filters import claim_date, source

# No page icons: the browser fetches a page's Material icon for its tab from fonts.gstatic.com, and the
# dashboard must not call out of the machine (emoji would do, but headless and minimal systems lack the font).
PAGES = {
    "pages/1_Timeline.py": "Timeline of reported losses",
    "pages/2_Source_comparison.py": "Source comparison",
    "pages/3_Passages.py": "Passages",
    "pages/4_Articles.py": "Articles",
    "pages/5_Findings.py": "Findings",
}


def home() -> None:
    """Say what the app is for, give the headline numbers and each category's latest and highest claim."""
    current = common.view()
    st.title("Troop figures in German news")
    st.write("German news articles report how many North Korean soldiers were sent to Russia, killed, wounded "
             "or captured, each figure attributed to a source. This app lines those claims up by source and "
             "date and, for any of them, shows the original German sentence it was taken from.")
    shown = current.shown
    dates = claim_date(shown).dropna()
    span = f"{dates.min():%b %Y} – {dates.max():%b %Y}" if len(dates) else "–"
    columns = st.columns([1, 1, 1, 2])
    columns[0].metric("Articles", len(current.articles))
    columns[1].metric("Claims", f"{len(shown)} of {len(current.claims)}")
    columns[2].metric("Sources", source(shown).nunique())
    columns[3].metric("Date span", span)
    if current.errors:
        st.warning(f"{common.plural(len(current.errors), 'file')} could not be read — see Articles.",
                   icon=":material/warning:")
    if not common.empty_state(current):
        st.subheader("Latest and highest claim per category")
        st.dataframe(category_highlights(shown), hide_index=True, width="stretch")
        done = int(current.claims["status"].ne("auto").sum())
        with st.expander(f"Review: {done} of {common.plural(len(current.claims), 'claim')} reviewed"):
            st.dataframe(review.progress(current.claims, current.labels), hide_index=True, width="stretch")
    for path, title in PAGES.items():
        st.page_link(path, label=title)


navigation = st.navigation([st.Page(home, title="Home", default=True)]
                           + [st.Page(path, title=title) for path, title in PAGES.items()])
navigation.run()
