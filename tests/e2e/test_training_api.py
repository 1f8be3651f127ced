"""The Training tab's API through gradio_client: separate sessions, evaluation, weight uploads."""

import io
import json
import re
from pathlib import Path

import pytest
import torch
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from safetensors import safe_open

from playground.train import checkpoint
from playground.train.evaluation import evaluate
from tests.conftest import wait_until

pytestmark = pytest.mark.usefixtures("needs_mnist")  # the app trains on the real digits

# dataset, epochs, batch size, lr, optimizer, schedule, weight decay, validation split, seed, rotate, jitter, precision
def settings(epochs: int, seed: int) -> list:
    return ["mnist", epochs, 128, 0.003, "adam", "onecycle", 0, 0.1, seed, True, True, "auto"]


def weights(client: Client) -> tuple[dict, dict]:
    path = client.predict(api_name="/export_weights")
    with safe_open(path, "pt") as f:
        return f.metadata(), {k: f.get_tensor(k) for k in f.keys()}


def test_two_sessions_training_at_once_keep_separate_weights(app_url, mnist_root):
    a, b = Client(app_url, verbose=False), Client(app_url, verbose=False)
    job_a = a.submit(*settings(1, 1), api_name="/train")
    job_b = b.submit(*settings(2, 2), api_name="/train")
    job_a.result(timeout=300), job_b.result(timeout=300)
    meta_a, w_a = weights(a)
    meta_b, w_b = weights(b)
    assert (int(meta_a["steps"]), int(meta_b["steps"])) == (56, 112)  # 7,200 training digits / 128 per step
    assert json.loads(meta_a["network"])["layers"][0]["type"] == "Conv2d"
    assert not torch.equal(w_a["conv1.weight"], w_b["conv1.weight"])
    summary = a.predict(api_name="/evaluate")
    html = next(v for v in summary if isinstance(v, str) and "test accuracy" in v)
    # the card's label is an <abbr> that defines accuracy
    card = re.search(r"([\d.]+)%</div><div class=\"pg-card-label\">(?:<abbr[^>]*>)?test accuracy", html)
    shown = float(card.group(1))
    # the page's figure is the exported model's accuracy on the same held-out digits, computed here
    trained = checkpoint.from_bytes(Path(a.predict(api_name="/export_weights")).read_bytes(),
                                    json.loads(meta_a["network"]))
    local = evaluate(trained, mnist_root, torch.device("cpu")).accuracy
    assert shown == pytest.approx(100 * local, abs=0.11) and shown > 90  # within 2 of 2,000 digits (bf16 rounding)


def test_bad_weight_files_are_refused_and_change_nothing(app_url, tmp_path):
    client = Client(app_url, verbose=False)
    with pytest.raises(AppError, match="no trained weights"):
        client.predict(api_name="/export_weights")
    pickled = tmp_path / "model.safetensors"
    buffer = io.BytesIO()
    torch.save({"conv1.weight": torch.zeros(1)}, buffer)
    pickled.write_bytes(buffer.getvalue())
    with pytest.raises(AppError, match="pickled PyTorch file"):
        client.predict(handle_file(str(pickled)), api_name="/load_weights")
    renamed = tmp_path / "notes.safetensors"
    renamed.write_text("just some text")
    with pytest.raises(AppError, match="not a .safetensors file"):
        client.predict(handle_file(str(renamed)), api_name="/load_weights")
    with pytest.raises(AppError, match="no trained weights"):  # the session still has none
        client.predict(api_name="/export_weights")


def test_a_saved_checkpoint_loads_back(app_url, tmp_path):
    source, target = Client(app_url, verbose=False), Client(app_url, verbose=False)
    source.predict(*settings(1, 3), api_name="/train")
    path = source.predict(api_name="/export_weights")
    target.predict(handle_file(path), api_name="/load_weights")
    assert torch.equal(weights(target)[1]["fc1.weight"], weights(source)[1]["fc1.weight"])


def test_continue_finishes_a_stopped_run_and_train_more_adds_epochs(app_url):
    client = Client(app_url, verbose=False)
    with pytest.raises(AppError, match="no model to continue"):
        client.predict(*settings(1, 4), api_name="/continue_training")
    job = client.submit(*settings(2, 4), api_name="/train")
    assert wait_until(lambda: any("step" in str(o) for o in job.outputs()), timeout=120), "no step within 2 min"
    client.predict(api_name="/stop_training")
    job.result(timeout=120)
    stopped = int(weights(client)[0]["steps"])
    assert 0 < stopped < 112
    client.predict(*settings(1, 99), api_name="/continue_training")  # finishes the 2-epoch run, whatever the controls
    assert int(weights(client)[0]["steps"]) == 112
    with pytest.raises(AppError, match="nothing to continue"):
        client.predict(*settings(1, 4), api_name="/continue_training")
    client.predict(*settings(1, 4), api_name="/train_more")
    assert int(weights(client)[0]["steps"]) == 168


def test_errors_leave_the_session_model_intact_and_are_logged_as_one_line(app_url, app_log):
    client = Client(app_url, verbose=False)
    client.predict(*settings(1, 5), api_name="/train")
    before = weights(client)[1]["fc1.weight"]
    bad = ["mnist", 1, 128, -1, "adam", "onecycle", 0, 0.1, 5, True, True, "auto"]
    with pytest.raises(AppError, match="learning rate must be above 0"):
        client.predict(*bad, api_name="/train")
    gtsrb = ["gtsrb", *settings(1, 5)[1:]]
    with pytest.raises(AppError, match="GTSRB .* has 43 classes"):  # the message a person must act on, unmangled
        client.predict(*gtsrb, api_name="/train")
    offline = ["kmnist", *settings(1, 5)[1:]]
    with pytest.raises(AppError) as info:
        client.predict(*offline, api_name="/train")
    message = str(info.value)
    assert "could not be downloaded" in message and "KMNIST/raw" in message
    assert not any(name in message for name in ("URLError", "RuntimeError", "Error:", "&lt;", "<urlopen"))
    assert torch.equal(weights(client)[1]["fc1.weight"], before)  # the trained model survived every error
    log = app_log.read_text()
    assert "learning rate must be above 0" in log and "Traceback" not in log


def test_train_takes_named_settings(app_url):
    """Clients name the settings they change; the rest keep the page's defaults."""
    client = Client(app_url, verbose=False)
    client.predict(dataset="mnist", epochs=1, batch_size=256, seed=7, api_name="/train")
    meta, _ = weights(client)
    assert int(meta["steps"]) == 28  # 7,200 training digits / 256 per step
    names = [p["parameter_name"] for p in client.view_api(return_format="dict", print_info=False)
             ["named_endpoints"]["/train"]["parameters"]]
    assert names[:4] == ["dataset", "epochs", "batch_size", "lr"] and "precision" in names
