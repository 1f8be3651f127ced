"""The CNN builder as a person uses it, in Chromium: presets, edits, fixes, undo, sessions."""

import re

import pytest
from playwright.sync_api import expect

from playground.cnn import spec as specs
from playground.cnn.summary import summarize
from tests.e2e.idle import wait_until_idle

CLASSIC = "Classic CNN (48×48 RGB)"
FAST_TOTAL = 50_282  # a new session starts with the Training tab's default, the fast MNIST net


def trainable(page) -> str:
    return page.locator("#totals .pg-card-value").first.inner_text()


def wait_for_total(page, number: int) -> None:
    page.locator("#totals .pg-card-value", has_text=f"{number:,}").first.wait_for()


def choose(page, dropdown_label: str, option: str) -> None:
    page.get_by_label(dropdown_label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def type_into(page, arg: str, text: str) -> None:
    """Type into an argument field as a person does (key by key; fill() sends no input events)."""
    box = page.locator(f"#arg-{arg} textarea").first
    box.click()
    box.press("Control+a")
    box.press_sequentially(text)


def cell(page, row: int, col: int):
    return page.locator(f"#layer-table [data-testid='cell-{row}-{col}']")


def load_preset(page, name: str, total: int) -> None:
    choose(page, "Preset", name)
    page.click("#load-preset")
    wait_for_total(page, total)


def test_classic_preset_then_edits(page, artifacts):
    wait_for_total(page, FAST_TOTAL)  # the default network, once the page has loaded
    choose(page, "Preset", "LeNet-5")
    page.click("#load-preset")
    wait_for_total(page, 61_706)

    choose(page, "Preset", CLASSIC)
    page.click("#load-preset")
    wait_for_total(page, 9_536_074)
    assert "Ready: 3×48×48 in, 10 class scores out" in page.inner_text("#totals")
    assert cell(page, 11, 3).inner_text() == "9,437,696"  # fc1 = Linear(18432, 512)

    # select pool2 (row 8) and insert a Conv2d after it: the totals follow PyTorch
    cell(page, 8, 1).click()
    page.locator("#layer-help", has_text="pool2").wait_for()
    page.click("#insert-after")
    expected = summarize(specs.insert_layer(specs.preset(CLASSIC), 8, "Conv2d")).trainable_params
    wait_for_total(page, expected)
    assert "conv4 · Conv2d(128, 32, kernel_size=3, padding=1)" in cell(page, 9, 1).inner_text()
    page.screenshot(path=str(artifacts / "builder-insert.png"), full_page=True)

    # edit an argument by typing: out_features of the first Linear
    cell(page, 12, 1).click()
    page.locator("#layer-help", has_text="fc1").wait_for()
    type_into(page, "out_features", "256")
    edited = specs.set_arg(specs.insert_layer(specs.preset(CLASSIC), 8, "Conv2d"), 11, "out_features", 256)
    wait_for_total(page, summarize(edited).trainable_params)

    # undo takes back the typing, then the insert
    page.click("#undo")
    wait_for_total(page, expected)
    page.click("#undo")
    wait_for_total(page, 9_536_074)


def test_bad_layer_is_marked_and_fixed(page, artifacts):
    wait_for_total(page, FAST_TOTAL)
    load_preset(page, CLASSIC, 9_536_074)
    cell(page, 9, 1).click()  # flatten1
    page.locator("#layer-help", has_text="flatten1").wait_for()
    page.get_by_role("button", name="Delete").click()
    page.locator("#totals", has_text="The network cannot run yet").wait_for()
    message = "Linear needs a vector, but its input is 128×12×12 (C×H×W): insert Flatten before it"
    assert message in page.inner_text("#totals")
    assert "not computable" in cell(page, 12, 6).inner_text()  # the rows after it
    page.screenshot(path=str(artifacts / "builder-error.png"), full_page=True)
    fix = page.locator("#fix")
    assert "insert Flatten before layer 10" in fix.inner_text()
    fix.click()
    wait_for_total(page, 9_536_074)
    page.locator("#totals", has_text="Ready").wait_for()


def test_kernel_too_large_shows_plain_message(page):
    wait_for_total(page, FAST_TOTAL)
    load_preset(page, CLASSIC, 9_536_074)
    cell(page, 6, 1).click()  # conv3 on 64×24×24
    page.locator("#layer-help", has_text="conv3").wait_for()
    type_into(page, "kernel_size", "30")
    page.locator("#layer-help", has_text="a 30×30 window does not fit").wait_for()
    assert "its input is 24×24 (padded to 26×26), a 30×30 window does not fit" in page.inner_text("#totals")
    assert "Traceback" not in page.content()


def test_sessions_do_not_share_networks(page, browser, app_url):
    wait_for_total(page, FAST_TOTAL)
    choose(page, "Preset", "LeNet-5")
    page.click("#load-preset")
    wait_for_total(page, 61_706)
    other = browser.new_context().new_page()
    other.goto(app_url)
    wait_for_total(other, FAST_TOTAL)  # a second person still sees the default
    assert re.sub(r"\D", "", trainable(page)) == "61706"
    other.context.close()


def test_json_upload_loads_and_rejects(page, tmp_path):
    wait_for_total(page, FAST_TOTAL)
    load_preset(page, CLASSIC, 9_536_074)
    good = tmp_path / "lenet.json"
    good.write_text(specs.spec_to_json(specs.preset("LeNet-5")))
    page.get_by_role("tab", name="JSON (save / load)").click()
    upload = page.locator("input[type=file][accept='.json']")
    upload.set_input_files(str(good))
    wait_for_total(page, 61_706)
    bad = tmp_path / "bad.json"
    bad.write_text('{"input": [1, 28, 28], "layers": [{"type": "Conv9d"}]}')
    upload.set_input_files(str(bad))
    page.get_by_text('unknown layer type "Conv9d"').first.wait_for()
    assert re.sub(r"\D", "", trainable(page)) == "61706"  # the network is unchanged


def test_input_shape_and_code_download(page, tmp_path):
    wait_for_total(page, FAST_TOTAL)
    load_preset(page, CLASSIC, 9_536_074)
    page.get_by_label("1×28×28 (MNIST)").check()
    expected = summarize(specs.set_input(specs.preset(CLASSIC), [1, 28, 28]))
    wait_for_total(page, expected.trainable_params)  # conv1 and fc1 follow the new input
    assert cell(page, 11, 1).inner_text() == "fc1 · Linear(6272, 512)"

    page.locator(".cm-content", has_text="nn.Linear(6272, 512)").first.wait_for()  # the code view follows
    with page.expect_download() as info:
        page.get_by_role("button", name="Download net.py").click()
    path = tmp_path / "net.py"
    info.value.save_as(path)
    assert info.value.suggested_filename == "net.py"
    namespace: dict = {"__name__": "downloaded"}
    exec(path.read_text(), namespace)
    net = namespace["Net"]()
    assert sum(p.numel() for p in net.parameters()) == expected.trainable_params


def retype_input(page, dim: str, text: str, delay: int) -> None:
    """Clear the C, H or W box and type ``text`` into it key by key, ``delay`` ms per key."""
    box = page.locator(f"#in-{dim.lower()} input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    page.keyboard.type(text, delay=delay)


@pytest.mark.parametrize("text, delay", [("100", 60), ("28", 60), ("28", 150)])
def test_input_boxes_keep_every_keystroke(page, text, delay):
    wait_for_total(page, FAST_TOTAL)
    load_preset(page, CLASSIC, 9_536_074)  # 3×48×48, so typing 28 into H is a change
    retype_input(page, "H", text, delay)
    shape = f"3×{text}×48"
    expect(cell(page, 0, 2)).to_have_text(shape)  # the table's input row
    wait_for_total(page, summarize(specs.set_input(specs.preset(CLASSIC), [3, int(text), 48])).trainable_params)
    wait_until_idle(page)  # every key's answer is in: none overwrote the box with an earlier value
    assert page.locator("#in-h input").input_value() == text
    assert cell(page, 0, 2).inner_text() == shape
    expect(page.get_by_label("Custom", exact=True)).to_be_checked()


def input_agrees(page, dims: tuple[int, int, int], radio: str) -> None:
    """Boxes, preset radio and network all show ``dims``."""
    for dim, value in zip("chw", dims):
        expect(page.locator(f"#in-{dim} input")).to_have_value(str(value))
    expect(page.get_by_label(radio, exact=True)).to_be_checked()
    expect(cell(page, 0, 2)).to_have_text("×".join(map(str, dims)))


@pytest.mark.parametrize(
    "text, message, dims, radio",
    [("-3", "W must be a whole number from 1 to 1024, so it stays 28", (1, 28, 28), "1×28×28 (MNIST)"),
     ("2000", "W can be at most 1024, so it is set to 1024", (1, 28, 1024), "Custom")],
)
def test_a_bad_input_size_gets_one_message_and_everything_agrees(page, text, message, dims, radio):
    wait_for_total(page, FAST_TOTAL)
    retype_input(page, "W", text, 80)
    toasts = page.locator("[data-testid='toast-text']")
    expect(toasts).to_have_count(1)
    assert message in toasts.first.inner_text()
    input_agrees(page, dims, radio)
    wait_until_idle(page)
    expect(toasts).to_have_count(1)  # and no second message came with a later answer
    input_agrees(page, dims, radio)
    assert "Traceback" not in page.content()


def test_an_input_box_left_empty_gets_its_size_back(page):
    wait_for_total(page, FAST_TOTAL)
    retype_input(page, "H", "", 80)
    wait_until_idle(page)
    expect(page.locator("[data-testid='toast-text']")).to_have_count(0)  # no complaint while a person types
    page.locator("#in-w input").click()  # leave H empty
    toasts = page.locator("[data-testid='toast-text']")
    expect(toasts).to_have_count(1)
    assert "H was left empty, so it stays 28" in toasts.first.inner_text()
    input_agrees(page, (1, 28, 28), "1×28×28 (MNIST)")
    wait_for_total(page, FAST_TOTAL)


def test_network_ending_in_flatten_is_not_ready_and_one_click_adds_the_linear(page, artifacts):
    wait_for_total(page, FAST_TOTAL)
    cell(page, 11, 1).click()  # fc1, after flatten1 and drop1
    page.locator("#layer-help", has_text="fc1").wait_for()
    page.get_by_role("button", name="Delete").click()
    page.locator("#totals", has_text="ends in Flatten with 3,136 outputs, not in a Linear layer").wait_for()
    assert "Ready" not in page.inner_text("#totals")
    fix = page.locator("#fix")
    expect(fix).to_have_text("Fix: add Linear(10) at the end")
    page.screenshot(path=str(artifacts / "builder-flatten-note.png"), full_page=True)
    fix.click()
    wait_for_total(page, FAST_TOTAL)  # Linear(3136, 10) is back
    page.locator("#totals", has_text="✓ Ready: 1×28×28 in, 10 class scores out").wait_for()
    assert cell(page, 11, 1).inner_text() == "fc1 · Linear(3136, 10)"
    expect(fix).to_be_hidden()
