"""The CNN builder's layout, measured in Chromium's DOM on a phone (390×844, touch) and a desktop (1400×900).

What a person must be able to read: no number broken across lines, the # column visible (or the
table scrollable with a visible cue), whole dropdown values, one-line headers, a line number beside
every code line, and diagram labels that do not overlap. Screenshots of the whole builder at both
sizes: ``python scripts/screenshots.py --builder-layout`` (into test-artifacts/).
"""

import pytest
from playwright.sync_api import expect

from playground.cnn.spec import DEFAULT_PRESET, preset
from playground.cnn.summary import summarize
from playground.views import builder as view
from tests.conftest import wait_until

CLASSIC = "Classic CNN (48×48 RGB)"
FAST_TOTAL = 50_282
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1400, "height": 900}},
}

# For every rendered cell of the layer table: the lines its text takes, and the lines each number in
# it takes (a Range over the characters; getClientRects gives a rectangle per line fragment).
CELL_LINES = """root => {
  const lines = range => new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  const out = [];
  for (const cell of root.querySelectorAll('th[data-heading], .body-cell')) {
    const span = cell.querySelector('span');
    const node = span && span.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
    const whole = document.createRange();
    whole.selectNodeContents(node);
    const numbers = [];
    for (const m of node.textContent.matchAll(/\\d[\\d,.]*%?/g)) {
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      numbers.push([m[0], lines(r)]);
    }
    const col = cell.dataset.heading ?? cell.dataset.col;
    out.push({col: Number(col), header: cell.tagName === 'TH', text: node.textContent, lines: lines(whole),
              numbers, clipped: span.scrollWidth > cell.clientWidth + 1});
  }
  return out;
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, app_url):
    """(name, page) on a fresh session, sized as a phone or a desktop, with the default network shown."""
    context = browser.new_context(**SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    page.locator("#totals .pg-card-value", has_text=f"{FAST_TOTAL:,}").first.wait_for()
    yield request.param, page
    context.close()


def load_preset(page, name: str) -> None:
    page.get_by_label("Preset", exact=True).click()
    page.get_by_role("option", name=name, exact=True).click()
    page.click("#load-preset")
    total = summarize(preset(name)).trainable_params
    page.locator("#totals .pg-card-value", has_text=f"{total:,}").first.wait_for()


def table_cells(page, layers: int) -> list[dict]:
    """CELL_LINES over every row of a table of ``layers`` layers, scrolling the (virtual) table to its end."""
    viewport = page.locator("#layer-table .virtual-table-viewport")
    cells = viewport.evaluate(CELL_LINES)
    viewport.evaluate("e => e.scrollTop = e.scrollHeight")
    page.locator(f"#layer-table [data-testid='cell-{layers}-0']").wait_for()  # the last layer's row is drawn
    cells += viewport.evaluate(CELL_LINES)
    viewport.evaluate("e => e.scrollTop = 0")
    return cells


def test_no_number_breaks_across_lines(screen):
    name, page = screen
    load_preset(page, CLASSIC)  # the widest numbers: 9,437,696 parameters, 98.9%
    cells = table_cells(page, len(preset(CLASSIC)["layers"]))
    assert {c["col"] for c in cells if not c["header"]} >= set(range(6)) and len(cells) > 60  # Notes: empty
    assert any(c["text"] == "9,437,696" for c in cells)
    for c in cells:
        assert all(n == 1 for _, n in c["numbers"]), (name, c)  # no number split over two lines
        if c["header"] or c["col"] not in (1, 6):  # headers and number columns: one line, nothing cut off
            assert c["lines"] == 1 and not c["clipped"], (name, c)
    assert next(c for c in cells if c["text"] == "% params")["lines"] == 1


def test_hash_column_is_visible_and_a_wide_table_shows_a_cue(screen):
    name, page = screen
    viewport = page.locator("#layer-table .virtual-table-viewport")
    box = viewport.bounding_box()
    for cell in (page.locator("#layer-table th[data-heading='0']"), page.locator("[data-testid='cell-1-0']")):
        rect = cell.bounding_box()
        assert box["x"] - 0.5 <= rect["x"] and rect["x"] + rect["width"] <= box["x"] + box["width"] + 0.5
        assert cell.evaluate("c => c.querySelector('span').scrollWidth <= c.clientWidth"), f"{name}: # is cut off"
    assert page.locator("[data-testid='cell-1-0'] span").inner_text() == "1"
    wide = viewport.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    hint = page.locator("#layer-table .table-container").evaluate(
        "e => getComputedStyle(e, '::after').content")
    fade = page.locator("#layer-table .table-wrap").evaluate("e => getComputedStyle(e, '::after').width")
    if name == "phone":
        assert wide, "a phone cannot hold seven columns: the table must scroll sideways"
        assert "scroll the table sideways" in hint and fade == "32px"
        viewport.evaluate("e => e.scrollLeft = e.scrollWidth")  # a swipe to the end shows the last columns
        share = page.locator("[data-testid='cell-1-5']").bounding_box()
        assert share["x"] + share["width"] <= box["x"] + box["width"] + 0.5
    else:
        assert not wide, "on a desktop the whole table fits"
        assert hint == "none"


def test_dropdowns_show_their_whole_value(screen):
    name, page = screen
    fits = "e => e.scrollWidth <= e.clientWidth"
    preset_box, layer_box = page.locator("#preset-pick input"), page.locator("#layer-pick input")
    expect(preset_box).to_have_value(DEFAULT_PRESET)
    assert preset_box.evaluate(fits), f"{name}: the Preset dropdown cuts {DEFAULT_PRESET!r} off"
    expect(layer_box).to_have_value("1 · conv1 · Conv2d")
    assert layer_box.evaluate(fits), name
    load_preset(page, CLASSIC)
    page.locator("[data-testid='cell-11-1']").click()  # fc1 · Linear(18432, 512)
    expect(layer_box).to_have_value("11 · fc1 · Linear")
    assert layer_box.evaluate(fits), name


# For every line CodeMirror has drawn: its number in the gutter, and the distance between their tops.
GUTTER = """e => {
  const numbers = [...e.querySelectorAll('.cm-lineNumbers .cm-gutterElement')].filter(g => g.innerText.trim());
  const lines = [...e.querySelectorAll('.cm-content .cm-line')];
  const scroller = e.querySelector('.cm-scroller');
  return {lines: lines.length, numbers: numbers.map(g => Number(g.innerText)),
          offsets: lines.map((l, i) => numbers[i] ? Math.abs(numbers[i].getBoundingClientRect().top
                                                             - l.getBoundingClientRect().top) : null),
          inner_scroll: scroller.scrollHeight > scroller.clientHeight + 1};
}"""


def test_code_view_numbers_every_line(screen):
    name, page = screen
    editor = page.locator("#code-view .cm-editor")
    editor.wait_for()
    drawn = editor.evaluate(GUTTER)  # as loaded, before a person scrolls there
    assert drawn["lines"] and all(o is not None and o <= 2 for o in drawn["offsets"]), (name, drawn)
    editor.evaluate("e => e.scrollIntoView({block: 'end'})")  # the person scrolls to the end of the code
    code = view.exports(preset(DEFAULT_PRESET), summarize(preset(DEFAULT_PRESET)))[0]
    code_lines = len(code.rstrip("\n").split("\n"))  # the module as net.py holds it
    shown = wait_until(lambda: editor.evaluate(GUTTER), lambda s: s["lines"] == code_lines or s["inner_scroll"],
                       timeout=10)  # CodeMirror draws the lines scrolled into view
    assert not shown["inner_scroll"], f"{name}: the code scrolls inside its box, its last lines are hidden"
    assert shown["lines"] == code_lines and shown["numbers"] == list(range(1, code_lines + 1)), (name, shown)
    assert all(o <= 2 for o in shown["offsets"]), (name, shown)


def label_boxes(page) -> list[dict]:
    return page.locator("#diagram").evaluate(
        """d => [...d.querySelectorAll('.textpoint text')].map(t => {
             const r = t.getBoundingClientRect();
             return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
           })""")


def test_diagram_labels_do_not_overlap(screen):
    name, page = screen
    for network in (DEFAULT_PRESET, CLASSIC):
        if network != DEFAULT_PRESET:
            load_preset(page, network)
        page.locator("#diagram .textpoint text", has_text="fc1").first.wait_for()
        labels = label_boxes(page)
        assert len(labels) == len(preset(network)["layers"]) + 1, (name, network)
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                apart = a["right"] <= b["left"] + 0.5 or b["right"] <= a["left"] + 0.5 or \
                    a["bottom"] <= b["top"] + 0.5 or b["bottom"] <= a["top"] + 0.5
                assert apart, f"{name}, {network}: {a['text']!r} overlaps {b['text']!r}"
        plot = page.locator("#diagram .main-svg").first.bounding_box()
        assert all(plot["x"] - 0.5 <= a["left"] and a["right"] <= plot["x"] + plot["width"] + 0.5 for a in labels)
    if name == "phone":  # drawn wider than the phone, so it scrolls sideways, with a hint
        assert page.locator("#diagram").evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert "scroll the diagram sideways" in page.locator("#diagram").evaluate(
            "e => getComputedStyle(e, '::after').content")
