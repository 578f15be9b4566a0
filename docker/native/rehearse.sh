#!/usr/bin/env bash
# Rehearse docker/native/Dockerfile on a machine that reaches no container registry.
#
#   docker/native/rehearse.sh [JVM-IMAGE]     (default: the local image, scripts/lib/image.ts:
#                                             $KAFKA_NATIVE_IMAGE, else apache/kafka-native:<pinned Kafka version>)
#
# The two pulled base images are replaced by local stand-ins, passed as the Dockerfile's build args:
#   DEBIAN_IMAGE   a real Debian 12 minbase made by debootstrap from Debian's package archive
#   GRAALVM_IMAGE  a JDK 25 (Debian's OpenJDK 25, scripts/lib/java.ts REHEARSAL_JAVA, with the glibc of its
#                  suite) plus two stand-ins: `java` drops the native-image agent option (and
#                  leaves an empty metadata file where the agent would merge), `native-image` writes a
#                  script over the JVM instead of compiling
# Everything else runs for real with BuildKit: the metadata stage (trace.sh: keystores, format, broker,
# client workout on three listeners, SIGTERM), the Debian rootfs stage (apt-get, rootfs.sh), the shared
# layout and the launcher. Then the result is compared with the JVM-backed image: same layout, same
# metadata, same entrypoint behaviour. Only the broker binary differs (and cannot run: it is a stand-in);
# the options native-image was given are checked instead (no jvmstat).
# Needs root, docker.io with its built-in BuildKit, debootstrap, that JDK (scripts/setup.sh java),
# build/kafka/libs and dist/kafka-launcher. Takes about 5 minutes (debootstrap is cached in build/native-rehearsal/).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$root/build/native-rehearsal"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/resources/broker/pom.xml")"
image_name() { "$root/node_modules/.bin/bun" "$root/scripts/lib/image.ts" "$1"; }
jvm_image="${1:-$(image_name local)}"
# Tags of its own per image compared with, so rehearsals of two checkouts on one engine never meet.
suffix="$(printf '%s' "$jvm_image" | tr -c 'A-Za-z0-9_.-' '-')"
rehearsal="local/kafka-native-rehearsal:$suffix"
fake_graalvm="local/fake-graalvm:25-$suffix"
arch="$(dpkg --print-architecture)"

say() { echo "rehearse: $*" >&2; }
die() { say "$*"; exit 1; }

command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (scripts/docker-engine.sh start)"
[[ -f "$root/build/kafka/libs/kafka-native-wrapper.jar" ]] || die "no build/kafka/libs (scripts/install-broker.sh)"
[[ -x "$root/dist/kafka-launcher" ]] || die "no dist/kafka-launcher (npm run build)"
{ read -r rehearsal_java; read -r suite_root; read -r java_home; } < <("$root/node_modules/.bin/bun" "$root/scripts/lib/java.ts" rehearsal)
[[ -x "$suite_root$java_home/bin/java" ]] || die "no $rehearsal_java in ${suite_root#"$root/"} (bash scripts/setup.sh java)"
# The JDK runs on its suite's glibc: what reads or copies it runs inside that root, the repository bound at /kafka-native-repo.
in_suite() { "$root/node_modules/.bin/bun" "$root/scripts/lib/chroot.ts" "$suite_root" --bind "$root:/kafka-native-repo" -- "$@"; }
# The built-in BuildKit of the engine is driven by a client of the same generation; prefer Debian's.
client=docker
[[ -x /usr/bin/docker ]] && client=/usr/bin/docker
mkdir -p "$work"

# 1. DEBIAN_IMAGE: Debian 12 minbase from Debian's archive, imported as an image.
if ! docker image inspect local/debian:bookworm-slim >/dev/null 2>&1; then
  if [[ ! -f "$work/debian.tar" ]]; then
    say "debootstrap --variant=minbase bookworm (Debian's archive)"
    rm -rf "$work/debian"
    debootstrap --variant=minbase bookworm "$work/debian" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$work/debian/var/cache/apt/archives/"*.deb
    tar -C "$work/debian" -cf "$work/debian.tar" .
    rm -rf "$work/debian"
  fi
  docker import "$work/debian.tar" local/debian:bookworm-slim >/dev/null
