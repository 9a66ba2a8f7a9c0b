# syntax=docker/dockerfile:1
# Discock: Next.js 16 + custom server (Socket.IO) in one Node process.
#
#   docker build -t discock .
#   docker run -d -p 5000:5000 -v discock-data:/data -e SECRET_KEY="$(openssl rand -hex 32)" discock
#
# The runtime stage holds exactly what scripts/prod-copy.sh lays out, and CI starts that same layout
# the way CMD below does (.ci/smoke.sh reads this file's ENV, CMD and HEALTHCHECK). Change the list of
# shipped files in scripts/prod-copy.sh, not here.

# The Node major must be the one CI tests on (.ci/smoke.sh fails otherwise).
ARG NODE_VERSION=20

# ---- build: full install (dev dependencies too), next build + the esbuild bundle of server.ts, then
# the runtime layout in /out. One stage: the layer cache still keeps `npm ci` until the lockfile changes.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3's node-gyp build. Versions are left to the Debian release the base
# image pins (bookworm); this stage is thrown away.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The official image ships Node's headers under /usr/local/include/node: node-gyp uses them instead of
# downloading them. better-sqlite3 is compiled from source (as in CI), not fetched from GitHub.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=better-sqlite3 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci \
 && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
COPY . .
RUN npm run build \
 && bash scripts/prod-copy.sh /out \
 && mv /out/.next /out-next

# ---- runtime: production node_modules + build output, non-root
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=5000 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:////data/discock.db \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
# The SQLite database (and nothing else) lives on the volume, owned by the image's `node` user (uid 1000).
RUN mkdir -p /data && chown node:node /data
# Code is root-owned and read-only for the app; .next stays writable for Next's runtime caches.
COPY --from=build /out/ /app/
COPY --from=build --chown=node:node /out-next/ /app/.next/
USER node
VOLUME ["/data"]
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||5000)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself; it drains sockets and HTTP, then exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
