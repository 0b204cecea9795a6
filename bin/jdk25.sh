# Sourced by ./gateway and .ci/run: makes JAVA_HOME a JDK 25 or newer, or stops with a clear message.
is_jdk25() {
  [ -x "$1/bin/javac" ] || return 1
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${v%%.*}" -ge 25 ] 2>/dev/null
}

if [ -z "${JAVA_HOME:-}" ] || ! is_jdk25 "$JAVA_HOME"; then
  found=""
  for candidate in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -d "$candidate" ] && is_jdk25 "$candidate"; then found="$candidate"; break; fi
  done
  if [ -z "$found" ]; then
    echo "The dataflow gateway needs a JDK 25 or newer (Trino 476 needs Java 24+)." >&2
    echo "JAVA_HOME='${JAVA_HOME:-}' is not one, and none was found under /usr/lib/jvm." >&2
    echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME="$found"
fi
export PATH="$JAVA_HOME/bin:$PATH"
