"""Running the web view: the listening socket, the warning for a non-local address, uvicorn.

:func:`serve` is what ``newsindex serve`` calls once the index exists. The socket is bound here,
before uvicorn starts, so a port in use is one ``Error:`` line (exit 1), not a log.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Callable

from ..errors import NewsIndexError, UsageError

WEB_MODULES = ("starlette", "jinja2", "uvicorn")


def check_installed() -> None:
    """UsageError naming the web extra when its packages are missing."""
    import importlib.util

    missing = [m for m in WEB_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"newsindex serve needs the web extra ({', '.join(missing)} missing): "
                         "pip install 'newsindex[web]'")


def is_loopback(host: str) -> bool:
    """127.0.0.1, ::1 and localhost stay on this machine; anything else may not.

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5", "example.org")]
    [True, True, True, False, False, False]
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_for(host: str, port: int) -> str:
    """The address to open in a browser.

    >>> url_for("127.0.0.1", 8001), url_for("::1", 80), url_for("0.0.0.0", 8001)
    ('http://127.0.0.1:8001/', 'http://[::1]:80/', 'http://127.0.0.1:8001/')
    """
    host = host.strip("[]")
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def network_warning(host: str, port: int) -> str | None:
    """What binding to `host` exposes, or None for a loopback address."""
    if is_loopback(host):
        return None
    return (f"Warning: listening on {host}:{port}, so the index becomes readable by the network "
            f"(anyone who can reach this machine on port {port} can read every article); "
            "--host 127.0.0.1 keeps it on this machine")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port); NewsIndexError with the reason when it cannot be had."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise UsageError(f"--host {host}: not an address of this machine ({e.strerror})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        hint = f" (another server is using it? try --port {port + 1})" if port else ""
        raise NewsIndexError(f"cannot listen on {host}:{port}: {e.strerror or e}{hint}") from None
    sock.set_inheritable(True)
    return sock


def serve(*, index_dir=None, backend: str | None = None, url: str | None = None, host: str = "127.0.0.1",
          port: int = 8001, open_browser: bool = False, say: Callable[[str], None] = print) -> None:
    """Serve the web view until interrupted (Ctrl-C). `say` gets the status lines (the address,
    the warning for a non-local host)."""
    check_installed()
    import uvicorn

    from .app import make_app

    warning = network_warning(host, port)
    app = make_app(index_dir, backend=backend, url=url, allowed_hosts=None if warning is None else ["*"])
    sock = bind(host, port)
    bound_port = sock.getsockname()[1]
    address = url_for(host, bound_port)
    if warning:
        say(warning)
    say(f"Serving {url if backend == 'opensearch' else index_dir} at {address} (Ctrl-C stops)")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            server_header=False)
    server = uvicorn.Server(config)
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, address), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _open_when_started(server, address: str, timeout: float = 30.0) -> None:
    import webbrowser

    deadline = time.monotonic() + timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.started:
        webbrowser.open(address)
