"""Feed and page URLs, served by a local HTTP server on a free port."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings, load_settings
from ingest.models import ArticleInput
from ingest.readers import read_paths

TEXT = (
    "The US Commerce Department added Zhipu AI to the Entity List on Wednesday, saying the "
    "Beijing-based start-up was helping China's military. Zhipu said it would keep working "
    "with its partners and that the decision had no basis in fact."
)
FEED = f"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>Zhipu listed</title><link href="https://wire.example.com/zhipu"/>
<id>urn:uuid:1</id><updated>2025-01-16T10:00:00Z</updated>
<content type="html">&lt;p&gt;{TEXT}&lt;/p&gt;</content></entry>
</feed>"""
PAGE = (
    "<html><head><title>Zhipu listed</title></head><body><article><h1>Zhipu listed</h1>"
    f"<p>{TEXT}</p><p>{TEXT}</p></article></body></html>"
)
ROUTES = {
    "/feed.atom": ("application/atom+xml", FEED),
    "/page": ("text/html; charset=utf-8", PAGE),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        body = route[1].encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", route[0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def base_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path)


def test_feed_url_is_read_as_a_feed(base_url: str, settings: Settings) -> None:
    (article,) = list(read_paths([f"{base_url}/feed.atom"], settings=settings))
    assert isinstance(article, ArticleInput)
    assert article.title == "Zhipu listed" and article.source == "Atom wire"
    assert article.url == "https://wire.example.com/zhipu"
    assert article.origin.startswith(f"{base_url}/feed.atom entry 1")
    assert "Entity List" in article.text and "<p>" not in article.text


def test_html_page_url_is_read_as_one_article(base_url: str, settings: Settings) -> None:
    (article,) = list(read_paths([f"{base_url}/page"], settings=settings))
    assert isinstance(article, ArticleInput)
    assert article.url == f"{base_url}/page" and article.title == "Zhipu listed"


def test_unreachable_url_is_an_error_naming_it(base_url: str, settings: Settings) -> None:
    (error,) = list(read_paths([f"{base_url}/missing"], settings=settings))
    assert isinstance(error, IngestInputError)
    assert error.source == f"{base_url}/missing" and "HTTP 404" in error.problem
