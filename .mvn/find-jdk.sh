# Sourced by ./cairn and ./mvnw: makes JAVA_HOME a JDK 21 or newer. Keeps JAVA_HOME when it already
# is one, else picks the newest JDK under /usr/lib/jvm (Debian's default java may be older).
cairn_jdk_major() {
  local release="$1/release" line version=""
  [ -x "$1/bin/javac" ] && [ -f "$release" ] || { echo 0; return; }
  # Read with builtins, not sed: ./cairn runs this on every start.
  while IFS= read -r line; do
    case "$line" in JAVA_VERSION=*) version=${line#JAVA_VERSION=\"} version=${version%%[!0-9]*} ;; esac
  done <"$release"
  echo "${version:-0}"
}
cairn_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(cairn_jdk_major "$JAVA_HOME")" -ge 21 ]; then
    return 0
  fi
  local best="" best_major=0 dir major
  # find, not a glob: ./mvnw runs with `set -f`, which turns globbing off.
  for dir in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null); do
    [ -d "$dir" ] || continue
    major=$(cairn_jdk_major "$dir")
    if [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "cairn: needs a JDK 21 or newer; set JAVA_HOME (found none under /usr/lib/jvm)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
cairn_find_jdk
