"""Backprop by hand: gradients equal autograd's on random networks, the backprop_step JSON contract,
plain errors for every bad request, the chain-rule lines, the walkthrough, the graph and training."""

import json
import math
import random

import pytest
import torch

from playground.basics import backprop as bp
from playground.basics.backprop_explain import chain_rule_lines, fmt, graph, stages
from playground.errors import UserError
from playground.views import basics as bv

REQUEST = {"x": [1.0, -2.0], "y": 1, "w1": [[0.1, 0.2], [-0.3, 0.4]], "b1": [0.0, 0.1], "w2": [0.5, -0.6],
           "b2": 0.2, "activation": "tanh", "loss": "mse", "lr": 0.1}


def request(**changes) -> dict:
    return {**REQUEST, **changes}


def random_network(rng: random.Random, activation: str, loss: str) -> bp.Network:
    def n() -> float:
        return rng.gauss(0.0, 1.5)

    y = rng.random() if loss == "bce" else n()
    return bp.parse_network({"x": [n(), n()], "y": y, "w1": [[n(), n()], [n(), n()]], "b1": [n(), n()],
                             "w2": [n(), n()], "b2": n(), "activation": activation, "loss": loss, "lr": 0.1})


@pytest.mark.parametrize("loss", bp.LOSSES)
@pytest.mark.parametrize("activation", bp.BACKPROP_ACTIVATIONS)
def test_hand_gradients_equal_autograd_on_200_random_networks(activation, loss):
    rng = random.Random(f"{activation}-{loss}")
    for _ in range(200):
        net = random_network(rng, activation, loss)
        hand, auto = bp.hand_gradients(net), bp.autograd_gradients(net)
        assert list(hand) == list(bp.PARAMS)
        assert all(abs(hand[p] - auto[p]) < 1e-6 for p in bp.PARAMS), (net, hand, auto)
        rows = bp.check(net)
        assert [r["parameter"] for r in rows] == list(bp.PARAMS) and all(r["agrees"] for r in rows)


def torch_forward(params: dict, x: list, y: float, activation: str, loss: str) -> tuple[list, float, float]:
    """An independent forward pass (torch, float64) of the contract's network: (hidden, output, loss)."""
    w1, b1 = torch.tensor(params["w1"], dtype=torch.float64), torch.tensor(params["b1"], dtype=torch.float64)
    w2 = torch.tensor(params["w2"], dtype=torch.float64)
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    h = act(w1 @ torch.tensor(x, dtype=torch.float64) + b1)
    z = w2 @ h + params["b2"]
    if loss == "mse":
        return h.tolist(), z.item(), ((z - y) ** 2).item()
    p = torch.sigmoid(z)
    return h.tolist(), p.item(), -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).item()


@pytest.mark.parametrize("activation, loss", [("sigmoid", "bce"), ("tanh", "mse"), ("relu", "mse"), ("relu", "bce")])
def test_the_json_contract(activation, loss):
    req = request(activation=activation, loss=loss, lr=0.5)
    out = bp.backprop_step_json(json.dumps(req))
    assert list(out) == ["hidden", "output", "loss", "grads", "updated", "loss_after"]
    for key in ("grads", "updated"):
        part = out[key]
        assert list(part) == ["w1", "b1", "w2", "b2"]
        assert [len(row) for row in part["w1"]] == [2, 2] and len(part["b1"]) == len(part["w2"]) == 2
        assert isinstance(part["b2"], float)
    hidden, output, loss_value = torch_forward(req, req["x"], req["y"], activation, loss)
    assert out["hidden"] == pytest.approx(hidden, abs=1e-12)
    assert out["output"] == pytest.approx(output, abs=1e-12) and out["loss"] == pytest.approx(loss_value, abs=1e-12)
    grads, updated = bp.flatten(out["grads"]), bp.flatten(out["updated"])
    params = bp.flatten(req)
    assert all(updated[p] == params[p] - 0.5 * grads[p] for p in bp.PARAMS)  # plain SGD, exactly
    assert grads == pytest.approx(bp.autograd_gradients(bp.parse_network(req)), abs=1e-9)
    _, _, after = torch_forward(out["updated"], req["x"], req["y"], activation, loss)
    assert out["loss_after"] == pytest.approx(after, abs=1e-12)
    small = bp.backprop_step_json(json.dumps(request(activation=activation, loss=loss, lr=0.01)))
    assert small["loss_after"] < small["loss"]  # a small step goes downhill
    json.dumps(out)  # plain JSON-able data


