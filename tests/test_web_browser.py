"""The web view in a real browser: the distribution's headless Chromium driven by Selenium
through the distribution's chromedriver (nothing is downloaded). Skipped, with the reason, where
either is missing; `.ci/run` installs them (`apt-get install chromium chromium-driver`).

Each scenario keeps a screenshot of every page it visits; when it fails they are written, with
the page's HTML, under ``test-output/browser/`` (``$NEWSINDEX_TEST_OUTPUT`` overrides the folder).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra has it)")

from selenium.webdriver.common.by import By  # noqa: E402

from newsindex.cli import cli  # noqa: E402
from newsindex.web import make_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = Path(os.environ.get("NEWSINDEX_TEST_OUTPUT") or ROOT / "test-output") / "browser"
WAIT = 10.0


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if found:
            return found
    return None


CHROMIUM = os.environ.get("NEWSINDEX_CHROMIUM") or _find("chromium", "chromium-browser", "/usr/bin/chromium")
DRIVER = os.environ.get("NEWSINDEX_CHROMEDRIVER") or _find("chromedriver", "/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="no Chromium or chromedriver on this machine (apt-get install chromium chromium-driver; .ci/run does)")


class Server:
    """uvicorn serving an app on a free loopback port, in a thread."""

    def __init__(self, app):
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + WAIT
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(WAIT)


@pytest.fixture(scope="module")
def server(index_dir):
    s = Server(make_app(index_dir))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def hostile_server(hostile_index):
    s = Server(make_app(hostile_index))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(downloads):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    try:
        d = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    except WebDriverException as e:  # a browser that is there but cannot start (no shared memory, ...)
        pytest.skip(f"Chromium did not start: {e.msg.splitlines()[0] if e.msg else e}")
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    d.set_page_load_timeout(30)
    yield d
    d.quit()


class Scenario:
    """Visits pages, keeping a screenshot of each; writes them out when the scenario fails."""

    def __init__(self, driver, base: str, name: str):
        self.driver, self.base, self.name = driver, base, name
        self.shots: list[tuple[str, bytes, str]] = []

    def get(self, path: str) -> None:
        self.driver.get(self.base + path)
        self.shot()

    def shot(self) -> None:
        d = self.driver
        self.shots.append((d.current_url, d.get_screenshot_as_png(), d.page_source))

    def wait(self, condition, what: str):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            got = condition()
            if got:
                return got
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def save(self) -> Path:
        folder = OUTPUT / self.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:
            self.shot()  # the page as it was when the scenario failed
        except Exception:  # pragma: no cover - a browser that died
            pass
        for n, (url, png, html) in enumerate(self.shots, 1):
            (folder / f"{n:02d}.png").write_bytes(png)
            (folder / f"{n:02d}.html").write_text(f"<!-- {url} -->\n{html}", encoding="utf-8")
        return folder


@contextmanager
def scenario(driver, base: str, name: str):
    s = Scenario(driver, base, name)
    try:
        yield s
    except BaseException:
        folder = s.save()
        print(f"screenshots of {name}: {folder}")
        raise


def _path(driver) -> str:
    from urllib.parse import unquote_plus, urlsplit

    parts = urlsplit(driver.current_url)
    return unquote_plus(parts.path + ("?" + parts.query if parts.query else ""))


def test_search_facet_claim_explain_and_back(driver, server):
    with scenario(driver, server.base, "search-facet-claim") as s:
        s.get("/claims")
        box = driver.find_element(By.NAME, "q")
        box.send_keys("said")
        box.submit()
        s.wait(lambda: "q=said" in driver.current_url, "the search to load")
        s.shot()
        facet = next(a for a in driver.find_elements(By.CSS_SELECTOR, 'a.facet[data-facet="company"]')
                     if a.text == "Hikvision")
        facet.click()
        s.wait(lambda: "company=Hikvision" in driver.current_url, "the facet's page")
        s.shot()
        filtered = _path(driver)
        assert "company: Hikvision" in driver.find_element(By.CSS_SELECTOR, ".active-filters").text
        claims = driver.find_elements(By.CSS_SELECTOR, "table.rows a.claim")
        assert len(claims) == 2
        texts = [c.text for c in claims]
        claims[0].click()
        s.wait(lambda: "/claims/" in driver.current_url, "the claim's page")
        s.shot()
        mark = driver.find_element(By.CSS_SELECTOR, "blockquote.paragraph mark")
        assert texts[0].strip("… ") in mark.text  # the listing's snippet is part of the marked span
        assert driver.find_element(By.CSS_SELECTOR, "td.rule").text
        driver.back()
        s.wait(lambda: "/claims/" not in driver.current_url, "going back")
        s.shot()
        assert _path(driver) == filtered
        assert driver.find_element(By.NAME, "company").get_attribute("value") == "Hikvision"
        assert [c.text for c in driver.find_elements(By.CSS_SELECTOR, "table.rows a.claim")] == texts


def test_company_page_chart_and_ledger(driver, server):
    with scenario(driver, server.base, "company") as s:
        s.get("/companies/SenseTime")
        bars = driver.find_elements(By.CSS_SELECTOR, "svg.chart.bars rect.bar")
        assert len(bars) == 2
        assert all(b.rect["width"] > 0 and b.rect["height"] > 0 for b in bars)
        labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "svg.chart.bars text.label")]
        assert sorted(labels) == ["Associated Press", "Bloomberg"]
        assert driver.find_elements(By.CSS_SELECTOR, "svg.chart.columns rect.col")
        ledger = driver.find_element(By.ID, "ledger")
        assert "valuation" in ledger.text and "7.5bn" in ledger.text and "7.7bn" in ledger.text
        ledger.find_element(By.CSS_SELECTOR, "a.figure").click()
        s.wait(lambda: "/figures/" in driver.current_url, "a ledger figure's page")
        s.shot()
        assert driver.find_element(By.CSS_SELECTOR, "blockquote.paragraph mark").text.startswith("$7.")


def test_csv_download_reads_back_as_the_export(driver, server, downloads, index_dir):
    with scenario(driver, server.base, "csv-download") as s:
        s.get("/claims?company=Hikvision")
        driver.find_element(By.LINK_TEXT, "CSV").click()
        done = s.wait(lambda: [p for p in downloads.glob("*.csv")
                               if not list(downloads.glob("*.crdownload"))], "the CSV download")
        data = done[0].read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(data)))
        assert len(rows) == 2 and {r["speaker"] for r in rows} == {"Hikvision spokesperson", "Hikvision executive"}
        expected = CliRunner().invoke(cli, ["export", "claims", "--company", "Hikvision", "--format", "csv",
                                            "--index", str(index_dir)]).stdout
        assert data == expected


def test_hostile_text_shows_literally_and_runs_no_script(driver, hostile_server, hostile):
    from newsindex.search import iter_rows

    with scenario(driver, hostile_server.base, "hostile") as s:
        s.get("/search?q=acme")
        link = driver.find_element(By.CSS_SELECTOR, "a.title")
        assert link.text.startswith("<script>window.__pwned=1</script>Acme wins <b>bold</b>")
        link.click()
        s.wait(lambda: "/articles/" in driver.current_url, "the article's page")
        s.shot()
        pages = [driver.current_url]
        title = driver.find_element(By.CSS_SELECTOR, "h1.article-title").text
        assert title == "<script>window.__pwned=1</script>Acme wins <b>bold</b> \\x1b[31mred\\x1b[0m"
        body = driver.find_element(By.CSS_SELECTOR, ".body").text
        assert "Acme <script>window.__pwned=9</script> wins" in body
        assert '<a href="javascript:window.__pwned=10">said</a>' in body
        assert hostile["url"] in driver.find_element(By.CSS_SELECTOR, "span.url").text
        driver.find_element(By.CSS_SELECTOR, ".body a.figure").click()
        s.wait(lambda: "/figures/" in driver.current_url, "the figure's page")
        s.shot()
        pages.append(driver.current_url)
        assert hostile["metric"] in driver.find_element(By.CSS_SELECTOR, "table.record").text
        driver.find_element(By.CSS_SELECTOR, "table.record a.company").click()
        s.wait(lambda: "/companies/" in driver.current_url, "the company's page")
        s.shot()
        assert driver.find_element(By.CSS_SELECTOR, "h1.company-name").text == hostile["company"]
        for path in ("/claims", "/companies", "/figures"):
            s.get(path)
            assert driver.execute_script("return window.__pwned") is None, path
        for url in pages:
            driver.get(url)
            assert driver.execute_script("return window.__pwned") is None, url
            assert not driver.find_elements(By.CSS_SELECTOR, "script, img, iframe, b, i"), url


@pytest.fixture(scope="module")
def review_site(tmp_path_factory):
    """A corpus of its own (the form writes to it), parsed for real, served."""
    pytest.importorskip("newsindex.corrections", reason="the corrections workflow is not part of this version")
    from newsindex.index import build
    from newsindex.search import iter_rows

    root = tmp_path_factory.mktemp("review")
    (root / "corpus").mkdir()
    (root / "corpus" / "acme.txt").write_text(
        "Acme opens a plant in Lyon\n\nLYON - Acme Corp opened a battery plant in Lyon on Monday, the company "
        "said.\n\n\"We are proud of this plant,\" said Jane Roe, the chief executive of Acme.\n", encoding="utf-8")
    build(root / "corpus", root / "index")
    claim = next(iter(iter_rows("claims", None, None, index_dir=root / "index")))
    s = Server(make_app(root / "index", corpus=root / "corpus"))
    yield s, root / "corpus", claim["id"]
    s.stop()


def test_the_review_form_records_a_verdict(driver, review_site):
    server, corpus, claim_id = review_site
    with scenario(driver, server.base, "review-form") as s:
        s.get(f"/claims/{claim_id}")
        form = driver.find_element(By.CSS_SELECTOR, "form.review")
        form.find_element(By.NAME, "note").send_keys("checked against the recording")
        form.find_element(By.CSS_SELECTOR, 'button[value="verified"]').click()
        s.wait(lambda: "recorded=review" in driver.current_url, "the page after the form")
        s.shot()
        assert "The review is recorded" in driver.find_element(By.CSS_SELECTOR, "p.recorded").text
        text = (corpus / "corrections.toml").read_text(encoding="utf-8")
        assert 'status = "verified"' in text and "checked against the recording" in text
