"""The 2-D playground: datasets, features, training on the engine (spiral learns, pause/resume and
restored state continue exactly, divergence is reported), snapshots, plain errors and exported code."""

import copy
import math
import pickle

import pytest
import torch

from playground.basics import data2d
from playground.basics.code2d import code
from playground.basics.playground2d import (PLAYGROUND_RANGES, Playground, PlaygroundConfig, build_playground_model,
                                            make_dataset)
from playground.errors import UserError
from playground.train import engine

SPIRAL = PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8),
                          activation="tanh")


def weights(run: Playground) -> list[torch.Tensor]:
    return [v.clone() for v in run.model.state_dict().values()]


def same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return len(a) == len(b) and all(torch.equal(x, y) for x, y in zip(a, b))


def test_spiral_reaches_90_percent_test_accuracy_within_500_epochs():
    run = Playground(SPIRAL)  # defaults otherwise: Adam, lr 0.01, batches of 32, 500 points, noise 0.2
    events = list(run.run_epochs(500))
    ends = [e for e in events if isinstance(e, engine.EpochEnd)]
    assert events[-1].reason == "finished" and len(ends) == 500 and ends[-1].epoch == 500
    snap = run.snapshot()
    assert snap.epoch == 500 and snap.test_acc >= 0.9 and snap.train_acc >= 0.9
    assert snap.history["epoch"][-1] == 500 and len(snap.history["epoch"]) <= PLAYGROUND_RANGES.history_max + 1
    assert snap.history["test_loss"][-1] < snap.history["test_loss"][0]


@pytest.mark.parametrize("name", list(data2d.DATASETS))
def test_every_dataset_has_the_right_shapes_and_both_classes(name):
    x_train, y_train, x_test, y_test = make_dataset(name, points=500, noise=0.2, seed=3, train_fraction=0.7)
    assert x_train.shape == (350, 2) and x_test.shape == (150, 2) and y_train.shape == (350,) and y_test.shape == (150,)
    assert x_train.dtype == y_train.dtype == torch.float32
    for labels in (y_train, y_test):
        assert set(labels.unique().tolist()) == {0.0, 1.0}
    both = torch.cat([y_train, y_test])
    if name == "xor":  # label 1 in the same-sign quadrants: count them on the points before the jitter
        clean = make_dataset(name, points=500, noise=0.0, seed=3, train_fraction=0.7)
        assert torch.equal(clean[1], y_train) and torch.equal(clean[3], y_test)  # the jitter never moves a label
        points = torch.cat([clean[0], clean[2]])
        assert both.sum() == (points[:, 0] * points[:, 1] > 0).sum()
    else:  # the first half of the points of one class, the second of the other
        assert both.sum() == 250
    assert torch.cat([x_train, x_test]).abs().max() < data2d.EXTENT + 1.5  # inside the plane, up to the noise
    again = make_dataset(name, points=500, noise=0.2, seed=3, train_fraction=0.7)
    assert torch.equal(again[0], x_train) and torch.equal(again[3], y_test)  # the seed fixes everything
    assert not torch.equal(make_dataset(name, points=500, noise=0.2, seed=4, train_fraction=0.7)[0], x_train)
    clean = make_dataset(name, points=100, noise=0.0, seed=0, train_fraction=0.5)
    assert clean[0].shape == (50, 2) and clean[2].shape == (50, 2)


def test_dataset_geometry():
    x, y = data2d.circle(400, 0.0, torch.Generator().manual_seed(0))
    radius = x.norm(dim=1)
    assert torch.allclose(radius[y == 0], torch.tensor(5.0)) and torch.allclose(radius[y == 1], torch.tensor(2.5))
    x, y = data2d.xor(400, 0.0, torch.Generator().manual_seed(0))
    assert torch.equal(y, (x[:, 0] * x[:, 1] > 0).float()) and x.abs().min() >= 0.3


def test_features_are_computed_correctly():
    x = torch.tensor([[1.0, -2.0], [0.5, 3.0]])
    f = data2d.features(x, data2d.FEATURES)
    expected = torch.tensor([[1.0, -2.0, 1.0, 4.0, -2.0, math.sin(1.0), math.sin(-2.0)],
                             [0.5, 3.0, 0.25, 9.0, 1.5, math.sin(0.5), math.sin(3.0)]])
    torch.testing.assert_close(f, expected)
    torch.testing.assert_close(data2d.features(x, ("sin(x2)", "x1")), expected[:, [6, 0]])
    assert set(data2d.FEATURE_LABELS) == set(data2d.FEATURES)


def test_pause_and_resume_continue_exactly():
    config = PlaygroundConfig(dataset="xor", hidden=(4,), lr=0.03)
    once = Playground(config)
    list(once.run_epochs(10))
    twice = Playground(config)
    first = list(twice.run_epochs(5))
    assert twice.epoch == 5 and first[-1].reason == "finished"
    second = list(twice.run_epochs(5))
    assert [e.epoch for e in second if isinstance(e, engine.EpochEnd)] == [6, 7, 8, 9, 10]  # numbered over runs
    assert twice.epoch == 10 and twice.history["epoch"] == list(range(1, 11))
    assert same(weights(once), weights(twice))  # Adam's moments and the shuffles carried over too
    assert twice.step().reason == "finished" and twice.epoch == 11  # Step: one epoch