DEEP = "[" * 40_000 + "]" * 40_000  # 80 kB: under the size cap, far too deep


BAD = [
    ("{x: 1}", "not valid JSON"),
    ("", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    (json.dumps({k: v for k, v in REQUEST.items() if k != "w2"}), "missing w2"),
    (json.dumps(request(momentum=0.9)), "unknown keys momentum"),
    (json.dumps(request(x=[[1.0, 2.0]])), "x must be a list of 2 numbers"),
    (json.dumps(request(x=[1.0, [2.0]])), "x[1] must be a number"),
    (json.dumps(request(b2=[0.2])), "b2 must be a number"),
    (json.dumps(request(y=[1])), "y must be a number"),
    (json.dumps(request(x=[1.0, 2.0, 3.0])), "x must be a list of 2"),
    (json.dumps(request(w1=[[0.1, 0.2]])), "w1 must be 2 rows"),
    (json.dumps(request(w1=[[0.1, 0.2], [0.3]])), "w1[1] must be a list of 2"),
    (json.dumps(request(w1=[[[0.1], 0.2], [0.3, 0.4]])), "w1[0][0] must be a number"),
    (json.dumps(request(b1=[0.0, "0.1"])), "b1[1] must be a number"),
    (json.dumps(request(y=True)), "y must be a number"),
    (json.dumps(request(lr=False)), "lr must be a number"),
    (json.dumps(request(x=None)), "x must be a list"),
    (json.dumps(request(activation="softplus")), "activation must be one of sigmoid, tanh, relu"),
    (json.dumps(request(activation=1)), "activation must be one of"),
    (json.dumps(request(loss="hinge")), "loss must be one of mse, bce"),
    (json.dumps(request(b2=float("nan"))), "NaN"),
    (json.dumps(request(x=[float("inf"), 1.0])), "Infinity"),
    (json.dumps(request(w2=[float("-inf"), 1.0])), "-Infinity"),
    (json.dumps(REQUEST).replace('"x": [1.0,', '"x": [1e999,'), "x[0] must be a finite number"),
    (json.dumps(request(y=2e6)), "between"),
    (json.dumps(request(b2=10**400)), "between"),
    ('{"b2": ' + "9" * 5000 + "}", "too long"),
    (json.dumps(request(loss="bce", y=1.5)), "between 0 and 1"),
    (json.dumps(request(loss="bce", y=-0.1)), "between 0 and 1"),
    (json.dumps(request(lr=0)), "above 0"),
    (json.dumps(request(lr=-0.1)), "above 0"),
    (json.dumps(request(lr=1000.5)), "at most 1000"),
    (json.dumps(request(lr=1e9)), "at most 1000"),
    (json.dumps(request(lr=10**400)), "at most 1000"),
    (json.dumps({**REQUEST, "pad": " " * 100_001}), "over 100 kB"),
    (DEEP, "nested"),
]


@pytest.mark.parametrize("text, words", BAD, ids=[f"{i}-{words}" for i, (_, words) in enumerate(BAD)])
def test_every_bad_request_gets_a_plain_message(text, words):
    with pytest.raises(bp.BasicsError) as exc:
        bp.backprop_step_json(text)
    assert isinstance(exc.value, UserError)
    message = str(exc.value)
    assert words in message, message
    assert "Error" not in message and "\n" not in message and len(message) < 300


def test_the_limits_themselves_are_accepted():
    out = bp.backprop_step_json(json.dumps(request(lr=1000, loss="bce", y=0, b2=-1e6)))
    assert math.isfinite(out["loss_after"])
    bp.backprop_step_json(json.dumps(request(activation=" ReLU ", y=1e6)))
    with pytest.raises(bp.BasicsError):
        bp.backprop_step_json(b"{}")  # bytes are not text


def test_check_reports_hand_autograd_and_agreement():
    rows = bp.check(bp.parse_network(REQUEST))
    assert len(rows) == 9 and rows[0]["label"] == "w₁₁" and rows[-1]["label"] == "c"
    assert set(rows[0]) == {"parameter", "label", "hand", "autograd", "difference", "agrees"}
    assert all(r["agrees"] and r["difference"] < 1e-12 for r in rows)


def test_chain_rule_lines_write_out_every_product():
    net = bp.parse_network(request(activation="sigmoid", loss="bce"))
    lines, grads = chain_rule_lines(net), bp.hand_gradients(net)
    assert len(lines) == 9
    assert lines[0].startswith("∂L/∂w₁₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂h₁ · ∂h₁/∂u₁ · ∂u₁/∂w₁₁ = (")
    assert [line.split(" = ")[0] for line in lines] == [f"∂L/∂{bp.LABELS[p]}" for p in bp.PARAMS]
    for line, name in zip(lines, bp.PARAMS):
        assert line.endswith(f"= {fmt(grads[name])}")
        factors = [float(f.strip("()")) for f in line.split(" = ")[2].split(" · ")]
        assert math.prod(factors) == pytest.approx(grads[name], rel=2e-3, abs=1e-6)  # the shown numbers multiply out
    # mse: ∂ŷ/∂z is 1; a saturated sigmoid output falls back to ∂L/∂z, which stays finite
    assert "· (1) ·" in chain_rule_lines(bp.parse_network(REQUEST))[0]
    saturated = bp.parse_network(request(loss="bce", y=0, b2=1000.0))
    assert all("∂L/∂z" in line and "inf" not in line for line in chain_rule_lines(saturated))
    assert all(r["agrees"] for r in bp.check(saturated))


def test_stages_walk_forward_loss_backward_update():
    net = bp.parse_network(request(lr=0.3))
    first = stages(net)
    assert [s.title for s in first] == ["1. Forward pass", "2. Loss", "3. Backward pass (chain rule)", "4. Update"]
    assert first[0].values["h1"] == pytest.approx(math.tanh(0.1 * 1.0 + 0.2 * -2.0 + 0.0))
    assert first[1].values["loss"] == bp.forward(net).loss and first[1].lines[0].startswith("L = (ŷ − y)² = ")
    assert first[2].lines == chain_rule_lines(net)
    step = bp.backprop_step(net)
    assert first[3].values["updated"] == step["updated"] and first[3].values["loss_after"] == step["loss_after"]
    # momentum: the second step uses v = μ·v + g, as torch.optim.SGD does
    after = bp.with_parameters(net, bp.flatten(first[3].values["updated"]))
    second = stages(after, momentum=0.9, velocity=first[3].values["velocity"])
    reference = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in bp.parameters(net).values()]
    sgd = torch.optim.SGD(reference, lr=0.3, momentum=0.9)
    for current in (net, after):
        for tensor, g in zip(reference, bp.hand_gradients(current).values()):
            tensor.grad = torch.tensor(g, dtype=torch.float64)
        sgd.step()
    expected = [t.item() for t in reference]
    assert list(bp.flatten(second[3].values["updated"]).values()) == pytest.approx(expected, abs=1e-12)
    assert "v ← 0.9·v + ∂L/∂w" in second[3].lines[0]


