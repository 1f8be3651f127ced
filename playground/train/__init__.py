"""Training: the engine (engine.py), image batches (pipeline.py), classification runs
(classify.py), checkpoints (checkpoint.py) and the command line (python -m playground.train)."""
