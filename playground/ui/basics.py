"""Basics tab: a neuron and its activation, backpropagation step by step, and a 2-D playground.

Thin: ``playground.basics`` computes everything (activations and their autograd
derivatives, the 2-2-1 network's gradients by hand and by autograd, the playground
on the one training engine); ``playground.views.basics`` draws it. Per-session
state: ``stage`` and ``velocity`` for the backprop walk, ``play`` (this session's
Playground: model, optimizer, histories) and ``control`` (the Pause switch).
"""

from __future__ import annotations

import random
from types import SimpleNamespace

import gradio as gr

from playground.basics import activations as act
from playground.basics import backprop as bp
from playground.basics.backprop_explain import stages
from playground.basics.data2d import DATASETS, FEATURE_LABELS, FEATURES
from playground.basics.config2d import PLAYGROUND_ACTIVATIONS, PLAYGROUND_OPTIMIZERS, REGULARIZATIONS
from playground.basics.play import play
from playground.basics.playground2d import PLAYGROUND_RANGES, Playground, PlaygroundConfig
from playground.basics.code2d import code
from playground.ui.common import QUIET, Switch, guard, live_box, live_view, run_live
from playground.ui.words import L
from playground.views import basics as bv

ABANDONED_SECONDS = 10.0  # Play stops when the page has not asked for a frame this long (a closed tab)
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


def _config(dataset, noise, frac, seed, features, layers, neurons, activation, lr, opt, batch, reg, rate):
    try:
        return PlaygroundConfig(dataset=dataset, noise=float(noise), train_fraction=float(frac), seed=int(seed or 0),
                                features=tuple(features or ()), hidden=(int(neurons),) * int(layers),
                                activation=activation, lr=float(lr), optimizer=opt, batch_size=int(batch),
                                regularization=reg, reg_rate=float(rate)).check()
    except (TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, act.BasicsError):
            raise
        raise act.BasicsError("basics.err_settings_number") from None


def _network(x1, x2, y, activation, loss, lr, *weights) -> bp.Network:
    names = bp.PARAMS
    flat = {n: w for n, w in zip(names, weights)}
    nested = bp.nest(flat) if all(isinstance(w, (int, float)) for w in weights) else None
    if nested is None:
        raise act.BasicsError("basics.err_weight_number")
    return bp.parse_network({"x": [x1, x2], "y": y, **nested, "activation": activation, "loss": loss, "lr": lr})


def _wire_neuron(ui: SimpleNamespace, demo: gr.Blocks) -> None:
    def neuron(x1, x2, w1, w2, b, name):
        out = act.neuron(x1, x2, w1, w2, b, name)
        return bv.neuron_markdown(x1, x2, w1, w2, b, name, out), bv.activation_figure(name, out["z"])

    def softmax(text, temperature):
        try:
            logits = [float(v) for v in str(text).replace(";", ",").split(",") if v.strip()]
        except ValueError:
            raise act.BasicsError("basics.err_logits") from None
        return bv.softmax_figure(logits, act.softmax(logits, float(temperature)), float(temperature))

    n_in = [ui.x1, ui.x2, ui.w1, ui.w2, ui.bias, ui.neuron_activation]
    for c in n_in:
        c.change(guard(neuron), n_in, [ui.neuron_out, ui.act_plot], trigger_mode="always_last", **QUIET)
    for c in (ui.logits, ui.temp):
        c.change(guard(softmax), [ui.logits, ui.temp], [ui.softmax_plot], trigger_mode="always_last", **QUIET)
    ui.depth.change(guard(bv.vanishing_figure), [ui.depth], [ui.vanish_plot], trigger_mode="always_last", **QUIET)
    demo.load(guard(neuron), n_in, [ui.neuron_out, ui.act_plot], **QUIET)
    demo.load(guard(softmax), [ui.logits, ui.temp], [ui.softmax_plot], **QUIET)
    demo.load(guard(bv.vanishing_figure), [ui.depth], [ui.vanish_plot], **QUIET)


