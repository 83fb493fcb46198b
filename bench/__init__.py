"""Benchmarks, stress inputs and the synthetic corpus: tools that measure the product, not part of it.

`python -m core bench …` runs bench.run (extraction, cache, memory, pathological inputs, the dashboard in a
browser); `python -m bench.ui` times the dashboard's pages with AppTest. The history of measurements is in
docs/benchmarks.md.
"""
