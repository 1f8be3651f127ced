"""Training tab: train the builder's network on a dataset, watch it live, stop, evaluate, save.

Thin: the controls become a TrainSettings, ClassifierTraining (playground.train)
does the work, and ``playground.views.training`` turns the run into page updates
by name, which this module maps onto its components. Per-session state:
``trained`` (the session's model, shared with other tabs), ``control`` (the Stop
switch) and ``evaluation`` (for clicks on the confusion matrix).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from playground.config import TRAIN_RANGES, ServeSettings, TrainLimits
from playground.data.images import DATASETS, title_key
from playground.devices import PRECISIONS, describe, pick_device
from playground.train.classify import RUN_MODES, ClassifierTraining
from playground.train.evaluation import Evaluation
from playground.train.settings import TrainSettings
from playground.train.trained import TrainedModel
from playground.train.optim import OPTIMIZERS, SCHEDULES
from playground.i18n import t
from playground.ui.common import (
    QUIET, Switch, error, failure_note, guard, held, live_box, live_view, on_gpu, stream, stream_live,
)
from playground.ui.words import L
from playground.views import training as training_views
from playground.views.live import IntervalPace

STOP = "#stop-btn"  # the live view sends this button's clicks straight to the run (no event, no queue)
API_FRAME_INTERVAL = 0.4  # seconds between live updates for API clients (the page sets its own pace)
DEFAULTS = TrainSettings()
SETTING_NAMES = ("dataset", "epochs", "batch_size", "lr", "optimizer", "schedule", "weight_decay", "val_fraction",
                 "seed", "rotate", "jitter", "precision")  # the order of the positional API (kept for old clients)
ESTIMATE_NAMES = ("dataset", "batch_size", "optimizer", "precision", "val_fraction")  # what an epoch's cost reads


def lr_label() -> str:
    """The learning rate's label: the range where it usually trains well (the core accepts 0 < lr ≤ max_lr)."""
    return L("training.lr_label")  # the range is written into the table from TRAIN_RANGES.usual_lr


def _explain(title: str, text: str) -> None:
    """A closed "What is this?" box: a few plain sentences next to what they explain."""
    with gr.Accordion(L(title), open=False, elem_classes=["pg-explain"]):
        gr.Markdown(L(text))


def _settings_column(limits: TrainLimits) -> dict[str, gr.components.Component]:
    """The training controls, by TrainSettings field name."""
    c: dict[str, gr.components.Component] = {}
    c["dataset"] = gr.Dropdown([(L(title_key(d.key)), d.key) for d in DATASETS.values()], value=DEFAULTS.dataset,
                               label=L("training.dataset"), elem_id="train-dataset")
    _explain("training.about_title", "training.about")
    with gr.Row():
        c["epochs"] = gr.Slider(1, min(limits.max_epochs, TRAIN_RANGES.epochs_slider_max), value=DEFAULTS.epochs,
                                step=1, label=L("training.epochs"), info=L("training.def_epoch"),
                                elem_id="train-epochs")
        c["batch_size"] = gr.Dropdown(list(TRAIN_RANGES.batch_sizes), value=DEFAULTS.batch_size,
                                      label=L("training.batch_size"), info=L("training.def_batch"))
    with gr.Row():
        # no minimum/maximum on Number boxes: Gradio's own check would add a second, rawer message to ours
        c["lr"] = gr.Number(DEFAULTS.lr, label=lr_label(), info=L("training.lr_info"), elem_id="train-lr")
        c["optimizer"] = gr.Dropdown(list(OPTIMIZERS), value=DEFAULTS.optimizer, label=L("training.optimizer"),
                                     info=L("training.def_optimizer"))
    c["schedule"] = gr.Radio([(L(f"training.schedule_{name}"), name) for name in SCHEDULES], value=DEFAULTS.schedule,
                             label=L("training.schedule"), info=L("training.def_schedule"))
    with gr.Accordion(L("training.more_settings"), open=False):
        c["weight_decay"] = gr.Number(DEFAULTS.weight_decay, label=L("training.weight_decay"),
                                      info=L("training.weight_decay_info"))
        c["val_fraction"] = gr.Slider(TRAIN_RANGES.val_fraction_min, TRAIN_RANGES.val_fraction_max,
                                      value=DEFAULTS.val_fraction, step=TRAIN_RANGES.val_fraction_step,
                                      label=L("training.val_split"), info=L("training.def_validation"))
        c["seed"] = gr.Number(DEFAULTS.seed, label=L("training.seed"), info=L("training.seed_info"), precision=0)
        c["rotate"] = gr.Checkbox(DEFAULTS.rotate, info=L("training.def_augmentation"),
                                  label=f"{L('training.augment_rotate')} ±{TRAIN_RANGES.augment_rotation:g}°")
        c["jitter"] = gr.Checkbox(DEFAULTS.jitter,
                                  label=f"{L('training.augment_jitter')} ±{TRAIN_RANGES.augment_jitter:g}")
        c["precision"] = gr.Radio(list(PRECISIONS), value=DEFAULTS.precision, label=L("training.precision"))
    return c


