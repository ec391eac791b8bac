"""The browser's tokeniser (assets/search.js) and Python's (search/tokens.py) agree on generated text,
and so do their compacted texts (what a query term is matched against)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetsite.search import fnv1a, tokens
from budgetsite.search.tokens import compact
from hostile_text import hostile_text

pytestmark = pytest.mark.browser


# One page for all examples: each example is a batch of strings evaluated in one round trip.
@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(hostile_text(max_size=16), min_size=25, max_size=25))
def test_python_and_browser_tokenisers_agree(page, site_url: str, batch: list[str]) -> None:
    if not page.url.startswith(site_url):
        page.goto(site_url + "/", wait_until="networkidle")
    js = page.evaluate("""b => b.map(t => { const s = window.budgetsiteSearch, k = s.tokens(t);
                                            return [k, k.map(s.fnv1a), s.compact(t)]; })""", batch)
    for text, (js_tokens, js_hashes, js_compact) in zip(batch, js):
        expected = list(tokens(text))
        assert js_tokens == expected, text
        assert js_hashes == [fnv1a(t) for t in expected], text
        assert js_compact == compact(text), text
