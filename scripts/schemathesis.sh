#!/usr/bin/env bash
# schemathesis with all checks against API v1 of a locally started app (127.0.0.1 only) on the seeded directory.
# A throw-away SQLite database and index; the server is stopped at the end. Usage: scripts/schemathesis.sh [st args]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PORT=${SCHEMATHESIS_PORT:-5077}
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-30}
work=$(mktemp -d)
export DIRECTORY_DATABASE_URL="sqlite:///$work/api.sqlite" DIRECTORY_INDEX_DIR="$work/index"
export DIRECTORY_SECRET_KEY=${DIRECTORY_SECRET_KEY:-schemathesis-only}
flask="$VENV/bin/flask --app directory"
$flask db upgrade >/dev/null
$flask seed >/dev/null
$flask index rebuild >/dev/null
$flask run --host 127.0.0.1 --port "$PORT" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/v1/openapi.json" && break
  sleep 1
done
"$VENV/bin/st" run "http://127.0.0.1:$PORT/api/v1/openapi.json" --checks all --max-examples "$EXAMPLES" \
  --seed 1 --no-color "$@"
