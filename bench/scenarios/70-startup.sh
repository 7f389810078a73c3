# Start-up and memory (issue 31; docs/benchmark.md#start-up-and-memory): the packaged app started STARTUP_STARTS times
# (5; 1 in quick mode) as it ships without the ahead-of-time cache (the fast-jar of target/quarkus-app) and as the
# container image runs it (the aot-jar layout with its cache, docs/containers.md#the-ahead-of-time-cache), the two
# variants in turn, so that drift of the machine favours neither. Each start is timed from launching the JVM to
# /q/health/ready answering 200 (asked every 50 ms), with the JVM flags of the image (JVM_FLAGS in
# src/main/docker/Dockerfile) under the pod's memory limit (k8s/app-deployment.yaml: 512Mi, given to the JVM as
# -XX:MaxRAM, as the container would); the resident memory (RSS) of each start 5 s after ready (1 s in quick mode), and
# of each variant's last start after scenario 1's read load, whose req/s the two variants are compared on.
# The cache is made as the image makes it, from the same requests (src/main/docker/aot-training.sh), by a training
# run against this run's database and Redis: on the JDK that runs the bench, which must be the one that uses it.
# Medians, and every start. The database and Redis are the run's, already migrated and warm: what a new pod of a
# running service meets.
# Not in a quick run: packaging the aot-jar and training its cache take about a minute and a half of CI's time (.ci/run
# must stay under 20 minutes). CI still builds and trains the image's cache the same way (.ci/compose-smoke), and runs
# the image with it; this plug-in's own steps run in full runs only.
[ "$MODE" = quick ] || PLUGINS+=(startup)

STARTUP_STARTS=$([ "$MODE" = quick ] && echo 1 || echo 5)
STARTUP_IDLE_SECONDS=$([ "$MODE" = quick ] && echo 1 || echo 5)
STARTUP_JAVA_OPTIONS="-XX:MaxRAM=512m $(sed -n 's/^ARG JVM_FLAGS="\(.*\)"$/\1/p' src/main/docker/Dockerfile)"
STARTUP_AOT_APP=target/quarkus-app-aot               # the image's layout, packaged beside the fast-jar
STARTUP_AOT_CACHE=$PWD/$WORK/app.aot

