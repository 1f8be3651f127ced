"""Train from the terminal with the app's engine:

    python -m playground.train --preset fast --dataset mnist --epochs 1
    python -m playground.train --spec my_net.json --dataset fashion-mnist --json

Prints what the classic recipe prints: test loss and accuracy, the classification
report and the confusion matrix; ``--json`` ends with one JSON line of the results.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

import torch
from tqdm import tqdm

from playground.cnn.layers import SpecError
from playground.cnn.spec import parse_spec, preset
from playground.config import default_data_dir
from playground.data.images import DATASETS, DatasetUnavailable
from playground.devices import describe, pick_device
from playground.train import checkpoint, engine
from playground.train.classify import ClassifierTraining
from playground.train.evaluation import evaluate
from playground.train.optim import OPTIMIZERS, SCHEDULES
from playground.train.settings import TrainingError, TrainSettings

# short names for the presets on the command line
PRESET_ALIASES = {
    "fast": "Fast MNIST (Training default)",
    "classic": "Classic CNN (48×48 RGB)",
    "lenet": "LeNet-5",
    "examples": "pytorch/examples MNIST",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    d = TrainSettings()
    p = argparse.ArgumentParser(prog="python -m playground.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    net = p.add_mutually_exclusive_group()
    net.add_argument("--preset", default="fast", help=f"{', '.join(PRESET_ALIASES)} or a full preset name")
    net.add_argument("--spec", type=Path, help="a network JSON saved by the CNN builder")
    p.add_argument("--dataset", default=d.dataset, choices=sorted(DATASETS))
    p.add_argument("--data-dir", type=Path, default=default_data_dir())
    p.add_argument("--device", default="auto")
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--lr", type=float, default=d.lr)
    p.add_argument("--optimizer", default=d.optimizer, choices=OPTIMIZERS)
    p.add_argument("--weight-decay", type=float, default=d.weight_decay)
    p.add_argument("--schedule", default=d.schedule, choices=SCHEDULES)
    p.add_argument("--val-fraction", type=float, default=d.val_fraction)
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--no-rotate", action="store_true", help="no random rotation")
    p.add_argument("--no-jitter", action="store_true", help="no brightness/contrast jitter")
    p.add_argument("--precision", default=d.precision, choices=["auto", "fp32", "bf16"])
    p.add_argument("--save", type=Path, help="write the weights to this .safetensors file")
    p.add_argument("--json", action="store_true", help="end with one JSON line of the results")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.spec:
            spec = parse_spec(args.spec.read_text(encoding="utf-8"))
        else:
            spec = preset(PRESET_ALIASES.get(args.preset, args.preset))
        device = pick_device(args.device)
        settings = TrainSettings(
            dataset=args.dataset, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr,
            optimizer=args.optimizer, weight_decay=args.weight_decay, schedule=args.schedule,
            val_fraction=args.val_fraction, seed=args.seed, rotate=not args.no_rotate,
            jitter=not args.no_jitter, precision=args.precision,
        )
        torch.manual_seed(args.seed)  # a one-run process: seeding the global RNG makes dropout repeatable too
        run = ClassifierTraining(spec, settings, args.data_dir, device)
    except (SpecError, TrainingError, DatasetUnavailable, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print(f"training on {describe(device)}: {len(run.batches.indices):,} images, "
          f"{len(run.val[2]):,} for validation, {settings.epochs} epochs of {run.batches.steps_per_epoch} steps")
    done = None
    with tqdm(total=settings.epochs * run.batches.steps_per_epoch, unit="step", dynamic_ncols=True) as bar:
        for event in run.events():
            if isinstance(event, engine.Step):
                bar.update(event.step - bar.n)
                bar.set_postfix(loss=f"{event.losses[-1]:.4f}", lr=f"{event.lr:.2e}", img_s=f"{event.samples_per_s:.0f}")
            elif isinstance(event, engine.EpochEnd):
                tqdm.write(
                    f"epoch {event.epoch}/{event.epochs}: train loss {event.train_loss:.4f} acc {event.train_acc:.2%}"
                    + (f" | val loss {event.val_loss:.4f} acc {event.val_acc:.2%}" if event.val_loss is not None else "")
                    + f" ({event.seconds:.1f} s)"
                )
            else:
                done = event
    print(f"{done.message} in {done.seconds:.1f} s ({done.samples_per_s:.0f} images/s)")
    trained = run.result()
    result = evaluate(trained, args.data_dir, device)
    print(f"\nTest set: average loss {result.loss:.4f}, accuracy {result.accuracy:.2%} "
          f"({int(round(result.accuracy * len(result.labels)))}/{len(result.labels)})\n")
    print("Classification report:\n" + result.report_text)
    print("Confusion matrix (rows: true class, columns: predicted):\n" + str(result.confusion))
    if args.save:
        args.save.write_bytes(checkpoint.to_bytes(trained))
        print(f"weights saved to {args.save}")
    if args.json:
        print(json.dumps({
            "reason": done.reason, "steps": done.steps, "train_seconds": round(done.seconds, 3),
            "samples_per_s": round(done.samples_per_s, 1), "device": str(device), "dataset": settings.dataset,
            "test_loss": result.loss, "test_accuracy": result.accuracy, "epochs": trained.history.epochs,
            "settings": asdict(settings),
        }))
    return 0 if done.reason in ("finished", "stopped", "time_limit") else 1


if __name__ == "__main__":
    sys.exit(main())
