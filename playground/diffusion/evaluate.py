"""How good the toy text-to-image model is, measured by a judge that is not the model itself:

    python -m playground.diffusion.evaluate --data-dir DATA --model assets/diffusion

The judge is the project's shipped digit classifier (assets/digits: trained on real
MNIST digits 0–7,999, 98.75% on the held-out 8,000–9,999). For each digit, 50 images
are generated with 50 DDIM steps at guidance 3 from prompts in all three forms
(numerals, English and Spanish words); the judge labels them. Also reported:

- a Fréchet distance on the judge's features (its last convolution block, average
  pooled: 64 numbers per image) between the generated images and 500 held-out real
  digits, next to the real-vs-real floor (another 500 held-out real digits) at the
  same sample count;
- near-copies: each generated image's nearest training image (L2 on pixels in
  [0, 1]); an image closer to a training digit than any held-out real digit is
  (the real digits are not copies) counts as a near-copy.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from playground.config import default_data_dir
from playground.data.images import load_split
from playground.devices import evaluating
from playground.diffusion import model as dm
from playground.diffusion import prompts, sample

PER_DIGIT = 50


def crop(images: torch.Tensor) -> torch.Tensor:
    """Model-range (N, 1, 32, 32) → uint8 (N, 1, 28, 28), the judge's and MNIST's format."""
    return dm.to_pixels(images)[:, None, dm.PAD:dm.PAD + 28, dm.PAD:dm.PAD + 28]


class Judge:
    """The shipped digit classifier: labels and 64-number features for uint8 (N, 1, 28, 28) digits."""

    def __init__(self) -> None:
        from playground.digits.predict import default_model

        self.trained = default_model()
        self.net = self.trained.cpu_module()
        flatten = next(m for m in self.net.modules() if isinstance(m, torch.nn.Flatten))
        self._features: list[torch.Tensor] = []
        flatten.register_forward_hook(lambda m, inp, out: self._features.append(inp[0].mean((2, 3))))

    def __call__(self, digits: torch.Tensor, chunk: int = 500) -> tuple[torch.Tensor, torch.Tensor]:
        labels, feats = [], []
        with evaluating(self.net):
            for part in digits.split(chunk):
                self._features.clear()
                labels.append(self.net(self.trained.adapter(part)).argmax(1))
                feats.append(self._features[0])
        return torch.cat(labels), torch.cat(feats).double()


def frechet(a: torch.Tensor, b: torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, FID's formula)."""
    from scipy import linalg

    mu_a, mu_b = a.mean(0).numpy(), b.mean(0).numpy()
    cov_a, cov_b = np.cov(a.numpy(), rowvar=False), np.cov(b.numpy(), rowvar=False)
    root = np.real(linalg.sqrtm(cov_a @ cov_b))
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * root))


def nearest_distances(queries: torch.Tensor, pool: torch.Tensor, chunk: int = 256) -> tuple[torch.Tensor, torch.Tensor]:
    """For each uint8 query digit, the L2 distance (pixels in [0, 1]) to its nearest pool digit, and that digit's index."""
    p = pool.reshape(len(pool), -1).float() / 255
    dist, index = [], []
    for part in queries.split(chunk):
        d = torch.cdist(part.reshape(len(part), -1).float() / 255, p)
        best = d.min(1)
        dist.append(best.values)
        index.append(best.indices)
    return torch.cat(dist), torch.cat(index)


def per_digit(images: torch.Tensor, labels: torch.Tensor, count: int, skip: int = 0) -> torch.Tensor:
    """``count`` images of each digit, after skipping the first ``skip`` of each."""
    rows = [torch.nonzero(labels == d)[skip:skip + count, 0] for d in range(10)]
    return images[torch.cat(rows)]


def _chunks(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def generate_set(model, base, steps: int = 50, guidance: float = 3.0, per_digit_count: int = PER_DIGIT,
                 seed: int = 1000) -> tuple[torch.Tensor, list[int], list[str]]:
    """(images in model range, requested digit per image, prompt per image), prompts cycling over the three forms."""
    images, wanted, used = [], [], []
    for digit in range(10):
        texts = prompts.evaluation_prompts(digit)
        for j, (text, n) in enumerate(zip(texts, _chunks(per_digit_count, len(texts)))):
            if n == 0:
                continue
            s = sample.SamplingSettings(prompt=text, n_images=n, steps=steps, scheduler="DDIM", guidance=guidance,
                                seed=seed + 100 * digit + j)
            images.append(sample.generate(model, base, s))
            wanted += [digit] * n
            used += [text] * n
    return torch.cat(images), wanted, used


def evaluate(model, base, data_dir: Path, steps: int = 50, guidance: float = 3.0,
             per_digit_count: int = PER_DIGIT) -> dict:
    """Every figure of the model card's quality section."""
    began = time.perf_counter()
    generated, wanted, used = generate_set(model, base, steps, guidance, per_digit_count)
    seconds = time.perf_counter() - began
    digits = crop(generated)
    judge = Judge()
    labels, feats = judge(digits)
    want = torch.tensor(wanted)
    right = labels == want
    forms: dict[str, list[bool]] = {form: [] for form in prompts.FORMS}
    for ok, text in zip(right.tolist(), used):
        word = next(w for w in prompts.encode(text).tokens if w in prompts.DIGIT_OF)
        forms[prompts.form_of(word)].append(ok)
    held = load_split("mnist", "test", data_dir)
    train = load_split("mnist", "train", data_dir)
    real_a = per_digit(held.images, held.labels, per_digit_count)
    real_b = per_digit(held.images, held.labels, per_digit_count, skip=per_digit_count)
    _, feat_a = judge(real_a)
    _, feat_b = judge(real_b)
    gen_nn, gen_index = nearest_distances(digits, train.images)
    real_nn, _ = nearest_distances(real_a, train.images)
    closest = int(gen_nn.argmin())
    return {
        "images": len(digits), "steps": steps, "guidance": guidance, "scheduler": "DDIM",
        "generation_seconds": round(seconds, 1),
        "judge_accuracy": round(right.float().mean().item(), 4),
        "judge_accuracy_by_digit": [round(right[want == d].float().mean().item(), 3) for d in range(10)],
        "judge_accuracy_by_form": {k: round(sum(v) / len(v), 4) for k, v in forms.items() if v},
        "frechet_generated_vs_real": round(frechet(feats, feat_a), 3),
        "frechet_real_vs_real": round(frechet(feat_b, feat_a), 3),
        "nearest_train_distance_generated_min": round(gen_nn.min().item(), 3),
        "nearest_train_distance_generated_median": round(gen_nn.median().item(), 3),
        "nearest_train_distance_real_min": round(real_nn.min().item(), 3),
        "nearest_train_distance_real_median": round(real_nn.median().item(), 3),
        "near_copies": int((gen_nn < real_nn.min()).sum()),
        "closest_pair": {"generated": closest, "train_index": int(gen_index[closest])},
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m playground.diffusion.evaluate", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=default_data_dir())
    p.add_argument("--model", type=Path, default=dm.DEFAULT_DIR)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--guidance", type=float, default=3.0)
    p.add_argument("--per-digit", type=int, default=PER_DIGIT)
    p.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = p.parse_args(argv)
    model, base = dm.load(args.model)
    result = evaluate(model, base, args.data_dir, args.steps, args.guidance, args.per_digit)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
