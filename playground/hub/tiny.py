"""Tiny random stand-ins of real Hub models, written into a Hub cache layout, for the tests and ``python -m
benchmarks hub`` (the app never uses this): with ``HF_HOME`` pointing at the folder and ``HF_HUB_OFFLINE=1``,
``from_pretrained("org/name")`` takes exactly the path it takes after a download.

The layout is huggingface_hub's: ``hub/models--org--name/snapshots/<40-hex sha>/`` holds the files and
``hub/models--org--name/refs/main`` the sha.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import torch

SENTENCES = [  # a few sentences in both languages, for a small BPE
    "The cat sat on the mat. The dog sat on the log.",
    "To be, or not to be, that is the question.",
    "El gato se sentó en el tejado y el perro en la alfombra.",
    "En un lugar de la Mancha, de cuyo nombre no quiero acordarme.",
    "A language model guesses the next word from the words before it.",
]
GPT2 = "tiny-org/tiny-gpt2"
LLAMA = "tiny-org/tiny-llama"
BERT = "tiny-org/tiny-bert"  # config only: a masked LM, not a causal one
HUGE = "tiny-org/llama-7b-config"  # config only: Llama-2-7B's dimensions


def snapshot(home: Path, repo: str) -> Path:
    """The snapshot folder of ``repo`` under ``HF_HOME=home`` (made, with refs/main pointing at it)."""
    root = home / "hub" / f"models--{repo.replace('/', '--')}"
    sha = hashlib.sha1(repo.encode()).hexdigest()  # 40 hex digits, like a commit
    (root / "refs").mkdir(parents=True, exist_ok=True)
    (root / "refs" / "main").write_text(sha)
    folder = root / "snapshots" / sha
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def tokenizer(vocab_size: int = 400):
    """A byte-level BPE trained on SENTENCES, wrapped as a PreTrainedTokenizerFast (GPT-2's kind of pieces)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(SENTENCES, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|endoftext|>", eos_token="<|endoftext|>",
                                   unk_token="<|endoftext|>")


def write(home: Path) -> dict[str, str]:
    """Write the four repos under ``home``; their names by role."""
    from transformers import BertConfig, GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM

    tok = tokenizer()
    vocab = len(tok)
    torch.manual_seed(0)
    gpt2 = GPT2LMHeadModel(GPT2Config(n_layer=2, n_head=2, n_embd=32, n_positions=64, vocab_size=vocab,
                                      bos_token_id=0, eos_token_id=0))
    llama = LlamaForCausalLM(LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                         num_attention_heads=4, num_key_value_heads=2, vocab_size=vocab,
                                         max_position_embeddings=64, bos_token_id=0, eos_token_id=0,
                                         pad_token_id=None))
    for repo, model in ((GPT2, gpt2), (LLAMA, llama)):
        folder = snapshot(home, repo)
        model.save_pretrained(folder)
        tok.save_pretrained(folder)
    BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
               architectures=["BertForMaskedLM"]).save_pretrained(snapshot(home, BERT))
    LlamaConfig(hidden_size=4096, intermediate_size=11008, num_hidden_layers=32, num_attention_heads=32,
                vocab_size=32000, architectures=["LlamaForCausalLM"]).save_pretrained(snapshot(home, HUGE))
    return {"gpt2": GPT2, "llama": LLAMA, "bert": BERT, "huge": HUGE}
