"""Basics tab: a neuron and its activation, backpropagation step by step, and a 2-D playground.

Wiring only: ``playground.basics`` computes everything (activations and their autograd
derivatives, the 2-2-1 network's gradients by hand and by autograd, the playground on the
one training engine, Play as a job and the controls that take turns with it in ``play``);
``playground.views.basics`` turns it into updates by name; this module maps names to
components. Per-session state: ``stage`` and ``velocity`` for the backprop walk,
``run_state`` (this session's Playground: model, optimizer, histories) and ``switch`` (Pause,
the lock the controls take turns on, the live view's channel).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import gradio as gr

from playground.basics import activations as act
from playground.basics import backprop as bp
from playground.basics import play as playing
from playground.basics.config2d import PLAYGROUND_ACTIVATIONS, PLAYGROUND_OPTIMIZERS, REGULARIZATIONS
from playground.basics.data2d import DATASETS, FEATURE_LABELS, FEATURES
from playground.basics.playground2d import PLAYGROUND_RANGES, PlaygroundConfig
from playground.ui.common import QUIET, Switch, guard, held, live_box, live_view, stream_live
from playground.ui.words import L
from playground.views import basics as bv

# each option the core offers -> the key of its label (built from the core's lists: a new option needs only its words)
LOSS_LABELS = {loss: f"basics.loss_{loss}" for loss in bp.LOSSES}
DATASET_LABELS = {name: f"basics.ds_{name}" for name in DATASETS}
REGULARIZATION_LABELS = {name: f"basics.reg_{name}" for name in REGULARIZATIONS}


def _neuron_panel(ui: SimpleNamespace) -> None:
    gr.Markdown(L("basics.neuron_explain"))
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=260):
            with gr.Row():
                ui.x1 = gr.Slider(-3, 3, value=1.0, step=0.1, label=L("basics.input_x1"))
                ui.x2 = gr.Slider(-3, 3, value=-0.5, step=0.1, label=L("basics.input_x2"))
            with gr.Row():
                ui.w1 = gr.Slider(-3, 3, value=0.8, step=0.1, label=L("basics.weight_w1"), info=L("basics.info_weight"))
                ui.w2 = gr.Slider(-3, 3, value=1.2, step=0.1, label=L("basics.weight_w2"), info=L("basics.info_weight"))
            ui.bias = gr.Slider(-3, 3, value=0.1, step=0.1, label=L("basics.bias_b"), info=L("basics.info_bias"))
            ui.neuron_activation = gr.Radio(list(act.NEURON_ACTIVATIONS), value="Sigmoid", label=L("basics.activation"),
                                            info=L("basics.info_activation"), elem_id="bx-act")
            ui.neuron_out = gr.Markdown(elem_id="bx-neuron")
        ui.act_plot = gr.Plot(show_label=False, elem_id="bx-act-plot")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=260):
            ui.logits = gr.Textbox("2.0, 1.0, 0.1, -1.0", label=L("basics.logits_label"), info=L("basics.info_logits"),
                                   max_length=400)
            ui.temp = gr.Slider(0.05, 5, value=1.0, step=0.05, label=L("basics.temperature"),
                                info=L("basics.info_temperature"))
            gr.Markdown(L("basics.softmax_note"))
        ui.softmax_plot = gr.Plot(show_label=False, elem_id="bx-softmax")
    with gr.Row(equal_height=False):
        ui.depth = gr.Slider(1, 30, value=10, step=1, label=L("basics.depth_label"), info=L("basics.info_vanishing"))
        ui.vanish_plot = gr.Plot(show_label=False, elem_id="bx-vanish")


def _backprop_panel(ui: SimpleNamespace) -> None:
    gr.Markdown(L("basics.backprop_explain"))
    with gr.Row():
        ui.example_x1 = gr.Number(1.0, label="x₁")
        ui.example_x2 = gr.Number(0.5, label="x₂")
        ui.target_y = gr.Number(1.0, label=L("basics.target_y"), info=L("basics.info_target"))
        ui.backprop_activation = gr.Dropdown(list(bp.BACKPROP_ACTIVATIONS), value="sigmoid",
                                             label=L("basics.hidden_activation"), info=L("basics.info_activation"))
        ui.backprop_loss = gr.Dropdown([(L(LOSS_LABELS[loss]), loss) for loss in bp.LOSSES], value="mse",
                                       label=L("basics.loss"), info=L("basics.info_loss"))
    with gr.Row():
        ui.weights = [gr.Number(v, label=bv.param_label(name), min_width=70, elem_id=f"bx-w{i}")
                      for i, (name, v) in enumerate(zip(bp.PARAMS, (0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.6)))]
    with gr.Row():
        ui.backprop_lr = gr.Number(0.5, label=L("basics.lr_eta"), info=L("basics.info_lr"))
        ui.momentum = gr.Slider(0, 0.99, value=0.0, step=0.01, label=L("basics.momentum"),
                                info=L("basics.info_momentum"))
        ui.randomize = gr.Button(L("basics.random_weights"), size="sm")
    with gr.Row():
        ui.back = gr.Button(L("basics.back"), elem_id="bx-back")
        ui.next = gr.Button(L("basics.next"), variant="primary", elem_id="bx-next")
        ui.apply = gr.Button(L("basics.apply"), elem_id="bx-apply")
        ui.train100 = gr.Button(L("basics.train100"), elem_id="bx-train100")
    ui.stage_md = gr.Markdown(elem_id="bx-stage")
    ui.graph = gr.Plot(show_label=False, elem_id="bx-graph")
    ui.check = gr.HTML(elem_id="bx-check")
    ui.train_plot = gr.Plot(show_label=False, elem_id="bx-train-plot")
    with gr.Row(visible=False):
        ui.api_in, ui.api_out, ui.api_btn = gr.Textbox(), gr.JSON(), gr.Button()


def _playground_settings(ui: SimpleNamespace) -> None:
    ui.dataset = gr.Dropdown([(L(DATASET_LABELS[d]), d) for d in DATASETS], value="spiral", label=L("basics.data"),
                             elem_id="pg-dataset")
    ui.noise = gr.Slider(0, PLAYGROUND_RANGES.max_noise, value=0.2, step=0.05, label=L("basics.noise"),
                         info=L("basics.info_noise"))
    ui.train_frac = gr.Slider(*PLAYGROUND_RANGES.train_fraction, value=0.7, step=0.05, label=L("basics.train_share"),
                              info=L("basics.info_train_share"))
    ui.seed = gr.Number(0, label=L("basics.seed"), precision=0)
    ui.features = gr.CheckboxGroup([(FEATURE_LABELS[f], f) for f in FEATURES], value=["x1", "x2", "sin(x1)", "sin(x2)"],
                                   label=L("basics.inputs"), info=L("basics.info_features"))
    ui.layers = gr.Slider(0, PLAYGROUND_RANGES.max_layers, value=2, step=1, label=L("basics.hidden_layers"),
                          info=L("basics.info_hidden_layers"), elem_id="pg-layers")
    ui.neurons = gr.Slider(1, PLAYGROUND_RANGES.max_neurons, value=8, step=1, label=L("basics.neurons_per_layer"),
                           elem_id="pg-width")
    ui.playground_activation = gr.Dropdown(list(PLAYGROUND_ACTIVATIONS), value="tanh", label=L("basics.activation"),
                                           info=L("basics.info_activation"))
    with gr.Row():
        ui.playground_lr = gr.Number(0.01, label=L("basics.learning_rate"), info=L("basics.info_lr"))
        ui.optimizer = gr.Dropdown(list(PLAYGROUND_OPTIMIZERS), value="adam", label=L("basics.optimizer"),
                                   info=L("basics.info_optimizer"))
    ui.batch_size = gr.Slider(*PLAYGROUND_RANGES.batch_size, value=32, step=1, label=L("basics.batch_size"),
                              info=L("basics.info_batch_size"))
    with gr.Row():
        ui.regularization = gr.Dropdown([(L(REGULARIZATION_LABELS[r]), r) for r in REGULARIZATIONS], value="none",
                                        label=L("basics.regularization"), info=L("basics.info_regularization"))
        ui.reg_rate = gr.Number(0.001, label=L("basics.reg_rate"), info=L("basics.info_reg_rate"))


def _playground_panel(ui: SimpleNamespace) -> None:
    with gr.Accordion(L("basics.what_is_this"), open=False):
        gr.Markdown(L("basics.playground_help"))
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=260):
            _playground_settings(ui)
        with gr.Column(scale=2, min_width=300):
            with gr.Row():
                ui.play = gr.Button(L("basics.play"), variant="primary", elem_id="pg-play")
                ui.pause = gr.Button(L("basics.pause"), elem_id="pg-pause")
                ui.step = gr.Button(L("basics.step_epoch"), elem_id="pg-step")
                ui.reset = gr.Button(L("basics.reset"), elem_id="pg-reset")
            # status, boundary, loss curves and neuron maps as one HTML of pictures: a live frame must be
            # cheap for a slow browser (one component to update, no plotly figure to lay out)
            ui.view = live_view(elem_id="pg-view")
            with gr.Accordion(L("basics.curves_accordion"), open=False):
                ui.curves = gr.Plot(show_label=False, elem_id="pg-curves")
    with gr.Accordion(L("basics.code_accordion"), open=False):
        ui.code = gr.Code(language="python", elem_id="pg-code")


def _to(targets: dict[str, Any], values: dict[str, Any]) -> dict:
    """Updates by name as component updates (a list of components takes a list of values)."""
    out = {}
    for name, value in values.items():
        target = targets[name]
        out.update(zip(target, value) if isinstance(target, list) else {target: value})
    return out


def _wire_neuron(ui: SimpleNamespace, demo: gr.Blocks) -> None:
    n_in = [ui.x1, ui.x2, ui.w1, ui.w2, ui.bias, ui.neuron_activation]
    for c in n_in:
        c.change(guard(bv.neuron_view), n_in, [ui.neuron_out, ui.act_plot], trigger_mode="always_last", **QUIET)
    for c in (ui.logits, ui.temp):
        c.change(guard(bv.softmax_view), [ui.logits, ui.temp], [ui.softmax_plot], trigger_mode="always_last", **QUIET)
    ui.depth.change(guard(bv.vanishing_figure), [ui.depth], [ui.vanish_plot], trigger_mode="always_last", **QUIET)
    demo.load(guard(bv.neuron_view), n_in, [ui.neuron_out, ui.act_plot], **QUIET)
    demo.load(guard(bv.softmax_view), [ui.logits, ui.temp], [ui.softmax_plot], **QUIET)
    demo.load(guard(bv.vanishing_figure), [ui.depth], [ui.vanish_plot], **QUIET)


def _wire_backprop(ui: SimpleNamespace, demo: gr.Blocks, stage: gr.State, velocity: gr.State) -> None:
    net_in = [ui.example_x1, ui.example_x2, ui.target_y, ui.backprop_activation, ui.backprop_loss, ui.backprop_lr,
              *ui.weights]
    targets = {"stage": stage, "stage_md": ui.stage_md, "graph": ui.graph, "check": ui.check, "velocity": velocity,
               "weights": ui.weights, "train_plot": ui.train_plot}

    def walk(move: int):
        def show(index, momentum, vel, *values):
            out = bv.walk_updates(bp.from_controls(*values), index, momentum, vel, move)
            last = out.pop("last")  # Next has nowhere to go: the page points at Take the update instead
            return {**_to(targets, out), ui.next: gr.Button(interactive=not last),
                    ui.apply: gr.Button(variant="primary" if last else "secondary")}
        return show

    walk_in, outs = [stage, ui.momentum, velocity, *net_in], [stage, ui.stage_md, ui.graph, ui.check, ui.next, ui.apply]
    for c in net_in:
        c.change(guard(walk(0)), walk_in, outs, trigger_mode="always_last", **QUIET)
    ui.next.click(guard(walk(1)), walk_in, outs, **QUIET)
    ui.back.click(guard(walk(-1)), walk_in, outs, **QUIET)
    demo.load(guard(walk(0)), walk_in, outs, **QUIET)

    def apply(momentum, vel, *values):
        return _to(targets, bv.applied_updates(bp.from_controls(*values), momentum, vel))

    def train(momentum, *values):
        return _to(targets, bv.trained_updates(bp.from_controls(*values), momentum))

    ui.apply.click(guard(apply), [ui.momentum, velocity, *net_in], [velocity, stage, *ui.weights], **QUIET)
    ui.train100.click(guard(train), [ui.momentum, *net_in], [ui.train_plot, velocity, stage, *ui.weights], **QUIET)
    ui.randomize.click(lambda: _to(targets, bv.random_updates()), None, [velocity, stage, *ui.weights], **QUIET)

    def backprop_step(request: str) -> dict:
        """One JSON object in (the network, the example, the loss and η), the forward values, gradients and
        the SGD update out; see the README."""
        return bp.backprop_step_json(request)

    ui.api_btn.click(guard(backprop_step), [ui.api_in], [ui.api_out], api_name="backprop_step", concurrency_limit=8)


PAUSE = "#pg-pause"  # the live view sends this button's clicks straight to Play (no event, no queue)


def _wire_playground(ui: SimpleNamespace, run_state: gr.State, switch: gr.State, tab: gr.Tab) -> None:
    """Step, Reset, a setting and Play call the core (``playground.basics.play``); ``views.basics`` says what the
    page shows, by name; Play's frames go through ``stream_live`` at the page's pace."""
    settings = [ui.dataset, ui.noise, ui.train_frac, ui.seed, ui.features, ui.layers, ui.neurons,
                ui.playground_activation, ui.playground_lr, ui.optimizer, ui.batch_size, ui.regularization, ui.reg_rate]
    targets = {"run": run_state, "view": ui.view, "curves": ui.curves, "code": ui.code}
    inputs, outs = [switch, run_state, *settings], [run_state, ui.view, ui.curves, ui.code]

    def change(sw: Switch, run, *values):  # a running Play goes on, with the new network
        out = bv.rest_updates(playing.change_settings(sw, run, PlaygroundConfig.from_controls(*values)))
        if sw.channel.open:  # the page keeps following Play's frames
            out["view"] = live_box(sw.channel, out["view"], stop=PAUSE, pause=PAUSE)
        return _to(targets, out)

    def first(sw: Switch, run, *values):  # the tab opened: a session without a playground gets one
        if run is not None:
            return {ui.view: gr.skip()}
        return _to(targets, bv.rest_updates(playing.first_look(sw, PlaygroundConfig.from_controls(*values))))

    def reset(sw: Switch, run, *values):
        return _to(targets, bv.rest_updates(playing.reset(sw, PlaygroundConfig.from_controls(*values))))

    def step(sw: Switch, run, *values):
        return _to(targets, bv.rest_updates(playing.step(sw, run, PlaygroundConfig.from_controls(*values))))

    def play(sw: Switch, run, *values):  # one event from the click to the last frame: none of it can be dropped
        rest = playing.start_play(sw, run, PlaygroundConfig.from_controls(*values))
        out = bv.rest_updates(rest)
        yield _to(targets, {**out, "view": live_box(sw.channel, out["view"], stop=PAUSE, pause=PAUSE)})
        yield from stream_live(bv.play_frames(playing.play_job(sw, rest.run, sw.channel.due)), targets, ui.view,
                               sw.channel)

    for c in settings:
        c.change(guard(change), inputs, outs, trigger_mode="always_last", **QUIET)
    ui.reset.click(guard(reset), inputs, outs, **QUIET)
    ui.step.click(guard(step), inputs, outs, **QUIET)
    tab.select(guard(first), inputs, outs, **QUIET)
    # Play's frames reach the page through the view's own pulls, not as event updates, and Pause has no
    # event of its own: the view sends its clicks straight to the job (see ui.common.LIVE_JS). Play, Step and
    # Reset rest until Play's event ends (Gradio drops a click on a still-pending event without a word)
    held(ui.play.click, [ui.play, ui.step, ui.reset], guard(play), inputs, [run_state, ui.view, ui.curves],
         concurrency_limit=8, concurrency_id="playground", **QUIET)


def create_tab(demo: gr.Blocks) -> None:
    """Lay out the Basics tab inside the current gr.Tab and wire its events."""
    gr.Markdown(L("basics.intro"))
    ui = SimpleNamespace()
    stage, velocity, run_state, switch = gr.State(0), gr.State(None), gr.State(None), gr.State(Switch())
    with gr.Tabs(overflow_behavior="wrap"):  # all three in sight on a phone
        with gr.Tab(L("basics.tab_neuron"), id="basics-neuron"):
            _neuron_panel(ui)
        with gr.Tab(L("basics.tab_backprop"), id="basics-backprop"):
            _backprop_panel(ui)
        with gr.Tab(L("basics.tab_playground"), id="basics-playground") as playground_tab:
            _playground_panel(ui)
    _wire_neuron(ui, demo)
    _wire_backprop(ui, demo, stage, velocity)
    _wire_playground(ui, run_state, switch, playground_tab)

