"""Worker processes die with the build: a forked worker must never outlive the gkgen process that
started it (a `kill -9` of the build would otherwise leave PDF renderers running, re-parented to
PID 1)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this (forked) process die with SIGKILL when its parent dies, however the parent ends
    (SIGKILL included): Linux prctl(PR_SET_PDEATHSIG). Elsewhere a watchdog thread polls the
    parent's id. Exits at once when the parent is already gone. SIGTERM and SIGINT get their
    default action (end quietly): the parent's handlers are for the parent."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc symbol
            _watchdog(parent)
    else:  # pragma: no cover - macOS, BSD
        _watchdog(parent)
    if os.getppid() != parent:
        os._exit(1)


def _watchdog(parent: int) -> None:
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