fi

# 2. GRAALVM_IMAGE: a JDK 25 with stand-ins for the agent and native-image.
say "stand-in GraalVM image from $rehearsal_java (${suite_root#"$root/"}$java_home)"
fake="$work/fake-graalvm"
rm -rf "$fake"
mkdir -p "$fake/bin"
fake_in_suite="/kafka-native-repo/${fake#"$root/"}"
# Debian's JDK links its conf and security files to /etc/java-25-openjdk and /etc/ssl of its root: each
# link is replaced by what it points to there (a link to a package not installed, such as src.zip, is
# dropped); jmods only serve jlink.
in_suite sh -c 'cp -a "$0" "$1/jdk" && rm -rf "$1/jdk/jmods" && find "$1/jdk" -type l | while read -r l; do
  if [ -e "$l" ]; then cp -rL "$l" "$l.real" && rm "$l" && mv "$l.real" "$l"; else rm "$l"; fi; done' "$java_home" "$fake_in_suite"
cat >"$fake/bin/java" <<'EOF'
#!/bin/bash
# Stand-in for GraalVM's java: drops the native-image agent, leaves an empty metadata file where it merges.
args=()
for a in "$@"; do
  case "$a" in
    -agentlib:native-image-agent=*) d="${a#*config-merge-dir=}"; mkdir -p "$d"; echo '{}' >"$d/reachability-metadata.json" ;;
    *) args+=("$a") ;;
  esac
done
exec /opt/jdk/bin/java "${args[@]}"
EOF
cat >"$fake/bin/native-image" <<'EOF'
#!/bin/bash
# Stand-in for native-image: a script over the JVM instead of an executable (it cannot run in the image),
# with the options it was given in a comment line, for the checks of step 4.
given="$*"
out=; cp=; main=
while (($#)); do case "$1" in -o) out=$2; shift 2 ;; -cp) cp=$2; shift 2 ;; -*) shift ;; *) main=$1; shift ;; esac; done
printf '#!/bin/sh\n# native-image %s\nexec /opt/jdk/bin/java -cp "%s" %s "$@"\n' "$given" "$cp" "$main" >"$out"
chmod +x "$out"
EOF
chmod +x "$fake/bin/"*
in_suite bash /kafka-native-repo/docker/shared/rootfs.sh "$fake_in_suite/rootfs" "$fake_in_suite/jdk" 2>/dev/null
cat >"$fake/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
COPY jdk/ /opt/jdk/
COPY bin/ /usr/local/bin/
ENV PATH=/usr/local/bin:/opt/jdk/bin:/usr/bin
WORKDIR /app
EOF
DOCKER_BUILDKIT=0 docker build -q -t "$fake_graalvm" "$fake" >/dev/null

# 3. The native Dockerfile, unchanged, with the repository as context (launcher where the release puts it).
say "docker/native/Dockerfile with BuildKit (stand-ins for the two pulled images)"
ctx="$work/context"
rm -rf "$ctx"
mkdir -p "$ctx/build/kafka" "$ctx/dist/linux-$arch" "$ctx/resources"
cp -al "$root/build/kafka/libs" "$ctx/build/kafka/libs" 2>/dev/null || cp -a "$root/build/kafka/libs" "$ctx/build/kafka/libs"
cp "$root/dist/kafka-launcher" "$ctx/dist/linux-$arch/kafka-launcher"
cp -a "$root/docker" "$ctx/docker"
cp -a "$root/resources/defaults" "$root/resources/native-image" "$ctx/resources/"
"$root/node_modules/.bin/bun" "$root/scripts/lib/dockerfile.ts" fit "$ctx/docker/native/Dockerfile"
DOCKER_BUILDKIT=1 "$client" build --no-cache --progress=plain -f "$ctx/docker/native/Dockerfile" \
  --build-arg "GRAALVM_IMAGE=$fake_graalvm" --build-arg DEBIAN_IMAGE=local/debian:bookworm-slim \
  --build-arg "KAFKA_VERSION=$kafka_version" -t "$rehearsal" "$ctx" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; die "the native Dockerfile failed (log: $work/build.log)"; }
{ grep -E "exercise: (plaintext|sasl|ssl) ok" "$work/build.log" || true; } | sed "s/^/rehearse:   metadata stage: /" >&2

# 4. The native binary is built without jvmstat (docker/native/Dockerfile says why), by a GraalVM
#    that reads user names with getpwuid_r (25 or later): the options native-image really got.
given="$(docker run --rm --entrypoint /bin/sh "$rehearsal" -c 'sed -n "s/^# native-image //p" /opt/kafka/kafka.Kafka')"
options="$(tr ' ' '\n' <<<"$given")"
grep -q -- '^--enable-monitoring' <<<"$options" || die "native-image got no --enable-monitoring (remote JMX needs jmxserver): $given"
monitoring="$(sed -n 's/^--enable-monitoring=//p' <<<"$options")"
case ",${monitoring:-all}," in
  *,all,* | *,jvmstat,*) die "native-image --enable-monitoring=${monitoring:-all} includes jvmstat, whose perf-data thread crashes starts (apache/kafka#22059): see docker/native/Dockerfile" ;;
