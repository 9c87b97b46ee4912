#!/usr/bin/env bash
# What does the rate limiter cost? Starts the packaged service three times -- limiter off, buckets in memory,
# buckets in Redis -- with quotas too large to refuse anything, loads GET /v1/questions/1 with wrk, and writes the
# requests per second and their ratios to bench/ratelimit-results.md.
#
#   bench/ratelimit.sh                      # builds target/quarkus-app if it is missing
#   DURATION=20s ROUNDS=9 bench/ratelimit.sh
#
# Targets (issue 19): memory >= 95% of the limiter off, Redis >= 85%. Everything runs on this machine (wrk, the services,
# their embedded PostgreSQLs and a redis-server of the script's own on a free port), so absolute numbers depend on
# the machine and on whatever else it is doing. To keep that out of the ratios, the three services run side by side
# and are measured in turn, round after round (off, memory, redis, off, ...): background load falls on all three
# alike, and the median round of each counts. The CPU time each service (and, for the Redis run, redis-server)
# spends per request is reported too: it does not depend on how busy the machine is.
# Needs java, curl, wrk (Debian package wrk) and redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}      # each measured round
ROUNDS=${ROUNDS:-7}            # measured rounds per mode; the median counts
WARMUP=${WARMUP:-30s}          # JIT warm-up of each service before measuring, not counted
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
REQUEST_PATH=/v1/questions/1
RESULTS=bench/ratelimit-results.md
MODES=(off memory redis)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/quarkus-app/jvm.args ]; then
  echo "Building the service"
  mvn -B -q -DskipTests package
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime of one process

work=$(mktemp -d)
declare -A pid base mgmt_base
redis_pid=""
cleanup() {
  for mode in "${MODES[@]}"; do
    if [ -n "${pid[$mode]:-}" ]; then kill "${pid[$mode]}" 2>/dev/null || true; fi
  done
  for mode in "${MODES[@]}"; do
    if [ -n "${pid[$mode]:-}" ]; then wait "${pid[$mode]}" 2>/dev/null || true; fi
  done
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redis_pid=$!

# Quotas: a billion requests per 100,000 hours. Nothing is refused, and the one client's bucket stays partly spent,
# as a busy client's does. (With a quota that refills faster than the load, e.g. a billion a second, the bucket is
# full again within microseconds after each request, its Redis key expires at once, and every request pays for
# creating the bucket anew: two GETs and a SET NX instead of one GET and one compare-and-swap.)
start_service() { # mode: off | memory | redis; each with its own embedded PostgreSQL
  local mode=$1 port mgmt
  port=$(free_port)
  mgmt=$(free_port)
  local settings=(QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 QBANK_DATA_DIR="$work/data-$mode"
    QUARKUS_MANAGEMENT_PORT="$mgmt" QUARKUS_MANAGEMENT_HOST=127.0.0.1
    QBANK_RATE_LIMIT_ANONYMOUS_LIMIT=1000000000 QBANK_RATE_LIMIT_ANONYMOUS_WINDOW=100000h QUARKUS_LOG_CONSOLE_LEVEL=WARN)
  case $mode in
    off) settings+=(QBANK_RATE_LIMIT_ENABLED=false) ;;
    memory) settings+=(QBANK_RATE_LIMIT_STORE=memory) ;;
    redis) settings+=(QBANK_RATE_LIMIT_STORE=redis QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port") ;;
  esac
  # The JVM options of the run command (target/quarkus-app/jvm.args, from src/main/jvm/jvm.args).
  env -u QUARKUS_DATASOURCE_JDBC_URL -u QUARKUS_REDIS_HOSTS MALLOC_ARENA_MAX=2 "${settings[@]}" \
    java @target/quarkus-app/jvm.args -jar target/quarkus-app/quarkus-run.jar >"$work/service-$mode.log" 2>&1 &
  pid[$mode]=$!
  base[$mode]="http://127.0.0.1:$port"
  mgmt_base[$mode]="http://127.0.0.1:$mgmt"
}

