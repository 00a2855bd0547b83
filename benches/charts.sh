#!/bin/sh
# SPDX-License-Identifier: MIT OR Apache-2.0
# Draws the benchmark charts from the sweep CSV files that benches/bench.c writes.
#
#     sh benches/charts.sh [output directory]      (make bench runs it with benches/charts)
#
# Reads $BENCH_OUT/upload_sweep.csv, download_sweep.csv and rate_sweep.csv (BENCH_OUT defaults
# to target/bench) and writes throughput.png and rate.png. Needs gnuplot (apt-get install
# gnuplot-nox); without it, or without the CSV files, it says so and draws nothing.
set -eu
out=${1:-benches/charts}
data=${BENCH_OUT:-target/bench}

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "charts: gnuplot is not installed (apt-get install gnuplot-nox); no charts drawn"
    exit 0
fi
for f in upload_sweep.csv download_sweep.csv rate_sweep.csv; do
    if [ ! -s "$data/$f" ]; then
        echo "charts: $data/$f is missing (run the sweeps: BENCH_ONLY unset or containing S); no charts drawn"
        exit 0
    fi
done
mkdir -p "$out"

gnuplot <<EOF
set datafile separator ","
set terminal pngcairo size 1200,480 font "sans,10"
set output "$out/throughput.png"
set multiplot layout 1,2 title "rinet and libcurl throughput against piece size (median of runs; raw = minimal socket client, same server)"
set logscale x 2
set xlabel "write / read size (KiB)"
set ylabel "GB/s"
set grid
set key bottom right
set yrange [0:*]
set xtics ("4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024)
set title "Upload: POST, InternetWriteFile vs libcurl read callback"
plot "$data/upload_sweep.csv" using 1:2 skip 1 with linespoints lw 2 title "rinet", \
     "" using 1:3 skip 1 with linespoints lw 2 title "libcurl", \
     "" using 1:4 skip 1 with linespoints dt 2 title "raw client"
set title "Download: GET, InternetReadFile vs libcurl write callback"
plot "$data/download_sweep.csv" using 1:2 skip 1 with linespoints lw 2 title "rinet", \
     "" using 1:3 skip 1 with linespoints lw 2 title "libcurl", \
     "" using 1:4 skip 1 with linespoints dt 2 title "raw client"
unset multiplot

set terminal pngcairo size 800,480 font "sans,10"
set output "$out/rate.png"
set title "Request rate against concurrent requests (GET /small, keep-alive)"
set xlabel "concurrent request handles"
set ylabel "requests per second"
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256)
set xrange [0.8:320]
set key top left
plot "$data/rate_sweep.csv" using 1:2 skip 1 with linespoints lw 2 title "rinet", \
     "" using 1:3 skip 1 with linespoints lw 2 title "libcurl (multi)", \
     "" using 1:4 skip 1 with linespoints dt 2 title "raw client"
EOF
echo "charts: wrote $out/throughput.png and $out/rate.png"
