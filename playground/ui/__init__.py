"""The Gradio layer: one module per tab (create_tab), plus gradio-free helpers (plots, *_view)."""