def _wire_backprop(ui: SimpleNamespace, demo: gr.Blocks, stage: gr.State, velocity: gr.State) -> None:
    net_in = [ui.example_x1, ui.example_x2, ui.target_y, ui.backprop_activation, ui.backprop_loss, ui.backprop_lr,
              *ui.weights]

    def show(index, momentum, vel, *values):
        net = _network(*values)
        steps = stages(net, float(momentum), vel)
        index = min(max(int(index), 0), 3)
        current = steps[index]
        last = index == 3  # Next has nowhere to go: the page points at Take the update instead
        return (index, bv.stage_markdown(bv.stage_title(current.title, index), current.lines, last, current.intro),
                bv.graph_figure(net, show_gradients=index >= 2), bv.check_html(bp.check(net)) if index >= 2 else "",
                gr.Button(interactive=not last), gr.Button(variant="primary" if last else "secondary"))

    def move(delta):
        def handler(index, momentum, vel, *values):
            return show(int(index) + delta, momentum, vel, *values)
        return handler

    outs = [stage, ui.stage_md, ui.graph, ui.check, ui.next, ui.apply]
    for c in net_in:
        c.change(guard(show), [stage, ui.momentum, velocity, *net_in], outs, trigger_mode="always_last", **QUIET)
    ui.next.click(guard(move(1)), [stage, ui.momentum, velocity, *net_in], outs, **QUIET)
    ui.back.click(guard(move(-1)), [stage, ui.momentum, velocity, *net_in], outs, **QUIET)
    demo.load(guard(show), [stage, ui.momentum, velocity, *net_in], outs, **QUIET)

    def apply(momentum, vel, *values):
        net = _network(*values)
        after, new_v = bp.sgd_update(net, bp.hand_gradients(net), momentum=float(momentum), velocity=vel)
        return [new_v, 0, *[bv.weight_value(v) for v in bp.parameters(after).values()]]

    ui.apply.click(guard(apply), [ui.momentum, velocity, *net_in], [velocity, stage, *ui.weights], **QUIET)

    def train100(momentum, *values):
        """The curve of 100 steps, and the weights they end with in the boxes (the walk starts again)."""
        losses, after = bp.train_run(_network(*values), 100, momentum=float(momentum))
        curve = bv.loss_curve(losses, bv.trained_title(len(losses) - 1))
        return [curve, None, 0, *[bv.weight_value(v) for v in bp.parameters(after).values()]]

    ui.train100.click(guard(train100), [ui.momentum, *net_in], [ui.train_plot, velocity, stage, *ui.weights],
                      **QUIET)
    ui.randomize.click(lambda: [None, 0, *[round(random.uniform(-1, 1), 2) for _ in bp.PARAMS]], None,
                       [velocity, stage, *ui.weights], **QUIET)

    def backprop_step(request: str) -> dict:
        """One JSON object in (the network, the example, the loss and η), the forward values, gradients and
        the SGD update out; see the README."""
        return bp.backprop_step_json(request)

    ui.api_btn.click(guard(backprop_step), [ui.api_in], [ui.api_out], api_name="backprop_step", concurrency_limit=8)


PAUSE = "#pg-pause"  # the live view sends this button's clicks straight to Play (no event, no queue)


def _caption(run: Playground) -> str:
    return bv.features_caption(run.config.features, run.config.hidden)


def _shown(run: Playground, status: str) -> list:
    """[run, view, curves, code] for a resting playground."""
    snap = run.snapshot()
    return [run, bv.frame_html(snap, run.points(), status, _caption(run)), bv.curves_figure(snap.history),
            code(run.config)]


def _current(run: Playground | None, values: tuple) -> tuple[Playground, bool]:
    """The session's playground with these settings (a new one where the data or the network changed)."""
    cfg = _config(*values)
    if run is None:
        return Playground(cfg), True
    return run, run.reconfigure(cfg)


def _change_setting(sw: Switch, run, *values):  # a running Play goes on, with the new network
    with sw.lock:
        run, fresh = _current(run, values)
        out = _shown(run, bv.resting_status(run.epoch, fresh))
    if sw.channel.open:  # the page keeps following Play's frames
        out[1] = live_box(sw.channel, out[1], stop=PAUSE, pause=PAUSE)
    return out


def _reset(sw: Switch, run, *values):
    with sw.take_over():
        return _shown(Playground(_config(*values)), bv.reset_status())


def _step(sw: Switch, run, *values):
    with sw.take_over():
        run, _ = _current(run, values)
        done = run.step()
        return _shown(run, bv.step_status(run.epoch, done))


def _first(sw: Switch, run, *values):
    if run is None:
        with sw.lock:
            return _shown(Playground(_config(*values)), bv.first_status())
    return [gr.skip()] * 4


def _prepare_play(sw: Switch, run, *values):
    with sw.lock:
        sw.start()
        run, _ = _current(run, values)
        first = bv.frame_html(run.snapshot(), run.points(), bv.playing_status(run.epoch), _caption(run))
    return run, live_box(sw.channel, first, stop=PAUSE, pause=PAUSE)


def _play(sw: Switch, run: Playground):
    def stop() -> bool:  # Pause, another control, or nobody pulling frames any more (the tab was closed)
        return sw.stop or sw.channel.idle() > ABANDONED_SECONDS

    events = play(run, stop, lambda: sw.paused, sw.channel.due, sw.lock)
    return run_live(bv.play_frames(events, lambda: _caption(run)), sw.channel)


def _rested(run: Playground | None):
    return gr.skip() if run is None else bv.curves_figure(run.snapshot().history)


def _wire_playground(ui: SimpleNamespace, run_state: gr.State, switch: gr.State, tab: gr.Tab) -> None:
    settings = [ui.dataset, ui.noise, ui.train_frac, ui.seed, ui.features, ui.layers, ui.neurons,
                ui.playground_activation, ui.playground_lr, ui.optimizer, ui.batch_size, ui.regularization, ui.reg_rate]
    inputs, outs = [switch, run_state, *settings], [run_state, ui.view, ui.curves, ui.code]
    for c in settings:
        c.change(guard(_change_setting), inputs, outs, trigger_mode="always_last", **QUIET)
    ui.reset.click(guard(_reset), inputs, outs, **QUIET)
    ui.step.click(guard(_step), inputs, outs, **QUIET)
    tab.select(guard(_first), inputs, outs, **QUIET)
    # Play's frames reach the page through the view's own pulls, not as event updates, and Pause has no
    # event of its own: the view sends its clicks straight to the job (see ui.common.LIVE_JS)
    ui.play.click(guard(_prepare_play), inputs, [run_state, ui.view], **QUIET).success(
        guard(_play), [switch, run_state], [ui.view], concurrency_limit=8, concurrency_id="playground",
        **QUIET).then(guard(_rested), [run_state], [ui.curves], **QUIET)


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

