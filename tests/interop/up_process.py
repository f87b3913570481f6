"""`rivulet up` as a subprocess for interop tests: a config over a temporary data directory,
start (ready when the broker listens), SIGTERM with the time it took, and the output lines,
pumped on a thread so that a busy run never blocks on a full pipe."""
import signal
import subprocess
import threading
import time

from deltalake import DeltaTable

from conftest import free_port
from rivulet_binary import rivulet_path

CONFIG = """
data_dir: {data}
broker: {{listen: "127.0.0.1:{port}"}}
topics: [{{name: iot-metrics, partitions: 3}}]
simulators: [{{kind: iot, topic: iot-metrics, devices: {devices}, rate: {rate}, jitter: 0.3, seed: 7}}]
pipelines:
  - name: iot-aggregates
    source: {{topic: iot-metrics, format: json, schema: iot}}
    event_time: {{field: ts, unit: ms, watermark_delay: 1s}}
    window: {{kind: tumbling, size: 2s}}
    group_by: [device_id]
    aggregates: {{count: count(), avg_temperature: avg(temperature), avg_humidity: avg(humidity),
                 min_battery: min(battery), max_battery: max(battery)}}
    emit: {{live_every: 100ms}}
    checkpoint_interval: 1s
    sinks:
      - {{kind: snapshot, path: aggregates/latest.json}}
      - {{kind: delta, table: iot_window_agg, partition_by: [device_id]}}
    late_events: {{table: iot_late_events}}
    dead_letter: {{topic: iot-metrics.dlq}}
lake: {{flush_interval: 2s}}
dashboard: {{listen: "127.0.0.1:{dashboard}"}}
"""


def write_config(tmp_path, devices=8, rate=50.0):
    """Writes rivulet.yml under tmp_path; returns (path, broker port, dashboard port)."""
    port, dashboard = free_port(), free_port()
    config = tmp_path / "rivulet.yml"
    config.write_text(CONFIG.format(data=tmp_path / "data", port=port, dashboard=dashboard, devices=devices, rate=rate))
    return config, port, dashboard


class UpProcess:
    def __init__(self, cwd, config, timeout=30):
        self.lines = []
        self.process = subprocess.Popen([rivulet_path(), "up", "--config", str(config), "--status-every", "1"],
                                        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ready = threading.Event()

        def pump():
            for line in self.process.stdout:
                self.lines.append(line)
                if "broker listening" in line:
                    ready.set()

        self.pump = threading.Thread(target=pump, daemon=True)
        self.pump.start()
        deadline = time.monotonic() + timeout
        while not ready.wait(0.05):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError("rivulet up did not start:\n" + "".join(self.lines[-50:]))

    def stop(self):
        """SIGTERM; returns (exit code, seconds until exit)."""
        self.process.send_signal(signal.SIGTERM)
        began = time.monotonic()
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("rivulet up did not stop within 30 s of SIGTERM:\n" + "".join(self.lines[-30:]))
        seconds = time.monotonic() - began
        self.pump.join(timeout=10)
        return code, seconds


def windows(table_path):
    return DeltaTable(str(table_path)).to_pyarrow_table().to_pylist()


def wait_for_windows(table_path, minimum, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if len(windows(table_path)) >= minimum:
                return
        except Exception:  # the table's first commit may not exist yet
            pass
        time.sleep(0.5)
    raise AssertionError(f"fewer than {minimum} windows committed in {timeout}s")
