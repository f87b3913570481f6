"""The foundation's CLI as a user runs it: init, config show/validate, clean, doctor."""
import os
import subprocess

import pytest

from rivulet_binary import rivulet_path


def run(*args, cwd, env=None, input=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "FLASK_", "RIVULET_"))}
    full_env.update(env or {})
    return subprocess.run([rivulet_path(), *args], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=60)


def test_help_lists_every_command_of_the_design(tmp_path):
    out = run("--help", cwd=tmp_path).stdout
    for command in ["up", "init", "broker", "produce", "process", "dashboard", "topics", "consume",
                    "groups", "lake", "clean", "config", "bench", "doctor"]:
        assert f"\n  {command} " in out, command


def test_init_writes_a_config_that_loads_as_the_defaults(tmp_path):
    assert run("init", cwd=tmp_path).returncode == 0
    text = (tmp_path / "rivulet.yml").read_text()
    assert "# " in text and "iot-aggregates" in text and "watermark_delay: 1m" in text
    shown = run("config", "show", cwd=tmp_path)
    assert shown.returncode == 0
    assert "size: 10s" in shown.stdout and "iot_window_agg" in shown.stdout
    again = run("init", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_seed_environment_names_are_honoured(tmp_path):
    shown = run("config", "show", cwd=tmp_path,
                env={"KAFKA_TOPIC": "sensors", "FLASK_HOST": "0.0.0.0", "FLASK_PORT": "8080"})
    assert shown.returncode == 0
    assert "listen: 0.0.0.0:8080" in shown.stdout
    assert "topic: sensors" in shown.stdout and "sensors.dlq" in shown.stdout
    flag = run("config", "show", "--data-dir", "/tmp/elsewhere", cwd=tmp_path, env={"RIVULET_DATA_DIR": "/tmp/env"})
    assert "data_dir: /tmp/elsewhere" in flag.stdout


def test_validate_reports_file_line_key_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("broker:\n  fsync: sometimes\nsimulators:\n  - {kind: iot, topic: iot-metrics, devices: 8, rate: -4.0, jitter: 0.3}\n")
    result = run("config", "validate", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{bad}:2: broker.fsync: ")
    assert "group-commit" in lines[0]
    assert any(line.startswith(f"{bad}:4: simulators[0].rate: ") for line in lines)


def test_clean_asks_unless_yes_and_removes_only_what_was_asked(tmp_path):
    for part in ["lake/t", "checkpoints/p", "log/x-0"]:
        (tmp_path / "data" / part).mkdir(parents=True)
    refused = run("clean", "--datalake", cwd=tmp_path)
    assert refused.returncode == 2 and (tmp_path / "data/lake").exists()
    declined = run("clean", "--datalake", cwd=tmp_path, input="n\n")
    assert (tmp_path / "data/lake").exists()
    done = run("clean", "--checkpoints", "--yes", cwd=tmp_path)
    assert done.returncode == 0
    assert not (tmp_path / "data/checkpoints").exists() and (tmp_path / "data/lake").exists()
    assert run("clean", "--all", "--yes", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "data/log").exists() and not (tmp_path / "data/lake").exists()


def test_doctor_reports_a_taken_port(tmp_path):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("doctor", cwd=tmp_path, env={"FLASK_PORT": str(port)})
    assert result.returncode == 1
    assert f"FAIL  dashboard.listen: 127.0.0.1:{port} is in use" in result.stdout
    assert "OK    data_dir" in result.stdout
