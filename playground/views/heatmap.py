"""A labelled heatmap (rows over columns, hover "row ← column: value"), for attention maps, gates and states of
the Next-word tab's toys and Hub models alike. No gradio here."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

_PLAIN = {"template": "none", "plot_bgcolor": "white", "paper_bgcolor": "white"}


def heatmap(z: np.ndarray, x: list[str], y: list[str], title: str, colorscale: str = "Blues",
            zmin: float | None = None, zmax: float | None = None) -> go.Figure:
    return go.Figure(
        data=[{"type": "heatmap", "z": z, "x": x, "y": y, "colorscale": colorscale, "zmin": zmin, "zmax": zmax,
               "hovertemplate": "%{y} ← %{x}: %{z:.3f}<extra></extra>"}],
        layout={**_PLAIN, "title": {"text": title, "x": 0.02, "font": {"size": 13}}, "height": 420,
                "margin": {"l": 90, "r": 20, "t": 40, "b": 90}, "xaxis": {"tickangle": -45, "type": "category"},
                "yaxis": {"autorange": "reversed", "type": "category"}},
    )