# startup_rss_mb PID: the process's resident memory in MB.
startup_rss_mb() { ps -o rss= -p "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }

# startup_aot_cache: packages the aot-jar when it is older than the sources, and trains its cache.
startup_aot_cache() {
  if [ ! -f "$STARTUP_AOT_APP/quarkus-run.jar" ] \
      || [ -n "$(find src pom.xml -newer "$STARTUP_AOT_APP/quarkus-run.jar" -print -quit)" ]; then
    log "Packaging the aot-jar layout in $STARTUP_AOT_APP"
    ./mvnw -B -ntp -q package -DskipTests -Dquarkus.package.jar.type=aot-jar \
      -Dquarkus.package.output-directory="$(basename "$STARTUP_AOT_APP")"
  fi
  rm -f "$STARTUP_AOT_CACHE"
  JAR=$STARTUP_AOT_APP/quarkus-run.jar start_app startup-training \
    JAVA_TOOL_OPTIONS="$STARTUP_JAVA_OPTIONS -XX:AOTCacheOutput=$STARTUP_AOT_CACHE"
  sh src/main/docker/aot-training.sh "$BASE" "$OPS" || die "the training run's reads failed: see $LOGS/app-startup-training.log"
  stop_app                                           # the JVM writes the cache as it exits
  [ -s "$STARTUP_AOT_CACHE" ] || die "no AOT cache was written: see $LOGS/app-startup-training.log"
  # A JVM that cannot use the cache starts without it (or not at all): -XX:AOTMode=on makes that an error here.
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $STARTUP_JAVA_OPTIONS -XX:AOTCache="$STARTUP_AOT_CACHE" -XX:AOTMode=on \
    -cp "$STARTUP_AOT_APP/quarkus-run.jar" -version >"$LOGS/aot-check.txt" 2>&1 \
    || die "the JVM cannot use the AOT cache with the image's flags: see $LOGS/aot-check.txt"
}

# startup_start NAME JAR JAVA_OPTIONS I: start I of a variant; sets STARTUP_READY_MS and STARTUP_IDLE_MB and leaves
# the instance running (no subshell: stop_app must know its pid).
startup_start() {
  local start
  start=$(date +%s%N)
  JAR=$2 start_app "startup-$1-$4" JAVA_TOOL_OPTIONS="$3"
  STARTUP_READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$STARTUP_IDLE_SECONDS"
  STARTUP_IDLE_MB=$(startup_rss_mb "$APP_PID")
}

# startup_loaded NAME JAR JAVA_OPTIONS: the variant started once more, scenario 1's reads; sets STARTUP_LOADED to
# {rss_loaded_mb, loaded: wrk's summary}.
startup_loaded() {
  local result
  JAR=$2 start_app "startup-$1-loaded" JAVA_TOOL_OPTIONS="$3"
  warm_up
  result=$(run_wrk "startup-$1-loaded" "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  STARTUP_LOADED=$(jq -c --argjson rss "$(startup_rss_mb "$APP_PID")" '{rss_loaded_mb: $rss, loaded: .}' <<<"$result")
  stop_app
}

plugin_startup() {
  local out=$1 i jar_ms=() jar_mb=() aot_ms=() aot_mb=() jar_loaded aot_loaded
  [ "$(java_major "$JAVA_HOME")" -ge 25 ] || die "the start-up plug-in's AOT cache needs a JDK 25 or newer (JAVA_HOME)"
  local aot_options="$STARTUP_JAVA_OPTIONS -XX:AOTCache=$STARTUP_AOT_CACHE"
  READY_POLL=0.05
  startup_aot_cache
  for i in $(seq 1 "$STARTUP_STARTS"); do
    startup_start jar "$JAR" "$STARTUP_JAVA_OPTIONS" "$i"; stop_app
    jar_ms+=("$STARTUP_READY_MS"); jar_mb+=("$STARTUP_IDLE_MB")
    startup_start aot "$STARTUP_AOT_APP/quarkus-run.jar" "$aot_options" "$i"; stop_app
    aot_ms+=("$STARTUP_READY_MS"); aot_mb+=("$STARTUP_IDLE_MB")
  done
  READY_POLL=0.5
  startup_loaded jar "$JAR" "$STARTUP_JAVA_OPTIONS"; jar_loaded=$STARTUP_LOADED
  startup_loaded aot "$STARTUP_AOT_APP/quarkus-run.jar" "$aot_options"; aot_loaded=$STARTUP_LOADED
  # A cache that does not match the JVM or the jars is ignored with an error line, and the start is simply slow.
  ! grep -qE '\[error *\]\[aot' "$LOGS"/app-startup-aot-*.log || die "the JVM refused the AOT cache: see $LOGS/app-startup-aot-1.log"
  jq -nc --arg flags "$STARTUP_JAVA_OPTIONS" --argjson jar_loaded "$jar_loaded" --argjson aot_loaded "$aot_loaded" \
    --slurpfile jar_ms <(printf '%s\n' "${jar_ms[@]}" | jq -s .) --slurpfile jar_mb <(printf '%s\n' "${jar_mb[@]}" | jq -s .) \
    --slurpfile aot_ms <(printf '%s\n' "${aot_ms[@]}" | jq -s .) --slurpfile aot_mb <(printf '%s\n' "${aot_mb[@]}" | jq -s .) \
    --argjson cache_mb "$(du -m "$STARTUP_AOT_CACHE" | cut -f1)" '
    def median(l): (l | sort) as $s | ($s | length) as $n
      | if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end;
    def variant(ms; mb; loaded): {ready_ms: median(ms), ready_ms_per_start: ms, rss_idle_mb: median(mb),
      rss_idle_mb_per_start: mb} + loaded;
    def errors: .loaded.socket_errors + .loaded.status_errors;
    variant($jar_ms[0]; $jar_mb[0]; $jar_loaded) as $jar | variant($aot_ms[0]; $aot_mb[0]; $aot_loaded) as $aot
    | {jvm_flags: $flags, starts: ($jar_ms[0] | length), aot_cache_mb: $cache_mb,
       jar: $jar, aot: $aot,
       aot_ready_over_jar: (($aot.ready_ms / $jar.ready_ms * 100 | round) / 100),
       aot_loaded_rps_over_jar: (if $jar.loaded.rps > 0 then ($aot.loaded.rps / $jar.loaded.rps * 100 | round) / 100
                                 else null end),
       errors: (($jar | errors) + ($aot | errors))}' >"$out"
}

report_startup() {
  jq -r '.scenarios.startup as $s
    | def line(name; v): "start-up, \(name): ready in \(v.ready_ms) ms, median of \($s.starts) starts "
        + "(\(v.ready_ms_per_start | map(tostring) | join(", ")) ms); RSS \(v.rss_idle_mb) MB idle, "
        + "\(v.rss_loaded_mb) MB after the read load (\(v.loaded.rps) req/s)";
    "start-up flags: \($s.jvm_flags)",
    line("without the AOT cache"; $s.jar),
    line("with the AOT cache (\($s.aot_cache_mb) MB)"; $s.aot),
    "start-up with the cache / without: \($s.aot_ready_over_jar); loaded req/s with / without: \($s.aot_loaded_rps_over_jar)"' "$1"
}
