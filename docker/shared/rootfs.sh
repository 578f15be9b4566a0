#!/usr/bin/env bash
# Assemble the base root filesystem of the kafka-native images from a running Debian system.
#
#   docker/shared/rootfs.sh DEST [ELF-or-DIR ...]
#
# DEST gets: busybox (sh, sleep with fractions, the usual tools) with one symlink per applet, bash (the
# Testcontainers start script is `#!/bin/bash`), the glibc libraries and dynamic loader that these and
# every ELF file named on the command line (or found under a named directory) load, nsswitch/hosts so
# that `localhost` resolves, and an ld.so cache. Nothing else: no package manager, no CA certificates.
#
# Both images use it: scripts/build-image.ts runs it on the build host (JVM-backed image, no registry),
# docker/native/Dockerfile runs it in a Debian stage. Same script, same layout.
# Needs: bash, busybox (Debian busybox-static or busybox), ldd, cp, ldconfig (optional).
set -euo pipefail

die() { printf 'rootfs.sh: %s\n' "$*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: rootfs.sh DEST [ELF-or-DIR ...]"
dest="$1"
shift

busybox_bin="$(command -v busybox || true)"
[[ -n "$busybox_bin" ]] || die "busybox not found: apt-get install busybox-static"
bash_bin="$(readlink -f "$(command -v bash)")"

# Merged /usr, as in Debian 12: /bin, /sbin, /lib, /lib64 are links into /usr, so library paths printed
# by ldd (/lib/x86_64-linux-gnu/..., /lib64/ld-linux-x86-64.so.2) are valid inside DEST as they are.
make_skeleton() {
  mkdir -p "$dest"/usr/{bin,sbin,lib,lib64} "$dest"/etc "$dest"/root "$dest"/tmp
  local d
  for d in bin sbin lib lib64; do
    [[ -L "$dest/$d" ]] || ln -s "usr/$d" "$dest/$d"
  done
  chmod 1777 "$dest/tmp"
  chmod 0700 "$dest/root"
}

install_shells() {
  cp "$(readlink -f "$busybox_bin")" "$dest/usr/bin/busybox"
  cp "$bash_bin" "$dest/usr/bin/bash"
  local applet
  for applet in $("$busybox_bin" --list); do
    [[ "$applet" == busybox || -e "$dest/usr/bin/$applet" ]] && continue
    ln -s busybox "$dest/usr/bin/$applet"
  done
}

# Copy one shared library (a path printed by ldd) into DEST at the same path, dereferenced.
copy_library() {
  local path="$1" target
  target="$dest/usr${path#/usr}"
  [[ -e "$target" ]] && return 0
  mkdir -p "$(dirname "$target")"
  cp -L "$path" "$target"
}

is_elf() {
  local magic=''
  [[ -f "$1" ]] || return 1
  LC_ALL=C IFS= read -r -d '' -n 4 magic <"$1" || true
  [[ "$magic" == $'\x7fELF' ]]
}

# Libraries an ELF file loads, as host paths. A library that ldd cannot find is fine when it lives in
# one of the trees given on the command line (a JDK's libjvm.so is found through the launcher at run
# time); anything else is an error, so that a missing library shows at build time, not in a container.
list_libraries() {
  local elf="$1" line name path
  local out
  out="$(ldd "$elf" 2>/dev/null)" || return 0 # static executables: ldd exits non-zero
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in
      *'=> not found'*)
        name="${line%% *}"
        if ! find "${scan_roots[@]}" -name "$name" -print -quit 2>/dev/null | grep -q .; then
          die "$elf needs $name, which is neither on this system nor in the scanned trees"
        fi
        ;;
      *' => /'*)
        path="${line#* => }"
        printf '%s\n' "${path%% (*}"
        ;;
      /*)
        printf '%s\n' "${line%% (*}"
        ;;
    esac
  done <<<"$out"
}

scan_roots=()
install_libraries() {
  local -a elves=("$dest/usr/bin/bash")
  local arg f
  for arg in "$@"; do
    [[ -e "$arg" ]] || die "no such file or directory: $arg"
    scan_roots+=("$arg")
  done
  for arg in "$@"; do
    if [[ -d "$arg" ]]; then
      while IFS= read -r -d '' f; do
        is_elf "$f" && elves+=("$f")
      done < <(find "$arg" -type f -print0)
    else
      if is_elf "$arg"; then
        elves+=("$arg")
      else
        printf 'rootfs.sh: %s is no ELF file (a script?): nothing to resolve\n' "$arg" >&2
      fi
    fi
  done
  local -a roots=()
  for arg in "${scan_roots[@]}"; do
    [[ -d "$arg" ]] && roots+=("$(readlink -f "$arg")")
  done
  local lib root skip
  for f in "${elves[@]}"; do
    while IFS= read -r lib; do
      [[ -n "$lib" ]] || continue
      # Libraries that belong to a scanned tree (the JDK's own) are shipped with that tree.
      skip=0
      if [[ "$lib" != /lib* && "$lib" != /usr/* ]]; then
        lib="$(readlink -f "$lib")"
        for root in "${roots[@]}"; do
          [[ "$lib" == "$root"/* ]] && skip=1
        done
      fi
      ((skip)) || copy_library "$lib"
    done < <(list_libraries "$f")
  done
}

write_etc() {
  # glibc 2.34+ has the files and dns NSS modules built in: no libnss_*.so to copy.
  cat >"$dest/etc/nsswitch.conf" <<'EOF'
passwd:   files
group:    files
shadow:   files
hosts:    files dns
networks: files
protocols: files
services: files
EOF
  # Docker bind-mounts its own /etc/hosts; this one serves `docker build` and --network none.
  cat >"$dest/etc/hosts" <<'EOF'
127.0.0.1 localhost
::1       localhost ip6-localhost ip6-loopback
EOF
  cat >"$dest/etc/os-release" <<EOF
NAME="kafka-native base"
ID=kafka-native-base
PRETTY_NAME="kafka-native base (busybox $("$busybox_bin" | head -n1 | sed -n 's/^BusyBox \(v[^ ]*\).*/\1/p'), glibc from $(. /etc/os-release && echo "$PRETTY_NAME"))"
EOF
  local libc_dir
  libc_dir="$(dirname "$(find "$dest/usr/lib" -name 'libc.so.6' -print -quit)")"
  printf '%s\n' "${libc_dir#"$dest"}" >"$dest/etc/ld.so.conf"
  if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -r "$dest"
  fi
}

make_skeleton
install_shells
install_libraries "$@"
write_etc
