"""How good a trained classifier is: loss, accuracy and probabilities on uint8 images (``predict``, also
the per-epoch validation), and on a dataset's test split the per-class report and confusion matrix
(``evaluate`` -> ``Evaluation``), with the test images by index for galleries."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from playground.data.images import load_split
from playground.devices import autocast, evaluating
from playground.train.pipeline import InputAdapter, split_on_device
from playground.train.settings import precision_dtype
from playground.train.trained import TrainedModel


def predict(
    model: torch.nn.Module, images: torch.Tensor, labels: torch.Tensor, adapter: InputAdapter,
    dtype: torch.dtype | None = None, batch: int = 1000,
) -> tuple[float, float, torch.Tensor]:
    """(mean loss, accuracy, probabilities (N, K) on the CPU) of a model on uint8 images, under autocast in
    ``dtype`` where one is given."""
    device = next(model.parameters()).device
    total_loss, probs = 0.0, []
    with evaluating(model, inference=True):
        for start in range(0, len(labels), batch):
            x = adapter(images[start : start + batch].to(device))
            y = labels[start : start + batch].to(device)
            with autocast(device, dtype):
                logits = model(x).float()
            total_loss += F.cross_entropy(logits, y, reduction="sum").item()
            probs.append(logits.softmax(1).cpu())
    p = torch.cat(probs) if probs else torch.zeros(0, 0)
    acc = (p.argmax(1) == labels.cpu()).float().mean().item() if len(labels) else 0.0
    return total_loss / max(len(labels), 1), acc, p


@dataclass
class Evaluation:
    """Test-set results of a trained model."""

    dataset: str
    classes: list[str]
    loss: float
    accuracy: float
    labels: np.ndarray  # (N,) true classes
    predictions: np.ndarray  # (N,)
    confidence: np.ndarray  # (N,) probability of the predicted class
    report: dict  # sklearn classification_report(output_dict=True)
    report_text: str
    confusion: np.ndarray  # (K, K): rows true, columns predicted
    seconds: float

    def cell(self, true: int, predicted: int, limit: int = 48) -> np.ndarray:
        """Test-set indices in one confusion-matrix cell, most confident first."""
        idx = np.flatnonzero((self.labels == true) & (self.predictions == predicted))
        return idx[np.argsort(-self.confidence[idx])][:limit]

    def confident_mistakes(self, limit: int = 24) -> np.ndarray:
        idx = np.flatnonzero(self.labels != self.predictions)
        return idx[np.argsort(-self.confidence[idx])][:limit]


def evaluate(trained: TrainedModel, data_dir: Path | str, device: torch.device) -> Evaluation:
    """Accuracy, loss, per-class report and confusion matrix on the dataset's test split."""
    from sklearn.metrics import classification_report, confusion_matrix

    start = time.perf_counter()
    images, labels, _, _ = split_on_device(trained.dataset, "test", data_dir, device)
    dtype = precision_dtype(trained.settings.precision if trained.settings else "auto", device)
    loss, acc, probs = predict(trained.model(device), images, labels, trained.adapter, dtype)
    y_true = labels.cpu().numpy()
    conf, y_pred = probs.max(1)
    k = list(range(len(trained.classes)))
    kwargs = {"labels": k, "target_names": trained.classes, "zero_division": 0, "digits": 4}
    return Evaluation(
        dataset=trained.dataset, classes=trained.classes, loss=loss, accuracy=acc, labels=y_true,
        predictions=y_pred.numpy(), confidence=conf.numpy(),
        report=classification_report(y_true, y_pred.numpy(), output_dict=True, **kwargs),
        report_text=classification_report(y_true, y_pred.numpy(), **kwargs),
        confusion=confusion_matrix(y_true, y_pred.numpy(), labels=k), seconds=time.perf_counter() - start,
    )


def test_split_images(trained: TrainedModel, data_dir: Path | str, indices: np.ndarray) -> torch.Tensor:
    """uint8 (n, C, H, W) test images by index, for galleries."""
    data = load_split(trained.dataset, "test", data_dir)
    return data.images[torch.as_tensor(indices, dtype=torch.long)]
