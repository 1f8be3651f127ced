"""What the Hub's libraries raise, turned into a person's message: shared by ``hub.lm`` and ``hub.diffusion``,
each of which says which failure is which in its own words (its ``plain``)."""

from __future__ import annotations

from typing import Callable, TypeVar

from playground.errors import UserError

T = TypeVar("T")


def chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from (libraries wrap the Hub's errors in their own)."""
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def asking(repo: str, call: Callable[[], T], plain: Callable[[Exception, str], UserError | None]) -> T:
    """``call()``, its Hub failures turned into plain messages by ``plain`` (None: not a Hub failure, raised as
    it is)."""
    try:
        return call()
    except UserError:
        raise
    except Exception as exc:
        message = plain(exc, repo)
        if message is None:
            raise
        raise message from exc
