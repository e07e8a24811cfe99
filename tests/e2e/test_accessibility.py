"""What axe cannot see, checked in a real browser: the staff inactivity warning (WCAG 2.2.1), the
focus ring's contrast (WCAG 1.4.11), and an error summary that takes focus and names the error in
the page title (WCAG 3.3.1)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import save_screenshot
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, email, language="en", width=1280):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_staff_are_warned_before_the_inactivity_timeout_and_can_stay_signed_in(browser, live_server, settings, officer):
    settings.ASMTP_STAFF_IDLE_SECONDS = 130  # the warning comes 2 minutes before the end: after 10 s
    page = _signed_in(browser, live_server, officer.email, "zh-hans", width=390)  # on a phone
    page.goto("/zh-hans/workbench/")
    warning = page.locator("#session-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=20_000)
    assert page.evaluate("document.activeElement.id") == "session-stay"  # keyboard users are taken to it
    assert "您即将被登出" in warning.inner_text() and "保持登录" in warning.inner_text()
    assert warning.get_attribute("role") == "alertdialog"
    save_screenshot(page, "session-timeout-warning-zh-hans.png")

    with page.expect_response(lambda r: r.url.endswith("/accounts/session/keep-alive/")) as keep_alive:
        page.keyboard.press("Enter")
    assert keep_alive.value.status == 204
    warning.wait_for(state="hidden")
    page.reload()
    assert "/workbench/" in page.url  # still signed in


def test_what_a_staff_member_typed_is_put_back_after_the_timeout_signs_them_out(browser, live_server, settings, analyst):
    settings.ASMTP_STAFF_IDLE_SECONDS = 8
    page = _signed_in(browser, live_server, analyst.email)
    page.goto("/en/simulations/")
    page.fill("#id_seed", "4242")
    page.fill("#id_reform_yaml", "# a reform being written when the officer was called away")
    page.wait_for_url(re.compile(r"/accounts/login/"), timeout=30_000)  # signed out by the server
    page.fill("input[name=username]", analyst.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/simulations/$"))
    assert page.input_value("#id_seed") == "4242"
    assert page.input_value("#id_reform_yaml").startswith("# a reform being written")
    assert page.locator("#session-restored").is_visible()


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
    return r, g, b


FOCUS_COLOURS = """(selector) => {
  const el = document.querySelector(selector);
  el.focus();
  let bg = null;
  for (let node = el.parentElement; node && !bg; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { bg = colour; }
  }
  const style = getComputedStyle(el);
  return {outline: style.outlineColor, outlineWidth: style.outlineWidth, shadow: style.boxShadow, background: bg || 'rgb(255, 255, 255)'};
}"""


@pytest.mark.parametrize("selector", ["main a.button", ".site-header a.brand", ".site-nav a", ".site-footer a"])
def test_the_focus_ring_keeps_three_to_one_against_the_background_it_sits_on(page, selector):
    page.goto("/en/")
    page.keyboard.press("Tab")  # keyboard modality, so :focus-visible applies to what we focus
    found = page.evaluate(FOCUS_COLOURS, selector)
    assert found["outlineWidth"] == "3px"
    background = _rgb(found["background"])
    rings = [_rgb(found["outline"]), _rgb(found["shadow"])]
    best = max(_contrast(ring, background) for ring in rings)
    assert best >= 3, (selector, found, best)


@pytest.mark.parametrize(("language", "prefix"), [("en", "Error: "), ("zh-hant", "錯誤：")])
def test_a_form_with_errors_takes_focus_to_its_summary_and_says_so_in_the_title(page, language, prefix):
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", "nobody@example.cn")
    page.fill("input[name=password]", "not the password")
    page.locator("main button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith(prefix)
