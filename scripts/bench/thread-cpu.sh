#!/usr/bin/env bash
# The CPU time of each thread of two long-lived servers (ten and a million signatures stored) per signing
# request, under the same load in alternating runs (ten, a million, a million, ten; then the other way round).
# For investigating what a million stored signatures cost (docs/performance.md, "Growth"); not part of
# `npm run bench`. CPU time per request does not depend on how fast the machine happens to be in that minute,
# as requests per second do.
#
# Needs the production build (npm run build), the seeded databases and key file of a bench run (tmp/bench/),
# sqlite3, and an SMTP server on port 2526 (npx tsx scripts/bench/smtp-sink.ts 2526). Extra environment for
# the servers in EXTRA (for example EXTRA="LOG_LEVEL=debug").
#   scripts/bench/thread-cpu.sh [rounds=3] [seconds=7]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
seconds=${2:-7}
declare -A ports pids
for db in small large; do
  dir=tmp/prof/thread-cpu-$db
  rm -rf "$dir" && mkdir -p "$dir/data"
  cp "tmp/bench/seeded/$db.db" "$dir/data/platform.db"
  port=$((4600 + RANDOM % 300))
  ports[$db]=$port
  # shellcheck disable=SC2086
  env -i PATH="$PATH" NODE_ENV=production APP_ENV=production HOST=127.0.0.1 PORT=$port PUBLIC_URL=http://127.0.0.1:$port \
    DATA_DIR="$dir/data" KEY_FILE=tmp/bench/keys.json SMTP_URL=smtp://127.0.0.1:2526 MAIL_FROM=no-reply@example.org \
    TRUST_PROXY=loopback LOG_LEVEL=warn ${EXTRA:-} node build/index.js >"$dir/log" 2>&1 &
  pids[$db]=$!
done
trap 'kill -TERM ${pids[small]} ${pids[large]} 2>/dev/null || true' EXIT
sync
for db in small large; do
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:${ports[$db]}/favicon.svg" && break; sleep 0.2; done
done

# The machine's CPU line, then each thread of the server ("main" for the event loop's): utime stime, in ticks.
snapshot() {
  head -1 /proc/stat
  for task in /proc/"$1"/task/*; do
    name=$(tr -d ' ' <"$task/comm")
    [ "$(basename "$task")" = "$1" ] && name=main
    echo "T $name $(awk '{print $14, $15}' "$task/stat")"
  done
}

run() { # database, seconds, print (1) or not (0)
  local db=$1 secs=$2 dir=tmp/prof/thread-cpu-$1
  local request='{"kind":"sign","path":"/petitions/1988-massacre-justice?index","emailPrefix":"cpu'$RANDOM$RANDOM$db'"}'
  npx tsx scripts/bench/load.ts '{"url":"http://127.0.0.1:'"${ports[$db]}"'","connections":50,"warmupSeconds":1,"seconds":'"$secs"',"request":'"$request"',"run":'$RANDOM'}' >"$dir/load.json" &
  local loader=$!
  # The window: after the warm-up and the first second of the measured run, to a second before its end.
  sleep 2.2; snapshot "${pids[$db]}" >"$dir/before"; local t1; t1=$(date +%s.%N)
  sleep $((secs - 2)); snapshot "${pids[$db]}" >"$dir/after"; local t2; t2=$(date +%s.%N)
  wait $loader
  if [ "$3" = 1 ]; then
    node -e '
      const fs = require("fs");
      const [dir, t1, t2, name] = process.argv.slice(1);
      const seconds = t2 - t1;
      const load = JSON.parse(fs.readFileSync(dir + "/load.json", "utf8").trim().split("\n").pop());
      const read = (file) => {
        const lines = fs.readFileSync(file, "utf8").split("\n");
        const cpu = lines[0].trim().split(/\s+/).slice(1).map(Number);
        const threads = {};
        for (const line of lines.slice(1)) {
          if (!line) continue;
          const [, thread, user, system] = line.split(" ");
          threads[thread] ??= [0, 0];
          threads[thread][0] += +user;
          threads[thread][1] += +system;
        }
        return { cpu, threads };
      };
      const a = read(dir + "/before"), b = read(dir + "/after");
      const ticks = b.cpu.slice(0, 8).reduce((x, y) => x + y) - a.cpu.slice(0, 8).reduce((x, y) => x + y);
      const idle = ((b.cpu[3] - a.cpu[3]) / ticks) * 100;
      const requests = load.measured.rps * seconds;
      // One tick is 10 ms.
      const ms = (t, i) => (b.threads[t][i] - (a.threads[t]?.[i] ?? 0)) * 10;
      const main = [ms("main", 0), ms("main", 1)];
      const others = Object.keys(b.threads).filter((t) => t !== "main").map((t) => `${t} user ${ms(t, 0)} ms, system ${ms(t, 1)} ms`);
      console.log(
        `${name.padEnd(6)} ${load.measured.rps.toFixed(0)} req/s; main thread ${(((main[0] + main[1]) / seconds) / 10).toFixed(0)} % busy, ` +
          `per request user ${((main[0] * 1000) / requests).toFixed(0)} µs, system ${((main[1] * 1000) / requests).toFixed(0)} µs; ` +
          `machine ${idle.toFixed(0)} % idle; other threads: ${others.join("; ")}`,
      );
    ' "$dir" "$t1" "$t2" "$db"
  fi
  # As the bench does: the run's queued emails dropped, the WAL checkpointed, the kernel's writes done.
  sqlite3 "$dir/data/platform.db" "PRAGMA busy_timeout = 5000; DELETE FROM outbox WHERE status = 'queued'; PRAGMA wal_checkpoint(PASSIVE);" >/dev/null
  sleep 1
  sync
}

for db in small large; do run "$db" 5 0; done # warm-up: V8 compiles the hot paths
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then order="small large large small"; else order="large small small large"; fi
  for db in $order; do run "$db" "$seconds" 1; done
done
