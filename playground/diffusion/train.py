"""Train the toy text-to-image model on the project's one engine:

    python -m playground.diffusion.train --data-dir DATA --out assets/diffusion --steps 6000

Data: the MNIST "train" split in DATA (the full 60,000 digits where downloaded; a
folder written by ``python -m playground.data.mnist_split`` holds test images
0–7999 as "train" and 8000–9999 as "test", which the quality script keeps for
evaluation). Each image gets a random prompt naming its digit as a numeral, an
English or a Spanish word inside a short phrase; one in ten gets the empty prompt
(classifier-free guidance). The loss is the DDPM objective: the MSE between the
noise added by ``DDPMScheduler.add_noise`` at a random timestep and the UNet's
prediction of it. An exponential moving average of the weights (diffusers'
``EMAModel``, updated in the engine's step hook after every optimizer step) is
what gets saved. Checkpoints (model folder plus optimizer state, safetensors) are
written every few minutes; ``--resume`` continues from one.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import torch
import torch.nn.functional as F

from playground.config import ENGINE_POLICY, default_data_dir
from playground.data.images import load_split
from playground.devices import describe, pick_device
from playground.diffusion import model as dm
from playground.diffusion import prompts
from playground.train import engine

log = logging.getLogger(__name__)


class DigitPrompts:
    """The engine's batch source: shuffled digits (model range) with a random prompt for each, counted in images."""

    unit = "images"

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, batch_size: int, seed: int,
                 drop_prompt: float = 0.1, device: torch.device | str = "cpu", total_steps: int | None = None) -> None:
        self.x = dm.to_model_range(images).to(device)
        self.labels = labels.tolist()
        self.batch_size, self.seed, self.drop_prompt, self.device = batch_size, seed, drop_prompt, device
        self.steps_per_epoch = len(self.labels) // batch_size
        self.total_steps = total_steps  # the run ends after this many steps, mid-epoch if need be

    def epoch(self, index: int, start: int = 0) -> Iterator[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
        g = torch.Generator().manual_seed(self.seed * 1000 + index)
        rng = random.Random(self.seed * 1000 + index)
        order = torch.randperm(len(self.labels), generator=g)
        for step in range(start, self.steps_per_epoch):
            if self.total_steps is not None and (index - 1) * self.steps_per_epoch + step >= self.total_steps:
                return
            rows = order[step * self.batch_size:(step + 1) * self.batch_size]
            texts = ["" if rng.random() < self.drop_prompt else prompts.random_prompt(self.labels[r], rng)
                     for r in rows.tolist()]
            ids, mask = prompts.batch_ids([prompts.encode(t) for t in texts])
            yield self.x[rows.to(self.x.device)], ids.to(self.device), mask.to(self.device)

    @staticmethod
    def count(batch) -> int:
        return len(batch[0])


def denoising_compute(scheduler, generator: torch.Generator) -> engine.Compute:
    """The engine's compute: noise at a random timestep, the MSE of the predicted noise."""
    steps = scheduler.config.num_train_timesteps

    def compute(model: dm.ToyDiffusion, batch):
        x0, ids, mask = batch
        noise = torch.randn(x0.shape, generator=generator, device=generator.device).to(x0.device)
        t = torch.randint(0, steps, (len(x0),), generator=generator, device=generator.device).to(x0.device)
        pred = model(scheduler.add_noise(x0, noise, t), t, ids, mask)
        return pred, F.mse_loss(pred, noise)

    return compute


def step_hook(ema, losses: list[torch.Tensor]) -> engine.StepHook:
    """The engine's step hook: the moving average of the weights follows every optimizer step, and every
    step's loss is kept (detached, on the device) for the log and the model card."""

    def on_step(info: engine.StepInfo) -> None:
        ema.step(info.model.parameters())
        losses.append(info.loss)

    return on_step


def _save_optimizer(optimizer: torch.optim.Optimizer, path: Path, step: int) -> None:
    """AdamW's state as flat tensors (safetensors holds tensors, not pickles)."""
    from safetensors.torch import save_file

    flat = {}
    for i, state in optimizer.state_dict()["state"].items():
        for key, value in state.items():
            flat[f"{i}.{key}"] = value if torch.is_tensor(value) else torch.tensor(value)
    save_file(flat, str(path), metadata={"step": str(step)})


def _load_optimizer(optimizer: torch.optim.Optimizer, path: Path) -> int:
    from safetensors import safe_open
    from safetensors.torch import load_file

    flat = load_file(str(path))
    state: dict[int, dict] = {}
    for name, value in flat.items():
        i, key = name.split(".", 1)
        state.setdefault(int(i), {})[key] = value
    sd = optimizer.state_dict()
    sd["state"] = state
    optimizer.load_state_dict(sd)
    with safe_open(str(path), "pt") as f:
        return int(f.metadata()["step"])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m playground.diffusion.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=default_data_dir())
    p.add_argument("--out", type=Path, default=dm.DEFAULT_DIR, help="model folder to write")
    p.add_argument("--checkpoint-dir", type=Path, help="checkpoints (default: OUT/../diffusion-checkpoint)")
    p.add_argument("--steps", type=int, default=6000)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--ema-decay", type=float, default=0.999)
    p.add_argument("--limit", type=int, help="train on the first N images only (smoke runs)")
    p.add_argument("--max-minutes", type=float, help="stop (and save) after this long")
    p.add_argument("--checkpoint-minutes", type=float, default=10.0)
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint")
    p.add_argument("--device", default="auto")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def _schedule(optimizer, warmup: int, total: int):
    import math

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def _digits(args: argparse.Namespace, device: torch.device) -> DigitPrompts:
    """The training digits (the first ``--limit`` where given) as the engine's batch source."""
    data = load_split("mnist", "train", args.data_dir)
    images, labels = data.images, data.labels
    if args.limit:
        images, labels = images[:args.limit], labels[:args.limit]
    if len(labels) < args.batch_size:
        raise SystemExit(f"{len(labels)} images are fewer than one batch of {args.batch_size}")
    return DigitPrompts(images, labels, args.batch_size, args.seed, device=device, total_steps=args.steps)


