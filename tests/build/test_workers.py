"""The build's process pool: a worker that dies fails only the task it held."""

import os
import signal

from povlib.build.workers import Pool, WorkerDied


def _task(n):
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    return n * 10


def test_a_killed_worker_fails_only_its_task_and_the_pool_goes_on():
    with Pool(_task, 2) as pool:
        results = dict(pool.imap(range(8)))
    assert isinstance(results[3], WorkerDied) and results[3].exitcode == -signal.SIGKILL
    assert "killed by signal 9" in str(results[3])
    assert {n: r for n, r in results.items() if n != 3} == {n: n * 10 for n in range(8) if n != 3}


def test_workers_are_gone_after_close():
    pool = Pool(_task, 2)
    list(pool.imap([1, 2]))
    procs = [w.proc for w in pool.workers]
    pool.close()
    assert procs and not any(p.is_alive() for p in procs)
