# Sourced by ./mvnw and ./run. Opsplane needs JDK 21+: when JAVA_HOME (or the java on PATH) is
# older, pick the newest JDK 21+ installed in the usual places, so the commands work on a machine
# whose default Java is 17.
opsplane_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
opsplane_pick_jdk() {
  current_java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  [ -n "$current_java" ] || current_java="$(command -v java || true)"
  if [ -n "$current_java" ] && [ "$(opsplane_java_major "$current_java")" -ge 21 ] 2>/dev/null; then
    return
  fi
  best="" best_major=0
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    major="$(opsplane_java_major "$home/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home" best_major="$major"
    fi
  done
  if [ -n "$best" ]; then
    JAVA_HOME="$best"
    export JAVA_HOME
  else
    echo "Opsplane needs JDK 21 or newer: none found. Install one and set JAVA_HOME." >&2
    exit 1
  fi
}
opsplane_pick_jdk
