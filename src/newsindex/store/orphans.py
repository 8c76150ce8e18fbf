"""Worker processes die with the build that started them, even when it is killed with SIGKILL.

A build's parse workers run in a ``forkserver`` (or ``spawn``) pool. ``kill -9`` on the build
runs none of its code, so the children must notice for themselves:

- the forkserver imports this module first (``set_forkserver_preload``), which asks Linux to send
  it SIGKILL when its parent, the build, dies (``prctl(PR_SET_PDEATHSIG)``);
- each worker does the same in its initializer (its parent is the forkserver), and also runs a
  thread that polls the build's pid once a second and ends the worker when it is gone (the only
  guard where ``prctl`` does not exist);
- multiprocessing's resource tracker reads a pipe that every one of these holds open: when the
  last of them is gone it reads end-of-file and exits by itself.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies (Linux); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch_build(build_pid: int) -> None:
    """Pool initializer: end this worker when the build `build_pid` is gone."""
    die_with_parent()

    def poll() -> None:
        import time

        while True:
            time.sleep(POLL_SECONDS)
            if not _alive(build_pid) or os.getppid() == 1:
                os._exit(1)

    threading.Thread(target=poll, name="newsindex-watch-build", daemon=True).start()


# Imported in the forkserver (set_forkserver_preload): it dies with the build, its parent.
if os.environ.get("NEWSINDEX_BUILD_PID") and os.getpid() != int(os.environ["NEWSINDEX_BUILD_PID"] or 0):
    die_with_parent()
