#!/usr/bin/env bash
# The scaled-mode and storage-contract tests use the real PostgreSQL and Redis
# of this machine (127.0.0.1:5432 and :6379). Start them if they are down,
# with the same commands the machine uses at boot. The embedded default needs
# neither; this is for the test suite only.
set -uo pipefail
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is down: starting it…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  echo "Redis is down: starting it…"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
for _ in $(seq 1 30); do
  if pg_up && redis_up; then exit 0; fi
  sleep 1
done
pg_up || echo "PostgreSQL is not reachable at 127.0.0.1:5432: its tests will fail." >&2
redis_up || echo "Redis is not reachable at 127.0.0.1:6379: its tests will fail." >&2
exit 0
