"""Export a spec as runnable PyTorch code: an nn.Module, and a standalone training script.

The generated code depends only on torch (and torchvision + safetensors for the
training script). Attribute names match ``build_model``'s children, so weights
move between the app and the exported class.
"""

from __future__ import annotations

from playground.cnn.layers import SpecError
from playground.cnn.spec import Spec
from playground.cnn.summary import Summary, shape_text, summarize

# The dataset a training script defaults to, by input shape; any set can be chosen with --dataset.
_DEFAULT_DATASET = {(1, 28, 28): "mnist", (3, 32, 32): "cifar10", (3, 48, 48): "gtsrb"}


def export_module(spec: Spec, class_name: str = "Net", summary: Summary | None = None) -> str:
    """The network as a clean ``nn.Module`` class followed by a runnable self-check."""
    summary = summary or summarize(spec)
    if not summary.ok:
        raise SpecError("builder.export_first", problems="; ".join(summary.errors))
    c, h, w = spec["input"]
    width = max(len(f"self.{r.name} = nn.{r.call}") for r in summary.rows)
    name_width = max(len(r.name) for r in summary.rows)
    init_lines, forward_lines = [], []
    for r in summary.rows:
        shape = f"(N, {', '.join(map(str, r.out_shape or []))})"
        init_lines.append(f"        {f'self.{r.name} = nn.{r.call}':<{width}}  # -> {shape_text(r.out_shape)}")
        forward_lines.append(f"        {f'x = self.{r.name}(x)':<{name_width + 12}}  # {shape}")
    params = f"{summary.trainable_params:,}"
    # a network that does not end in a Linear (the builder's "append_linear" note) gives features, not class scores
    scores = "features (add a Linear for class scores)" if any(r.fix == "append_linear" for r in summary.rows) \
        else "class scores (logits)"
    return f'''"""{class_name}: a CNN exported from the deep-learning playground's CNN builder.

Input: N×{c}×{h}×{w} images. Output: N×{summary.output_shape[0]} {scores}.
Trainable parameters: {params}. Multiply-accumulates per image: {summary.macs:,}.
"""

import torch
from torch import nn


class {class_name}(nn.Module):
    def __init__(self):
        super().__init__()
{chr(10).join(init_lines)}

    def forward(self, x):  # (N, {c}, {h}, {w})
{chr(10).join(forward_lines)}
        return x


if __name__ == "__main__":
    model = {class_name}()
    x = torch.randn(2, {c}, {h}, {w})
    print(model)
    print("output shape:", tuple(model(x).shape))
    print("trainable parameters:", f"{{sum(p.numel() for p in model.parameters() if p.requires_grad):,}}")
'''


def export_training_script(spec: Spec, class_name: str = "Net", summary: Summary | None = None) -> str:
    """A standalone script that trains the exported network with torchvision datasets."""
    summary = summary or summarize(spec)
    module_code = export_module(spec, class_name, summary)
    # keep the class, drop its self-check: the script has its own main()
    class_code = module_code.split('\n\nif __name__ == "__main__":')[0]
    c, h, w = spec["input"]
    num_classes = summary.output_shape[0]  # type: ignore[index]
    default = _DEFAULT_DATASET.get((c, h, w), "mnist")
    return (
        class_code.replace(
            "import torch\nfrom torch import nn\n",
            "import argparse\nimport json\nimport os\n\nimport torch\nimport torch.distributed as dist\n"
            "from torch import nn\nfrom torch.nn.parallel import DistributedDataParallel\n"
            "from torch.utils.data import DataLoader, DistributedSampler\nfrom torchvision import datasets, transforms\n",
            1,
        )
        + _SCRIPT_MAIN.replace("__C__", str(c))
        .replace("__H__", str(h))
        .replace("__W__", str(w))
        .replace("__CLASSES__", str(num_classes))
        .replace("__DEFAULT__", default)
        .replace("__NET__", class_name)
    )


