"""`kill -9` on a build leaves no process behind (issue 21, item 10).

The build runs in its own process group with enough files for the worker pool; it is killed
with SIGKILL while its workers are alive, and every process of that group (the forkserver, the
workers, multiprocessing's resource tracker) must be gone within seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

STORY = "Camera makers face rules number {i}\n\nBEIJING - Hikvision said on Monday that its sales rose {i}%.\n"


def group_members(pgid: int) -> list[int]:
    """Pids whose process group is `pgid` (from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:  # state, ppid, pgrp
            out.append(int(entry))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_kill_9_on_a_build_leaves_no_process_of_its_group(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    from newsindex.store.build import POOL_THRESHOLD

    for i in range(POOL_THRESHOLD + 36):  # enough for the worker pool
        (corpus / f"story{i:03d}.txt").write_text(STORY.format(i=i))
    flag = tmp_path / "reached"
    env = {**os.environ, "NEWSINDEX_TEST_HOLD": f"mid-build:{flag}", "NEWSINDEX_WORKERS": "2",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    env.pop("PYTEST_CURRENT_TEST", None)
    proc = subprocess.Popen([sys.executable, "-c", "from newsindex.cli import main; main()", "build",
                             "--corpus", str(corpus), "--index", str(tmp_path / "index")],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), proc.stderr.read() if proc.poll() is not None else "the build never reached mid-build"
        pgid = proc.pid
        before = group_members(pgid)
        assert len(before) >= 3, before  # the build, its forkserver and workers are alive
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 15
        while group_members(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group_members(pgid) == [], f"still alive: {group_members(pgid)} of {before}"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
