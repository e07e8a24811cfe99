"""An officer enrols a passkey in a real Chromium and signs in with it again, typing no code.

The passkey lives in Chromium's virtual authenticator (the DevTools WebAuthn domain, reached
through a CDP session), so the page's own script, the browser's WebAuthn and the server's
py_webauthn checks all run for real.
"""

from __future__ import annotations

import re

from django_otp.plugins.otp_totp.models import TOTPDevice

from asmtp.security.models import StaffPasskey
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD

VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def test_an_officer_enrols_a_passkey_and_signs_in_again_with_it_without_a_code(page, officer, settings):
    settings.ASMTP_REQUIRE_STAFF_2FA = True
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})["authenticatorId"]

    sign_in(page, officer.email, PASSWORD)
    page.wait_for_url(re.compile(r"/en/accounts/two-factor/setup/\?next="))
    page.fill("#passkey-name", "This laptop")
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_url(re.compile(r"/en/accounts/two-factor/recovery-codes/"))
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code) for code in codes)
    page.get_by_role("link", name="I have saved my codes").click()
    page.wait_for_url(re.compile(r"/en/workbench/"))
    stored = StaffPasskey.objects.get(user=officer)
    assert stored.name == "This laptop"
    assert stored.transports == ["internal"]

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, officer.email, PASSWORD)
    page.wait_for_url(re.compile(r"/en/accounts/two-factor/\?next="))
    assert page.locator("input[name=token]").count() == 0  # no app, so no code to type
    page.get_by_role("button", name="Use your passkey").click()
    page.wait_for_url(re.compile(r"/en/workbench/"))
    assert page.get_by_role("heading", level=1).count() == 1

    in_browser = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(in_browser) == 1
    stored.refresh_from_db()
    assert stored.credential_id == in_browser[0]["credentialId"].replace("+", "-").replace("/", "_").rstrip("=")
    assert stored.last_used_at is not None
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert page.console_errors == []  # type: ignore[attr-defined]