_SCRIPT_MAIN = '''

# name: (torchvision class, number of classes, channels, per-channel mean, std)
DATASETS = {
    "mnist": (datasets.MNIST, 10, 1, (0.1307,), (0.3081,)),
    "fashion-mnist": (datasets.FashionMNIST, 10, 1, (0.2860,), (0.3530,)),
    "kmnist": (datasets.KMNIST, 10, 1, (0.1918,), (0.3483,)),
    "cifar10": (datasets.CIFAR10, 10, 3, (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
    "gtsrb": (datasets.GTSRB, 43, 3, (0.3403, 0.3121, 0.3214), (0.2724, 0.2608, 0.2669)),
}
INPUT = (__C__, __H__, __W__)  # what the network expects per image
NUM_CLASSES = __CLASSES__  # outputs of the last layer


def load(name, root, train):
    cls, classes, channels, mean, std = DATASETS[name]
    if classes > NUM_CLASSES:
        raise SystemExit(f"{name} has {classes} classes but the network has {NUM_CLASSES} outputs")
    steps = [transforms.Resize(INPUT[1:])]
    if channels != INPUT[0]:  # e.g. grayscale digits into a 3-channel network
        steps.append(transforms.Grayscale(num_output_channels=INPUT[0]))
        mean, std = (sum(mean) / len(mean),) * INPUT[0], (sum(std) / len(std),) * INPUT[0]
    steps += [transforms.ToTensor(), transforms.Normalize(mean, std)]
    split = {"split": "train" if train else "test"} if cls is datasets.GTSRB else {"train": train}
    return cls(root, download=True, transform=transforms.Compose(steps), **split)


def run_epoch(model, loader, device, optimizer=None, dry_run=False):
    """(mean loss, accuracy) over the loader; under torchrun, summed over every process."""
    training = optimizer is not None
    model.train(training)
    sums = torch.zeros(3, device=device)  # loss × samples, correct, samples
    with torch.set_grad_enabled(training):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            if training:
                optimizer.zero_grad()
                loss.backward()  # DistributedDataParallel averages the gradients across processes here
                optimizer.step()
            sums += torch.stack([loss.detach() * len(y), (logits.argmax(1) == y).sum(), torch.tensor(len(y), device=device)])
            if dry_run:
                break
    if dist.is_initialized():
        dist.all_reduce(sums)
    return (sums[0] / sums[2]).item(), (sums[1] / sums[2]).item()


def setup():
    """(device, rank, world size). Under torchrun (it sets WORLD_SIZE, RANK, LOCAL_RANK and the rendezvous):
    one process per GPU with NCCL, or per CPU share with Gloo. Without torchrun: one process, as before."""
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        local = int(os.environ["LOCAL_RANK"])
        if torch.cuda.is_available():
            torch.cuda.set_device(local)
            dist.init_process_group("nccl")
            device = torch.device("cuda", local)
        else:
            dist.init_process_group("gloo")
            device = torch.device("cpu")
        return device, dist.get_rank(), dist.get_world_size()
    return torch.device("cuda" if torch.cuda.is_available() else "cpu"), 0, 1


def main():
    parser = argparse.ArgumentParser(description="Train __NET__ (exported from the playground). One process: "
                                     "python train.py; several GPUs or machines: torchrun --nproc_per_node=N train.py")
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="__DEFAULT__")
    parser.add_argument("--data-dir", default="data", help="where torchvision downloads the dataset")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64, help="per process")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dry-run", action="store_true", help="one batch per epoch, to check it runs")
    parser.add_argument("--save", default="model.safetensors", help="weights file to write ('' to skip)")
    args = parser.parse_args()

    device, rank, world = setup()
    torch.manual_seed(args.seed)  # the same initial weights in every process
    if int(os.environ.get("LOCAL_RANK", "0")) == 0:  # one process per machine downloads; the others wait for it
        load(args.dataset, args.data_dir, train=True), load(args.dataset, args.data_dir, train=False)
    if world > 1:
        dist.barrier()
    train_set = load(args.dataset, args.data_dir, train=True)
    test_set = load(args.dataset, args.data_dir, train=False)
    sampler = DistributedSampler(train_set, seed=args.seed) if world > 1 else None
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=sampler is None, sampler=sampler)
    test_loader = DataLoader(test_set, batch_size=1000,
                             sampler=DistributedSampler(test_set, shuffle=False) if world > 1 else None)

    model = __NET__().to(device)
    if world > 1:
        model = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    if rank == 0:
        print(f"training on {world} process{'es' if world > 1 else ''} ({device.type})")
    for epoch in range(1, args.epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)  # a different shuffle each epoch, the same in every process
        train_loss, train_acc = run_epoch(model, train_loader, device, optimizer, args.dry_run)
        test_loss, test_acc = run_epoch(model, test_loader, device, dry_run=args.dry_run)
        if rank == 0:
            print(f"epoch {epoch}: train loss {train_loss:.4f} acc {train_acc:.2%} | test loss {test_loss:.4f} acc {test_acc:.2%}")
    if args.save and rank == 0:
        from safetensors.torch import save_file

        net = model.module if world > 1 else model
        _, _, channels, mean, std = DATASETS[args.dataset]
        if channels != INPUT[0]:
            mean, std = (sum(mean) / len(mean),) * INPUT[0], (sum(std) / len(std),) * INPUT[0]
        meta = {"dataset": args.dataset, "mean": json.dumps(list(mean)), "std": json.dumps(list(std))}
        save_file({k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()}, args.save, metadata=meta)
        print("saved", args.save)
    if world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''
