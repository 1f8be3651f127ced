"""The Next-word tab in Chromium: type a prompt and see the bars change; generate; look at attention;
train a model for a few seconds and see its curve grow; Stop at once, even on a slow machine."""

import re

import pytest

from tests.e2e.live import WITHIN_MS, click, throttle, took_ms, watch_for

LIVE_POINTS = ("() => { const l = document.querySelector('#lm-status polyline');"
               " return l ? l.getAttribute('points').trim().split(/\\s+/).length : 0; }")


def open_tab(page):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Next word", exact=True).click()
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=60_000)


def bar_labels(page, plot="#lm-bars"):
    return page.evaluate(f"() => document.querySelector('{plot} .js-plotly-plot')._fullData[0].y.slice().reverse()")


def test_typing_changes_the_guesses_and_a_click_appends(page):
    open_tab(page)
    first = bar_labels(page)
    assert "king" in first  # an English page opens on an English model: "…that is the" → king, in Shakespeare
    box = page.locator("#lm-prompt textarea")
    box.click()
    box.press("End")
    box.press_sequentially(" king and", delay=90)  # at a person's speed
    page.locator("#lm-tokens .pg-token").filter(has_text=re.compile("^and$")).wait_for(timeout=30_000)
    page.wait_for_function(f"() => JSON.stringify(document.querySelector('#lm-bars .js-plotly-plot')._fullData[0].y"
                           f".slice().reverse()) !== {first!r}".replace("'", '"'), timeout=30_000)
    assert bar_labels(page) != first  # "…the king and" is followed by other words than "…the"
    word = next(w for w in bar_labels(page) if w != "(rare word)")  # (rare word) is not offered to append
    page.locator("#lm-append").get_by_text(word, exact=True).first.click()
    page.wait_for_function(f"() => document.querySelector('#lm-prompt textarea').value.endsWith({word!r})"
                           .replace("'", '"'), timeout=20_000)
    page.click("#lm-generate")
    page.locator("#lm-generated .pg-gen").nth(5).wait_for(timeout=30_000)


def test_attention_view_shows_a_causal_map(page):
    open_tab(page)
    page.locator("#lm-inside").click()
    page.click("#lm-attention-btn")
    page.locator("#lm-attention .js-plotly-plot").wait_for(timeout=30_000)
    from playground.text import store
    from playground.views.text import PLACEHOLDERS

    n = len(store.shipped("en-transformer").tokenizer.encode(PLACEHOLDERS["en"]))  # the English page's prompt
    z = page.evaluate("() => document.querySelector('#lm-attention .js-plotly-plot')._fullData[0].z")
    assert len(z) == n and all(abs(sum(row) - 1) < 1e-4 for row in z)  # a row per token; each a distribution
    assert all(z[i][j] == 0 for i in range(n) for j in range(i + 1, n))  # nothing reads the future


def test_train_a_small_model_and_watch_its_curve(page):
    open_tab(page)
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text="parameters").wait_for(timeout=30_000)
    page.click("#lm-train-btn")
    page.wait_for_function("() => /step [0-9,]+\\//.test(document.querySelector('#lm-status').innerText)",
                           timeout=120_000)
    page.wait_for_function(f"() => ({LIVE_POINTS})() > 20", timeout=120_000)  # the live curve grows
    page.click("#lm-stop-btn")
    page.locator("#lm-status", has_text="answers as").wait_for(timeout=60_000)
    # the hoverable figure once the run rests: one point per step of the stopped run
    stopped_at = int(re.search(r"after (\d+) steps", page.inner_text("#lm-status")).group(1))
    page.wait_for_function(f"() => {{ const p = document.querySelector('#lm-curves .js-plotly-plot');"
                           f" return p && p._fullData[0] && p._fullData[0]._length === {stopped_at}; }}",
                           timeout=30_000)
    # the session's model now answers the prompt above, and can be downloaded
    page.wait_for_function("() => document.querySelector('#lm-model input').value.startsWith('Your model')",
                           timeout=30_000)
    page.locator("#lm-bars", has_text="session").wait_for(timeout=30_000)
    assert page.locator("#lm-save").is_enabled()


