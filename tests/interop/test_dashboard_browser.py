"""Headless Chromium against `rivulet dashboard` over a temporary data directory.

The data directory holds only `aggregates/latest.json` with 8 devices, one of them named like
an XSS payload. Headless Chromium (driven through chromium-driver) loads the page and the test
waits until a bar is drawn for every device, checks that the hostile id is text, not an
element, and saves a screenshot. Needs Debian's `chromium` and `chromium-driver` (installed by
scripts/test.sh).
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import broker_binary, free_port
from webdriver import WebDriver

XSS_ID = "<img src=x onerror=alert(1)>"
DEVICES = [f"device-{i:08x}" for i in range(7)] + [XSS_ID]
ARTIFACTS = Path(os.environ.get("RIVULET_ARTIFACTS", tempfile.gettempdir())) / "dashboard"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no chromium: scripts/test.sh installs Debian's chromium")


def latest_document() -> dict:
    rows = [
        {
            "window_start": "2024-11-03T14:30:00Z",
            "window_end": "2024-11-03T14:30:10Z",
            "device_id": device,
            "count": 40,
            "avg_temperature": 20.0 + i,
            "avg_humidity": 50.0 + i,
            "min_battery": 80.0,
            "max_battery": 90.0,
        }
        for i, device in enumerate(DEVICES)
    ]
    return {"updated_at": 1730638580, "records": rows}


@pytest.fixture
def dashboard():
    with tempfile.TemporaryDirectory() as data_dir:
        aggregates = Path(data_dir) / "aggregates"
        aggregates.mkdir()
        document = json.dumps(latest_document(), indent=2).encode()
        (aggregates / "latest.json").write_bytes(document)
        port = free_port()
        process = subprocess.Popen(
            [broker_binary(), "dashboard", "--data-dir", data_dir, "--listen", f"127.0.0.1:{port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={k: v for k, v in os.environ.items() if k not in ("FLASK_HOST", "FLASK_PORT")},
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"dashboard did not start: {process.stdout.read()}")
            time.sleep(0.1)
        try:
            yield base, document
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_metrics_is_the_document(dashboard):
    base, document = dashboard
    with urllib.request.urlopen(base + "/metrics") as response:
        assert response.read() == document


def test_bars_for_all_devices_and_the_xss_id_is_text(dashboard):
    tools = WebDriver.find()
    if tools is None:
        pytest.skip("no chromium + chromedriver: scripts/test.sh installs Debian's chromium and chromium-driver")
    base, _ = dashboard
    browser = WebDriver(*tools)
    try:
        browser.get(base + "/")
        bars = browser.wait_for("document.querySelectorAll('rect.bar-temperature').length == 8 && 8")
        assert bars == 8
        assert browser.run("return document.getElementById('active-devices').textContent") == "8"
        # The hostile id is a label's text; no element was made from it.
        assert browser.run("return document.querySelectorAll('img').length") == 0
        labels = browser.run("return Array.from(document.querySelectorAll('svg text')).map(t => t.textContent)")
        assert XSS_ID in labels
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(ARTIFACTS / "dashboard.png")
    finally:
        browser.quit()


def test_page_script_draws_bars_with_a_stub_dom(dashboard, tmp_path):
    """Without Chromium, node runs the served script over a stub DOM: the same drawing code,
    checked for 8 bars per chart and the hostile id kept as text."""
    node = shutil.which("node")
    if not node:
        pytest.skip("no node")
    base, _ = dashboard
    script = tmp_path / "app.js"
    with urllib.request.urlopen(base + "/assets/app.js") as response:
        script.write_bytes(response.read())
    harness = Path(__file__).with_name("dashboard_script_harness.js")
    out = subprocess.run([node, str(harness), str(script)], capture_output=True, text=True, timeout=30, check=True).stdout
    assert "bars 8 hum 8" in out
    assert "| devices 8 |" in out
    assert XSS_ID in out.split("labels ", 1)[1]


def test_up_page_shows_status_counts_and_pipeline_health(tmp_path):
    """`rivulet up` in a browser: the engine's ok/warn/error counts for the shown window, lag per
    partition and the last lake commit fill in."""
    tools = WebDriver.find()
    if tools is None:
        pytest.skip("no chromium + chromedriver: scripts/test.sh installs Debian's chromium and chromium-driver")
    from up_process import UpProcess, write_config

    config, _, dashboard_port = write_config(tmp_path)
    process = UpProcess(tmp_path, config)
    browser = WebDriver(*tools)
    try:
        browser.get(f"http://127.0.0.1:{dashboard_port}/")
        browser.wait_for("document.querySelectorAll('rect.bar-temperature').length == 8", timeout=60)
        status = browser.wait_for(
            "(/^\\d+ \\/ \\d+ \\/ \\d+$/.test(document.getElementById('status-counts').textContent)"
            " && document.getElementById('status-counts').textContent)", timeout=30)
        assert sum(int(n) for n in status.split(" / ")) > 0
        cells = browser.wait_for(
            "(() => { const r = document.querySelector('#pipelines tbody tr');"
            " const c = r ? Array.from(r.cells).map(td => td.textContent) : [];"
            " return c.length && c[9].startsWith('iot_window_agg v') ? c : null; })()", timeout=60)
        assert cells[0] == "iot-aggregates"
        assert [p.split(": ")[0] for p in cells[4].split(", ")] == ["0", "1", "2"]
        assert all(p.split(": ")[1].isdigit() for p in cells[4].split(", "))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(ARTIFACTS / "dashboard-up.png")
    finally:
        browser.quit()
        code, _ = process.stop()
    assert code == 0
