"""Any bytes under a recognised extension give records or one clear error, never a traceback (issue 16)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsindex.errors import SourceError
from newsindex.formats.registry import EXTENSIONS
from newsindex.parse import iter_parse
from newsindex.records import Article

# starts that steer the bytes into each reader
PREFIXES = [b"", b"<!DOCTYPE html><html><body><p>", b"WARC/1.0\r\nWARC-Type: response\r\n", b"\x1f\x8b\x08\x00",
            b"stories_id,title,text\n", b"title,text\n", b'{"title": "x", "text": ', b'[{"title": ', b"{\n",
            b"PK\x03\x04", b"%PDF-1.4\n", b"  1 of 3 DOCUMENTS\n\n", b"Headline\nThe Paper\nEnd of Document\nLoad-Date: ",
            b"<?xml version='1.0'?><articles><article><HD>", b"<html><body><table><tr><td><b>HD</b></td><td>"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ext=st.sampled_from(EXTENSIONS), prefix=st.sampled_from(PREFIXES), rest=st.binary(max_size=400))
def test_any_bytes_give_records_or_one_error(tmp_path, ext, prefix, rest):
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(prefix + rest)
    for item in iter_parse([path], use_sources=False):
        if isinstance(item, SourceError):
            assert item.path == str(path) and "\n" not in str(item)
        elif isinstance(item, Article):
            item.to_dict()
        else:  # an article of a multi-article file that was not read
            assert "\n" not in item.message()
