import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Admission Scheme for Mainland Talents and Professionals"), ("zh-hans", "输入内地人才计划"), ("zh-hant", "輸入內地人才計劃")],
)
def test_home_page_speaks_each_language(client, language, heading):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_bare_address_sends_a_mainland_browser_to_simplified_chinese(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_admin_login_page_is_served(client):
    response = client.get("/en/admin/login/")
    assert response.status_code == 200
    assert "Django administration" in response.content.decode() or "ASMTP" in response.content.decode()


def test_every_page_carries_a_content_security_policy_without_unsafe_inline(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize(("start", "language", "target"), [
    ("/zh-hans/", "en", "/en/"),
    ("/en/portal/check/", "zh-hant", "/zh-hant/portal/check/"),
    ("/zh-hant/portal/check/", "zh-hans", "/zh-hans/portal/check/"),
])
def test_language_switcher_keeps_the_reader_on_the_same_page(client, start, language, target):
    page = client.get(start).content.decode()
    next_path = "/" + start.split("/", 2)[2]
    assert f'name="next" type="hidden" value="{next_path}"' in page
    response = client.post("/i18n/setlang/", {"language": language, "next": next_path}, follow=True)
    assert response.redirect_chain[-1][0] == target
    assert response.status_code == 200


def test_language_switcher_on_the_sign_in_page_sends_the_reader_on_in_the_new_language(client):
    page = client.get("/zh-hant/accounts/login/?next=/zh-hant/portal/").content.decode()
    assert 'name="next" type="hidden" value="/accounts/login/?next=%2Fportal%2F"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/?next=%2Fportal%2F"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/accounts/login/?next=%2Fportal%2F"
    # signing in from there goes to /portal/, which the locale middleware serves in English
    assert client.get("/portal/")["Location"].startswith("/en/portal/")


def test_no_label_points_at_an_element_that_is_not_on_the_page(client):
    import re

    page = client.get("/en/").content.decode()
    for target in re.findall(r'<label[^>]* for="([^"]+)"', page):
        assert f'id="{target}"' in page, target


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_every_footer_links_to_the_accessibility_statement_in_the_readers_language(client, language):
    home = client.get(f"/{language}/").content.decode()
    assert f'href="/{language}/accessibility/"' in home
    statement = client.get(f"/{language}/accessibility/")
    assert statement.status_code == 200
    text = statement.content.decode()
    assert "WCAG" in text and "2.2" in text and "AA" in text and "mailto:accessibility@" in text


def test_traditional_chinese_pages_are_marked_as_hong_kong_chinese_for_screen_readers(client):
    assert '<html lang="zh-Hant-HK">' in client.get("/zh-hant/").content.decode()


@pytest.mark.parametrize(("persona", "shown", "hidden"), [
    ("applicant", ["/en/portal/"], ["/en/employer/", "/en/workbench/"]),
    ("employer_staff", ["/en/employer/"], ["/en/portal/", "/en/workbench/"]),
    ("officer", ["/en/workbench/"], ["/en/portal/", "/en/employer/"]),
    ("senior_officer", ["/en/workbench/"], ["/en/portal/", "/en/employer/"]),
    ("analyst", ["/en/analytics/"], ["/en/portal/", "/en/employer/", "/en/workbench/"]),
])
def test_the_home_page_offers_each_role_only_the_areas_it_may_enter(client, request, persona, shown, hidden):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get("/en/").content.decode()
    for link in shown:
        assert 'class="button' in page and f'href="{link}"' in page, link
        assert client.get(link).status_code == 200, link
    for link in hidden:
        assert f'href="{link}"' not in page, link


@pytest.mark.parametrize(("persona", "linked"), [("officer", True), ("analyst", True), ("applicant", False)])
def test_staff_reach_their_ways_to_confirm_who_they_are_from_every_page(client, request, persona, linked):
    client.force_login(request.getfixturevalue(persona))
    assert ('href="/zh-hant/accounts/two-factor/methods/"' in client.get("/zh-hant/").content.decode()) is linked
