"""What the tabs show, as plain Python: tables, HTML, plotly figures, files.

No gradio here: the Gradio layer (``playground.ui``) calls these, and so can tests
and benchmarks, which must not import ``playground.ui``.
"""
