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


def test_health_check_touches_the_database(client):
    response = client.get("/healthz")
    assert response.json()["status"] == "ok"


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