def _layout(device_name: str, limits: TrainLimits) -> SimpleNamespace:
    """Every component of the tab, by name."""
    ui = SimpleNamespace()
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=320):
            ui.net_info = gr.Markdown(elem_id="train-network")
            ui.fix_classes_btn = gr.Button(visible=False, size="sm", variant="primary", elem_id="fix-classes")
            ui.controls = _settings_column(limits)
            ui.estimate = gr.Markdown(elem_id="train-estimate")
            with gr.Row():
                ui.train_btn = gr.Button(L("training.train"), variant="primary", elem_id="train-btn")
                ui.continue_btn = gr.Button(L("training.continue"), elem_id="continue-btn")
                ui.stop_btn = gr.Button(L("training.stop"), variant="stop", elem_id="stop-btn")
            ui.more_btn = gr.Button(L("training.more"), size="sm", elem_id="more-btn")
            with gr.Row(visible=False):  # the public API: errors raise there, the page shows them in the status
                ui.api_buttons = {name: gr.Button() for name in ("train", "continue_training", "train_more",
                                                                 "stop_training")}
        with gr.Column(scale=2):
            # the page translates the note (no request here to ask the language); the load event then says it all
            ui.status = live_view(value=training_views.resting_html(device_name, str(L("training.press_train"))),
                                  elem_id="train-status")
            with gr.Row():
                # the hoverable curves of the last run; while one goes, the status panel draws it live
                ui.loss = gr.Plot(show_label=False, elem_id="loss-plot", visible=False)
                ui.accuracy = gr.Plot(show_label=False, elem_id="acc-plot", visible=False)
            _explain("training.curves_title", "training.curves")
            ui.model_info = gr.Markdown(L("training.no_model"), elem_id="model-info")
    gr.HTML(f'<h3 class="pg-h3">{L("training.eval_heading")}</h3>')
    _explain("training.confusion_title", "training.confusion_help")
    with gr.Row():
        ui.eval_btn = gr.Button(L("training.evaluate"), elem_id="eval-btn", scale=0, min_width=140)
        ui.eval_summary = gr.HTML(elem_id="eval-summary")
    with gr.Row(equal_height=False):
        ui.report = gr.Dataframe(label=L("training.report"), interactive=False, elem_id="report", scale=2,
                                 visible=False)
        ui.confusion = gr.Dataframe(label=L("training.confusion"), interactive=False, elem_id="confusion",
                                    max_height=560, scale=3, visible=False)
    ui.cell_gallery = gr.Gallery(label=L("training.cell_gallery"), columns=10, height=260,
                                 object_fit="contain", elem_id="cell-gallery", visible=False)
    ui.mistakes = gr.Gallery(label=L("training.mistakes"), columns=8, height=300, object_fit="contain",
                             elem_id="mistakes")
    with gr.Row():
        ui.weights_dl = gr.DownloadButton(L("training.download"), interactive=False, elem_id="weights-dl")
        ui.weights_up = gr.UploadButton(L("training.upload"), file_types=[".safetensors"], elem_id="weights-up")
        ui.export_btn = gr.Button(visible=False)  # API only: the session's weights as a file
        ui.export_file = gr.File(visible=False)
    return ui


