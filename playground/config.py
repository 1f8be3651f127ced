"""Settings and limits: one place for every range, cap and default.

Limits are read from environment variables so a public deployment can tighten
them without a code change; the defaults are generous for local use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:  # a typo in a deployment's settings should say so
        raise ValueError(f"environment variable {name} must be an integer, got {raw!r}") from exc


def default_data_dir() -> Path:
    """Where datasets are downloaded and cached: $PLAYGROUND_DATA_DIR, else the user cache."""
    env = os.environ.get("PLAYGROUND_DATA_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "dl-playground" / "data"


@dataclass(frozen=True)
class BuilderLimits:
    """Caps on what the CNN builder accepts (env overrides in parentheses)."""

    max_layers: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_LAYERS", 200))
    # largest input height/width (PLAYGROUND_MAX_INPUT_SIDE)
    max_input_side: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_INPUT_SIDE", 1024))
    # most input channels (PLAYGROUND_MAX_INPUT_CHANNELS)
    max_input_channels: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_INPUT_CHANNELS", 64))
    # how many edits "Undo" can take back
    undo_depth: int = 50


@dataclass(frozen=True)
class TrainLimits:
    """Caps on training, for public deployments (env overrides in parentheses)."""

    max_epochs: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_EPOCHS", 100))
    # largest network, in trainable parameters (PLAYGROUND_MAX_PARAMS)
    max_params: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_PARAMS", 50_000_000))
    # wall-clock seconds one run may take before it stops itself (PLAYGROUND_MAX_TRAIN_SECONDS)
    max_seconds: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_TRAIN_SECONDS", 4 * 3600))
    # trainings that run at once; the rest wait in the queue (PLAYGROUND_MAX_CONCURRENT_TRAININGS)
    concurrent: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_CONCURRENT_TRAININGS", 1))
    # seconds one call may hold a ZeroGPU GPU (spaces.GPU's duration; PLAYGROUND_GPU_SECONDS)
    gpu_seconds: int = field(default_factory=lambda: _env_int("PLAYGROUND_GPU_SECONDS", 300))


@dataclass(frozen=True)
class ServeLimits:
    """How many people the server takes at once, and what it accepts at the door (env overrides in parentheses)."""

    # requests the queue holds; past it a request is turned away at once instead of waiting without end
    # (PLAYGROUND_QUEUE_SIZE)
    queue_size: int = field(default_factory=lambda: _env_int("PLAYGROUND_QUEUE_SIZE", 64))
    # events of one kind that run at once unless the event sets its own limit (PLAYGROUND_CONCURRENCY)
    concurrency: int = field(default_factory=lambda: _env_int("PLAYGROUND_CONCURRENCY", 4))
    # largest upload in megabytes; a bigger one is refused (HTTP 413) before it is read (PLAYGROUND_MAX_FILE_MB)
    max_file_mb: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_FILE_MB", 50))


@dataclass(frozen=True)
class TrainRanges:
    """What the training controls offer and what a run accepts: the sliders' bounds and the core's checks."""

    epochs_slider_max: int = 30  # the Epochs slider's top (the cap TrainLimits.max_epochs may be lower)
    batch_sizes: tuple[int, ...] = (32, 64, 128, 256, 512, 1024)  # the Batch size choices
    max_batch_size: int = 4096  # largest batch a run accepts (through the API)
    max_lr: float = 1e6  # a learning rate must be above 0 and at most this
    usual_lr: tuple[float, float] = (1e-4, 0.1)  # where learning rates that train well usually lie (the label)
    max_weight_decay: float = 1.0
    val_fraction_min: float = 0.05  # share of the training split held out for validation
    val_fraction_max: float = 0.5
    val_fraction_step: float = 0.05
    augment_rotation: float = 10.0  # degrees, ± (the classic recipe's RandomRotation(10))
    augment_jitter: float = 0.2  # brightness and contrast factor, ± (ColorJitter(0.2, 0.2))


TRAIN_RANGES = TrainRanges()  # immutable: one shared instance


@dataclass(frozen=True)
class EnginePolicy:
    """When the training engine calls a run broken, and how it smooths the loss it watches.

    Every model trains through the one engine (``playground.train.engine``); a run may pass
    its own policy (``dataclasses.replace(ENGINE_POLICY, ...)``) in ``engine.Options.policy``.
    """

    first_losses: int = 5  # the run's first losses, averaged: the reference divergence and health are judged by
    # weight of the old value in the loss's exponential moving average (read at events); the live loss curves
    # (``train.history``) draw the same average (TensorBoard's default 0.9 look)
    loss_smoothing: float = 0.9
    # the smoothed loss above this many times its starting value stops the run as diverged (None: never)
    divergence_factor: float | None = 10.0
    divergence_min_steps: int = 20  # steps of a run before divergence is judged (the first losses are noisy)
    # a classifier's epoch right less often than this many times chance (training and, where there is one,
    # validation accuracy) stops the run as diverged
    chance_factor: float = 1.5
    chance_min_samples: int = 1000  # ... judged only after an epoch of at least this many samples (a few say little)
    # weights are copied as the "last good" ones only while the smoothed loss is below this many times its start
    healthy_factor: float = 2.0


ENGINE_POLICY = EnginePolicy()  # immutable: the default of every run


@dataclass(frozen=True)
class PlaygroundPolicy:
    """When the 2-D playground (``playground.basics``) calls a run diverged, on top of ``EnginePolicy``."""

    # a run that starts well trained (its loss near 0) has noise many times its start: it is called diverged only
    # once its smoothed loss passes this many nats (or the engine's factor × its start, whichever is larger)
    divergence_floor: float = 3.0
    # the least starting loss the floor is divided by (a start at loss 0 must not divide by zero)
    min_start_loss: float = 1e-3


PLAYGROUND_POLICY = PlaygroundPolicy()  # immutable


@dataclass(frozen=True)
class LivePolicy:
    """How a live view (a job's frames, pulled by the page) keeps in touch with its page."""

    # a running job's event says something at least this often, so that Gradio notices a closed tab (a message
    # it cannot deliver) and ends the job: the one rule that ends a job nobody watches
    heartbeat_seconds: float = 3.0


LIVE_POLICY = LivePolicy()  # immutable

@dataclass(frozen=True)
class HubLimits:
    """Caps on language models opened from the Hugging Face Hub (env overrides in parentheses); read per request,
    so a deployment (or a test) sets them without a restart."""

    # largest model, in parameters counted from its config before any weight is fetched (PLAYGROUND_MAX_HUB_PARAMS);
    # 500 M keeps a 2-core CPU Space answering within seconds (GPT-2 small is 124 M, SmolLM2-135M 135 M)
    max_params: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_HUB_PARAMS", 500_000_000))
    # largest Stable-Diffusion-family pipeline (UNet + text encoder + VAE), counted the same way
    # (PLAYGROUND_MAX_HUB_PIPELINE_PARAMS); 1.5 B admits sd-turbo (1.3 B), whose 1-4 steps a 2-core CPU can run
    max_pipeline_params: int = field(
        default_factory=lambda: _env_int("PLAYGROUND_MAX_HUB_PIPELINE_PARAMS", 1_500_000_000))
    # Hub models kept loaded at once; the least recently used goes first (PLAYGROUND_MAX_HUB_MODELS)
    max_loaded: int = field(default_factory=lambda: _env_int("PLAYGROUND_MAX_HUB_MODELS", 3))
    # where Hub models run: "auto" (CUDA when present, in bf16; else the CPU, in fp32) or a torch device string
    # (PLAYGROUND_HUB_DEVICE)
    device: str = field(default_factory=lambda: os.environ.get("PLAYGROUND_HUB_DEVICE", "").strip() or "auto")


# largest text (bytes) a person may paste or upload to train a language model on (PLAYGROUND_MAX_CORPUS_BYTES)
MAX_CORPUS_BYTES = _env_int("PLAYGROUND_MAX_CORPUS_BYTES", 5_000_000)


@dataclass(frozen=True)
class ServeSettings:
    """How the app is served; filled from the command line of ``app.py``."""

    host: str = "127.0.0.1"  # interface to listen on; 0.0.0.0 serves the local network
    port: int = 7860  # TCP port
    device: str = "auto"  # "auto" (CUDA, then MPS, then CPU), or a torch device string
    data_dir: Path = field(default_factory=default_data_dir)  # datasets are cached here