await_service() {
  local mode=$1
  for _ in $(seq 1 900); do
    curl -fs "${mgmt_base[$mode]}/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "${pid[$mode]}" 2>/dev/null || { cat "$work/service-$mode.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "the service ($mode) did not start" >&2; exit 1
}

for mode in "${MODES[@]}"; do start_service "$mode"; done
declare -A header
for mode in "${MODES[@]}"; do
  await_service "$mode"
  # The limiter must be what we think: the header there (or not), nothing refused.
  header[$mode]=$(curl -si "${base[$mode]}$REQUEST_PATH" | tr -d '\r' | grep -i '^ratelimit:' | sed 's/^[^:]*: //' || true)
  echo "== $mode: warming up (${header[$mode]:-no RateLimit header})"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${base[$mode]}$REQUEST_PATH" >/dev/null
done

declare -A rps cpu
for round in $(seq 1 "$ROUNDS"); do
  for mode in "${MODES[@]}"; do
    out="$work/wrk-$mode-$round.txt"
    before=$(cpu_ticks "${pid[$mode]}"); redis_before=$(cpu_ticks "$redis_pid")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${base[$mode]}$REQUEST_PATH" >"$out"
    after=$(cpu_ticks "${pid[$mode]}"); redis_after=$(cpu_ticks "$redis_pid")
    if grep -q 'Non-2xx' "$out"; then
      echo "requests were refused or failed in the $mode run:" >&2; cat "$out" >&2; exit 1
    fi
    requests=$(awk '/requests in/ { print $1 }' "$out")
    ticks=$((after - before))
    [ "$mode" = redis ] && ticks=$((ticks + redis_after - redis_before))
    rps[$mode]="${rps[$mode]:-} $(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    cpu[$mode]="${cpu[$mode]:-} $(awk -v t="$ticks" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.0f", 1e6 * t / hz / n }')"
    echo "   round $round, $mode: $(awk '/^Requests\/sec:/ { print $2 }' "$out") requests/s"
  done
done

median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
verdict() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { print (a / b >= t ? "met" : "MISSED") }'; }
declare -A med medcpu
for mode in "${MODES[@]}"; do med[$mode]=$(median "${rps[$mode]}"); medcpu[$mode]=$(median "${cpu[$mode]}"); done

{
  echo "# What the rate limiter costs"
  echo
  echo "Produced by \`bench/ratelimit.sh\` on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)."
  echo "\`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\` against \`GET $REQUEST_PATH\`: anonymous, from one client address, so every"
  echo "request takes a token from the same bucket (the worst case for Redis: one hot key). The three services run side by"
  echo "side and are measured in turn for $ROUNDS rounds after a $WARMUP warm-up each; the median round counts. Quotas are"
  echo "raised so that nothing is refused. Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(redis-server --version | awk '{print $1, $2, $3}');"
  echo "wrk, the services, their PostgreSQLs and Redis share the cores (and whatever else the machine was doing)."
  echo
  echo "| Limiter | Requests/s (median) | vs. off | Target | CPU per request (median) | RateLimit header seen |"
  echo "|---|---:|---:|---|---:|---|"
  echo "| off (\`qbank.rate-limit.enabled=false\`) | ${med[off]} | 100% | | ${medcpu[off]} µs | ${header[off]:-(none)} |"
  echo "| memory | ${med[memory]} | $(ratio "${med[memory]}" "${med[off]}") | >= 95%: $(verdict "${med[memory]}" "${med[off]}" 0.95) | ${medcpu[memory]} µs | \`${header[memory]}\` |"
  echo "| redis | ${med[redis]} | $(ratio "${med[redis]}" "${med[off]}") | >= 85%: $(verdict "${med[redis]}" "${med[off]}" 0.85) | ${medcpu[redis]} µs (service + redis-server) | \`${header[redis]}\` |"
  echo
  echo "Every round, requests/s:"
  echo
  for mode in "${MODES[@]}"; do echo "- $mode:${rps[$mode]}"; done
  echo
  echo "Every round, CPU µs per request:"
  echo
  for mode in "${MODES[@]}"; do echo "- $mode:${cpu[$mode]}"; done
} >"$RESULTS"

cat "$RESULTS"
