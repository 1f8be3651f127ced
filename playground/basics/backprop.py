"""Backpropagation on the smallest network worth the name: 2 inputs → 2 hidden → 1 output, one example.

Owns the ``backprop_step`` JSON contract (``backprop_step_json``), the gradients computed
by hand with the chain rule in plain Python (``hand_gradients``) and, separately, by
autograd (``autograd_gradients``), their comparison (``check``), SGD with optional momentum (``sgd_update``)
and "Train N steps" (``train_steps``). Everything is float64. The words for people (the
chain-rule products with their numbers, the Next/Back stages) and the computational graph
live in ``backprop_explain``.

The network (the contract's names): hidden unit j computes ``u_j = w1[j][0]·x1 + w1[j][1]·x2
+ b1[j]`` and ``h_j = act(u_j)``; then ``z = w2[0]·h1 + w2[1]·h2 + b2``. With "mse" the
output is ``ŷ = z`` and ``L = (ŷ − y)²``; with "bce" ``ŷ = sigmoid(z)`` and
``L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]``. For people, w1 is w₁₁ w₁₂ w₂₁ w₂₂, b1 is b₁ b₂,
w2 is v₁ v₂ and b2 is c (see ``LABELS``).
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F

from playground.basics.activations import BasicsError, term

BACKPROP_ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("mse", "bce")
MAX_JSON_BYTES = 100_000  # largest JSON text backprop_step_json reads
MAX_ABS = 1e6  # every input number lies in [-MAX_ABS, MAX_ABS], so nothing overflows float64
MAX_LR = 1e3  # a learning rate lies in (0, MAX_LR]
MAX_STEPS = 10_000  # most steps train_steps runs
TRAIN_STEPS = 100  # what the walk's "Train 100 steps" runs
RANDOM_WEIGHT = 1.0  # "Random weights" draws each parameter uniformly from [−RANDOM_WEIGHT, RANDOM_WEIGHT]
RANDOM_DECIMALS = 2  # ... rounded to this many decimals, so the boxes show short numbers
TOLERANCE = 1e-6  # "autograd agrees": |hand − autograd| below this (relative above magnitude 1)

# the nine parameters, flat, named by their place in the JSON contract, in chain-rule order
PARAMS = ("w1[0][0]", "w1[0][1]", "w1[1][0]", "w1[1][1]", "b1[0]", "b1[1]", "w2[0]", "w2[1]", "b2")
LABELS = {"w1[0][0]": "w₁₁", "w1[0][1]": "w₁₂", "w1[1][0]": "w₂₁", "w1[1][1]": "w₂₂",
          "b1[0]": "b₁", "b1[1]": "b₂", "w2[0]": "v₁", "w2[1]": "v₂", "b2": "c"}
KEYS = ("x", "y", "w1", "b1", "w2", "b2", "activation", "loss", "lr")  # the request's keys
SUB = ("₁", "₂")


@dataclass(frozen=True)
class Network:
    """One example and the weights of the 2-2-1 network, checked (build it with ``parse_network``)."""

    x: tuple[float, float]  # the example's inputs (x1, x2)
    y: float  # its target (in [0, 1] for "bce")
    w1: tuple[tuple[float, float], tuple[float, float]]  # w1[j] = hidden unit j's weights on (x1, x2)
    b1: tuple[float, float]  # hidden biases (b₁, b₂)
    w2: tuple[float, float]  # output weights (v₁, v₂) on (h1, h2)
    b2: float  # output bias c
    activation: str  # of the hidden units: "sigmoid", "tanh" or "relu"
    loss: str  # "mse" (ŷ = z) or "bce" (ŷ = sigmoid(z))
    lr: float = 0.1  # SGD learning rate η


@dataclass(frozen=True)
class Forward:
    """Every value of the forward pass."""

    u: tuple[float, float]  # pre-activations of the hidden units
    h: tuple[float, float]  # hidden outputs act(u)
    z: float  # the output unit's weighted sum
    yhat: float  # the prediction ŷ
    loss: float  # L


@dataclass(frozen=True)
class Local:
    """The local derivatives the chain rule multiplies, at the current values."""

    dl_dyhat: float  # ∂L/∂ŷ (inf where a bce prediction is exactly 0 or 1 in float64)
    dyhat_dz: float  # ∂ŷ/∂z
    dl_dz: float  # ∂L/∂z, computed directly (ŷ − y for bce), so it stays finite
    dh_du: tuple[float, float]  # act'(u_j)


# --------------------------------------------------------------------------- parsing and checks

def _show(value: object) -> str:
    text = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value: object, where: str, bounded: bool = True) -> float:
    """A finite float from a JSON number (booleans refused), within ±MAX_ABS where ``bounded``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BasicsError("basics.err_not_number", what=term(where), value=_show(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise BasicsError("basics.err_not_finite", what=term(where), value=value)
    if bounded and abs(value) > MAX_ABS:
        raise BasicsError("basics.err_between", what=term(where), low=f"-{MAX_ABS:,.0f}", high=f"{MAX_ABS:,.0f}",
                          value=_show(value))
    if abs(value) > 1e300:  # float(10**400) would raise
        return math.inf if value > 0 else -math.inf
    return float(value)


def _pair(value: object, where: str) -> tuple[float, float]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise BasicsError("basics.err_pair", what=term(where), value=_show(value))
    return _number(value[0], f"{where}[0]"), _number(value[1], f"{where}[1]")


def _choice(value: object, options: tuple[str, ...], what: str) -> str:
    if isinstance(value, str) and value.strip().lower() in options:
        return value.strip().lower()
    raise BasicsError("basics.err_choice", what=term(what), options=", ".join(options), value=_show(value))


def check_lr(lr: object) -> float:
    """A learning rate in (0, MAX_LR], or a plain error."""
    value = _number(lr, "basics.what_lr_code", bounded=False)
    if not 0 < value <= MAX_LR:
        raise BasicsError("basics.err_lr", what=term("basics.what_lr_code"), most=f"{MAX_LR:g}", value=_show(lr))
    return value


def parse_network(data: object) -> Network:
    """Check a request (a dict with exactly the contract's keys) and build the Network it describes."""
    if not isinstance(data, dict):
        raise BasicsError("basics.err_request_object")
    missing = [k for k in KEYS if k not in data]
    if missing:
        raise BasicsError("basics.err_request_missing", missing=", ".join(missing), keys=", ".join(KEYS))
    extra = [str(k) for k in data if k not in KEYS]
    if extra:
        raise BasicsError("basics.err_request_extra", extra=", ".join(extra), keys=", ".join(KEYS))
    w1 = data["w1"]
    if not isinstance(w1, (list, tuple)) or len(w1) != 2:
        raise BasicsError("basics.err_w1", value=_show(w1))
    loss = _choice(data["loss"], LOSSES, "basics.what_loss")
    net = Network(
        x=_pair(data["x"], "x"), y=_number(data["y"], "y"), w1=(_pair(w1[0], "w1[0]"), _pair(w1[1], "w1[1]")),
        b1=_pair(data["b1"], "b1"), w2=_pair(data["w2"], "w2"), b2=_number(data["b2"], "b2"),
        activation=_choice(data["activation"], BACKPROP_ACTIVATIONS, "basics.what_activation"), loss=loss,
        lr=check_lr(data["lr"]))
    if loss == "bce" and not 0 <= net.y <= 1:
        raise BasicsError("basics.err_bce_target", value=_show(data["y"]))
    return net


def from_controls(x1: object, x2: object, y: object, activation: object, loss: object, lr: object,
                  *weights: object) -> Network:
    """The network the walk's boxes describe: the example, the activation, the loss, η and the nine weights
    (``PARAMS`` order); an empty box is a plain error."""
    if len(weights) != len(PARAMS) or not all(isinstance(w, (int, float)) for w in weights):
        raise BasicsError("basics.err_weight_number")
    return parse_network({"x": [x1, x2], "y": y, **nest(dict(zip(PARAMS, weights))), "activation": activation,
                          "loss": loss, "lr": lr})


def random_weights(rng: random.Random | None = None) -> list[float]:
    """Nine fresh weights (``PARAMS`` order) for "Random weights": a generator per call, never the global one."""
    rng = rng or random.Random()
    return [round(rng.uniform(-RANDOM_WEIGHT, RANDOM_WEIGHT), RANDOM_DECIMALS) for _ in PARAMS]


def _refuse_constant(name: str) -> float:
    raise BasicsError("basics.err_json_constant", name=name)


def parse_json(text: object) -> Network:
    """Read a request from JSON text (at most 100 kB) and check it."""
    if not isinstance(text, str):
        raise BasicsError("basics.err_json_text")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_JSON_BYTES:
        raise BasicsError("basics.err_json_size", kb=MAX_JSON_BYTES // 1000)
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise BasicsError("basics.err_json_invalid", msg=exc.msg, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise BasicsError("basics.err_json_deep") from None
    except BasicsError:
        raise
    except ValueError:  # e.g. an integer of thousands of digits
        raise BasicsError("basics.err_json_long_number") from None
    return parse_network(data)


# --------------------------------------------------------------------------- the math, by hand

def _act(name: str, u: float) -> float:
    if name == "sigmoid":
        return _sigmoid(u)
    return math.tanh(u) if name == "tanh" else max(u, 0.0)


def _act_slope(name: str, u: float, h: float) -> float:
    """act'(u) from the output h: σ' = h(1 − h), tanh' = 1 − h², relu' = 1 for u > 0 else 0 (as PyTorch)."""
    if name == "sigmoid":
        return h * (1.0 - h)
    return 1.0 - h * h if name == "tanh" else float(u > 0)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # for z < 0, so it cannot overflow
    return e / (1.0 + e)


def forward(net: Network) -> Forward:
    """The forward pass in plain float64 Python."""
    u = tuple(net.w1[j][0] * net.x[0] + net.w1[j][1] * net.x[1] + net.b1[j] for j in range(2))
    h = tuple(_act(net.activation, uj) for uj in u)
    z = net.w2[0] * h[0] + net.w2[1] * h[1] + net.b2
    if net.loss == "mse":
        return Forward(u, h, z, z, (z - net.y) * (z - net.y))  # not ** 2: it raises on overflow
    # −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = softplus(z) − y·z, written so it never takes ln 0
    loss = max(z, 0.0) + math.log1p(math.exp(-abs(z))) - net.y * z
    return Forward(u, h, z, _sigmoid(z), loss)


def local_derivatives(net: Network, fwd: Forward | None = None) -> Local:
    """∂L/∂ŷ, ∂ŷ/∂z, ∂L/∂z and act'(u_j): the factors of every chain-rule product."""
    fwd = fwd or forward(net)
    slopes = (_act_slope(net.activation, fwd.u[0], fwd.h[0]), _act_slope(net.activation, fwd.u[1], fwd.h[1]))
    if net.loss == "mse":
        d = 2.0 * (fwd.yhat - net.y)
        return Local(d, 1.0, d, slopes)
    p = fwd.yhat
    spread = p * (1.0 - p)
    dl_dyhat = (p - net.y) / spread if spread > 0 else math.copysign(math.inf, p - net.y)
    return Local(dl_dyhat, spread, p - net.y, slopes)  # σ'(z) = ŷ(1 − ŷ); their product is ŷ − y


def hand_gradients(net: Network) -> dict[str, float]:
    """∂L/∂parameter for all nine parameters, by the chain rule written out in code (no autograd)."""
    fwd = forward(net)
    loc = local_derivatives(net, fwd)
    grads = {"b2": loc.dl_dz, "w2[0]": loc.dl_dz * fwd.h[0], "w2[1]": loc.dl_dz * fwd.h[1]}
    for j in range(2):
        dl_du = loc.dl_dz * net.w2[j] * loc.dh_du[j]  # ∂L/∂z · ∂z/∂h_j · ∂h_j/∂u_j
        grads[f"w1[{j}][0]"] = dl_du * net.x[0]
        grads[f"w1[{j}][1]"] = dl_du * net.x[1]
        grads[f"b1[{j}]"] = dl_du
    return {name: grads[name] for name in PARAMS}


def autograd_gradients(net: Network) -> dict[str, float]:
    """The same nine gradients, by PyTorch autograd on float64 tensors (independent of the code above)."""
    w1 = torch.tensor(net.w1, dtype=torch.float64, requires_grad=True)  # (2, 2)
    b1 = torch.tensor(net.b1, dtype=torch.float64, requires_grad=True)  # (2,)
    w2 = torch.tensor(net.w2, dtype=torch.float64, requires_grad=True)  # (2,)
    b2 = torch.tensor(net.b2, dtype=torch.float64, requires_grad=True)  # ()
    x = torch.tensor(net.x, dtype=torch.float64)
    y = torch.tensor(net.y, dtype=torch.float64)
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[net.activation]
    z = w2 @ act(w1 @ x + b1) + b2
    loss = (z - y) ** 2 if net.loss == "mse" else F.binary_cross_entropy_with_logits(z, y)
    g_w1, g_b1, g_w2, g_b2 = torch.autograd.grad(loss, (w1, b1, w2, b2))
    return flatten({"w1": g_w1.tolist(), "b1": g_b1.tolist(), "w2": g_w2.tolist(), "b2": g_b2.item()})


def check(net: Network) -> list[dict[str, object]]:
    """Per parameter: the hand gradient, autograd's, their difference and whether "autograd agrees".

    Agreement means |Δ| < 1e-6, relative to the gradient's size where that is above 1
    (float64 rounding grows with the numbers).
    """
    hand, auto = hand_gradients(net), autograd_gradients(net)
    rows = []
    for name in PARAMS:
        delta = abs(hand[name] - auto[name])
        rows.append({"parameter": name, "label": LABELS[name], "hand": hand[name], "autograd": auto[name],
                     "difference": delta, "agrees": delta < TOLERANCE * max(1.0, abs(auto[name]))})
    return rows


# --------------------------------------------------------------------------- parameters as data

def flatten(nested: dict[str, object]) -> dict[str, float]:
    """{"w1": [[..], [..]], "b1": [..], "w2": [..], "b2": c} -> {"w1[0][0]": .., ..., "b2": c}."""
    w1, b1, w2 = nested["w1"], nested["b1"], nested["w2"]
    flat = {f"w1[{j}][{i}]": float(w1[j][i]) for j in range(2) for i in range(2)}
    flat.update({f"b1[{j}]": float(b1[j]) for j in range(2)})
    flat.update({f"w2[{j}]": float(w2[j]) for j in range(2)})
    flat["b2"] = float(nested["b2"])
    return {name: flat[name] for name in PARAMS}


def nest(flat: dict[str, float]) -> dict[str, object]:
    """The inverse of ``flatten``: the contract's shape."""
    return {"w1": [[flat["w1[0][0]"], flat["w1[0][1]"]], [flat["w1[1][0]"], flat["w1[1][1]"]]],
            "b1": [flat["b1[0]"], flat["b1[1]"]], "w2": [flat["w2[0]"], flat["w2[1]"]], "b2": flat["b2"]}


def parameters(net: Network) -> dict[str, float]:
    """The network's nine parameters, flat (``PARAMS`` order)."""
    return flatten({"w1": net.w1, "b1": net.b1, "w2": net.w2, "b2": net.b2})


def with_parameters(net: Network, flat: dict[str, float]) -> Network:
    """The same example with other weights."""
    n = nest(flat)
    return replace(net, w1=(tuple(n["w1"][0]), tuple(n["w1"][1])), b1=tuple(n["b1"]), w2=tuple(n["w2"]), b2=n["b2"])


def sgd_update(net: Network, grads: dict[str, float], lr: float | None = None, momentum: float = 0.0,
               velocity: dict[str, float] | None = None) -> tuple[Network, dict[str, float]]:
    """One SGD step as PyTorch's ``torch.optim.SGD``: ``v ← μ·v + g`` (v = g at first), ``p ← p − η·v``.

    Returns the updated network and the new velocity (pass it to the next call for momentum).
    """
    lr = net.lr if lr is None else check_lr(lr)
    mu = check_momentum(momentum)
    if velocity is None or mu == 0:
        new_v = dict(grads)
    else:
        new_v = {name: mu * velocity[name] + grads[name] for name in PARAMS}
    params = parameters(net)
    return with_parameters(net, {name: params[name] - lr * new_v[name] for name in PARAMS}), new_v


def check_momentum(momentum: object) -> float:
    """A momentum in [0, 1), or a plain error."""
    value = _number(momentum, "basics.what_momentum")
    if not 0 <= value < 1:
        raise BasicsError("basics.err_momentum", value=_show(momentum))
    return value


# --------------------------------------------------------------------------- the public contract

def backprop_step(net: Network) -> dict[str, object]:
    """One forward pass, the gradients (by hand), one plain SGD step and the loss after it: the contract's reply."""
    fwd = forward(net)
    grads = hand_gradients(net)
    after, _ = sgd_update(net, grads)
    loss_after = forward(after).loss
    reply = {"hidden": list(fwd.h), "output": fwd.yhat, "loss": fwd.loss, "grads": nest(grads),
             "updated": nest(parameters(after)), "loss_after": loss_after}
    if not all(math.isfinite(v) for v in [*fwd.h, fwd.yhat, fwd.loss, loss_after, *grads.values()]):
        raise BasicsError("basics.err_too_large")
    return reply


def backprop_step_json(text: str) -> dict[str, object]:
    """The ``backprop_step`` endpoint: a JSON request in, the reply dict out (see the module docstring)."""
    return backprop_step(parse_json(text))


def train_steps(net: Network, n: int = 100, lr: float | None = None, momentum: float = 0.0) -> list[float]:
    """Repeat the step ``n`` times on the one example: the ``n + 1`` losses, before the first step and after each."""
    return train_run(net, n, lr, momentum)[0]


def train_run(net: Network, n: int = 100, lr: float | None = None,
              momentum: float = 0.0) -> tuple[list[float], Network]:
    """``train_steps``'s losses and the network they end with (the last one whose loss is a number)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_STEPS:
        raise BasicsError("basics.err_steps", most=f"{MAX_STEPS:,}")
    lr = net.lr if lr is None else check_lr(lr)
    momentum = check_momentum(momentum)
    losses, velocity = [forward(net).loss], None
    for _ in range(n):
        after, velocity = sgd_update(net, hand_gradients(net), lr, momentum, velocity)
        loss = forward(after).loss
        if not math.isfinite(loss):
            break  # the weights overflowed: the curve ends where the numbers do
        net = after
        losses.append(loss)
    return losses, net
