# Draws the benchmark chart; bench/run.sh calls it with: data (scenario, req/s, p50 ms, p99 ms), loads (label,
# database loads per invalidation), out (the PNG) and subtitle (the runs, the machine and the settings).
# The legend of the latency panel sits below its plot area, outside it, so that it can never cover a bar however
# tall the bars are; the same bottom margin on every panel keeps the three plot areas the same height.
set terminal pngcairo size 1500,580 font "Sans,10"
set output out
set multiplot layout 1,3 title "catalog-cache benchmark\n{/*0.85 ".subtitle."}" font "Sans,13"

set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.85
set grid ytics
set xtics rotate by -25 nomirror
set bmargin 7
set key outside below center horizontal reverse Left width 2

set title "throughput, requests/s (higher is better)"
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0              # headroom for the value printed above the tallest bar
plot data using 2:xtic(1) notitle lc rgb "#3572b0", \
     '' using 0:2:(sprintf("%.0f", $2)) with labels offset 0,0.7 notitle

set title "latency, ms (log scale, lower is better)"
set offsets 0, 0, 0, 0
set logscale y
set yrange [*:*]
plot data using 3:xtic(1) title "p50" lc rgb "#7fb3e0", '' using 4 title "p99" lc rgb "#c0392b"
unset logscale y

set title "database loads per invalidation (hot key, lower is better)"
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
plot loads using 2:xtic(1) notitle lc rgb "#2e8b57", \
     '' using 0:2:(sprintf("%.2f", $2)) with labels offset 0,0.7 notitle

unset multiplot