def test_step_after_step_numbers_the_curves_epochs_as_the_status_does():
    run = Playground(PlaygroundConfig(dataset="circle", hidden=(3,)))
    for n in (1, 2, 3):
        run.step()
        assert run.epoch == n and run.history["epoch"] == list(range(1, n + 1))  # epoch 1 is plotted at 1, not 2


def test_a_stop_within_an_epoch_keeps_the_weights_and_resumes_inside_it():
    config = PlaygroundConfig(dataset="moons", batch_size=16)
    whole = Playground(config)
    list(whole.run_epochs(2))
    calls = []
    stopped = Playground(config)
    events = list(stopped.run_epochs(2, should_stop=lambda: calls.append(1) or len(calls) >= 7))
    assert events[-1].reason == "stopped" and events[-1].steps == 7 and stopped.epoch == 0
    assert not same(weights(stopped), weights(Playground(config)))  # the 7 steps are kept
    list(stopped.run_epochs(2))  # the rest of epoch 1, then epoch 2
    assert stopped.epoch == 2 and same(weights(stopped), weights(whole))


def test_state_is_small_and_restores_exactly():
    run = Playground(PlaygroundConfig(dataset="gaussians", regularization="l2", reg_rate=0.01))
    list(run.run_epochs(3))
    state = run.state()
    assert len(pickle.dumps(state)) < 50_000
    copy.deepcopy(state)  # gr.State deep-copies its value
    restored = Playground.from_state(state)
    assert restored.epoch == 3 and restored.history == run.history and same(weights(restored), weights(run))
    list(run.run_epochs(2))
    list(restored.run_epochs(2))
    assert same(weights(restored), weights(run)) and restored.snapshot().test_loss == run.snapshot().test_loss
    other = Playground.from_state(state)  # two sessions from one state never share tensors
    list(other.run_epochs(1))
    assert same(weights(Playground.from_state(state)), [v for v in state["model"].values()])
    with pytest.raises(UserError):
        Playground.from_state({"config": {"dataset": "circle"}})
    with pytest.raises(UserError) as exc:  # Adam's saved state cannot drive SGD
        Playground.from_state({**state, "config": {**state["config"], "optimizer": "sgd"}})
    assert "could not be restored" in str(exc.value)


def test_building_never_touches_the_global_rng():
    before = torch.random.get_rng_state()
    run = Playground(SPIRAL)
    list(run.run_epochs(1))
    run.snapshot()
    assert torch.equal(before, torch.random.get_rng_state())


def test_snapshot_shapes_and_values():
    config = PlaygroundConfig(features=("x1", "x2", "x1*x2"), hidden=(3, 5, 2))
    run = Playground(config)
    snap = run.snapshot()
    g, n = PLAYGROUND_RANGES.grid, PLAYGROUND_RANGES.neuron_grid
    assert snap.epoch == 0 and snap.boundary.shape == (g, g) and snap.axis.shape == (g,)
    assert [a.shape for a in snap.neurons] == [(3, n, n), (5, n, n), (2, n, n)]
    assert snap.inputs.shape == (3, n, n) and snap.neuron_axis.shape == (n,)
    assert [w.shape for w in snap.weights] == [(3, 3), (5, 3), (2, 5), (1, 2)]
    assert 0 <= snap.boundary.min() and snap.boundary.max() <= 1 and -1 <= snap.neurons[0].min()
    assert snap.axis[0] == -data2d.EXTENT and snap.axis[-1] == data2d.EXTENT
    # boundary[i, j] is the model at (x = axis[j], y = axis[i])
    point = torch.tensor([[float(snap.axis[7]), float(snap.axis[90])]])
    with torch.no_grad():
        p = torch.sigmoid(run.model(data2d.features(point, config.features))).item()
    assert snap.boundary[90, 7] == pytest.approx(p, abs=1e-5)
    assert snap.inputs[2, 3, 20] == pytest.approx(float(snap.neuron_axis[20] * snap.neuron_axis[3]), abs=1e-5)
    assert math.isfinite(snap.train_loss) and 0 <= snap.test_acc <= 1 and snap.status == ""
    no_hidden = Playground(PlaygroundConfig(hidden=()))
    assert no_hidden.snapshot().neurons == [] and len(no_hidden.snapshot().weights) == 1
    list(no_hidden.run_epochs(1))
    assert no_hidden.snapshot().status.startswith("finished 1 epoch")


