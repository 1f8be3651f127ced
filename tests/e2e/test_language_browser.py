"""The page in two languages, in Chromium: the browser's language picks at first load (es-ES → Spanish,
en-US → English), the header's ES | EN switch flips a loaded page in place without losing what is on it, the
choice is remembered, and the server writes in the page's language from then on. At phone size (390×844) no
button or label is cut off in Spanish, the longer language."""

from __future__ import annotations

import pytest

from playground import i18n
from tests.conftest import open_page
from tests.e2e.idle import wait_until_idle

TABS = ("builder", "training", "draw", "next_word", "diffusion", "basics")


def tab_names(lang: str) -> list[str]:
    return [i18n.t(f"common.tab_{tab}", lang) for tab in TABS]


def shown_tabs(page) -> list[str]:
    return [t.strip() for t in page.locator("#header ~ * [role=tab], .tab-wrapper [role=tab]").all_inner_texts()
            if t.strip()]


@pytest.mark.parametrize("locale, lang", [("es-ES", "es"), ("en-US", "en")])
def test_the_browsers_language_picks_the_pages(browser, app_url, locale, lang):
    page = open_page(browser, app_url, locale)
    try:
        page.locator("#totals .pg-card-value").first.wait_for()
        page.locator("#title", has_text=i18n.t("common.title", lang)).wait_for()
        for name in tab_names(lang):
            page.get_by_role("tab", name=name, exact=True).wait_for()
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.cookie").find(f"{i18n.COOKIE}={lang}") >= 0
    finally:
        page.context.close()


def open_tab(page, lang: str, *keys: str) -> None:
    """Click the tabs named by these keys (a top-level tab, then a sub-tab), in the page's language."""
    for key in keys:
        page.get_by_role("tab", name=i18n.t(key, lang), exact=True).click()


def flip(page, lang: str) -> None:
    page.click(f"#pg-lang [data-lang={lang}]")
    page.get_by_role("tab", name=i18n.t("common.tab_basics", lang), exact=True).wait_for()
    assert page.evaluate("document.documentElement.lang") == lang


def step(page, lang: str, epoch: int) -> None:
    page.click("#pg-step")
    page.locator("#pg-status", has_text=i18n.t("basics.status_epoch", lang, epoch=epoch)).wait_for()


def test_the_switch_flips_a_page_in_place_and_keeps_its_work(browser, app_url):
    """A trained playground network, a typed prompt and an edited builder survive ES → EN → ES; the server then
    writes in the new language, and the choice outlives a reload."""
    page = open_page(browser, app_url, "en-US")
    try:
        page.locator("#totals .pg-card-value").first.wait_for()
        open_tab(page, "en", "common.tab_next_word")
        prompt = page.locator("#lm-prompt textarea")
        prompt.click()
        prompt.press("Control+a")
        prompt.press_sequentially("Once upon a time the", delay=60)
        open_tab(page, "en", "common.tab_basics", "basics.tab_playground")
        page.locator("#pg-status").wait_for()
        for epoch in (1, 2, 3):
            step(page, "en", epoch)
        boundary = page.locator("#pg-view img").first.get_attribute("src")

        flip(page, "es")
        page.get_by_role("tab", name=i18n.t("basics.tab_playground", "es"), exact=True).wait_for()
        assert page.locator("#pg-view img").first.get_attribute("src") == boundary  # the network is kept
        step(page, "es", 4)  # the same network trains on, and the server now writes in Spanish
        open_tab(page, "es", "common.tab_next_word")
        assert prompt.input_value() == "Once upon a time the"  # the flip did not put a Spanish prompt in

        flip(page, "en")
        open_tab(page, "en", "common.tab_basics")
        step(page, "en", 5)
        wait_until_idle(page)

        flip(page, "es")
        page.reload()  # remembered in this browser, though the browser itself speaks English
        page.get_by_role("tab", name=i18n.t("common.tab_training", "es"), exact=True).wait_for()
        page.locator("#title", has_text=i18n.t("common.title", "es")).wait_for()
    finally:
        page.context.close()


CLIPPED_JS = """() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                       getComputedStyle(e).visibility !== 'hidden'; };
  const cut = [];
  for (const e of document.querySelectorAll('button, [data-testid=block-info], label, [role=tab]')) {
    if (!shown(e) || e.closest('.overflow-menu, [data-testid=dataframe], .plot-container, .table-wrap')) continue;
    const r = e.getBoundingClientRect();
    const clipped = e.scrollWidth > e.clientWidth + 2 && getComputedStyle(e).overflowX !== 'visible';
    if (clipped || r.right > window.innerWidth + 1) cut.push((e.innerText || e.getAttribute('aria-label') || '')
                                                            .trim().slice(0, 40) + ' @' + Math.round(r.right));
  }
  return {cut, page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("tab", TABS)
def test_on_a_phone_in_spanish_no_button_or_label_is_cut(browser, app_url, tab):
    page = open_page(browser, app_url, "es-ES", phone=True)
    try:
        page.locator("#totals .pg-card-value").first.wait_for()
        name = i18n.t(f"common.tab_{tab}", "es")
        page.get_by_role("tab", name=name, exact=True).click()
        page.get_by_role("tab", name=name, exact=True, selected=True).wait_for()
        wait_until_idle(page, quiet_ms=500)  # the tab's own events answered (none sent or done for half a second)
        found = page.evaluate(CLIPPED_JS)
        assert found["page"] <= 390, f"the page is {found['page']} px wide"
        assert found["cut"] == [], found["cut"]
        page.screenshot(path=f"test-artifacts/phone-es-{tab}.png", full_page=True)
    finally:
        page.context.close()
