"""A toy text-to-image diffusion model built from diffusers parts, and the loop that shows it working.

``prompts`` (the word-level tokenizer and the training prompts), ``model`` (a tiny
transformer text encoder feeding a ``UNet2DConditionModel`` through cross-attention;
saved and loaded with diffusers' ``save_pretrained``/``from_pretrained``), ``sample``
(our own denoising loop over any diffusers scheduler, yielding one event per step),
``train`` (the training script, on the project's one engine) and ``evaluate`` (the
quality measurement with a classifier trained on real digits).
"""
