"""The 2-D playground's run as a self-contained PyTorch script (the "Show code" of the tab).

The script copies the source of ``data2d``'s functions (dataset, split, features, shuffle
order, initial weights, penalty), so it makes exactly the app's data and weights and,
with the same batches and optimizer, trains the same network. It needs only torch.
"""

from __future__ import annotations

import inspect

from playground.basics import data2d
from playground.basics.config2d import PlaygroundConfig, check_whole

_MODULES = {"tanh": "nn.Tanh()", "relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()", "linear": "nn.Identity()"}

_TRAIN = '''

def train(epochs=EPOCHS):
    """Make the data, build the network, train it; returns (model, test accuracy)."""
    g = torch.Generator().manual_seed(SEED)
    x, y = {dataset}(POINTS, NOISE, g)
    x_train, y_train, x_test, y_test = split(x, y, TRAIN_FRACTION, g)
    f_train, f_test = features(x_train, FEATURES), features(x_test, FEATURES)

    model = nn.Sequential(
{layers}
    )
    init_weights(model, torch.Generator().manual_seed(SEED + 1))
    optimizer = {optimizer}

    for epoch in range(1, epochs + 1):
        model.train()
        order = epoch_order(len(y_train), SEED, epoch)
        for start in range(0, len(order), BATCH_SIZE):
            chosen = order[start:start + BATCH_SIZE]
            logits = model(f_train[chosen]).squeeze(-1)
            loss = bce_with_logits(logits, y_train[chosen]){penalty}
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()

    model.eval()
    with torch.no_grad():
        test_logits = model(f_test).squeeze(-1)
        test_loss = bce_with_logits(test_logits, y_test).item()
        test_acc = ((test_logits > 0) == (y_test > 0.5)).float().mean().item()
    print(f"after {{epochs}} epochs: test loss {{test_loss:.4f}}, test accuracy {{test_acc:.1%}}")
    return model, test_acc


if __name__ == "__main__":
    train()
'''


def code(config: PlaygroundConfig, epochs: int = 500) -> str:
    """The network and training loop of ``config`` as a runnable script; ``train(epochs)`` is its entry point."""
    config.check()
    check_whole(epochs, 1, 100_000, "basics.what_epochs")
    widths = [len(config.features), *config.hidden]
    layers = []
    for n_in, n_out in zip(widths, widths[1:]):
        layers.append(f"        nn.Linear({n_in}, {n_out}), {_MODULES[config.activation]},")
    layers.append(f"        nn.Linear({widths[-1]}, 1),  # one logit: P(class 1) = sigmoid(logit)")
    opt = "SGD" if config.optimizer == "sgd" else "Adam"
    penalty = (f" + REG_RATE * penalty(model, {config.regularization!r})"
               if config.regularization != "none" and config.reg_rate > 0 else "")
    functions = [data2d.DATASETS[config.dataset], data2d.split, data2d.features, data2d.epoch_order,
                 data2d.init_weights, data2d.bce_with_logits]
    if penalty:
        functions.append(data2d.penalty)
    head = (f'"""A 2-D playground run in plain PyTorch: {config.dataset}, features {", ".join(config.features)}, '
            f'hidden layers {list(config.hidden)} ({config.activation}), {opt} at lr {config.lr:g}."""\n\n'
            "import math\n\nimport torch\nimport torch.nn.functional as F\nfrom torch import nn\n\n"
            f"SEED = {config.seed}\nPOINTS = {config.points}\nNOISE = {config.noise!r}\n"
            f"TRAIN_FRACTION = {config.train_fraction!r}\nFEATURES = {tuple(config.features)!r}\n"
            f"LR = {config.lr!r}\nBATCH_SIZE = {config.batch_size}\nREG_RATE = {config.reg_rate!r}\n"
            f"EPOCHS = {epochs}\n")
    sources = "\n\n".join(inspect.getsource(f) for f in functions)
    body = _TRAIN.format(dataset=config.dataset, layers="\n".join(layers), penalty=penalty,
                         optimizer=f"torch.optim.{opt}(model.parameters(), lr=LR, foreach=False)")
    return head + "\n\n" + sources + body
