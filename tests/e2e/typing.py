"""Typing into the page as a person does: click, select what is there, type at a person's speed."""


def retype(page, selector: str, text: str, delay: int = 100, then: str = "Tab") -> None:
    """Replace the value of the input at ``selector`` with ``text``, then press ``then`` (Tab or Enter)."""
    box = page.locator(selector)
    box.click()
    box.press("Control+a")
    box.press_sequentially(text, delay=delay)
    box.press(then)
