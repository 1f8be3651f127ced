"""Deep-learning playground: build, train and probe real PyTorch models.

The package is plain Python + PyTorch. Only ``playground.ui`` (and ``app.py``)
import gradio; everything else is usable from scripts and tests.
"""

__version__ = "0.1.0"
