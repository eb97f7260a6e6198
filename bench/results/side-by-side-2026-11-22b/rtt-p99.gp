set terminal pngcairo size 900,540
set output '/work/main/bench/results/side-by-side-2026-11-22b/rtt-p99.png'
set title 'p99 echo RTT against concurrent sessions (50 packets/s each way per session)'
set xlabel 'concurrent sessions'
set ylabel 'p99 echo RTT (ms)'
set grid
set key top left
plot '/work/main/bench/results/side-by-side-2026-11-22b/whip-rtt.dat' using 1:2 with linespoints lw 2 title 'voxedge edge (echo)', '/work/main/bench/results/side-by-side-2026-11-22b/relay-rtt.dat' using 1:2 with linespoints lw 2 title 'voxedge cross-host relay (edge → owner edge, echo)', '/work/main/bench/results/side-by-side-2026-11-22b/janus-rtt.dat' using 1:2 with linespoints lw 2 title 'Janus echotest'
