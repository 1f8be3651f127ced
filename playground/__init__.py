"""Deep-learning playground: build, train and probe real PyTorch models.

The package is plain Python + PyTorch. Gradio is used by ``playground.ui`` and
``app.py`` alone; everything else is usable from scripts and tests.
"""

__version__ = "0.1.0"
