#!/bin/sh
# The filesystem layout of contract section 1, shared by docker/jvm/Dockerfile and
# docker/native/Dockerfile (both run it as root in their runtime stage, with busybox's sh):
#
#   appuser            uid 1000, primary group 0 (root), home /home/appuser
#   /etc/kafka/docker  image defaults (server.properties, log4j2.yaml, tools-log4j2.yaml), run script, and
#                      upstream's bash-config, configureDefaults, configure, launch (thin, over the launcher)
#   /mnt/shared/config user's mounted configs (read only for us)
#   /opt/kafka/config  final configs, rewritten on every start
#   /etc/kafka/secrets keystores, credential files, JAAS
#   /var/lib/kafka/data data volume for users who persist
#   /tmp               1777: Testcontainers' start script, the default log.dirs
#
# Every folder the launcher or the broker writes belongs to appuser:root and is group-writable, so an
# arbitrary uid in group 0 (`--user 12345:0`, OpenShift) works too. Only folders are touched, never
# file trees: a recursive chown here would copy the Java runtime and the jars into a new layer.
set -eu

cat >/etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
appuser:x:1000:0:Apache Kafka:/home/appuser:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >/etc/group <<'EOF'
root:x:0:appuser
nogroup:x:65534:
EOF

# Writable by appuser and by any uid in group 0.
writable="/opt/kafka /opt/kafka/config /var/lib/kafka /var/lib/kafka/data /etc/kafka/secrets /mnt/shared/config /home/appuser"
# Read by the launcher only; owned like upstream's so users who extend the image can add files.
readable="/etc/kafka /etc/kafka/docker"

for dir in $writable $readable; do
  mkdir -p "$dir"
  chown 1000:0 "$dir"
done
for dir in $writable; do
  chmod 0775 "$dir"
done
for dir in $readable; do
  chmod 0755 "$dir"
done
chmod 1777 /tmp

# Fail the build, not a container, when a piece of the contract is missing.
for file in /etc/kafka/docker/run /etc/kafka/docker/launch /etc/kafka/docker/entrypoint /opt/kafka/kafka.Kafka /bin/sh /bin/bash /bin/sleep; do
  if [ ! -x "$file" ]; then
    echo "layout.sh: $file is missing or not executable" >&2
    exit 1
  fi
done
# upstream's sourced scripts (bash-config, configureDefaults, configure), which scripts written for its image source
for file in server.properties log4j2.yaml tools-log4j2.yaml bash-config configureDefaults configure; do
  if [ ! -f "/etc/kafka/docker/$file" ]; then
    echo "layout.sh: /etc/kafka/docker/$file is missing" >&2
    exit 1
  fi
done
