"""A minimal W3C WebDriver client over HTTP for Debian's chromium-driver: enough to open a
page headless, wait for elements and take a screenshot, without downloading anything."""
import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request


class WebDriver:
    def __init__(self, chromium: str, driver: str):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise
                time.sleep(0.1)
        capabilities = {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600"]}}
        answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.session = answer["value"]["sessionId"]

    @staticmethod
    def find() -> tuple[str, str] | None:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        driver = shutil.which("chromedriver")
        return (chromium, driver) if chromium and driver else None

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def get(self, url):
        self._call("POST", f"/session/{self.session}/url", {"url": url})

    def run(self, script):
        return self._call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": []})["value"]

    def wait_for(self, script, timeout=20.0):
        """Polls a JavaScript expression until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.run("return " + script)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {script}")

    def screenshot(self, path):
        png = self._call("GET", f"/session/{self.session}/screenshot")["value"]
        path.write_bytes(base64.b64decode(png))

    def quit(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
