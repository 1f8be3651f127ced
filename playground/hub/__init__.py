"""Models from the Hugging Face Hub, named ``hf:<repo id>``: ``lm`` checks a causal language model's size from its
config, loads it once per process and shares it read-only; ``inside`` asks it (next tokens, generation, attention,
the logit lens). Nothing here imports gradio, and nothing is downloaded until a model is first asked for."""
