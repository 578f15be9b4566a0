#!/bin/sh
# Stands in for java in the launcher benchmarks (LAUNCHER_JAVA): the storage-tool format runs the
# real java (BENCH_REAL_JAVA) with the launcher's own arguments; the broker start exits at once, so
# what is timed is the launcher up to its execve, on the JVM image's real first-start path.
seen=
for a in "$@"; do
  if [ -n "$seen" ]; then
    [ "$a" = kafka ] && exit 0
    break
  fi
  [ "$a" = kafka.KafkaNativeWrapper ] && seen=1
done
exec "$BENCH_REAL_JAVA" "$@"
