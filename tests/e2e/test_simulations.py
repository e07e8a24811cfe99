"""The policy simulation in a real headless Chromium, with a real job worker process.

The worker is started only after the form is submitted, so the results can reach the page
only through its own polling of the progress endpoint and the reload that follows.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from asmtp.analytics.simulations.models import RunStatus, SimulationRun
from tests.e2e.conftest import axe_serious_violations, save_screenshot, sign_in
from tests.personas import PASSWORD
from tests.processes import database_url_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOWER_EXEMPTION = "name: 市场测试豁免门槛降至 60 万港元\nparameters:\n  market_test.salary_exemption_annual_hkd: 600000\n"
BAD_REFORM = "name: 拼错的键\nparamters:\n  market_test.salary_exemption_annual_hkd: 2500000\n"


@pytest.fixture
def start_worker(settings, tmp_path):
    """Starts `python -m django db_worker` against the test database when called; stops it after the test."""
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ASMTP_", "PYTEST_", "DATABASE_URL", "DJANGO_"))}
        env.update(
            ASMTP_ENV="development", ASMTP_DATA_DIR=str(tmp_path), ASMTP_LOG_LEVEL="WARNING",
            ASMTP_SECRET_KEY="simulation-e2e-test-" + "k" * 40, DJANGO_SETTINGS_MODULE="asmtp.settings",
            DATABASE_URL=database_url_of(settings.DATABASES["default"]),
        )
        command = [sys.executable, "-m", "django", "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload"]
        processes.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=15)


def chart_widths(page) -> dict[str, int]:
    return dict(page.evaluate("Array.from(document.querySelectorAll('img.chart-image')).map(i => [i.dataset.chart, i.naturalWidth])"))


def test_an_analyst_runs_a_simulation_in_simplified_chinese_and_sees_the_tables_and_charts(page, analyst, start_worker):
    sign_in(page, analyst.email, PASSWORD, "zh-hans")
    page.goto("/zh-hans/simulations/")
    assert page.inner_text("h1") == "政策模拟"
    assert "market_test.salary_exemption_annual_hkd" in page.input_value("#id_reform_yaml")
    assert axe_serious_violations(page) == []
    save_screenshot(page, "simulation-form-zh-hans.png")

    page.fill("#id_reform_yaml", LOWER_EXEMPTION)
    page.fill("#id_seed", "2026")
    page.locator("form.simulation-form button[type=submit]").click()
    page.wait_for_selector("progress#run-progress")
    assert "已完成 0%" in page.inner_text("#progress-text")
    assert axe_serious_violations(page) == []
    save_screenshot(page, "simulation-progress-zh-hans.png")

    start_worker()
    page.wait_for_selector("table.breakdown-table", timeout=120_000)
    page.wait_for_load_state("networkidle")

    run = SimulationRun.objects.get()
    assert (run.status, run.progress, run.population_size, run.seed) == (RunStatus.DONE, 100, 10_000, 2026)
    assert run.result["totals"]["refer_to_eligible"] > 0
    assert "改革方案文件：市场测试豁免门槛降至 60 万港元" in page.inner_text(".simulation-summary")
    assert page.locator("progress").count() == 0
    main = page.inner_text("main")
    assert "按评估结果划分的申请" in main
    assert "K 金融及保险" in main and "广东" in main and "港币20,000元以下" in main
    assert f"{run.result['totals']['flipped']:,}" in page.inner_text("table.breakdown-table[data-breakdown=industry] tfoot")
    assert page.locator("table.breakdown-table").count() == 4
    widths = chart_widths(page)
    assert sorted(widths) == ["industry", "province", "salary_band", "talent_list_segment"]
    assert all(width > 0 for width in widths.values()), widths
    assert page.console_errors == []
    assert axe_serious_violations(page) == []
    save_screenshot(page, "simulation-result-zh-hans.png")


def test_a_misspelt_reform_key_is_shown_next_to_the_reform_file_and_the_text_stays(page, analyst):
    sign_in(page, analyst.email, PASSWORD, "zh-hans")
    page.goto("/zh-hans/simulations/")
    page.fill("#id_reform_yaml", BAD_REFORM)
    page.fill("#id_seed", "99")
    page.locator("form.simulation-form button[type=submit]").click()
    page.wait_for_selector("#reform_yaml-error")

    assert "无法使用这项改革方案：unknown key 'paramters'" in page.inner_text("#reform_yaml-error")
    assert page.input_value("#id_reform_yaml") == BAD_REFORM
    assert page.input_value("#id_seed") == "99"
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.id") == "id_reform_yaml"
    assert axe_serious_violations(page) == []
    assert not SimulationRun.objects.exists()
    save_screenshot(page, "simulation-refused-zh-hans.png")