def test_graph_nodes_and_edges():
    net = bp.parse_network(request(activation="relu", loss="bce"))
    data = graph(net)
    names = [n["name"] for n in data["nodes"]]
    assert len(names) == 18 and set(bp.PARAMS) <= set(names) and {"x1", "u2", "h1", "z", "yhat", "L"} <= set(names)
    assert all({"from", "to", "local", "gradient"} == set(e) for e in data["edges"]) and len(data["edges"]) == 19
    grads = bp.hand_gradients(net)
    for e in data["edges"]:
        assert e["from"] in names and e["to"] in names
        if e["from"] in bp.PARAMS:
            assert e["gradient"] == pytest.approx(grads[e["from"]])
    nodes = {n["name"]: n for n in data["nodes"]}
    assert nodes["L"]["value"] == bp.forward(net).loss and nodes["w2[0]"]["grad"] == grads["w2[0]"]
    fig = bv.graph_figure(net)  # drawn by the views from these numbers
    assert [t.name for t in fig.data[1:]] == ["gradients", "values", "nodes"] and len(fig.data[-1].x) == 18


def test_train_steps_loss_falls():
    net = bp.parse_network(request(activation="sigmoid", loss="bce", lr=1.0))
    losses = bp.train_steps(net, n=100)
    assert len(losses) == 101 and losses[0] == bp.forward(net).loss
    assert losses[-1] < 0.2 * losses[0] and all(b <= a + 1e-12 for a, b in zip(losses, losses[1:]))
    with_momentum = bp.train_steps(net, n=100, momentum=0.9)
    assert with_momentum[-1] < losses[-1]
    assert bp.train_steps(bp.parse_network(request(lr=0.05)), n=200)[-1] < 1e-3  # mse fits one example
    for bad in (dict(n=0), dict(n=True), dict(lr=0), dict(momentum=1.0), dict(momentum=-0.1)):
        with pytest.raises(bp.BasicsError):
            bp.train_steps(net, **bad)
