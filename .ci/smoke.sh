#!/usr/bin/env bash
# CI step: the container's start path without a Docker engine. Lints the Dockerfile, lays out the
# runtime exactly as the image's runtime stage holds it (scripts/prod-copy.sh, which the Dockerfile
# itself runs), and smoke-tests it started as the image's CMD (scripts/smoke.mjs reads the Dockerfile's
# ENV, USER, CMD, HEALTHCHECK and STOPSIGNAL): on SQLite, and on PostgreSQL when TEST_DATABASE_URL is
# set. Needs `npm ci` and `npm run build` done. Ends with "smoke: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

echo "smoke: lint Dockerfile (dockerfile-utils)"
npx --yes dockerfile-utils@0.16.3 lint Dockerfile

started=$SECONDS
app_dir=$(mktemp -d /tmp/discock-smoke-app.XXXXXX)
trap 'rm -rf "$app_dir"' EXIT
# The image runs as an unprivileged user: it must be able to reach the app directory.
chmod 755 "$app_dir"
bash scripts/prod-copy.sh "$app_dir"
echo "smoke: runtime laid out in $((SECONDS - started)) s"
node scripts/smoke.mjs "$app_dir"
