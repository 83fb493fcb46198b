"""Streamlit dashboard pieces: pure chart and filter builders, and the widgets the pages share."""