class TrainingHandlers:
    """The tab's handlers, with what they share: the device, the data directory, the caps and the components."""

    def __init__(self, ui: SimpleNamespace, states: SimpleNamespace, settings: ServeSettings, limits: TrainLimits):
        self.ui, self.states, self.limits = ui, states, limits
        self.device = pick_device(settings.device)
        self.device_name = describe(self.device)
        self.data_dir = Path(settings.data_dir)
        # update names (playground.views.training) -> components
        self.targets = {
            "status": ui.status, "loss": ui.loss, "accuracy": ui.accuracy, "trained": states.trained,
            "model_info": ui.model_info, "evaluation": states.evaluation, "eval_summary": ui.eval_summary,
            "report": ui.report, "confusion": ui.confusion, "mistakes": ui.mistakes, "cell_gallery": ui.cell_gallery,
        }

    @property
    def run_buttons(self) -> list:
        return [self.ui.train_btn, self.ui.continue_btn, self.ui.more_btn]

    def to_components(self, values: dict[str, Any]) -> dict:
        return self.shown({self.targets[name]: value for name, value in values.items()})

    def shown(self, updates: dict) -> dict:
        """Component updates, with the evaluation tables made visible when they get a value (no empty headers)."""
        for table in (self.ui.report, self.ui.confusion):
            if table in updates:
                updates[table] = gr.Dataframe(value=updates[table], visible=True)
        for plot in (self.ui.loss, self.ui.accuracy):
            if plot in updates:
                updates[plot] = gr.Plot(value=updates[plot], visible=True)
        return updates

    def evaluation_outputs(self, trained: TrainedModel) -> dict:
        values = training_views.evaluation_values(trained, self.data_dir, self.device)
        return self.to_components({**values, "cell_gallery": gr.Gallery(visible=False)})

    def run(self, spec: dict, current: TrainedModel | None, sw: Switch, values: dict, mode: str,
            raise_errors: bool):
        """A run as component updates; every way out leaves the session's model intact (the page's run buttons rest
        until the run's event ends: ``held``)."""
        sw.start()
        preparing = training_views.status_html(self.device_name, note=t("training.preparing"))
        page = {self.ui.status: live_box(sw.channel, preparing, stop=STOP), self.ui.loss: gr.Plot(visible=False),
                self.ui.accuracy: gr.Plot(visible=False)}  # the live panel draws the run until it rests
        if not raise_errors:
            yield page
        try:
            cfg = TrainSettings.from_values(values)
            job = ClassifierTraining(spec, cfg, self.data_dir, self.device, start_from=current, limits=self.limits,
                                     mode=mode)
            # the page pulls frames at its own pace; an API client gets one every API_FRAME_INTERVAL
            pace = IntervalPace(API_FRAME_INTERVAL) if raise_errors else sw.channel
            updates = training_views.run_updates(job, self.device_name, self.data_dir, self.device, sw.should_stop, pace)
            shown = (stream(updates, {**self.targets, "live": self.ui.status}) if raise_errors
                     else stream_live(updates, self.targets, self.ui.status, sw.channel))
            for update in shown:
                if self.states.evaluation in update and update[self.states.evaluation] is not None:
                    update[self.ui.cell_gallery] = gr.Gallery(visible=False)
                yield self.shown(update)
        except Exception as exc:  # a person's mistake (or a bug): said on the page, in the status panel
            note = failure_note(exc, "training")
            yield {self.ui.status: training_views.status_html(self.device_name, note=note, kind="error")}
            if raise_errors:
                raise error(note) from None

    def show_cell(self, ev: Evaluation | None, current: TrainedModel | None, index: Any):
        if ev is None or current is None:
            return gr.Gallery(visible=False)
        images, label = training_views.cell_gallery(ev, current, index, self.data_dir)
        return gr.Gallery(value=images, label=label, visible=True)

    def load_weights(self, spec: dict, path: str | None) -> dict:
        if not path:
            raise error("common.no_file")
        values, note = training_views.loaded_weights(spec, Path(path).read_bytes(), self.device_name)
        gr.Info(note)
        return self.to_components(values)


def _train_handler(tab: TrainingHandlers, mode: str, raise_errors: bool):
    """A training endpoint (mode: one of RUN_MODES), with the settings as named parameters for API clients."""

    def train(spec: dict, current: TrainedModel | None, sw: Switch, dataset: str, epochs: int, batch_size: int,
              lr: float, optimizer: str, schedule: str, weight_decay: float, val_fraction: float, seed: int,
              rotate: bool, jitter: bool, precision: str):
        values = dict(zip(SETTING_NAMES, (dataset, epochs, batch_size, lr, optimizer, schedule, weight_decay,
                                          val_fraction, seed, rotate, jitter, precision)))
        yield from tab.run(spec, current, sw, values, mode, raise_errors)

    train.__name__ = RUN_MODES[mode]
    return on_gpu(guard(train), tab.limits)  # guard: the run speaks the page's language


def _wire_training(tab: TrainingHandlers, ui: SimpleNamespace, states: SimpleNamespace) -> None:
    inputs = [states.net, states.trained, states.control, *(ui.controls[n] for n in SETTING_NAMES)]
    outputs = [states.trained, ui.status, ui.loss, ui.accuracy, ui.model_info, states.evaluation, ui.eval_summary,
               ui.report, ui.confusion, ui.mistakes, ui.cell_gallery]
    queue = {"concurrency_limit": tab.limits.concurrent, "concurrency_id": "training"}
    visible = {"train": ui.train_btn, "continue_training": ui.continue_btn, "train_more": ui.more_btn}
    for mode, api_name in RUN_MODES.items():
        # the run buttons rest until the run's event ends (its test-set verdict comes after the model): a click
        # on a still-pending event would be dropped without a word
        held(visible[api_name].click, tab.run_buttons, _train_handler(tab, mode, raise_errors=False), inputs, outputs,
             **queue, api_name=f"{api_name}_page", api_visibility="private", show_progress="hidden")
        ui.api_buttons[api_name].click(_train_handler(tab, mode, raise_errors=True), inputs, outputs, **queue,
                                       api_name=api_name, show_progress="hidden")

    def stop(sw: Switch) -> None:
        sw.press()
        gr.Info(t("training.stopping"))

    def resting() -> str:  # the status panel in the page's language, device included, once the page is open
        return training_views.status_html(tab.device_name, note=t("training.press_train"))

    tab.demo.load(guard(resting), None, [ui.status], **QUIET)
    # the page's Stop reaches the run through the live view; API clients stop through this endpoint
    ui.api_buttons["stop_training"].click(guard(stop), [states.control], None, queue=False, api_name="stop_training")
    _wire_network_checks(tab, ui, states)


