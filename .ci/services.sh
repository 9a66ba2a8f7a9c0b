# Sourced by .ci/run and scripts: starts a throwaway PostgreSQL and Redis on free loopback ports and
# exports TEST_DATABASE_URL and TEST_REDIS_URL. Both are stopped when the sourcing shell exits.

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start_services() {
  SERVICES_DIR=$(mktemp -d /tmp/discock-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  chown postgres:postgres "$SERVICES_DIR"

  local pg_bin
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ]; then
    echo "services: PostgreSQL binaries not found (apt-get install postgresql)" >&2
    return 1
  fi
  PG_PORT=$(free_port)
  runuser -u postgres -- "$pg_bin/initdb" -D "$SERVICES_DIR/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg.log" -w \
    -o "-p $PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  export PG_BIN="$pg_bin"
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

  if command -v redis-server >/dev/null; then
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --dir "$SERVICES_DIR" --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log"
    export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  fi
  trap stop_services EXIT
  echo "services: PostgreSQL on $PG_PORT${REDIS_PORT:+, Redis on $REDIS_PORT}"
}

stop_services() {
  [ -n "${SERVICES_DIR:-}" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$SERVICES_DIR/redis.pid" ] && kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
  rm -rf "$SERVICES_DIR"
}
