"""Training: the engine (engine.py), image batches (pipeline.py), a classifier's settings (settings.py),
run (classify.py), evaluation (evaluation.py) and epoch-cost estimate (estimate.py), checkpoints
(checkpoint.py) and the command line (python -m playground.train)."""
