"""Training tab: train the builder's network on a dataset, watch it live, stop, evaluate, save.

Thin: the controls become a TrainSettings, ClassifierTraining (playground.train)
does the work and yields engine events, and this module turns events into the
status panel and plots. Per-session state: ``trained`` (the session's model, shared
with other tabs), ``control`` (the Stop switch) and ``evaluation`` (for clicks on
the confusion matrix).
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any, Callable

import gradio as gr

from playground.cnn.layers import SpecError
from playground.cnn.summary import summarize
from playground.config import Settings, TrainLimits
from playground.data.images import DATASETS, DatasetUnavailable
from playground.devices import describe, pick_device
from playground.train import checkpoint, engine
from playground.train.classify import (
    ClassifierTraining, Evaluation, History, TrainedModel, TrainingError, TrainSettings, evaluate, test_images,
)
from playground.train.optim import OPTIMIZERS, SCHEDULES
from playground.ui import training_view as tv
from playground.ui.builder_view import export_file
from playground.ui.plots import accuracy_figure, loss_figure

log = logging.getLogger(__name__)
EVENT_INTERVAL = 0.4  # seconds between live updates: plots refresh a few times a second
DEFAULTS = TrainSettings()


class RunControl:
    """The per-session switch that Stop flips; a running training reads it after every step."""

    def __init__(self) -> None:
        self.stop = False

    def __deepcopy__(self, memo: dict) -> "RunControl":  # gr.State copies its initial value per session
        return RunControl()


def _on_gpu(fn: Callable) -> Callable:
    """On Hugging Face ZeroGPU (the `spaces` package), GPU work must run inside spaces.GPU."""
    try:
        import spaces  # type: ignore[import-not-found]
    except ImportError:
        return fn
    return spaces.GPU(duration=300)(fn)


def live_values(event: engine.Event, history: History, device_name: str, epochs: int) -> dict[str, Any]:
    """What the tab redraws for one engine event while training: {"status"?, "loss"?, "accuracy"?}."""
    if isinstance(event, engine.Step):
        return {"status": tv.status_html(device_name, event, epochs=epochs),
                "loss": loss_figure(history)}
    if isinstance(event, engine.EpochEnd):
        return {"accuracy": accuracy_figure(history.epochs)}
    return {}


def serialized_live_values(event: engine.Event, history: History, device_name: str, epochs: int) -> list:
    """live_values as Gradio serializes them for the browser (what the train benchmark times)."""
    out = []
    for name, value in live_values(event, history, device_name, epochs).items():
        component = gr.HTML(render=False) if name == "status" else gr.Plot(render=False)
        out.append(component.postprocess(value))
    return out


def network_line(spec: dict) -> str:
    s = summarize(spec)
    if not s.ok:
        return "**Network:** the CNN builder's network has errors; fix them there before training."
    return (
        f"**Network** (from the CNN builder): {len(spec['layers'])} layers, {s.trainable_params:,} parameters, "
        f"input {'×'.join(map(str, spec['input']))}, {s.num_classes} classes."
    )


def create_tab(demo: gr.Blocks, net: gr.State, trained: gr.State, settings: Settings,
               limits: TrainLimits | None = None) -> None:
    limits = limits or TrainLimits()
    device = pick_device(settings.device)
    device_name = describe(device)
    data_dir = Path(settings.data_dir)
    control = gr.State(RunControl())
    evaluation = gr.State(None)

    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=320):
            net_info = gr.Markdown(elem_id="train-network")
            dataset = gr.Dropdown([(d.title, d.key) for d in DATASETS.values()], value=DEFAULTS.dataset,
                                  label="Dataset", elem_id="train-dataset")
            with gr.Row():
                epochs = gr.Slider(1, min(limits.max_epochs, 30), value=DEFAULTS.epochs, step=1, label="Epochs",
                                   elem_id="train-epochs")
                batch_size = gr.Dropdown([32, 64, 128, 256, 512, 1024], value=DEFAULTS.batch_size, label="Batch size")
            with gr.Row():
                lr = gr.Number(DEFAULTS.lr, label="Learning rate", minimum=0, elem_id="train-lr")
                optimizer = gr.Dropdown(list(OPTIMIZERS), value=DEFAULTS.optimizer, label="Optimizer")
            schedule = gr.Radio(list(SCHEDULES), value=DEFAULTS.schedule, label="Learning-rate schedule")
            with gr.Accordion("More settings", open=False):
                weight_decay = gr.Number(DEFAULTS.weight_decay, label="Weight decay", minimum=0)
                val_fraction = gr.Slider(0.05, 0.5, value=DEFAULTS.val_fraction, step=0.05, label="Validation split")
                seed = gr.Number(DEFAULTS.seed, label="Seed", precision=0)
                rotate = gr.Checkbox(DEFAULTS.rotate, label="Augment: random rotation ±10°")
                jitter = gr.Checkbox(DEFAULTS.jitter, label="Augment: brightness and contrast ±0.2")
                precision = gr.Radio(["auto", "fp32", "bf16"], value=DEFAULTS.precision,
                                     label="Precision (auto: bf16 autocast on CUDA)")
            with gr.Row():
                train_btn = gr.Button("Train", variant="primary", elem_id="train-btn")
                continue_btn = gr.Button("Continue", elem_id="continue-btn")
                stop_btn = gr.Button("Stop", variant="stop", elem_id="stop-btn")
        with gr.Column(scale=2):
            status = gr.HTML(tv.status_html(device_name, note="Press Train to start."), elem_id="train-status")
            with gr.Row():
                loss_plot = gr.Plot(show_label=False, elem_id="loss-plot")
                acc_plot = gr.Plot(show_label=False, elem_id="acc-plot")
            model_info = gr.Markdown(tv.model_line(None), elem_id="model-info")

    gr.Markdown("### Evaluation on the test set")
    with gr.Row():
        eval_btn = gr.Button("Evaluate", elem_id="eval-btn", scale=0, min_width=140)
        eval_summary = gr.HTML(elem_id="eval-summary")
    with gr.Row(equal_height=False):
        report = gr.Dataframe(label="Classification report (scikit-learn)", interactive=False, elem_id="report",
                              scale=2)
        confusion = gr.Dataframe(label="Confusion matrix: rows true, columns predicted; click a cell to see its "
                                 "test images", interactive=False, elem_id="confusion", max_height=560, scale=3)
    cell_gallery = gr.Gallery(label="Test images in the selected cell", columns=10, height=260, object_fit="contain",
                              elem_id="cell-gallery", visible=False)
    mistakes = gr.Gallery(label="Most confident mistakes: true → predicted (confidence)", columns=8, height=300,
                          object_fit="contain", elem_id="mistakes")
    with gr.Row():
        weights_dl = gr.DownloadButton("Download weights (.safetensors)", interactive=False, elem_id="weights-dl")
        weights_up = gr.UploadButton("Load weights (.safetensors)", file_types=[".safetensors"],
                                     elem_id="weights-up")
        export_btn = gr.Button(visible=False)  # API only: the session's weights as a file
        export_file_out = gr.File(visible=False)

    # the controls by TrainSettings field name, in the order the train endpoints take them
    controls = {"dataset": dataset, "epochs": epochs, "batch_size": batch_size, "lr": lr, "optimizer": optimizer,
                "schedule": schedule, "weight_decay": weight_decay, "val_fraction": val_fraction, "seed": seed,
                "rotate": rotate, "jitter": jitter, "precision": precision}
    quiet: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    eval_outputs = [evaluation, eval_summary, report, confusion, mistakes, cell_gallery]

    def make_settings(values: tuple) -> TrainSettings:
        raw = dict(zip(controls, values))
        try:
            return TrainSettings(**{
                **raw, "epochs": int(raw["epochs"]), "batch_size": int(raw["batch_size"]), "lr": float(raw["lr"]),
                "weight_decay": float(raw["weight_decay"] or 0), "val_fraction": float(raw["val_fraction"]),
                "seed": int(raw["seed"] or 0), "rotate": bool(raw["rotate"]), "jitter": bool(raw["jitter"]),
            })
        except (TypeError, ValueError):
            raise gr.Error("Epochs, batch size, learning rate, weight decay and seed must be numbers.") from None

    def evaluation_outputs(trained_model: TrainedModel) -> dict:
        ev = evaluate(trained_model, data_dir, device)
        wrong = ev.confident_mistakes()
        images = tv.upscale(test_images(trained_model, data_dir, wrong)) if len(wrong) else []
        captions = [f"{ev.classes[ev.labels[i]]} → {ev.classes[ev.predictions[i]]} ({ev.confidence[i]:.0%})"
                    for i in wrong]
        return {
            evaluation: ev, eval_summary: tv.evaluation_html(ev), report: tv.report_frame(ev),
            confusion: tv.confusion_styler(ev), mistakes: list(zip(images, captions)),
            cell_gallery: gr.Gallery(visible=False),
        }

    def train(resume: bool) -> Callable:
        def run(spec: dict, current: TrainedModel | None, ctl: RunControl, *values: Any):
            ctl.stop = False
            cfg = make_settings(values)
            if resume and current is None:
                raise gr.Error("There is no model to continue yet: press Train first.")
            try:
                job = ClassifierTraining(spec, cfg, data_dir, device, resume=current if resume else None, limits=limits)
            except DatasetUnavailable as exc:
                yield {status: tv.status_html(device_name, note=str(exc), kind="error")}
                raise gr.Error(str(exc), duration=None) from None
            except (TrainingError, SpecError, ValueError) as exc:
                raise gr.Error(str(exc)) from None
            history = job.history
            yield {status: tv.status_html(device_name, note=f"Training on {len(job.batches.indices):,} images…"),
                   loss_plot: loss_figure(history),
                   acc_plot: accuracy_figure(history.epochs)}
            live = {"status": status, "loss": loss_plot, "accuracy": acc_plot}
            for event in job.events(should_stop=lambda: ctl.stop, event_interval=EVENT_INTERVAL):
                if not isinstance(event, engine.Done):
                    yield {live[k]: v for k, v in live_values(event, history, device_name, cfg.epochs).items()}
                else:
                    result = job.result()
                    kind = "error" if event.reason == "non_finite" else "info"
                    note = (f"{event.message[0].upper()}{event.message[1:]} ({tv.duration(event.seconds)}, "
                            f"{event.images_per_s:,.0f} images/s).")
                    if event.reason == "finished":
                        note += " Evaluating on the test set…"
                    yield {trained: result, status: tv.status_html(device_name, note=note, kind=kind),
                           loss_plot: loss_figure(history),
                           model_info: tv.model_line(result), evaluation: None}
                    if event.reason == "finished":
                        out = evaluation_outputs(result)
                        note = note.replace(" Evaluating on the test set…", f" Test accuracy {out[evaluation].accuracy:.2%}.")
                        yield {**out, status: tv.status_html(device_name, note=note, kind=kind)}

        return _on_gpu(run)

    train_inputs = [net, trained, control, *controls.values()]
    train_outputs = [trained, status, loss_plot, acc_plot, model_info, *eval_outputs]

    def lock() -> list:
        return [gr.Button(interactive=False), gr.Button(interactive=False)]

    def unlock() -> list:
        return [gr.Button(interactive=True), gr.Button(interactive=True)]

    for button, resume, api_name in ((train_btn, False, "train"), (continue_btn, True, "continue_training")):
        button.click(lock, None, [train_btn, continue_btn], queue=False, **quiet).then(
            train(resume), train_inputs, train_outputs, api_name=api_name, concurrency_limit=limits.concurrent,
            concurrency_id="training", show_progress="full", show_progress_on=[status],
        ).then(unlock, None, [train_btn, continue_btn], **quiet)

    def stop(ctl: RunControl) -> None:
        ctl.stop = True
        gr.Info("Stopping after the current step…")

    stop_btn.click(stop, [control], None, queue=False, api_name="stop_training")

    def run_evaluation(current: TrainedModel | None) -> dict:
        if current is None:
            raise gr.Error("Train a model (or load weights) first.")
        try:
            return evaluation_outputs(current)
        except DatasetUnavailable as exc:
            raise gr.Error(str(exc)) from None

    eval_btn.click(_on_gpu(run_evaluation), [trained], eval_outputs, api_name="evaluate",
                   concurrency_id="training", concurrency_limit=limits.concurrent)

    def show_cell(ev: Evaluation | None, current: TrainedModel | None, evt: gr.SelectData):
        if ev is None or current is None:
            return gr.Gallery(visible=False)
        row, col = evt.index if isinstance(evt.index, (list, tuple)) else (evt.index, 0)
        if col == 0:
            col = row + 1  # a click on the class name shows the correct ones
        true, predicted = int(row), int(col) - 1
        idx = ev.cell(true, predicted)
        label = f"True {ev.classes[true]}, predicted {ev.classes[predicted]}: {int(ev.confusion[true, predicted]):,} images"
        if not len(idx):
            return gr.Gallery(value=[], label=label + " (none)", visible=True)
        images = tv.upscale(test_images(current, data_dir, idx))
        return gr.Gallery(value=list(zip(images, [f"#{i} ({ev.confidence[i]:.0%})" for i in idx])), label=label,
                          visible=True)

    confusion.select(show_cell, [evaluation, trained], cell_gallery, **quiet)

    def weights_file(current: TrainedModel | None) -> str | None:
        if current is None:
            return None
        name = f"cnn-{current.dataset}-{current.steps}steps.safetensors"
        return export_file(name, checkpoint.to_bytes(current))

    def refresh_download(current: TrainedModel | None):
        path = weights_file(current)
        return gr.DownloadButton(value=path, interactive=path is not None)

    trained.change(refresh_download, [trained], [weights_dl], **quiet)

    def export_weights(current: TrainedModel | None) -> str:
        path = weights_file(current)
        if path is None:
            raise gr.Error("There are no trained weights in this session yet.")
        return path

    export_btn.click(export_weights, [trained], [export_file_out], api_name="export_weights")

    def load_weights(spec: dict, path: str | None) -> dict:
        if not path:
            raise gr.Error("No file arrived.")
        try:
            data = Path(path).read_bytes()
            loaded = checkpoint.from_bytes(data, copy.deepcopy(spec))
        except checkpoint.CheckpointError as exc:
            raise gr.Error(str(exc)) from None
        except SpecError as exc:
            raise gr.Error(f"fix the network in the CNN builder first: {exc}") from None
        gr.Info(f"Loaded weights trained on {loaded.dataset}.")
        return {trained: loaded, model_info: tv.model_line(loaded), evaluation: None,
                status: tv.status_html(device_name, note=f"Loaded weights trained on {loaded.dataset}.")}

    weights_up.upload(load_weights, [net, weights_up], [trained, model_info, evaluation, status],
                      api_name="load_weights")

    net.change(network_line, [net], [net_info], **quiet)
    demo.load(network_line, [net], [net_info], **quiet)