def test_on_a_slow_machine_stop_lands_within_a_second(page, artifacts):
    open_tab(page)
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text="parameters").wait_for(timeout=30_000)
    throttle(page)
    page.click("#lm-train-btn")
    page.wait_for_function(f"() => ({LIVE_POINTS})() > 10", timeout=120_000)
    # Train and Compare rest while the run goes (a click on a running event would be dropped without a word)
    assert page.evaluate("() => ['#lm-train-btn', '#lm-compare-btn'].every(s => document.querySelector(s).disabled)")
    watch_for(page, "#lm-status", "topped by request")
    click(page, "#lm-stop-btn")
    assert took_ms(page, "#lm-status", "topped by request") < WITHIN_MS
    page.locator("#lm-status", has_text="answers as").wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('#lm-train-btn').disabled", timeout=30_000)  # then back
    page.screenshot(path=str(artifacts / "next-word-slow-stop.png"), full_page=True)


def test_a_pasted_paragraph_trains_with_the_defaults_and_says_what_it_could_learn(page):
    from playground.text.data import own_text
    from tests.text.test_small_text import paragraph

    text = paragraph("en", 75)  # 75 words of Tiny Shakespeare, as a person pastes them
    data = own_text(text, "word")  # the same core, here: the vocabulary the page must show
    open_tab(page)
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text="parameters").wait_for(timeout=30_000)
    page.locator("#lm-corpus").get_by_text("Your own text").click()
    page.locator("#lm-own-text textarea").click()
    page.keyboard.insert_text(text)  # a paste: one input event
    page.locator("#lm-params", has_text=f"(vocabulary {data.tokenizer.vocab_size:,})").wait_for(timeout=30_000)
    assert "context was shortened from 64" in page.inner_text("#lm-params")
    assert "seen at least once" in page.inner_text("#lm-params")
    page.click("#lm-train-btn")
    page.locator("#lm-status", has_text="answers as").wait_for(timeout=180_000)
    status = page.inner_text("#lm-status")
    assert "too rare to learn" in status and "over the known words only" in status
    assert "fewer than one context" not in status


def test_a_blank_prompt_shows_a_note_that_goes_once_it_has_words(page):
    from tests.e2e.idle import wait_until_idle

    open_tab(page)
    box = page.locator("#lm-prompt textarea")
    box.click()
    box.press("Control+a")
    box.press("Delete")
    note = page.locator("#lm-note", has_text="Type a few words")
    note.wait_for(timeout=20_000)
    page.click("#lm-generate")
    wait_until_idle(page)
    assert note.count() == 1 and page.locator("[data-testid='toast-text']").count() == 0  # one note, no toast
    box.press_sequentially("El rey", delay=80)
    note.wait_for(state="detached", timeout=20_000)
    page.locator("#lm-bars .js-plotly-plot").wait_for(timeout=20_000)
    page.click("#lm-generate")
    page.locator("#lm-generated .pg-gen").nth(3).wait_for(timeout=30_000)
    assert page.locator("[data-testid='toast-text']").count() == 0


def slider_max(page, elem_id: str) -> str:
    return page.locator(f"#{elem_id} input[type=range]").get_attribute("max")


def test_a_hub_model_that_cannot_load_says_why_in_the_note_not_loading(page):
    open_tab(page)
    repo = page.locator("#lm-hub-repo textarea, #lm-hub-repo input").first
    repo.fill("nobody-here/no-such-model")
    repo.press("Enter")
    why = re.compile(r"can't be reached|not .*cached", re.I)  # offline here: no Hub to ask
    page.locator(".toast-body", has_text=why).first.wait_for(timeout=60_000)  # the error's toast still shows
    note = page.locator("#lm-note")
    note.filter(has_text=why).wait_for(timeout=20_000)  # and the note says the same
    assert "minute or so" not in note.inner_text() and "Loading" not in note.inner_text()


