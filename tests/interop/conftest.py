"""Fixtures for interop tests: a `rivulet broker` process on a free 127.0.0.1 port.

The broker binary is `$RIVULET_BIN` if set, else `.build/debug/rivulet` (what
`scripts/test.sh` builds) or `.build/release/rivulet`, run as
`rivulet broker --data-dir DIR --listen 127.0.0.1:PORT`; it is ready when it prints
`listening on 127.0.0.1:PORT`.

Tests that need the consumer-group coordinator are marked `requires_groups`; they run by
default and are skipped with `RIVULET_GROUPS=0`.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from rivulet_binary import rivulet_path

READY = re.compile(r"listening on (\S+):(\d+)")


def broker_binary() -> str:
    try:
        return rivulet_path()
    except RuntimeError:
        pytest.skip("no rivulet binary: run `swift build` or set RIVULET_BIN")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BrokerProcess:
    """A running broker; `restart()` kills it (SIGKILL when asked) and starts it again on
    the same data directory and port."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.port = free_port()
        self.process = None
        self.output = []
        self.start()

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0):
        command = [broker_binary(), "broker", "--data-dir", self.data_dir, "--listen", self.bootstrap]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        ready = threading.Event()

        def pump():
            for line in self.process.stdout:
                self.output.append(line)
                if READY.search(line):
                    ready.set()

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.05):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("broker did not start:\n" + "".join(self.output[-50:]))

    def stop(self, kill: bool = False):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self, kill: bool = False):
        self.stop(kill=kill)
        self.start()


@pytest.fixture(scope="session")
def broker():
    data_dir = tempfile.mkdtemp(prefix="rivulet-interop-")
    process = BrokerProcess(data_dir)
    yield process
    process.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def fresh_broker():
    """A broker of its own, for tests that restart or kill it."""
    data_dir = tempfile.mkdtemp(prefix="rivulet-interop-")
    process = BrokerProcess(data_dir)
    yield process
    process.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def bootstrap(broker) -> str:
    return broker.bootstrap


@pytest.fixture
def topic_name(request) -> str:
    """A topic name unique to the test."""
    base = re.sub(r"[^A-Za-z0-9._-]", "-", request.node.name)[:80]
    return f"{base}-{uuid.uuid4().hex[:8]}"


def pytest_configure(config):
    config.addinivalue_line("markers", "requires_groups: needs the consumer-group coordinator")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("RIVULET_GROUPS") != "0":
        return
    skip = pytest.mark.skip(reason="RIVULET_GROUPS=0")
    for item in items:
        if "requires_groups" in item.keywords:
            item.add_marker(skip)
