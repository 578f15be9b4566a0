#!/usr/bin/env bash
# Start or stop a Docker Engine by hand, for machines (and CI) where no service manager runs dockerd.
#
#   scripts/docker-engine.sh start    # idempotent: does nothing when `docker info` already answers
#   scripts/docker-engine.sh stop     # stops only the dockerd this script started (pid file)
#   scripts/docker-engine.sh status
#   scripts/docker-engine.sh with COMMAND [ARG…]
#       runs COMMAND with an engine: starts one when none answers, and stops it afterwards only then,
#       so a developer's running engine and containers stay; exits with COMMAND's status (69 when no
#       engine could be started). Nested calls leave the engine to the outermost one.
#
# The engine logs to $DOCKER_ENGINE_LOG (default /var/log/kafka-native-dockerd.log); `start` waits up to
# $DOCKER_ENGINE_WAIT seconds (default 60) for `docker info` and prints the log tail when it gives up.
# Needs root and the Debian packages docker.io (dockerd, containerd, runc) and iptables.
set -euo pipefail

log_file="${DOCKER_ENGINE_LOG:-/var/log/kafka-native-dockerd.log}"
pid_file="${DOCKER_ENGINE_PIDFILE:-/var/run/kafka-native-dockerd.pid}"
wait_seconds="${DOCKER_ENGINE_WAIT:-60}"

say() { printf 'docker-engine: %s\n' "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

our_pid() {
  [[ -s "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

start_engine() {
  if engine_answers; then
    say "already running ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    say "dockerd not found: install Debian's docker.io (apt-get install -y docker.io)"
    return 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    say "dockerd must be started as root"
    return 1
  fi
  if ! our_pid >/dev/null; then
    mkdir -p "$(dirname "$log_file")"
    say "starting dockerd, log in $log_file"
    # setsid: the engine outlives this shell and its process group (CI steps, bash job control).
    setsid dockerd --pidfile /var/run/docker.pid >>"$log_file" 2>&1 </dev/null &
    echo $! >"$pid_file"
  fi
  local waited=0
  until engine_answers; do
    if ! our_pid >/dev/null; then
      say "dockerd exited while starting; last log lines:"
      tail -n 30 "$log_file" >&2 || true
      return 1
    fi
    if ((waited >= wait_seconds * 10)); then
      say "dockerd did not answer within ${wait_seconds}s; last log lines:"
      tail -n 30 "$log_file" >&2 || true
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  say "running ($(docker version --format '{{.Server.Version}}'), API $(docker version --format '{{.Server.APIVersion}}'))"
}

stop_engine() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$pid_file"
    if engine_answers; then
      say "an engine runs but was not started by this script; leaving it alone"
    else
      say "not running"
    fi
    return 0
  fi
  say "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 300)); then
      say "dockerd still running after 30s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  say "stopped"
}

with_engine() {
  if ! engine_answers; then
    start_engine || exit 69
    trap stop_engine EXIT # also when COMMAND fails or Ctrl-C ends it; the exit status stays COMMAND's
  fi
  "$@"
}

case "${1:-}" in
  start) start_engine ;;
  stop) stop_engine ;;
  with)
    shift
    [[ $# -gt 0 ]] || { echo "usage: $0 with COMMAND [ARG…]" >&2; exit 2; }
    with_engine "$@"
    ;;
  status)
    if engine_answers; then say "running"; else say "not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status|with COMMAND [ARG…]" >&2
    exit 2
    ;;
esac
