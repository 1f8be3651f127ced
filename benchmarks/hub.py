"""``python -m benchmarks hub``: Hugging Face models in the Next-word tab.

1. ``next_word`` model work (``playground.hub.inside.next_tokens``, k = 5, a 30-word prompt) on tiny random GPT-2
   and Llama models written into a Hub cache layout in a temporary HF_HOME and read offline
   (``playground.hub.tiny``), as the tests do: the cost of our own code around a forward that costs almost nothing.
   Beside it, the same with eager attention (how every call ran before SDPA became the default outside the
   attention view) and the attention view itself (switched to eager while it reads the weights).
   And on GPT-2 small's dimensions with random weights (built here): next_word with SDPA against eager.
2. Generation: milliseconds per token of a 40-token seeded generation (the key/value cache carries the prompt).
3. The same rows for real models named with ``--real hf:<repo>`` where this machine can reach the Hub (or has the
   model in its cache); elsewhere the plain message the page shows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import machine, repeat_ms, row, timed

PROMPT = ("To be, or not to be, that is the question: whether 'tis nobler in the mind to suffer the slings and "
          "arrows of outrageous fortune, or to take arms against a sea of troubles, and by")
GENERATED = 40


def _rows(name: str, repeat: int) -> None:
    from playground.errors import UserError
    from playground.hub import inside
    from playground.hub import lm as hub_lm

    try:
        load_ms = timed(lambda: hub_lm.load(name))
    except UserError as exc:
        print(f"  {name}: {exc}")
        return
    model = hub_lm.load(name)
    print(f"  {name}: {hub_lm.size_words(model.params)} parameters on {model.device}, loaded in {load_ms:.0f} ms")
    print(row(f"{name} next_word model work ({model.model.config._attn_implementation} attention)",
              repeat_ms(lambda: inside.next_tokens(model, PROMPT, 5), repeat)))
    with hub_lm.eager_attention(model):  # as every call ran before attention went eager only when it is read
        print(row(f"{name} next_word model work (eager attention)",
                  repeat_ms(lambda: inside.next_tokens(model, PROMPT, 5), repeat)))
    print(row(f"{name} attention view (eager while it reads)", repeat_ms(lambda: inside.attention(model, PROMPT),
                                                                        max(repeat // 4, 5))))
    per_token = [t / GENERATED for t in repeat_ms(lambda: list(inside.generate(model, PROMPT, GENERATED, 0.8, 40,
                                                                                0.95, 0)), max(repeat // 20, 3))]
    print(row(f"{name} generation, per token", per_token))


def _gpt2_small_rows(repeat: int) -> None:
    """GPT-2 small's dimensions (124 M) with random weights, built here (the Hub is out of reach on some machines):
    what SDPA saves over eager attention on a real model's size, on a 48-token prompt."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    from playground.hub import inside, tiny
    from playground.hub import lm as hub_lm

    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config()).eval().requires_grad_(False)
    lm = hub_lm.HubLM("GPT-2 small's dimensions, random weights", model, tiny.tokenizer(), model.num_parameters(),
                      torch.device("cpu"))
    prompt = " ".join(PROMPT.split()[:30])
    name = lm.repo
    print(f"  {name}: {hub_lm.size_words(lm.params)} parameters, {len(inside.prompt_ids(lm, prompt))}-token prompt")
    print(row(f"{name}, next_word ({model.config._attn_implementation})",
              repeat_ms(lambda: inside.next_tokens(lm, prompt, 5), repeat)))
    with hub_lm.eager_attention(lm):
        print(row(f"{name}, next_word (eager)", repeat_ms(lambda: inside.next_tokens(lm, prompt, 5), repeat)))


def _serve_tiny(home: Path) -> None:
    """Point huggingface_hub at the tiny repos, offline (it read HF_HOME and HF_HUB_OFFLINE at import)."""
    import os

    from huggingface_hub import constants

    from playground.hub import tiny

    tiny.write(home)
    constants.HF_HOME, constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE = str(home), str(home / "hub"), True
    os.environ.setdefault("PLAYGROUND_HUB_DEVICE", "cpu")


def bench_hub(repeat: int = 200, real: list[str] = ()) -> None:
    from huggingface_hub import constants

    from playground.hub import lm as hub_lm
    from playground.hub import tiny

    print(f"Hub models in Next word on {machine()}")
    saved = constants.HF_HOME, constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE
    with tempfile.TemporaryDirectory() as home:
        _serve_tiny(Path(home))
        try:
            for repo in (tiny.GPT2, tiny.LLAMA):
                _rows(f"hf:{repo}", repeat)
        finally:
            constants.HF_HOME, constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE = saved
            hub_lm.forget()
    _gpt2_small_rows(max(repeat // 10, 10))
    for name in real:
        _rows(name if name.startswith("hf:") else f"hf:{name}", repeat)
