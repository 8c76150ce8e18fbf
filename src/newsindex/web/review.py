"""The review and correction forms of the claim and figure pages: POST with a CSRF token, written
to the corpus's ``corrections.toml`` by :func:`newsindex.corrections.record_entry`, the function
``newsindex review`` and ``newsindex correct`` call (the next build applies what it records).

The token is a random value kept in a ``SameSite=Strict``, ``HttpOnly`` cookie and repeated in
each form; a POST whose form does not carry the cookie's value, or that comes from another
origin, is refused (403) before anything is read or written. Only ``application/x-www-form-
urlencoded`` bodies of at most MAX_FORM bytes are read.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qs, urlsplit

from starlette.exceptions import HTTPException

from ..errors import UsageError

CSRF_COOKIE = "newsindex_csrf"
MAX_FORM = 64 * 1024
REVIEW_STATUSES = ("verified", "disputed")
#: the correction form's fields per kind, as `newsindex correct` names its options
CORRECT_FIELDS = {"claim": ("speaker", "not_a_claim"), "figure": ("value", "unit", "metric")}


def available() -> bool:
    """True when the corrections workflow (newsindex.corrections) is installed with this version."""
    try:
        from ..corrections import record_entry  # noqa: F401
    except ImportError:
        return False
    return True


def token_of(request) -> str | None:
    value = request.cookies.get(CSRF_COOKIE, "")
    return value if len(value) == 64 and all(c in "0123456789abcdef" for c in value) else None


def new_token() -> str:
    return secrets.token_hex(32)


def set_cookie(response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


async def read_form(request) -> dict[str, str]:
    """The form's fields (the last value of each), from an urlencoded body; 400 for another body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(400, "send the form as application/x-www-form-urlencoded")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise HTTPException(400, f"the form is larger than {MAX_FORM // 1024} KB")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise HTTPException(400, "the form is not UTF-8") from None
    return {k: v[-1] for k, v in fields.items()}


def check(request, form: dict[str, str]) -> None:
    """403 unless the form carries the cookie's token and comes from this site."""
    cookie = token_of(request)
    sent = form.get("csrf", "")
    if not cookie or not hmac.compare_digest(cookie, sent):
        raise HTTPException(403, "the form's token does not match this browser's: reload the page and send it again")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            raise HTTPException(403, f"a form from another site ({origin}) cannot write here")


def entry_arguments(kind: str, action: str, form: dict[str, str]) -> tuple[str, dict]:
    """(corrections table, record_entry's keyword arguments) from a review or correction form."""
    note = (form.get("note") or "").strip() or None
    if action == "review":
        status = form.get("status")
        if status not in REVIEW_STATUSES:
            raise UsageError(f"review: choose {' or '.join(REVIEW_STATUSES)}")
        return "review", {"status": status, "note": note}
    changes: dict = {}
    for name in CORRECT_FIELDS[kind]:
        value = (form.get(name) or "").strip()
        if name == "not_a_claim":
            if value:
                changes[name] = True
        elif value:
            changes[name] = value
    companies = [f"+{v}" for v in [(form.get("add_company") or "").strip()] if v]
    companies += [f"-{v}" for v in [(form.get("remove_company") or "").strip()] if v]
    if companies:
        changes["companies"] = companies
    return "correction", {"changes": changes, "note": note}


def record(index, table: str, record_id: str, corpus, arguments: dict):
    """Append the entry (newsindex.corrections.record_entry): (the entry, the file)."""
    from ..corrections import record_entry

    return record_entry(index, table, record_id, corpus=corpus, **arguments)
