"""Articles: every article of the corpus folder; correct its metadata, add articles by upload or paste, remove one."""
import streamlit as st

from core.trash import trashed
from ui import articles, common, review

st.title("Articles")
current = common.view()
folder = current.corpus
if not folder:
    st.stop()
seen = articles.seen(current.digests)

if current.errors:
    st.warning(f"{common.plural(len(current.errors), 'file')} could not be read:", icon=":material/warning:")
    st.dataframe(articles.error_table(current.errors, folder), hide_index=True, width="stretch",
                 column_config={"file": "File", "reason": st.column_config.TextColumn(
                     "Reason", width="large")})

for _, problem in current.review_problems:
    st.warning(common.md(problem), icon=":material/rate_review:")
if current.orphans:
    st.warning(f"{common.plural(len(current.orphans), 'review')} no longer apply: the article changed or is gone. "
               "They stay in reviews.csv.", icon=":material/link_off:")
    st.dataframe(review.orphan_table(current.orphans), hide_index=True, width="stretch")

repaired = articles.warning_table(current.articles)
if len(repaired):
    st.info(f"{common.plural(len(repaired), 'file')} loaded with a repair:", icon=":material/build:")
    st.dataframe(repaired, hide_index=True, width="stretch", column_config={"file": "File", "warning": "Repair"})

if current.articles:
    st.caption(f"{common.plural(len(current.articles), 'article')} in {common.md(current.name)}. Correct a title, outlet, web "
               "address or date in the table, then save: the change goes into the article's file or the manifest.")
    table = articles.article_table(current.articles, current.claims)
    edited = st.data_editor(table, hide_index=True, width="stretch", key=articles.key("editor"),
                            disabled=["file", "claims"], column_config={
                                "file": "File", "title": st.column_config.TextColumn("Title", width="large"),
                                "outlet": "Outlet", "url": st.column_config.TextColumn("Web address", width="small"),
                                "published": st.column_config.DateColumn("Published", format="YYYY-MM-DD"),
                                "claims": st.column_config.NumberColumn("Claims", format="%d")})
    changes = articles.metadata_changes(table, edited)
    if st.button("Save changes", disabled=not changes, type="primary", key="articles_save"):
        articles.act("edit", articles.save_metadata, folder, changes, seen)
else:
    st.info(f"No articles were found in {common.md(current.name)}. Add some below.")
articles.show_notices("edit")

st.subheader("Add articles")
upload, paste = st.columns(2, gap="large")
with upload:
    files = st.file_uploader("Upload .txt, .md or .html files", type=articles.UPLOAD_TYPES,
                             accept_multiple_files=True, key=articles.key("upload"),
                             max_upload_size=articles.upload_megabytes(current.max_bytes),
                             help=f"Each file up to {current.max_bytes:,} bytes; text in UTF-8, UTF-16 or "
                                  "Windows-1252. Files are saved under a new name, never over another one.")
    if files:
        articles.act("upload", articles.add_uploads, folder, files, current.max_bytes)
    articles.show_notices("upload")
with paste:
    with st.form("articles_paste", clear_on_submit=True, border=False):
        title = st.text_input("Title", key="articles_paste_title")
        outlet, published = st.columns(2)
        meta = {"outlet": outlet.text_input("Outlet", key="articles_paste_outlet"),
                "published": published.date_input("Published", value=None, format="YYYY-MM-DD",
                                                   key="articles_paste_published"),
                "url": st.text_input("Web address", key="articles_paste_url")}
        text = st.text_area("German article text", height=200, key="articles_paste_text")
        submitted = st.form_submit_button("Add pasted article")
    if submitted:
        articles.act("paste", articles.add_pasted, folder, text, current.max_bytes, title, **meta)
    articles.show_notices("paste")

st.subheader("Remove an article")
choices = articles.removable(folder, current.articles, current.errors)
if choices:
    chosen = st.selectbox("Article or unreadable file", list(choices), format_func=choices.get,
                          key=articles.key("remove_choice"))
    if st.button("Move to trash", key=articles.key("remove"), icon=":material/delete:",
                 help="The file goes to the corpus's .trash folder, with its manifest row; it can be restored."):
        articles.act("remove", articles.remove, folder, chosen, seen)
else:
    st.caption("Nothing to remove.")
articles.show_notices("remove")
undo = articles.undoable(folder)
if undo and st.button("Undo", key=articles.key("undo"), icon=":material/undo:"):
    articles.act("remove", articles.restore, folder, undo)
in_trash = trashed(folder)
with st.expander(f"Trash ({len(in_trash)})"):
    for entry in in_trash[:50]:
        name, restore = st.columns([4, 1])
        name.text(f"{entry['name']} – removed {entry['removed'][:16].replace('T', ' ')}")
        if restore.button("Restore", key=articles.key(f"restore_{entry['id']}")):
            articles.act("remove", articles.restore, folder, entry["id"])
