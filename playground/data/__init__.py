"""Datasets: image-classification sets as uint8 tensors (images.py)."""
