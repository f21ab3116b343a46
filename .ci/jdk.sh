# Sourced by .ci/run and bench/*.sh: selects a JDK 21 or newer (the build targets Java 21 bytecode). Keeps JAVA_HOME
# when it already names one; otherwise takes the newest under /usr/lib/jvm (Temurin 25 on these machines).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ] 2>/dev/null; then
  best=""; best_major=0
  for jdk in /usr/lib/jvm/*/; do
    jdk=${jdk%/}
    [ -x "$jdk/bin/javac" ] || continue
    major=$(java_major "$jdk" 2>/dev/null || echo 0)
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then best=$jdk; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "no JDK 21 or newer under /usr/lib/jvm: install one (Temurin 25 recommended) and set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