def test_look_inside_follows_the_chosen_model(page):
    open_tab(page)  # the English transformer: 4 layers, 4 heads
    page.locator("#lm-inside").click()
    page.wait_for_function("() => document.querySelector('#lm-inside-note').innerText.includes('transformer')",
                           timeout=20_000)
    assert slider_max(page, "lm-att-layer") == "4" and slider_max(page, "lm-att-head") == "4"
    page.get_by_role("tab", name="Gates and states").click()
    page.click("#lm-gates-btn")
    page.locator("#lm-inside-note", has_text="belong to recurrent networks").wait_for(timeout=20_000)
    assert page.locator("[data-testid='toast-text']").count() == 0  # a note, not an error
    page.locator("#lm-model input").click()
    page.get_by_role("option", name="Español · LSTM").click()
    page.locator("#lm-inside-note", has_text="This model is an LSTM").wait_for(timeout=20_000)
    page.wait_for_function("() => document.querySelector('#lm-gate-layer input[type=range]').max === '2'",
                           timeout=20_000)
    page.locator("#lm-gate input").click()
    options = page.get_by_role("option").all_inner_texts()
    assert any("forget gate" in o for o in options) and not any("reset gate" in o for o in options)
    page.keyboard.press("Escape")
    page.click("#lm-gates-btn")
    page.wait_for_function("() => { const p = document.querySelector('#lm-gates .js-plotly-plot');"
                           " return p && p._fullData[0].y[0].startsWith('mean of all'); }", timeout=30_000)
    rows = page.evaluate("() => document.querySelector('#lm-gates .js-plotly-plot')._fullData[0].y.length")
    assert rows == 9  # the mean and eight units, not a 256-row barcode


@pytest.fixture(scope="module")
def offline_app(tmp_path_factory):
    """The app on first launch without internet: an empty data directory, and every download sent to a
    proxy where nothing listens."""
    from playground.launcher import free_port, start_app, stop, wait_until_up

    port, data_dir = free_port(), tmp_path_factory.mktemp("empty-data")
    log_path = tmp_path_factory.mktemp("offline-server") / "app.log"
    closed = "http://127.0.0.1:9"
    proc = start_app(port, log_path, env={"PLAYGROUND_DATA_DIR": str(data_dir), "HTTP_PROXY": closed,
                                          "HTTPS_PROXY": closed, "http_proxy": closed, "https_proxy": closed,
                                          "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    url = f"http://127.0.0.1:{port}/"
    if not wait_until_up(url, proc):
        proc.kill()
        pytest.fail(f"the app did not start; its log:\n{log_path.read_text()}")
    yield url, data_dir
    stop(proc)


def test_on_first_launch_offline_the_shipped_book_trains(browser, offline_app):
    from playground.text.data import builtin
    from playground.text.job import DEFAULTS_BEAT_BIGRAM
    from tests.text import data_dir_with

    url, data_dir = offline_app
    vocab = builtin("en", "word", str(data_dir_with("en"))).tokenizer.vocab_size  # the book, as tests load it
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    open_tab(page)
    page.locator("#lm-train").click()
    page.locator("#lm-params", has_text=f"(vocabulary {vocab:,})").wait_for(timeout=60_000)  # read, not estimated
    assert f"after about {DEFAULTS_BEAT_BIGRAM['steps']} steps" in page.inner_text("#lm-status")
    page.click("#lm-train-btn")
    page.wait_for_function(f"() => ({LIVE_POINTS})() > 5", timeout=120_000)
    # the defaults: how long this machine needs to pass the bigram, from its measured speed
    page.locator("#lm-status", has_text=f"passes the bigram near step {DEFAULTS_BEAT_BIGRAM['steps']}: in about"
                 ).wait_for(timeout=60_000)
    page.click("#lm-stop-btn")
    page.locator("#lm-status", has_text="answers as").wait_for(timeout=60_000)
    assert "not on this machine" not in page.inner_text("#lm-status")
    assert not (data_dir / "text").exists()  # nothing was downloaded
    context.close()


def test_on_a_phone_the_look_inside_views_are_all_in_sight(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(app_url)
    open_tab(page)
    page.locator("#lm-inside").get_by_text("Look inside").first.tap()
    tabs = page.locator("#lm-inside-tabs [role='tab']")
    tabs.first.wait_for(timeout=30_000)
    names = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert names == ["Attention", "Gates and states", "Nearest words", "Logit lens"]  # none behind an overflow menu
    assert all(tabs.nth(i).is_visible() for i in range(tabs.count()))
    context.close()
