"""backprop_step through gradio_client: a random network's gradients and update match autograd here."""

import json
import random

import pytest
import torch
from gradio_client.exceptions import AppError


def _autograd(req: dict) -> dict:
    """The contract computed independently with torch autograd, in float64."""
    t = {k: torch.tensor(req[k], dtype=torch.float64, requires_grad=True) for k in ("w1", "b1", "w2", "b2")}
    x = torch.tensor(req["x"], dtype=torch.float64)
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[req["activation"]]

    def loss_of(p):
        h = act(p["w1"] @ x + p["b1"])
        z = p["w2"] @ h + p["b2"]
        if req["loss"] == "mse":
            return h, z, (z - req["y"]) ** 2
        yhat = torch.sigmoid(z)
        return h, yhat, -(req["y"] * torch.log(yhat) + (1 - req["y"]) * torch.log(1 - yhat))

    h, yhat, loss = loss_of(t)
    loss.backward()
    updated = {k: (v - req["lr"] * v.grad).detach() for k, v in t.items()}
    h, yhat, loss = h.detach(), yhat.detach(), loss.detach()
    return {"hidden": h.tolist(), "output": float(yhat), "loss": float(loss),
            "grads": {k: v.grad.tolist() for k, v in t.items()}, "updated": {k: v.tolist() for k, v in updated.items()},
            "loss_after": float(loss_of(updated)[2])}


def _close(a, b):
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return abs(a - b) < 1e-9 * max(1, abs(b))


@pytest.mark.parametrize("activation, loss", [("sigmoid", "mse"), ("tanh", "bce"), ("relu", "mse")])
def test_backprop_step_matches_autograd(client, activation, loss):
    rng = random.Random(hash((activation, loss)) % 1000)
    r = lambda: round(rng.uniform(-2, 2), 4)  # noqa: E731
    req = {"x": [r(), r()], "y": rng.choice([0.0, 1.0]), "w1": [[r(), r()], [r(), r()]], "b1": [r(), r()],
           "w2": [r(), r()], "b2": r(), "activation": activation, "loss": loss, "lr": 0.1}
    got = client.predict(json.dumps(req), api_name="/backprop_step")
    want = _autograd(req)
    assert set(got) == set(want)
    for key in ("hidden", "output", "loss", "loss_after"):
        assert _close(got[key], want[key]), key
    for part in ("grads", "updated"):
        for key in ("w1", "b1", "w2", "b2"):
            assert _close(got[part][key], want[part][key]), (part, key)


@pytest.mark.parametrize("text, message", [("{not json", "json"), ('{"x": [1, 2]}', "missing"),
                                           ('{"x": [1], "y": 1, "w1": [[1, 2], [3, 4]], "b1": [0, 0], "w2": [1, 1], '
                                            '"b2": 0, "activation": "relu", "loss": "mse", "lr": 0.1}', "x"),
                                           ('{"x": [1, 2], "y": 1, "w1": [[1, 2], [3, 4]], "b1": [0, 0], "w2": [1, 1], '
                                            '"b2": 0, "activation": "swish", "loss": "mse", "lr": 0.1}', "activation")])
def test_bad_requests_get_plain_messages(client, text, message):
    with pytest.raises(AppError, match=f"(?i){message}"):
        client.predict(text, api_name="/backprop_step")
