"""One rule for every slider on every tab, in Chromium: a number typed beyond a slider's range is set to the
nearest end, the box shows the value used, and one line under the slider says why; a value in range
takes the line away. Checked on the Diffusion and Training tabs, and on the 2-D playground, whose sliders
rebuild the network on the server at each change: there a number the slider cannot take never reaches the
server (no range error, no lost network), typed at a person's speed."""

from tests.e2e.idle import wait_until_idle
from tests.e2e.typing import retype


def limit_note(page, elem):
    return page.locator(f"{elem} .pg-limit-note")


def typed_beyond(page, elem, typed, used):
    box = f"{elem} input[type=number]"
    retype(page, box, typed, delay=80)
    page.wait_for_function("([sel, v]) => document.querySelector(sel).value === v", arg=[box, used])
    note = limit_note(page, elem)
    note.wait_for()
    assert page.locator(f"{elem} input[type=range]").input_value() == used
    return note.inner_text()


def test_typed_values_beyond_a_slider_are_set_to_its_end_and_said(page, artifacts):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Diffusion", exact=True).click()
    said = typed_beyond(page, "#df-steps", "1000", "200")
    assert said == "1000 is more than the most this setting takes (200), so 200 is used."
    said = typed_beyond(page, "#df-guidance", "50", "12")
    assert said == "50 is more than the most this setting takes (12), so 12 is used."
    page.locator("#df-guidance").screenshot(path=str(artifacts / "limit-note.png"))
    page.click("#df-generate")  # the run uses what the boxes show
    page.locator("#df-status", has_text="Done").wait_for(timeout=120_000)
    assert "Done: 200 steps" in page.locator("#df-status").inner_text()
    assert "guidance 12" in page.locator("#df-status").inner_text()
    retype(page, "#df-guidance input[type=number]", "4", delay=80)  # a value in range: the line goes
    limit_note(page, "#df-guidance").wait_for(state="detached")
    assert limit_note(page, "#df-steps").count() == 1

    page.get_by_role("tab", name="Training", exact=True).click()
    top = page.locator("#train-epochs input[type=range]").get_attribute("max")
    said = typed_beyond(page, "#train-epochs", "100000", top)
    assert said == f"100000 is more than the most this setting takes ({top}), so {top} is used."

    wait_until_idle(page)


def test_a_playground_slider_typed_past_its_end_rebuilds_with_the_end_and_no_error(page):
    page.locator("#totals .pg-card-value").first.wait_for()
    page.get_by_role("tab", name="Basics", exact=True).click()
    page.get_by_role("tab", name="2-D playground", exact=True).click()
    page.locator("#pg-status").wait_for()
    said = typed_beyond(page, "#pg-width", "12", "8")
    assert said == "12 is more than the most this setting takes (8), so 8 is used."
    page.locator("#pg-view", has_text="each hidden layer (8 → 8)").wait_for()
    retype(page, "#pg-layers input[type=number]", "-", delay=80)  # no number at all: the last value comes back
    page.wait_for_function("document.querySelector('#pg-layers input[type=number]').value === '2'")
    retype(page, "#pg-layers input[type=number]", "3", delay=80, then="Enter")
    page.locator("#pg-view", has_text="each hidden layer (8 → 8 → 8)").wait_for()
    wait_until_idle(page)
    assert page.locator(".toast-body").count() == 0  # Gradio's own range error never came
    assert limit_note(page, "#pg-width").count() == 1 and limit_note(page, "#pg-layers").count() == 0
