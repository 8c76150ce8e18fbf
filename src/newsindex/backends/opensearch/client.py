"""Talking to the cluster: the connection (credentials, TLS), and its failures as one-line errors.

Credentials never come from the command line (where ``ps`` and shell histories show them): from
``NEWSINDEX_OPENSEARCH_USER`` and ``NEWSINDEX_OPENSEARCH_PASSWORD``, else from a netrc file
(``NEWSINDEX_NETRC``, else ``~/.netrc``) entry for the URL's host. A user name or password written
in the URL itself is refused. TLS certificates are verified unless ``NEWSINDEX_OPENSEARCH_INSECURE=1``;
``NEWSINDEX_OPENSEARCH_CA`` names a CA bundle.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

from ...errors import NewsIndexError, UsageError

EXTRA_HINT = "pip install 'newsindex[opensearch]'"

#: Statuses a request is retried on (with back-off): the cluster is busy or briefly unavailable.
RETRY_STATUSES = (429, 502, 503, 504)
RETRIES = 5
BACKOFF = 0.5  # seconds before the first retry; doubled each time


class ClusterError(NewsIndexError):
    """The cluster could not be reached, refused the credentials, or refused a request."""


def check_url(url: str) -> str:
    """The URL without a trailing slash; a usage error when it is not http(s)://host[:port] or carries credentials.

    >>> check_url("http://127.0.0.1:9200/")
    'http://127.0.0.1:9200'
    """
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--url: {url!r} is not a cluster address (http://HOST:PORT or https://HOST:PORT)")
    if parts.username or parts.password:
        raise UsageError("--url must not carry a user name or password: set NEWSINDEX_OPENSEARCH_USER and "
                         "NEWSINDEX_OPENSEARCH_PASSWORD, or a netrc entry for the host")
    return text.rstrip("/")


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) for the cluster at `url`: the environment, else a netrc entry, else None."""
    user = os.environ.get("NEWSINDEX_OPENSEARCH_USER")
    password = os.environ.get("NEWSINDEX_OPENSEARCH_PASSWORD")
    if user:
        return user, password or ""
    import netrc

    path = os.environ.get("NEWSINDEX_NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as e:
        raise ClusterError(f"cannot read the credentials file {path}: {e}") from None
    if entry is None:
        return None
    login, _, secret = entry
    return login or "", secret or ""


def connect(url: str):
    """An ``opensearchpy.OpenSearch`` client for `url` (checked), with credentials and TLS settings."""
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        raise UsageError(f"--backend opensearch needs the opensearch-py package: {EXTRA_HINT}") from None
    import logging

    logging.getLogger("opensearch").setLevel(logging.CRITICAL)  # failures are said once, as ClusterError lines
    url = check_url(url)
    kwargs: dict = {"hosts": [url], "timeout": 60, "max_retries": 0, "retry_on_timeout": False}
    auth = credentials(url)
    if auth:
        kwargs["http_auth"] = auth
    if url.startswith("https:"):
        insecure = os.environ.get("NEWSINDEX_OPENSEARCH_INSECURE", "") not in ("", "0")
        kwargs.update(use_ssl=True, verify_certs=not insecure, ssl_show_warn=not insecure)
        ca = os.environ.get("NEWSINDEX_OPENSEARCH_CA")
        if ca:
            kwargs["ca_certs"] = ca
    return OpenSearch(**kwargs)


def _status(error) -> int | None:
    code = getattr(error, "status_code", None)
    return code if isinstance(code, int) else None


def _reason(error) -> str:
    info = getattr(error, "info", None)
    if isinstance(info, dict):
        err = info.get("error")
        if isinstance(err, dict):
            cause = (err.get("root_cause") or [err])[0]
            return f"{cause.get('type', 'error')}: {cause.get('reason', '')}".strip()
        if err:
            return str(err)
    return str(getattr(error, "error", "") or error)[:300]


def explain(error: Exception, url: str, doing: str) -> ClusterError:
    """A one-line ClusterError for an exception the client raised while `doing` something."""
    from opensearchpy import exceptions as E

    if isinstance(error, E.ConnectionError) or isinstance(error, E.ConnectionTimeout):
        if isinstance(error, E.SSLError):
            return ClusterError(f"{url}: the TLS certificate could not be verified while {doing} "
                                "(NEWSINDEX_OPENSEARCH_CA names a CA bundle)")
        return ClusterError(f"cannot reach the OpenSearch cluster at {url} while {doing}: is it running?")
    status = _status(error)
    if status == 401:
        return ClusterError(f"{url} refused the credentials while {doing} (NEWSINDEX_OPENSEARCH_USER / "
                            "NEWSINDEX_OPENSEARCH_PASSWORD, or a netrc entry)")
    if status == 403:
        return ClusterError(f"{url}: the user may not do this ({doing}): {_reason(error)}")
    if status is not None:
        return ClusterError(f"{url} refused a request while {doing} (HTTP {status}: {_reason(error)})")
    return ClusterError(f"{url}: {doing} failed ({type(error).__name__}: {error})")


def call(url: str, doing: str, fn, *args, **kwargs):
    """fn(*args, **kwargs), retried with back-off while the cluster answers busy (429, 503, …);
    any failure is a one-line ClusterError naming what was being done."""
    from opensearchpy import exceptions as E

    delay = BACKOFF
    for attempt in range(RETRIES + 1):
        try:
            return fn(*args, **kwargs)
        except E.TransportError as e:
            busy = _status(e) in RETRY_STATUSES or isinstance(e, E.ConnectionTimeout)
            if busy and attempt < RETRIES:
                time.sleep(delay)
                delay *= 2
                continue
            raise explain(e, url, doing) from None
        except E.ImproperlyConfigured as e:
            raise ClusterError(f"{url}: {e}") from None
