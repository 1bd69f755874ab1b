"""axe-core over every page of the shipped course in every language:
no serious or critical accessibility violations."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, shipped_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("lang", shipped_config().languages)
def test_no_serious_violations_on_any_page(page, server, shipped_packages, lang):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run ./dev test (npm ci installs it)")
    url = server.mount_zip(f"a11y-scorm2004-{lang}", shipped_packages[("scorm2004", lang)])
    page.goto(f"{url}/index.html")
    page.wait_for_selector("html[data-smab=ready]", state="attached")
    page.add_script_tag(path=str(AXE))
    pages = page.evaluate("SMAB.data.pages.map(p => p.id)")
    found = []
    for page_id in pages:
        page.locator(f".smab-toc a[data-page='{page_id}']").click()
        # The body arrives as a fragment after the heading: wait for it, so axe sees the whole page.
        page.wait_for_selector(".smab-page:not([hidden])[data-smab-full]", state="attached")
        # Answer one question on quiz pages so feedback and results are checked too. A pool's
        # undrawn questions are in the page but hidden: answer one asked in this attempt.
        form = page.locator(".smab-page:not([hidden]) form.smab-q:visible").first
        if form.count():
            # a free-text question has a textarea; a sequence has only its move buttons (its order is the answer)
            control = form.locator("input:visible, textarea:visible, select:visible").first
            tag = control.evaluate("e => e.tagName") if control.count() else None
            if tag is None:
                pass
            elif tag == "SELECT":
                control.select_option(index=1)
            elif tag == "TEXTAREA" or control.get_attribute("type") in ("text", "number"):
                control.fill("answer")
            else:
                control.check()
            form.locator("button.smab-check").click()
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        found += [(page_id, v["id"], v["impact"], v["nodes"]) for v in result]
    assert found == []
    assert page.js_errors == []
