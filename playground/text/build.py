"""Train a shipped next-word model and write it, with its model card, into ``assets/text/``.

    python -m playground.text.build --corpus en --arch lstm --device cuda --seconds 150
    python -m playground.text.build --corpus es --arch transformer --device cuda --seconds 150

Each run: the built-in corpus (downloaded into the data directory on first use),
split by position (the last 10% for validation), a word-level tokenizer trained on
the training part, the model trained on the project's engine for a time budget,
then measured on the validation split against count-based baselines computed on
the same tokens (unigram, interpolated bigram, Kneser-Ney trigram). The weights
are stored in fp16 as safetensors with the config, tokenizer and figures in the
metadata; ``<name>.md`` beside them is the model card.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import torch

from playground.config import default_data_dir
from playground.devices import describe, pick_device
from playground.text.corpus import load_corpus, split
from playground.text.models import LMConfig, build_lm
from playground.text.ngram import InterpolatedBigram, KneserNeyTrigram, evaluate_baselines
from playground.text.store import save_lm
from playground.text.tokenize import WordTokenizer
from playground.text.train import LMSettings, LMTraining, eval_windows, evaluate_lm
from playground.train.engine import EpochEnd

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "text"
BIGRAM, TRIGRAM = InterpolatedBigram.name, KneserNeyTrigram.name

# what ships: small enough to answer in milliseconds on a CPU, a few MB in fp16
SHAPES = {
    "lstm": LMConfig(arch="lstm", n_layer=2, n_embd=256, block_size=64, dropout=0.4, tie_weights=True),
    "transformer": LMConfig(arch="transformer", n_layer=4, n_embd=192, n_head=4, block_size=64, dropout=0.25,
                            tie_weights=True),
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m playground.text.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["en", "es"], required=True)
    parser.add_argument("--arch", choices=sorted(SHAPES), required=True)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--device", default="auto")
    parser.add_argument("--seconds", type=float, default=150, help="training time budget")
    parser.add_argument("--min-freq", type=int, default=3, help="words seen fewer times become <unk>")
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate (default: per architecture)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", type=Path, default=ASSETS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    device = pick_device(args.device)
    start = time.perf_counter()
    corpus = load_corpus(args.corpus, args.data_dir)
    parts = split(corpus.text, 0.1)
    tokenizer = WordTokenizer.train(parts.train, min_freq=args.min_freq)
    train_ids = torch.tensor(tokenizer.encode(parts.train))
    val_ids = torch.tensor(tokenizer.encode(parts.val))
    chars_per_token = len(parts.val) / max(len(val_ids), 1)
    cfg = replace(SHAPES[args.arch], vocab_size=tokenizer.vocab_size)
    lr = args.lr or (3e-3 if args.arch == "lstm" else 1e-3)
    settings = LMSettings(steps=100_000, steps_per_epoch=500, batch_size=args.batch_size, lr=lr, schedule="constant",
                          clip=1.0, seed=0, max_seconds=args.seconds, weight_decay=0.1 if args.arch == "transformer"
                          else 0.0)
    model = build_lm(cfg, seed=0)
    run = LMTraining(model, train_ids, val_ids, settings, chars_per_token, device)
    done, best = None, (float("inf"), None, 0)  # (validation loss, weights, step): the best epoch is shipped
    for event in run.events(event_interval=10.0):
        if isinstance(event, EpochEnd) and event.val_loss < best[0]:
            best = (event.val_loss, {k: v.detach().clone() for k, v in run.model.state_dict().items()},
                    event.epoch * settings.steps_per_epoch)
        done = event
    if best[1] is not None:
        run.model.load_state_dict(best[1])  # small corpora overfit: keep the epoch that read validation best
    scores = evaluate_lm(run.model, eval_windows(val_ids, cfg.block_size, max_windows=10_000), chars_per_token)
    baselines = evaluate_baselines(train_ids.numpy(), val_ids.numpy(), tokenizer.vocab_size)
    figures = {
        "perplexity": scores.perplexity, "loss": scores.loss, "bits_per_char": scores.bits_per_char,
        "top1": scores.top1, "top5": scores.top5, "val_tokens": scores.tokens,
        "baselines": {b.name: b.perplexity for b in baselines},
        "steps": done.steps, "best_step": best[2], "train_seconds": done.seconds, "tokens_per_s": done.samples_per_s,
        "train_tokens": len(train_ids), "vocab_size": tokenizer.vocab_size,
    }
    name = f"{args.corpus}-{args.arch}"
    args.out.mkdir(parents=True, exist_ok=True)
    save_lm(args.out / f"{name}.safetensors", run.model.cpu(), tokenizer, {"corpus": args.corpus, **figures})
    card = model_card(name, corpus.title, args, cfg, settings, figures, device, time.perf_counter() - start,
                      parts.describe())
    (args.out / f"{name}.md").write_text(card, encoding="utf-8")
    sys.stdout.write(card + "\n")


def against_baselines(perplexity: float, baselines: dict[str, float]) -> str:
    """The card's line that sets the model's validation perplexity against the bigram's and the trigram's."""
    bigram, trigram = baselines.get(BIGRAM), baselines.get(TRIGRAM)
    ratio = f"{perplexity / bigram:.2f}" if bigram else "n/a"
    kn_ratio = f"{perplexity / trigram:.2f}" if trigram else "n/a"
    below = "yes" if trigram and perplexity < trigram else "no"
    return (f"- Perplexity: **{ratio}×** the interpolated bigram's, **{kn_ratio}×** the Kneser-Ney trigram's "
            f"(below the trigram: **{below}**).")


def model_card(name: str, title: str, args: argparse.Namespace, cfg: LMConfig, settings: LMSettings, figures: dict,
               device: torch.device, seconds: float, split_text: str) -> str:
    b = figures["baselines"]
    params = sum(p.numel() for p in build_lm(cfg).parameters())
    lines = [
        f"# Model card: `{name}`",
        "",
        f"A word-level {cfg.arch.upper()} language model of {title}, shipped so the Next-word tab answers offline.",
        "",
        "## How it was made",
        f"- Command: `python -m playground.text.build {' '.join(sys.argv[1:]) or f'--corpus {args.corpus} --arch {args.arch}'}`",
        f"- Data: {title} (the built-in corpus `{args.corpus}`), {split_text}",
        f"- Tokenizer: word level, lower-cased, punctuation as tokens, words seen fewer than {args.min_freq} times "
        f"in the training part become `<unk>`; {figures['vocab_size']:,} tokens; "
        f"{figures['train_tokens']:,} training tokens, {figures['val_tokens']:,} validation tokens scored.",
        f"- Model: `{json.dumps(asdict(cfg))}` — {params:,} parameters, stored in fp16.",
        f"- Training: AdamW, lr {settings.lr:g}, batch {settings.batch_size}×{cfg.block_size} tokens, gradient "
        f"clipping {settings.clip}, {figures['steps']:,} steps in {figures['train_seconds']:.0f} s "
        f"({figures['tokens_per_s']:,.0f} tokens/s) on {describe(device)}; the weights of step "
        f"{figures['best_step']:,} ship (the best validation loss of the {settings.steps_per_epoch}-step epochs); "
        f"whole run {seconds:.0f} s ({platform.machine()}, torch {torch.__version__}).",
        "",
        "## Measured on the validation split (same tokens for every model)",
        "| model | perplexity |",
        "| --- | --- |",
        f"| **this {cfg.arch}** | **{figures['perplexity']:.1f}** |",
        *(f"| {k} | {v:.1f} |" for k, v in b.items()),
        "",
        against_baselines(figures["perplexity"], b),
        f"- Next-word accuracy: top-1 {figures['top1']:.1%}, top-5 {figures['top5']:.1%}; "
        f"{figures['bits_per_char']:.3f} bits per character.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