@pytest.mark.parametrize("changes, words", [
    (dict(lr=1e6), "learning rate must be above 0 and at most 10"),
    (dict(lr=0), "learning rate must be above 0"),
    (dict(lr=float("nan")), "learning rate must be a finite number"),
    (dict(lr=10**400), "learning rate must be above 0 and at most 10"),
    (dict(lr="0.1"), "learning rate must be a finite number"),
    (dict(hidden=(0,)), "hidden layer 1's number of neurons must be a whole number from 1 to 8"),
    (dict(hidden=(4, 9)), "hidden layer 2's number of neurons"),
    (dict(hidden=(2,) * 7), "0 to 6 hidden layers"),
    (dict(hidden="4"), "0 to 6 hidden layers"),
    (dict(features=()), "at least one input feature"),
    (dict(features=("x1", "x3")), "at least one input feature"),
    (dict(features=("x1", "x1")), "only once"),
    (dict(dataset="swiss roll"), "dataset must be one of"),
    (dict(activation="gelu"), "activation must be one of"),
    (dict(optimizer="rmsprop"), "optimizer must be one of"),
    (dict(regularization="l3"), "regularization must be one of"),
    (dict(reg_rate=-1.0), "regularization rate must lie between 0 and 10"),
    (dict(noise=5.0), "noise must lie between 0 and 1"),
    (dict(train_fraction=1.0), "training fraction"),
    (dict(points=10), "number of points must be a whole number from 50"),
    (dict(points=500.0), "number of points"),
    (dict(batch_size=True), "batch size"),
    (dict(seed=-1), "seed"),
])
def test_bad_settings_get_plain_messages(changes, words):
    with pytest.raises(UserError) as exc:
        Playground(PlaygroundConfig(**changes))
    message = str(exc.value)
    assert words in message, message
    assert "Error" not in message and "\n" not in message


def test_bad_run_lengths_and_code_lengths_get_plain_messages():
    run = Playground(PlaygroundConfig(hidden=(2,)))
    for n in (0, -1, PLAYGROUND_RANGES.max_epochs_per_run + 1, 1.5):
        with pytest.raises(UserError):
            list(run.run_epochs(n))
    with pytest.raises(UserError):
        code(PlaygroundConfig(), epochs=0)


def test_a_learning_rate_that_diverges_ends_with_advice():
    config = PlaygroundConfig(activation="linear", features=("x1^2", "x2^2", "x1*x2"), optimizer="sgd", lr=10.0)
    run = Playground(config)
    start = weights(run)
    done = list(run.run_epochs(20))[-1]
    assert isinstance(done, engine.Done) and done.reason in ("non_finite", "diverged")
    assert "learning rate" in done.message and "try 1" in done.message
    assert run.snapshot().reason == done.reason and run.snapshot().status == done.message
    assert all(torch.isfinite(w).all() for w in weights(run)) and same(weights(run), start)  # last good weights
    run.reconfigure(PlaygroundConfig(activation="linear", features=("x1^2", "x2^2", "x1*x2"), optimizer="sgd",
                                     lr=0.001))
    assert list(run.run_epochs(3))[-1].reason == "finished"  # a fresh optimizer state, a smaller step: it trains


def test_reconfigure_keeps_weights_for_training_settings_only():
    run = Playground(PlaygroundConfig(hidden=(3,)))
    list(run.run_epochs(2))
    before = weights(run)
    assert run.reconfigure(PlaygroundConfig(hidden=(3,), lr=0.1, optimizer="sgd", regularization="l1")) is False
    assert same(weights(run), before) and run.epoch == 2 and run.optimizer.param_groups[0]["lr"] == 0.1
    assert isinstance(run.optimizer, torch.optim.SGD)
    assert run.reconfigure(PlaygroundConfig(hidden=(3, 2))) is True
    assert run.epoch == 0 and run.history["epoch"] == []
    assert PlaygroundConfig(hidden=[3, 2], features=["x1"]) == PlaygroundConfig(hidden=(3, 2), features=("x1",))


def test_a_dropped_stream_keeps_the_step_count_of_the_weights():
    config = PlaygroundConfig(dataset="circle", hidden=(2,))
    dropped = Playground(config)
    for event in dropped.run_epochs(3):
        if isinstance(event, engine.EpochEnd):
            break  # the consumer goes away after the first epoch (a cancelled stream)
    assert dropped.epoch == 1
    list(dropped.run_epochs(1))
    whole = Playground(config)
    list(whole.run_epochs(2))
    assert same(weights(dropped), weights(whole)) and dropped.history["epoch"] == [1, 2]


@pytest.mark.parametrize("config", [
    PlaygroundConfig(),
    PlaygroundConfig(dataset="spiral", features=("x1", "x2", "sin(x1)", "sin(x2)"), hidden=(8, 8), optimizer="sgd",
                     lr=0.1, regularization="l1", reg_rate=0.001, batch_size=20),
    PlaygroundConfig(dataset="xor", features=("x1*x2",), hidden=(), activation="relu", regularization="l2"),
])
def test_exported_code_runs_and_trains_the_same_network(config, capsys):
    source = code(config, epochs=3)
    compile(source, "exported.py", "exec")
    assert "playground" not in source.replace("2-D playground", "")  # self-contained: no import of the app
    namespace = {"__name__": "exported"}
    exec(source, namespace)  # defines everything, trains nothing (no __main__)
    model, test_acc = namespace["train"](2)
    assert "after 2 epochs" in capsys.readouterr().out and 0 <= test_acc <= 1
    app = Playground(config)
    list(app.run_epochs(2))
    assert same([v for v in model.state_dict().values()], weights(app))
    assert type(model) is type(build_playground_model(config))
