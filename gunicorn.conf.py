"""The production server: ``gunicorn -c gunicorn.conf.py`` (``make serve`` runs it after ``flask db upgrade``).

Settings come from the environment like the app's own (README, "Production"): ``DIRECTORY_BIND`` (default
127.0.0.1:8000), ``DIRECTORY_WORKERS`` (2) and the ``DIRECTORY_*`` settings of the app.
"""

import os
import sys

if not os.environ.get("DIRECTORY_SECRET_KEY"):
    # Without it every host (and a fresh container every start) makes its own key: sessions and form tokens
    # signed on one host are refused by another, and everybody is logged out by a redeployment.
    sys.exit(
        "DIRECTORY_SECRET_KEY is not set. Set the same long random value on every host, for example the output "
        "of: python3 -c 'import secrets; print(secrets.token_hex(32))'"
    )

wsgi_app = "directory:create_app()"
bind = os.environ.get("DIRECTORY_BIND") or "127.0.0.1:8000"
workers = int(os.environ.get("DIRECTORY_WORKERS") or 2)
worker_class = "sync"
# No control socket (gunicorn 25.1+ makes one in the home folder by default): signals are enough here.
control_socket_disable = True
# Each worker builds its own app after the fork: no database connection or open index is shared.
preload_app = False

# A request running longer than ``timeout`` is stopped. On SIGTERM workers finish the requests they have
# within ``graceful_timeout``, then the server exits with status 0.
timeout = 30
graceful_timeout = 20
keepalive = 5

# Above the app's own limits, so that the app (with JSON errors under /api/) rather than the server answers
# an over-long request. 8190 is the largest request line gunicorn accepts.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 16384

# The worker heartbeat file: in memory where there is /dev/shm (a slow disk can make workers look hung).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (a fixed system path)

# No access log: it would hold every reader's address. The app logs one JSON line per request instead.
accesslog = None
errorlog = "-"
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "directory.web.request_log.JsonLines"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        "directory": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
    },
}


def post_worker_init(worker) -> None:
    """Start this host's search indexer as soon as a worker has loaded the app, not at its first request:
    edits made through other hosts then reach this host's index while it is idle (one worker holds the
    indexer lock; the others wait to take over)."""
    search = getattr(worker.wsgi, "extensions", {}).get("search")
    if search is not None:
        search.indexer.start()
