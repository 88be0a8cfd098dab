"""One app host for the multi-host tests: the app with its own index folder and its background indexer,
served on a free port of the loopback interface, which it prints on its first line."""

from __future__ import annotations

import sys
from pathlib import Path

from werkzeug.serving import make_server

from tests.conftest import make_app

# Short intervals, so that a test sees each step within a second or two.
HOST_SETTINGS = {
    "SEARCH_INDEXER": "thread",
    "SEARCH_POLL_SECONDS": 0.1,
    "SEARCH_CHECK_SECONDS": 0.2,
    "SEARCH_RECONCILE_SECONDS": 3.0,
}


def main() -> None:
    database_url, index_dir = sys.argv[1], Path(sys.argv[2])
    app = make_app(database_url, index_dir, **HOST_SETTINGS)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
