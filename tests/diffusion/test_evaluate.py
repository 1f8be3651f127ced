"""The quality measurement's parts, on real digits: the judge, the Fréchet distance, near-copy detection."""

import torch

from playground.data.images import load_split
from playground.diffusion import evaluate
from playground.diffusion import model as dm


def test_judge_reads_real_digits_and_the_crop_round_trips(mnist_root):
    held = load_split("mnist", "test", mnist_root)
    digits = held.images[:200]
    padded = dm.to_model_range(digits)
    assert padded.shape == (200, 1, 32, 32) and padded.min() == -1
    assert torch.equal(evaluate.crop(padded), digits)  # 28×28 → model range → 28×28 is exact
    labels, feats = evaluate.Judge()(digits)
    assert (labels == held.labels[:200]).float().mean() > 0.95
    assert feats.shape == (200, 64)


def test_frechet_is_small_for_real_vs_real_and_large_for_noise(mnist_root):
    held = load_split("mnist", "test", mnist_root)
    judge = evaluate.Judge()
    _, a = judge(evaluate.per_digit(held.images, held.labels, 50))
    _, b = judge(evaluate.per_digit(held.images, held.labels, 50, skip=50))
    noise = (torch.rand(500, 1, 28, 28) * 255).to(torch.uint8)
    _, c = judge(noise)
    ones = held.images[held.labels == 1][:200]  # real digits, but only ones: a collapsed generator's output
    _, d = judge(ones)
    assert abs(evaluate.frechet(a, a)) < 1e-6
    real = evaluate.frechet(a, b)
    assert 0 < real < evaluate.frechet(a, d) < evaluate.frechet(a, c)


def test_near_copies_are_found(mnist_root):
    train = load_split("mnist", "train", mnist_root)
    queries = train.images[[5, 77]].clone()
    queries[1, 0, 10, 10] = 255 - queries[1, 0, 10, 10]  # one pixel changed: still a near-copy
    dist, index = evaluate.nearest_distances(queries, train.images)
    assert index.tolist() == [5, 77] and dist[0] == 0 and dist[1] < 1.01
    held = load_split("mnist", "test", mnist_root)
    real, _ = evaluate.nearest_distances(held.images[:300], train.images)
    assert real.min() > dist[1]  # real held-out digits are farther from the training set than a copy is
