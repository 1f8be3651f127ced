"""Training builder networks on real digits: accuracy, stop and continue, failures, evaluation."""

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, confusion_matrix

from playground.cnn.spec import preset, set_arg
from playground.config import TrainLimits
from playground.train import engine
from playground.train.classify import ClassifierTraining
from playground.train.evaluation import evaluate
from playground.train.pipeline import InputAdapter, augment
from playground.train.settings import TrainingError, TrainSettings

FAST = "Fast MNIST (Training default)"
CPU = torch.device("cpu")


def train(job, **kwargs):
    return list(job.events(**kwargs))


def test_fast_net_passes_95_percent_validation_on_real_digits(mnist_root):
    job = ClassifierTraining(preset(FAST), TrainSettings(epochs=1), mnist_root, CPU)
    events = train(job)
    epoch = [e for e in events if isinstance(e, engine.EpochEnd)][-1]
    assert epoch.val_acc > 0.95, epoch
    assert events[-1].reason == "finished"
    result = evaluate(job.result(), mnist_root, CPU)
    assert result.accuracy > 0.95
    # the numbers are scikit-learn's on the model's own predictions
    assert result.accuracy == pytest.approx(accuracy_score(result.labels, result.predictions))
    assert (result.confusion == confusion_matrix(result.labels, result.predictions)).all()
    assert result.confusion.sum() == 2000 and result.report["accuracy"] == pytest.approx(result.accuracy)
    true, predicted = np.argwhere(result.confusion - np.diag(np.diag(result.confusion)))[0]
    cell = result.cell(true, predicted)
    assert len(cell) == result.confusion[true, predicted]
    assert all(result.labels[i] == true and result.predictions[i] == predicted for i in cell)
    mistakes = result.confident_mistakes()
    assert (np.diff(result.confidence[mistakes]) <= 0).all()


def test_stop_then_continue_keeps_weights_and_optimizer_state(mnist_root):
    calls = {"n": 0}

    def stop_after_10():
        calls["n"] += 1
        return calls["n"] >= 10

    job = ClassifierTraining(preset(FAST), TrainSettings(epochs=3), mnist_root, CPU)
    done = train(job, should_stop=stop_after_10)[-1]
    assert done.reason == "stopped" and done.steps == 10
    stopped = job.result()
    assert stopped.steps == 10 and len(stopped.history.losses) == 10
    exp_avg = stopped.optimizer_state["state"][0]["exp_avg"]

    more = ClassifierTraining(preset(FAST), TrainSettings(epochs=1), mnist_root, CPU, start_from=stopped,
                                 mode="more")
    assert torch.equal(more.optimizer.state_dict()["state"][0]["exp_avg"], exp_avg)  # Adam's moments kept
    assert all(torch.equal(more.model.state_dict()[k], v) for k, v in stopped.state_dict.items())
    train(more)
    after = more.result()
    assert after.steps == 10 + more.batches.steps_per_epoch
    assert after.history.steps[:10] == list(range(1, 11)) and after.history.steps[10] == 11


def test_continue_after_stop_finishes_the_same_run_and_schedule(mnist_root):
    """Stopped at step 37 of 168: Continue does steps 38-168 on the same OneCycle curve, not a new run."""
    calls = {"n": 0}

    def stop_after_37():
        calls["n"] += 1
        return calls["n"] >= 37

    settings = TrainSettings(epochs=3, lr=3e-3, schedule="onecycle")
    whole = ClassifierTraining(preset(FAST), settings, mnist_root, CPU)
    train(whole, event_interval=0.0)
    reference = whole.result().history  # one uninterrupted run: the learning rate at every step

    job = ClassifierTraining(preset(FAST), settings, mnist_root, CPU)
    assert train(job, should_stop=stop_after_37, event_interval=0.0)[-1].steps == 37
    stopped = job.result()
    assert stopped.interrupted == {"settings": settings, "done": 37, "total": 168}
    other = TrainSettings(epochs=1, lr=1.0)  # the controls changed since: continuing keeps the run's own settings
    continued = ClassifierTraining(preset(FAST), other, mnist_root, CPU, start_from=stopped, mode="continue")
    events = train(continued, event_interval=0.0)
    steps = [e for e in events if isinstance(e, engine.Step)]
    assert steps[0].first_step == 38 and steps[0].total_steps == 168 and events[-1].reason == "finished"
    after = continued.result()
    assert after.steps == 168 and after.interrupted is None
    assert after.history.steps == list(range(1, 169))
    lrs = dict(zip(after.history.lr_steps, after.history.lrs))
    expected = dict(zip(reference.lr_steps, reference.lrs))
    assert all(lrs[k] == pytest.approx(expected[k]) for k in lrs if k in expected)  # one curve, not two warm-ups
    assert max(after.history.lrs) == pytest.approx(3e-3, rel=0.05)
    with pytest.raises(TrainingError, match="nothing to continue"):
        ClassifierTraining(preset(FAST), settings, mnist_root, CPU, start_from=after, mode="continue")


