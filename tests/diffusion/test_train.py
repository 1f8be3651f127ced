"""The diffusion training script on the engine: the EMA and the loss log live in the step hook."""

import json

import torch

from playground.diffusion import model as dm
from playground.diffusion import train as dt
from playground.train import engine

from .conftest import tiny_model


def test_the_step_hook_moves_the_ema_after_every_step_and_keeps_every_loss():
    from diffusers.training_utils import EMAModel

    model = tiny_model().train()
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (8, 1, 28, 28), dtype=torch.uint8, generator=g)
    batches = dt.DigitPrompts(images, torch.arange(8), batch_size=4, seed=0)
    ema = EMAModel(model.parameters(), decay=0.0)  # decay 0: the average is the last weights it was shown
    losses = []
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    compute = dt.denoising_compute(dm.make_scheduler(), torch.Generator().manual_seed(1))
    options = engine.Options(epochs=2, event_interval=0.0, on_step=dt.step_hook(ema, losses))
    events = list(engine.train(model, compute, batches, optimizer, options))
    assert events[-1].reason == "finished" and events[-1].steps == 4
    assert ema.optimization_step == 4
    assert [v.item() for v in losses] == [v for e in events if isinstance(e, engine.Step) for v in e.losses]
    # the average saw the weights of the last optimizer step, not those before it
    shadow = tiny_model(seed=1)
    ema.copy_to(shadow.parameters())
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(shadow.parameters(), model.parameters()))


def test_a_short_run_and_its_resume_save_a_model_and_card(mnist_root, tmp_path):
    out = tmp_path / "model"
    args = ["--data-dir", str(mnist_root), "--out", str(out), "--batch-size", "4", "--limit", "8", "--warmup", "1",
            "--device", "cpu"]
    card = dt.run(dt.parse_args(args + ["--steps", "3"]))
    assert card["steps"] == 3 and card["images"] == 8 and card["final_loss_200"] > 0
    assert json.loads((out / "training.json").read_text())["steps"] == 3
    resumed = dt.run(dt.parse_args(args + ["--steps", "5", "--resume"]))
    assert resumed["steps"] == 5 and resumed["command"].endswith("--resume")
    loaded, _ = dm.load(out, "cpu")
    assert sum(p.numel() for p in loaded.parameters()) > 0
