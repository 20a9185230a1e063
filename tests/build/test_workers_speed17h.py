"""The build's process pool hands a freed worker its next task before the caller handles the
result it just got (the build prints that report's PDF meanwhile): workers never wait for the caller."""

import time
from pathlib import Path

from povlib.build.workers import Pool


def _mark(path):
    Path(path).write_text("started", encoding="utf-8")
    return path


def test_the_next_task_starts_while_the_caller_handles_a_result(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    with Pool(_mark, 1) as pool:
        results = pool.imap([str(first), str(second)])
        task, result = next(results)
        assert result == str(first) and first.is_file()
        # the caller is busy with the first result: the only worker must already run the second task
        deadline = time.monotonic() + 20
        while not second.is_file() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.is_file(), "the worker idled until the caller asked for the next result"
        assert list(results) == [(str(second), str(second))]
