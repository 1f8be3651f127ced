"""One rule for every slider on every tab, in Chromium: a number typed beyond a slider's range is set to the
nearest end, the box shows the value used, and one line under the slider says why; a value in range
takes the line away. Checked on the Diffusion and Training tabs, typed at a person's speed. (A slider whose
change runs on the server, as the 2-D playground's do, still gets Gradio's own range error for such a number:
the change carries the typed value before the page clamps it.)"""

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