def _wire_network_checks(tab: TrainingHandlers, ui: SimpleNamespace, states: SimpleNamespace) -> None:
    """The network line (with a one-click class-count fix) and the measured cost of an epoch, before training."""
    dataset = ui.controls["dataset"]

    def describe_network(spec: dict, key: str) -> list:
        wanted = training_views.class_count_fix(spec, key)
        button = (gr.Button(t("training.fix_button", wanted=wanted), visible=True)
                  if wanted is not None else gr.Button(visible=False))
        return [training_views.network_line(spec, key), button]

    def fix_classes(spec: dict, key: str) -> dict:
        wanted = training_views.class_count_fix(spec, key)
        return spec if wanted is None else training_views.with_class_count(spec, wanted)

    def estimate(spec: dict, *values: Any) -> str:
        return training_views.estimate_for(spec, dict(zip(ESTIMATE_NAMES, values)), tab.device, tab.data_dir,
                                           tab.device_name)

    for trigger in (states.net.change, dataset.change):
        trigger(guard(describe_network), [states.net, dataset], [ui.net_info, ui.fix_classes_btn], **QUIET)
    ui.fix_classes_btn.click(guard(fix_classes), [states.net, dataset], [states.net], **QUIET)
    estimate_inputs = [states.net] + [ui.controls[n] for n in ESTIMATE_NAMES]
    for trigger in (states.net.change, *(c.change for c in estimate_inputs[1:])):
        trigger(guard(estimate), estimate_inputs, [ui.estimate], trigger_mode="always_last", **QUIET)
    tab.demo.load(guard(describe_network), [states.net, dataset], [ui.net_info, ui.fix_classes_btn], **QUIET).then(
        guard(estimate), estimate_inputs, [ui.estimate], **QUIET)


def _wire_evaluation(tab: TrainingHandlers, ui: SimpleNamespace, states: SimpleNamespace) -> None:
    eval_outputs = [states.evaluation, ui.eval_summary, ui.report, ui.confusion, ui.mistakes, ui.cell_gallery]

    def run_evaluation(current: TrainedModel | None) -> dict:
        if current is None:
            raise error("training.need_model")
        return tab.evaluation_outputs(current)

    ui.eval_btn.click(on_gpu(guard(run_evaluation), tab.limits), [states.trained], eval_outputs, api_name="evaluate",
                      concurrency_id="training", concurrency_limit=tab.limits.concurrent)

    def show_cell(ev: Evaluation | None, current: TrainedModel | None, evt: gr.SelectData):
        return tab.show_cell(ev, current, evt.index)

    ui.confusion.select(guard(show_cell), [states.evaluation, states.trained], ui.cell_gallery, **QUIET)


def _wire_weights(tab: TrainingHandlers, ui: SimpleNamespace, states: SimpleNamespace) -> None:
    weights_file = training_views.weights_file

    def refresh_download(current: TrainedModel | None):
        path = weights_file(current)
        return gr.DownloadButton(value=path, interactive=path is not None)

    states.trained.change(guard(refresh_download), [states.trained], [ui.weights_dl], **QUIET)

    def export_weights(current: TrainedModel | None) -> str:
        path = weights_file(current)
        if path is None:
            raise error("training.no_weights")
        return path

    ui.export_btn.click(guard(export_weights), [states.trained], [ui.export_file], api_name="export_weights")
    ui.weights_up.upload(guard(tab.load_weights), [states.net, ui.weights_up],
                         [states.trained, ui.model_info, states.evaluation, ui.status], api_name="load_weights")


def create_tab(demo: gr.Blocks, net: gr.State, trained: gr.State, settings: ServeSettings,
               limits: TrainLimits | None = None) -> None:
    """Lay out the Training tab inside the current gr.Tab and wire its events."""
    limits = limits or TrainLimits()
    states = SimpleNamespace(net=net, trained=trained, control=gr.State(Switch()), evaluation=gr.State(None))
    device_name = describe(pick_device(settings.device))
    ui = _layout(device_name, limits)
    tab = TrainingHandlers(ui, states, settings, limits)
    tab.demo = demo
    _wire_training(tab, ui, states)
    _wire_evaluation(tab, ui, states)
    _wire_weights(tab, ui, states)
