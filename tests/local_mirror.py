"""A local HTTP mirror for download tests: 127.0.0.1 only, quiet, stopped when done.

The download tests serve files (or hostile answers) from a server in a thread. A client
that gives up mid-body -- which is what those tests are about -- makes the standard
server print a traceback to stderr; those are expected here and kept out of the output.
"""
from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from `directory` without logging a line per request."""

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hung up mid-answer: expected in these tests


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with `handler` on a free port; yields the mirror URL template `http://…/{name}/`."""
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{{name}}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
