"""`povlib build --scheduler`: the build on a Dask cluster (a LocalCluster of two worker processes
on loopback), a dead worker, and an unreachable scheduler."""

import os
import socket

import pytest
import yaml

from conftest import ROOT
from povlib.build import cluster
from povlib.build.runner import build, summary
from povlib.cli import main
from povlib.build.config import Report
from povlib.exceptions import PovlibError

distributed = pytest.importorskip("distributed")

PROBE = ROOT / "tests" / "fixtures" / "notebooks" / "probe.ipynb"


@pytest.fixture(scope="module")
def dask_cluster():
    import dask

    # a report whose worker dies fails at once instead of being retried on the other workers
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                         dashboard_address=":0")
    try:
        with distributed.Client(local, set_as_default=False) as client:
            pids = client.run(os.getpid)
        yield local.scheduler_address, pids
    finally:
        local.close()


def _config(tmp_path, *actions):
    reports = [{"name": f"p{i}", "notebook": str(PROBE), "parameters": {"action": a}} for i, a in enumerate(actions)]
    path = tmp_path / "probe.yaml"
    path.write_text(yaml.safe_dump({"reports": reports}), encoding="utf-8")
    return path


def test_reports_are_executed_and_printed_on_the_workers_and_published_here(dask_cluster, tmp_path):
    address, pids = dask_cluster
    config, out = _config(tmp_path, "ok", "ok"), tmp_path / "out"
    results = build(config, out, formats=("html", "pdf"), scheduler=address)
    assert [r.status for r in results] == ["built", "built"], summary(results)
    for r in results:
        worker, pid = r.worker.split(" pid ")
        assert pids.get(worker) == int(pid) != os.getpid(), r.worker
        assert (out / f"{r.name}.pdf").read_bytes().startswith(b"%PDF-")
        assert "done ok" in (out / f"{r.name}.ipynb").read_text(encoding="utf-8")
        assert "done ok" in (out / f"{r.name}.html").read_text(encoding="utf-8")
        assert (out / ".stamps" / f"{r.name}.json").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="p0.pdf"' in index and 'href="p1.html"' in index and "failed" not in index
    assert not (out / ".tmp").exists()
    # same stamps as a local build: nothing changed, so nothing is rebuilt (and no scheduler is needed)
    again = build(config, out, formats=("html", "pdf"), scheduler="tcp://127.0.0.1:1")
    assert [r.status for r in again] == ["skipped", "skipped"]


def test_a_worker_that_cannot_import_the_task_fails_that_task_and_stays(dask_cluster, tmp_path, monkeypatch):
    address, _ = dask_cluster
    # a module only this process can import, as when a worker lacks (this) povlib
    (tmp_path / "povlib_not_installed_here.py").write_text("def ghost(task):\n    return task\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    from povlib_not_installed_here import ghost

    with cluster.Runner(ghost, address) as runner:
        [(task, result)] = list(runner.imap(["t"]))
    assert isinstance(result, cluster.WorkerLost) and "No module named 'povlib_not_installed_here'" in str(result)
    assert "\n" not in str(result)
    with cluster.Runner(os.path.basename, address) as runner:  # the workers still take tasks
        assert sorted(r for _, r in runner.imap(["a/x", "b/y", "c/z"])) == ["x", "y", "z"]


def test_a_worker_with_another_checkout_refuses_the_report(tmp_path):
    report = Report("p0", PROBE, {"action": "ok"})
    shipped = cluster.execute_remote(cluster.RemoteTask(report, PROBE.read_bytes(), ("html",), "0" * 16, "1" * 16))
    assert shipped.result.status == "failed" and not shipped.files
    assert "differs from the client's" in shipped.result.error and "same checkout" in shipped.result.error


def test_a_dead_worker_fails_only_its_report(dask_cluster, tmp_path):
    address, _ = dask_cluster
    out = tmp_path / "out"
    results = {r.name: r for r in build(_config(tmp_path, "ok", "kill-worker", "ok"), out, formats=("html",),
                                        scheduler=address)}
    assert results["p1"].status == "failed" and "KilledWorker" in results["p1"].error
    assert "\n" not in results["p1"].error and "--only" in results["p1"].error
    assert [results[n].status for n in ("p0", "p2")] == ["built", "built"]
    assert (out / "p2.html").is_file() and not (out / "p1.html").exists()
    assert "last build failed" in (out / "index.html").read_text(encoding="utf-8")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    with pytest.raises(PovlibError) as info:
        build(_config(tmp_path, "ok"), tmp_path / "out", formats=("html",), scheduler=address)
    message = str(info.value)
    assert "\n" not in message and address in message and "dask scheduler" in message
    assert main(["build", "--config", str(_config(tmp_path, "ok")), "--out", str(tmp_path / "cli"),
                 "--format", "html", "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("povlib: error: cannot reach the Dask scheduler")
