#!/bin/bash
# Stands in for java (LAUNCHER_JAVA) where a test or a benchmark wants the launcher's real storage
# format and no broker. The real java ($REAL_JAVA) runs the launcher's own arguments, except the
# broker: in the dispatcher's `storage-tool format … --then kafka <config>` the broker operation
# becomes `kafka --version` (Kafka prints its version and exits), so the JVM formats exactly as
# planned and exits with the format's outcome; a start with nothing to format (`kafka <config>`)
# exits 0 at once. Used by test/broker/one-jvm-format.test.ts and bench/overhead*.ts.
set -euo pipefail
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ ${args[i]} == kafka.KafkaNativeWrapper ]] || continue
  [[ ${args[i + 1]:-} == kafka ]] && exit 0
  for ((j = i + 1; j < ${#args[@]}; j++)); do
    [[ ${args[j]} == --then ]] && exec "$REAL_JAVA" "${args[@]:0:j+2}" --version
  done
  break
done
exec "$REAL_JAVA" "$@"
