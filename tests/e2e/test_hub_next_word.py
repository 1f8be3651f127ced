"""Hub models in the running app: a second app started with an HF_HOME holding tiny random GPT-2 and Llama models
in a Hub cache layout and HF_HUB_OFFLINE=1 (``playground.hub.tiny``), asked through gradio_client
(``next_word``, ``generate_text`` with ``hf:<repo>``) and in Chromium (the repo box, the bars, Look inside)."""

from __future__ import annotations

import re

import pytest
import torch
from gradio_client import Client
from gradio_client.exceptions import AppError
from transformers import AutoModelForCausalLM, AutoTokenizer

from playground.hub import tiny
from tests.conftest import open_page, served_app

PROMPT = "The cat sat on the"


@pytest.fixture(scope="module")
def hub_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("hf-home-app")
    tiny.write(home)
    return home


@pytest.fixture(scope="module")
def hub_app_url(tmp_path_factory, hub_home):
    """The app, served with the tiny Hub repos offline (as after a download, with no network)."""
    log = tmp_path_factory.mktemp("hub-server") / "app.log"
    with served_app(log, {"HF_HOME": str(hub_home), "HF_HUB_OFFLINE": "1", "PLAYGROUND_HUB_DEVICE": "cpu"}) as url:
        yield url


@pytest.fixture(scope="module")
def hub_client(hub_app_url):
    return Client(hub_app_url, verbose=False)


@pytest.mark.parametrize("repo", [tiny.GPT2, tiny.LLAMA])
def test_next_word_on_a_hub_model_equals_transformers(hub_client, hub_home, repo):
    words = hub_client.predict(PROMPT, f"hf:{repo}", 5, api_name="/next_word")
    folder = tiny.snapshot(hub_home, repo)
    tok, model = AutoTokenizer.from_pretrained(folder), AutoModelForCausalLM.from_pretrained(folder).eval()
    with torch.no_grad():
        probs = torch.softmax(model(**tok(PROMPT, return_tensors="pt")).logits[0, -1].float(), -1)
    best = torch.topk(probs, 5)
    assert [w["word"] for w in words] == [tok.decode([int(i)]).strip() for i in best.indices]
    assert [w["probability"] for w in words] == pytest.approx(best.values.tolist(), abs=1e-4)


def test_generate_text_on_a_hub_model_repeats_by_seed(hub_client):
    args = (PROMPT, f"hf:{tiny.GPT2}", 12, 1.0, 40, 0.95)
    a, b = (hub_client.predict(*args, 5, api_name="/generate_text") for _ in range(2))
    assert a == b and a != hub_client.predict(*args, 6, api_name="/generate_text") and a


@pytest.mark.parametrize("repo, message", [(tiny.HUGE, r"6\.7 B parameters"), (tiny.BERT, "not a causal"),
                                           ("nobody/nothing", "can't be reached")])
def test_refusals_are_plain_messages(hub_client, repo, message):
    with pytest.raises(AppError, match=message):
        hub_client.predict(PROMPT, f"hf:{repo}", 5, api_name="/next_word")


def use_hub_repo(page, repo: str) -> None:
    """On the Next-word tab, once its first bars are drawn, type a repo id into the Hub box (at a person's speed)
    and press Enter."""
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Next word", exact=True).click()
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=60_000)
    box = page.locator("#lm-hub-repo textarea, #lm-hub-repo input").first
    box.press_sequentially(repo, delay=40)
    box.press("Enter")


def test_pick_a_hub_model_type_and_see_the_bars(browser, hub_app_url):
    page = open_page(browser, hub_app_url)
    try:
        use_hub_repo(page, tiny.GPT2)
        page.locator("#lm-note").filter(has_text=tiny.GPT2).wait_for(timeout=30_000)  # loaded: its size and device
        box = page.locator("#lm-prompt textarea")
        box.fill("")
        box.press_sequentially(PROMPT, delay=40)
        page.locator("#lm-tokens .pg-token").filter(has_text="·").first.wait_for(timeout=30_000)  # BPE pieces
        page.wait_for_function("() => { const p = document.querySelector('#lm-bars .js-plotly-plot');"
                               " return p && p._fullData[0].y.length === 8 && p.layout.title.text.includes('tiny-gpt2'); }",
                               timeout=30_000)
        page.locator("#lm-inside").click()
        page.get_by_role("tab", name="Logit lens").click()
        page.click("#lm-lens-btn")
        page.locator("#lm-lens .js-plotly-plot").wait_for(timeout=30_000)
        rows = page.evaluate("() => document.querySelector('#lm-lens .js-plotly-plot')._fullData[0].z.length")
        assert rows == 2  # one row per layer of the tiny GPT-2
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def downloading_app_url(tmp_path_factory, hub_home):
    """The app with an empty cache, online, its Hub a stand-in on loopback serving the tiny GPT-2 at 40 kB/s (a
    download of a few seconds, as a real model's takes minutes)."""
    from tests.hub.serving import StandInHub

    home = tmp_path_factory.mktemp("hf-home-empty")
    log = tmp_path_factory.mktemp("hub-download-server") / "app.log"
    with StandInHub({SERVED: tiny.snapshot(hub_home, tiny.GPT2)}, bytes_per_second=40_000) as hub:
        env = {"HF_HOME": str(home), "HF_HUB_OFFLINE": "0", "HF_ENDPOINT": hub.endpoint,
               "PLAYGROUND_HUB_DEVICE": "cpu", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        with served_app(log, env) as url:
            yield url


SERVED = "org/served-gpt2"


def test_a_first_use_shows_the_download_going_then_the_model(browser, downloading_app_url):
    page = open_page(browser, downloading_app_url)
    try:
        use_hub_repo(page, SERVED)
        note = page.locator("#lm-note")
        note.filter(has_text="Downloading").wait_for(timeout=30_000)
        text = note.inner_text()
        assert SERVED in text and "MB of" in text, text
        # part-way: the weights (the last of the files, 4 s at 40 kB/s) still coming, the bar short of its end
        going = page.locator("#lm-note").filter(has_text=re.compile(r"\((\d|[1-9]\d)%\), [0-4] of 5 files"))
        going.wait_for(timeout=30_000)
        assert page.evaluate("() => document.querySelector('#lm-note progress').value") < 100
        note.filter(has_text="parameters").wait_for(timeout=30_000)  # then the model's size and device
        page.wait_for_function("() => { const p = document.querySelector('#lm-bars .js-plotly-plot');"
                               " return p && p.layout.title.text.includes('served-gpt2'); }", timeout=30_000)
    finally:
        page.context.close()