esac
graal="$(sed -n 's/^ARG GRAALVM_IMAGE=.*:\([0-9][0-9]*\).*/\1/p' "$root/docker/native/Dockerfile")"
((${graal:-0} >= 25)) || die "GRAALVM_IMAGE is GraalVM ${graal:-?}: 25 or later reads user names with getpwuid_r (apache/kafka#22059)"
say "native-image --enable-monitoring=$monitoring: no jvmstat, no perf-data thread; GraalVM $graal"

# 5. Same layout and behaviour as the JVM-backed image (broker binary aside).
layout() {
  docker run --rm --entrypoint /bin/sh "$1" -c '
    id
    for p in /etc/kafka /etc/kafka/docker /etc/kafka/docker/run /etc/kafka/docker/entrypoint /etc/kafka/docker/server.properties \
             /etc/kafka/docker/log4j2.yaml /etc/kafka/docker/tools-log4j2.yaml /etc/kafka/secrets /mnt/shared/config \
             /opt/kafka /opt/kafka/config /var/lib/kafka/data /tmp /home/appuser /usr/local/bin/kafka-launcher; do
      echo "$p $(stat -c "%U:%G %a" "$p")"
    done
    cat /etc/passwd /etc/group /etc/nsswitch.conf
    sleep 0.1 && bash -c "echo bash ok"'
}
docker image inspect "$jvm_image" >/dev/null 2>&1 || die "no $jvm_image to compare with (npm run image)"
config() { docker image inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.ExposedPorts}} {{.Config.User}} {{.Config.WorkingDir}} {{json .Config.Healthcheck}}' "$1"; }
diff <(layout "$jvm_image") <(layout "$rehearsal") || die "the layouts differ (< JVM-backed, > native)"
diff <(config "$jvm_image") <(config "$rehearsal") || die "the image configs differ (< JVM-backed, > native)"
[[ "$(docker run --rm "$rehearsal" sh -c 'echo ok')" == ok ]] || die "sh -c does not run in the native image"
# read whole, then searched: grep -q stopping early would break docker's pipe, and pipefail would call that a failure
help_text=$(docker run --rm "$rehearsal" --help) || die "docker run $rehearsal --help failed"
grep -q kafka-launcher <<<"$help_text" || die "--help does not reach the launcher"
[[ "$(docker run --rm --entrypoint /bin/sh "$rehearsal" -c 'echo $LAUNCHER_RUNTIME')" == native ]] || die "LAUNCHER_RUNTIME is not native"
say "ok: docker/native/Dockerfile builds with stand-ins, and its layout equals $jvm_image's ($(docker image inspect -f '{{.Size}}' "$rehearsal" | awk '{printf "%.0f MiB", $1/1048576}'))"