def test_adam_at_learning_rate_100_is_caught_diverging(mnist_root):
    """The issue's case: the loss stays finite while it explodes; the run stops and says so."""
    job = ClassifierTraining(preset(FAST), TrainSettings(epochs=1, lr=100.0, schedule="constant"), mnist_root, CPU)
    done = train(job, event_interval=0.0)[-1]
    assert done.reason == "diverged", done
    assert "10× smaller" in done.message
    assert job.result().interrupted is None


def test_continue_and_more_need_a_model_and_a_known_mode(mnist_root):
    with pytest.raises(TrainingError, match="no model to continue yet"):
        ClassifierTraining(preset(FAST), TrainSettings(epochs=1), mnist_root, CPU, mode="continue")
    with pytest.raises(TrainingError, match="unknown run mode 'resume'"):
        ClassifierTraining(preset(FAST), TrainSettings(epochs=1), mnist_root, CPU, mode="resume")


def test_continue_needs_the_same_network(mnist_root):
    job = ClassifierTraining(preset(FAST), TrainSettings(epochs=1), mnist_root, CPU)
    train(job, should_stop=lambda: True)
    other = set_arg(preset(FAST), 0, "out_channels", 16)
    with pytest.raises(TrainingError, match="the network changed"):
        ClassifierTraining(other, TrainSettings(epochs=1), mnist_root, CPU, start_from=job.result(), mode="more")


def test_a_learning_rate_far_too_high_stops_with_finite_weights(mnist_root):
    # two Linear layers and nothing between: nothing saturates, so SGD at lr=100 diverges
    spec = {"input": [1, 28, 28], "layers": [{"type": "Flatten"}, {"type": "Linear", "out_features": 64},
                                             {"type": "Linear", "out_features": 10}]}
    settings = TrainSettings(epochs=1, lr=100.0, optimizer="sgd", schedule="constant")
    job = ClassifierTraining(spec, settings, mnist_root, CPU)
    done = train(job)[-1]
    assert done.reason == "non_finite", done
    assert done.steps < job.batches.steps_per_epoch  # caught at the step it happened (on the CPU)
    assert "learning rate" in done.message
    result = job.result()
    assert result.optimizer_state is None  # its moments may hold NaN: continue starts it afresh
    assert all(torch.isfinite(v).all() for v in result.state_dict.values() if v.is_floating_point())


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda s: set_arg(s, 10, "out_features", 7), "ends in 7 class scores but MNIST"),
        (lambda s: {"input": [1, 28, 28], "layers": []}, "fix the network in the CNN builder first"),
    ],
)
def test_networks_that_cannot_train(mnist_root, change, message):
    with pytest.raises(TrainingError, match=message):
        ClassifierTraining(change(preset(FAST)), TrainSettings(), mnist_root, CPU)


def test_caps_and_settings(mnist_root):
    with pytest.raises(TrainingError, match="trains at most 1,000"):
        ClassifierTraining(preset(FAST), TrainSettings(), mnist_root, CPU, limits=TrainLimits(max_params=1000))
    with pytest.raises(TrainingError, match="epochs must be between 1 and 5"):
        ClassifierTraining(preset(FAST), TrainSettings(epochs=9), mnist_root, CPU, limits=TrainLimits(max_epochs=5))
    with pytest.raises(TrainingError, match="learning rate must be above 0"):
        ClassifierTraining(preset(FAST), TrainSettings(lr=0), mnist_root, CPU)


def test_digits_are_adapted_to_a_48x48_rgb_network(mnist_root):
    job = ClassifierTraining(preset("Classic CNN (48×48 RGB)"), TrainSettings(batch_size=16), mnist_root, CPU)
    x, y = next(job.batches.epoch(1))
    assert x.shape == (16, 3, 48, 48) and y.shape == (16,)
    assert torch.equal(x[:, 0], x[:, 1])  # gray replicated into RGB
    assert abs(x.mean().item()) < 0.5  # normalized with the data's statistics


def test_augmentation_draws_per_image_parameters_and_is_seeded():
    adapter = InputAdapter(1, 28, 28, (0.5,), (0.5,))
    digit = torch.zeros(1, 1, 28, 28, dtype=torch.uint8)
    digit[..., 6:22, 12:16] = 255  # a vertical bar
    batch = adapter.to_unit(digit.repeat(4, 1, 1, 1))
    a = augment(batch, torch.Generator().manual_seed(1), rotate=10, jitter=0)
    b = augment(batch, torch.Generator().manual_seed(1), rotate=10, jitter=0)
    assert torch.equal(a, b)
    assert not torch.equal(a[0], a[1])  # each image its own angle
    assert a.shape == batch.shape and 0 <= a.min() and a.max() <= 1
    bright = augment(batch, torch.Generator().manual_seed(2), rotate=0, jitter=0.2)
    assert not torch.equal(bright, batch) and bright.max() <= 1
