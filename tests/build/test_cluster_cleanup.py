"""A Dask worker that stops normally removes its scratch folder (`cluster.ScratchCleanup`, the
worker plugin `povlib build --scheduler` registers): kernels, Chromium and work files go with it."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from povlib.build import cluster
from povlib.build.runner import build, summary

distributed = pytest.importorskip("distributed")

PROBE = ROOT / "tests" / "fixtures" / "notebooks" / "probe.ipynb"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_stopped_worker_leaves_no_scratch_folder(tmp_path):
    config = tmp_path / "probe.yaml"
    config.write_text(yaml.safe_dump({"reports": [{"name": "p0", "notebook": str(PROBE),
                                                   "parameters": {"action": "ok"}}]}), encoding="utf-8")
    local = distributed.LocalCluster(n_workers=1, processes=True, threads_per_worker=1, host="127.0.0.1",
                                     dashboard_address=":0")
    try:
        [result] = build(config, tmp_path / "out", formats=("html", "pdf"), scheduler=local.scheduler_address)
        assert result.status == "built", summary([result])
        pid = int(result.worker.rsplit(" pid ", 1)[1])
        scratch = Path(tempfile.gettempdir()) / f"povlib-{os.getuid()}-dask-{pid}"
        # the worker keeps its warm kernel and its Chromium (their files are in its scratch folder)
        assert scratch.is_dir() and any(scratch.rglob("kernel-*.json"))
        with distributed.Client(local, set_as_default=False) as client:
            assert cluster.ScratchCleanup.name in client.run(lambda dask_worker: list(dask_worker.plugins))[
                next(iter(client.scheduler_info()["workers"]))]
    finally:
        local.close()
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)
    assert not scratch.exists(), sorted(str(p) for p in scratch.rglob("*"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no scheduler on port {port} after {seconds} s")


def test_ctrl_c_to_a_dask_worker_removes_its_scratch_folder(tmp_path):
    """Ctrl-C reaches the whole process group: the worker's close then waits on its nanny until
    the nanny kills it after 8 s, and only the plugin's status watcher cleans up in time."""
    dask = Path(sys.executable).parent / "dask"
    if not dask.is_file():
        pytest.skip("no dask command next to this Python")
    port, log = _free_port(), (tmp_path / "worker.log").open("w")
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--dashboard-address", ":0"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
    worker = None
    try:
        _wait_for_port(port)
        worker = subprocess.Popen([str(dask), "worker", address, "--nthreads", "1", "--dashboard-address", ":0"],
                                  stdout=log, stderr=log, cwd=ROOT, start_new_session=True)
        config = tmp_path / "probe.yaml"
        config.write_text(yaml.safe_dump({"reports": [{"name": "p0", "notebook": str(PROBE),
                                                       "parameters": {"action": "ok"}}]}), encoding="utf-8")
        [result] = build(config, tmp_path / "out", formats=("html", "pdf"), scheduler=address)
        assert result.status == "built", summary([result])
        scratch = Path(tempfile.gettempdir()) / f"povlib-{os.getuid()}-dask-{result.worker.rsplit(' pid ', 1)[1]}"
        assert scratch.is_dir()
        os.killpg(worker.pid, signal.SIGINT)          # what Ctrl-C in the worker's terminal does
        worker.wait(timeout=60)
        assert not scratch.exists(), (tmp_path / "worker.log").read_text(encoding="utf-8")[-2000:]
    finally:
        for proc in (worker, scheduler):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def test_the_plugin_is_registered_once_and_cleans_up_in_process(tmp_path, monkeypatch):
    """teardown shuts down kernels and browsers, then removes the folder; in this process (no worker)."""
    folder = tmp_path / "scratch"
    (folder / "s0" / "kernels").mkdir(parents=True)
    (folder / "s0" / "kernels" / "kernel-1.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cluster, "worker_scratch", lambda: folder)
    calls = []
    monkeypatch.setattr(cluster, "shutdown_kernels", lambda: calls.append("kernels"))

    class FakePrinter:
        def close(self):
            calls.append("printer")

    monkeypatch.setattr(cluster, "_PRINTERS", [FakePrinter()])
    cluster.ScratchCleanup().teardown(worker=None)
    assert calls == ["kernels", "printer"] and not folder.exists()
    assert cluster.ScratchCleanup.idempotent is True