def _moving_average(args: argparse.Namespace, model: dm.ToyDiffusion, optimizer, ckpt: Path, device: torch.device):
    """(EMA, steps already done): fresh, or with ``--resume`` the checkpoint's weights, EMA and optimizer."""
    from diffusers.training_utils import EMAModel

    if not args.resume:
        return EMAModel(model.parameters(), decay=args.ema_decay, use_ema_warmup=True, power=0.75), 0
    loaded, _ = dm.load(ckpt / "model", device)
    model.load_state_dict(loaded.state_dict())
    ema_model, _ = dm.load(ckpt / "ema", device)
    ema = EMAModel(ema_model.parameters(), decay=args.ema_decay, use_ema_warmup=True, power=0.75)
    start = _load_optimizer(optimizer, ckpt / "optimizer.safetensors")
    ema.optimization_step = start
    return ema, start


def _card(args: argparse.Namespace, images: int, steps: int, seconds: float, device: torch.device,
          losses: list[torch.Tensor]) -> dict:
    """What the model card records of a run: its exact command, data, steps, time, device and final loss."""
    command = "python -m playground.diffusion.train " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v is not None and not isinstance(v, bool)
        and k not in ("data_dir", "out", "checkpoint_dir")) + (" --resume" if args.resume else "")
    return {"command": command, "images": images, "steps": steps, "batch_size": args.batch_size,
            "seconds_this_run": round(seconds), "device": describe(device),
            "final_loss_200": round(float(torch.stack(losses[-200:]).mean()), 4) if losses else None}


def run(args: argparse.Namespace) -> dict:
    """Train and save; returns what the model card records."""
    device = pick_device(args.device)
    batches = _digits(args, device)
    epochs = -(-args.steps // batches.steps_per_epoch)
    torch.manual_seed(args.seed)
    model = dm.ToyDiffusion().to(device)
    scheduler = dm.make_scheduler()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.0)
    ckpt = args.checkpoint_dir or args.out.parent / f"{args.out.name}-checkpoint"
    ema, start = _moving_average(args, model, optimizer, ckpt, device)
    lr_schedule = _schedule(optimizer, args.warmup, args.steps)
    with warnings.catch_warnings():  # stepping the schedule to where the checkpoint left it, before any step
        warnings.simplefilter("ignore")
        for _ in range(start):
            lr_schedule.step()
    compute = denoising_compute(scheduler, torch.Generator(device="cpu").manual_seed(args.seed + start))
    losses: list[torch.Tensor] = []

    def checkpoint(step: int) -> None:
        dm.save(model, scheduler, ckpt / "model")
        shadow = dm.ToyDiffusion().to(device)
        ema.copy_to(shadow.parameters())
        dm.save(shadow, scheduler, ckpt / "ema")
        _save_optimizer(optimizer, ckpt / "optimizer.safetensors", step)
        log.info("checkpoint at step %d in %s", step, ckpt)

    options = engine.Options(epochs=epochs, scheduler=lr_schedule, event_interval=30.0, clip_grad_norm=1.0,
                             max_seconds=args.max_minutes * 60 if args.max_minutes else None, start_step=start,
                             policy=replace(ENGINE_POLICY, divergence_factor=None), on_step=step_hook(ema, losses))
    began = last_ckpt = time.perf_counter()
    for event in engine.train(model, compute, batches, optimizer, options):
        if isinstance(event, engine.Step):
            log.info("step %d/%d  loss %.4f  %.0f images/s  lr %.2e", event.step, args.steps,
                     float(torch.stack(losses[-200:]).mean()), event.samples_per_s, event.lr)
            if time.perf_counter() - last_ckpt > args.checkpoint_minutes * 60:
                checkpoint(event.step)
                last_ckpt = time.perf_counter()
        elif isinstance(event, engine.Done):
            done = event
            log.info("%s", event.message)
    if done.reason in engine.FAILED:  # the EMA may hold what broke the run: keep the served model as it was
        raise SystemExit(f"training failed, nothing saved: {done.message}")
    checkpoint(done.steps)
    ema.copy_to(model.parameters())
    card = _card(args, len(batches.labels), done.steps, time.perf_counter() - began, device, losses)
    dm.save(model, scheduler, args.out, card)
    (args.out / "training.json").write_text(json.dumps(card, indent=2) + "\n")
    return card


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(json.dumps(run(parse_args(argv))))


if __name__ == "__main__":
    main()
