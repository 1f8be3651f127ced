"""Digits: sketch or photo -> MNIST-standard 28×28 (preprocess.py); prediction and explanations (predict.py)."""
