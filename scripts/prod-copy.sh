#!/usr/bin/env bash
# Lays out the production runtime in DEST: exactly what the Docker image runs, and nothing else.
#
#   scripts/prod-copy.sh DEST
#
# The one list of runtime files. The Dockerfile's build stage runs this script and its runtime stage
# copies DEST as a whole; .ci/smoke.sh runs it against the checkout and starts DEST the way the image's
# CMD does. Change what the image ships here, never in the Dockerfile.
#
# Needs, in the project root: a finished `npm run build` (.next/ and dist/) and a full `npm ci`
# (node_modules/). DEST gets production node_modules only (`npm prune --omit=dev` on a copy), so the
# source tree is left as it was.
set -euo pipefail

dest=${1:?usage: scripts/prod-copy.sh DEST}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# What `node dist/server.js` reads at run time, relative to its working directory:
#   package.json            "type": "module" for dist/server.js, and Next reads it
#   package-lock.json       for `npm prune` below, and for image scanners (SBOM)
#   dist/                   the bundled server.ts (esbuild)
#   .next/                  Next's build output, less its build cache and any dev-server output
#   drizzle/                migrations, read from ./drizzle/<dialect> at every start
#   next.config.js          Next loads it again at run time (poweredByHeader and others), as plain
#   lib/response-headers.mjs  JavaScript, and it imports this file
#   public/                 static files, when the project has any
RUNTIME_PATHS=(package.json package-lock.json dist .next drizzle next.config.js lib/response-headers.mjs)
OPTIONAL_PATHS=(public)
EXCLUDES=(./.next/cache ./.next/dev ./.next/trace ./.next/trace-build)

for required in .next/BUILD_ID dist/server.js node_modules/.package-lock.json; do
  if [ ! -e "$required" ]; then
    echo "prod-copy: $required is missing: run \`npm ci\` and \`npm run build\` first" >&2
    exit 1
  fi
done
for path in "${RUNTIME_PATHS[@]}"; do
  [ -e "$path" ] || { echo "prod-copy: $path is missing" >&2; exit 1; }
done

paths=("${RUNTIME_PATHS[@]}")
for path in "${OPTIONAL_PATHS[@]}"; do
  [ -e "$path" ] && paths+=("$path")
done

mkdir -p "$dest"
if [ -n "$(ls -A "$dest")" ]; then
  echo "prod-copy: $dest is not empty" >&2
  exit 1
fi

excludes=()
for pattern in "${EXCLUDES[@]}"; do excludes+=(--exclude="$pattern"); done
tar -cf - "${excludes[@]}" "${paths[@]/#/./}" | tar -xf - -C "$dest"

# Production dependencies: the full install's node_modules (native addons already compiled for this
# Node), less the devDependencies. The same two steps as `npm ci && npm prune --omit=dev` in place.
cp -a node_modules "$dest/node_modules"
rm -rf "$dest/node_modules/.cache" "$dest/node_modules/.vite" "$dest/node_modules/.vite-temp"   # tools' caches
(cd "$dest" && npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)

echo "prod-copy: $(du -sh "$dest" | cut -f1) in $dest"
