"""Running behind reverse proxies: trust ``X-Forwarded-For`` and ``-Proto`` from exactly the configured hops.

The address this decides (``request.remote_addr``) is the one the rate limits count and the security log
records. With ``PROXY_HOPS`` = 0 the headers are ignored: anyone could send them. With N, the N-th address from
the right of ``X-Forwarded-For`` is the reader's, which only holds when N proxies really stand in front.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def register(app: Flask) -> None:
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops < 0:
        raise ValueError("PROXY_HOPS must be 0 or more")
    if hops:
        # The host is not taken from the proxy: it must pass the Host header on (nginx: proxy_set_header Host).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
