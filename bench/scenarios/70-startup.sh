# Start-up and memory (issue 31; docs/benchmark.md#start-up-and-memory): the packaged app started STARTUP_STARTS times
# in a row (5; 1 in quick mode), each time from launching the JVM to /q/health/ready answering 200 (asked every 50 ms),
# with the flags of the container image (src/main/docker/Dockerfile: the heap at 75 % of the memory) under the pod's
# memory limit (k8s/app-deployment.yaml: 512Mi, given to the JVM as -XX:MaxRAM, as the container would); the resident
# memory (RSS) of each start 5 s after ready (1 s in quick mode), and of the last one after scenario 1's read load.
# Medians, and every start. The database and Redis are the run's, already migrated and warm: what a new pod of a
# running service meets.
PLUGINS+=(startup)

STARTUP_STARTS=$([ "$MODE" = quick ] && echo 1 || echo 5)
STARTUP_IDLE_SECONDS=$([ "$MODE" = quick ] && echo 1 || echo 5)
STARTUP_JAVA_OPTIONS="-XX:MaxRAM=512m -XX:MaxRAMPercentage=75"

# startup_rss_mb PID: the process's resident memory in MB.
startup_rss_mb() { ps -o rss= -p "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }

plugin_startup() {
  local out=$1 i start ready_ms=() idle_mb=() loaded_mb result
  READY_POLL=0.05
  for i in $(seq 1 "$STARTUP_STARTS"); do
    start=$(date +%s%N)
    start_app "startup-$i" JAVA_TOOL_OPTIONS="$STARTUP_JAVA_OPTIONS"
    ready_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
    sleep "$STARTUP_IDLE_SECONDS"
    idle_mb+=("$(startup_rss_mb "$APP_PID")")
    [ "$i" = "$STARTUP_STARTS" ] || stop_app
  done
  warm_up
  result=$(run_wrk startup-loaded "$DURATION" /api/products/1 bench/wrk/random-product.lua)
  loaded_mb=$(startup_rss_mb "$APP_PID")
  READY_POLL=0.5
  jq -nc --argjson result "$result" --argjson loaded "$loaded_mb" --arg flags "$STARTUP_JAVA_OPTIONS" \
    --slurpfile ready <(printf '%s\n' "${ready_ms[@]}" | jq -s .) \
    --slurpfile idle <(printf '%s\n' "${idle_mb[@]}" | jq -s .) '
    def median(l): (l | sort) as $s | ($s | length) as $n
      | if $n % 2 == 1 then $s[($n - 1) / 2] else ($s[$n / 2 - 1] + $s[$n / 2]) / 2 end;
    {jvm_flags: $flags, starts: ($ready[0] | length),
     ready_ms: median($ready[0]), ready_ms_per_start: $ready[0],
     rss_idle_mb: median($idle[0]), rss_idle_mb_per_start: $idle[0],
     rss_loaded_mb: $loaded, loaded: $result,
     errors: ($result.socket_errors + $result.status_errors)}' >"$out"
}

report_startup() {
  jq -r '.scenarios.startup as $s
    | "start-up (\($s.jvm_flags)): ready in \($s.ready_ms) ms, median of \($s.starts) starts "
      + "(\($s.ready_ms_per_start | map(tostring) | join(", ")) ms); RSS \($s.rss_idle_mb) MB idle, "
      + "\($s.rss_loaded_mb) MB after the read load"' "$1"
}
