"""`newsindex serve`: the address it listens on, the warning for a non-local one, a port in use,
--open, the missing web extra, and the first run that builds the index (the server itself is
replaced by a stand-in that returns at once; tests/test_web_browser.py runs the real one)."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

pytest.importorskip("uvicorn")

from newsindex.cli import cli  # noqa: E402


@pytest.fixture
def ran(monkeypatch):
    """Replaces uvicorn's Server.run: records what would have been served, serves nothing."""
    import uvicorn

    calls = []

    def run(self, sockets=None):
        self.started = True
        calls.append({"app": self.config.app, "address": sockets[0].getsockname()})
        import time

        time.sleep(0.2)  # time for --open's thread to see the server started

    monkeypatch.setattr(uvicorn.Server, "run", run)
    return calls


def _serve(*args):
    return CliRunner().invoke(cli, ["serve", *args], catch_exceptions=False)


def test_serves_on_the_loopback_address_by_default_without_a_warning(index_dir, ran):
    result = _serve("--index", str(index_dir), "--port", "0")
    assert result.exit_code == 0, result.output
    host, port = ran[0]["address"]
    assert host == "127.0.0.1"
    assert f"at http://127.0.0.1:{port}/ (Ctrl-C stops)" in result.stderr
    assert "Warning" not in result.stderr


def test_another_host_prints_that_the_index_becomes_readable_by_the_network(index_dir, ran):
    from starlette.testclient import TestClient

    result = _serve("--index", str(index_dir), "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Warning: listening on 0.0.0.0:")
    assert "the index becomes readable by the network" in result.stderr
    served = TestClient(ran[0]["app"])  # answers any Host name, as asked
    assert served.get("/", headers={"host": "newsroom.example"}).status_code == 200


def test_a_port_in_use_is_one_error_line(index_dir, ran):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = _serve("--index", str(index_dir), "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.output and not ran


def test_open_opens_the_home_page(index_dir, ran, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    result = _serve("--index", str(index_dir), "--port", "0", "--open")
    assert result.exit_code == 0, result.output
    assert opened == [f"http://127.0.0.1:{ran[0]['address'][1]}/"]


def test_without_the_web_extra_it_says_how_to_install_it(index_dir, ran, monkeypatch):
    from newsindex.web import serve

    monkeypatch.setattr(serve, "WEB_MODULES", ("starlette", "no_such_module_for_the_web"))
    result = _serve("--index", str(index_dir))
    assert result.exit_code == 2
    assert "pip install 'newsindex[web]'" in result.stderr and "no_such_module_for_the_web" in result.stderr


def test_first_run_builds_the_index_from_the_corpus(tmp_path, kit, ran):
    corpus = kit.write_corpus(tmp_path / "corpus", seeds=False)
    result = _serve("--corpus", str(corpus), "--port", "0")
    assert result.exit_code == 0, result.output
    assert "building it from" in result.stderr
    assert (corpus / ".newsindex").is_dir()


def test_a_bad_host_is_a_usage_error(index_dir, ran):
    result = _serve("--index", str(index_dir), "--host", "no-such-host.invalid")
    assert result.exit_code == 2 and result.stderr.startswith("Error: --host no-such-host.invalid: ")
