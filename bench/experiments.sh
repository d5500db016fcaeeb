#!/usr/bin/env bash
# The course's full-size experiments (notebooks 02 and 04, README "Results"), as committed in bench/results/.
# Needs Fashion-MNIST in data/ (data-scripts/fashion-mnist.sh). Times on 2 CPU cores: leak ~45 min per op family,
# leak-long ~45 min, limited-data ~1 h, categories ~30 min, limited-data-long ~1.5 h, limited-data-full ~15 min.
# The small networks use two cores poorly: two runs side by side on one thread each train 1.87-1.93x the images
# per second of one run on two threads (quiet machine, README "Measured here"), so each study trains its cells in
# worker processes, one per core (--jobs auto, the default; --threads 1 makes that explicit). With one thread a
# run is also repeatable to the last digit on one machine and build. The committed numbers were trained with
# libtorch's oneDNN off; where start-up keeps it on (README, "Measured here") the same commands
# train about 1.6x faster and give other digits, and ADA_ONEDNN=off restores the committed setting.
# Each writes results.md, results.json, SVG charts and one folder per run (report.html, stats.jsonl, samples) to
# --out; only the run folders and train.zip are left out of the repository.
# The exact toy GAN (leak-toy, the leak experiment's exact counterpart) needs no data: five sweeps of 30 runs, ~2 min
# each.
# Usage: bench/experiments.sh [leak|lumaflip|leak-long|leak-designs [SEEDS]|lumaflip-designs [SEEDS]|leak-toy|
#                              leak-gated [SEEDS]|limited-data|categories|limited-data-long|
#                              limited-data-seeds [SIZE]|categories-fixed|
#                              limited-data-full|precision-check|instrument|plateau [SEEDS]|frozen-rt|all]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
dotnet build -c Release src/AdaNotebooks.Cli >/dev/null
ada() { dotnet src/AdaNotebooks.Cli/bin/Release/net10.0/ada.dll "$@"; }
what=${1:-all}

if [ "$what" = leak-toy ] || [ "$what" = all ]; then
  toy() { ada experiment leak-toy --ps 0,0.5,0.8,0.9,0.95,1 --seeds 0,1,2,3,4 "$@"; }
  toy --ops rotate90 --out bench/results/leak-toy-rotate90
  toy --ops rotate90 --start rotated --out bench/results/leak-toy-rotate90-rotated-start
  toy --ops lumaflip --out bench/results/leak-toy-lumaflip
  toy --ops xflip --out bench/results/leak-toy-xflip
  toy --ops rotate90 --pixels resampled --out bench/results/leak-toy-rotate90-resampled
  [ "$what" = all ] || exit 0
fi
[ -d data/fashion-mnist ] || data-scripts/fashion-mnist.sh

if [ "$what" = leak ] || [ "$what" = all ]; then
  ada experiment leak --data data/fashion-mnist --res 16 --train-images 20000 --kimg 20 \
      --ops rotate90 --ps 0,0.5,0.8,0.9,1 --out bench/results/leak-rotate90
fi
if [ "$what" = lumaflip ] || [ "$what" = all ]; then
  ada experiment leak --data data/fashion-mnist --res 16 --train-images 20000 --kimg 20 \
      --ops lumaflip --ps 0.8,1 --out bench/results/leak-lumaflip
fi
if [ "$what" = limited-data ] || [ "$what" = all ]; then
  ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 500,2000 --methods noaug,ada,diffaug \
      --kimg 20 --held-out 2000 --metric-num 500 --metric-points 4 --detector resnet18 --out bench/results/limited-data
fi
if [ "$what" = categories ] || [ "$what" = all ]; then
  ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 2000 --methods noaug \
      --categories blit,geom,color,filter,noise,cutout --category-size 2000 \
      --kimg 20 --held-out 2000 --metric-num 500 --metric-points 2 --detector resnet18 \
      --threads 1 --out bench/results/limited-data-categories
fi
# Five times longer on 100-500 images: when does the baseline's D start to memorise, and does ADA's p answer?
if [ "$what" = limited-data-long ] || [ "$what" = all ]; then
  ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 500 --methods noaug,ada \
      --kimg 100 --held-out 2000 --metric-num 500 --metric-points 5 --detector resnet18 \
      --threads 1 --out bench/results/limited-data-500-100kimg
  ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 100,200 --methods noaug,ada \
      --kimg 100 --held-out 2000 --metric-num 500 --metric-points 5 --detector resnet18 \
      --threads 1 --out bench/results/limited-data-small-100kimg
  for method in noaug ada; do   # a second seed on 100 images
    ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 100 --methods $method --seed 1 \
        --kimg 100 --held-out 2000 --metric-num 500 --metric-points 5 --detector resnet18 \
        --threads 1 --out bench/results/limited-data-100-100kimg-seed1/$method
  done
fi
# The seeded study: no augmentation, ADA and DiffAugment on 100, 200, 500 and 1,000 Fashion-MNIST images at 16x16,
# three seeds per cell (a seed draws the subset and the initial weights), each size trained for 400-1,000 passes over
# its images, where the baseline's D overfits: 100 and 200 images 100 kimg, 500 images 200 kimg, 1,000 images
# 400 kimg. One resumable study folder per size: `bench/experiments.sh limited-data-seeds 100` runs the 100-image
# study or continues it where it stopped (a killed cell continues from its last snapshot). Without a size, all four.
# Time (one thread per cell, two cells side by side; each size prints its own): the 200-image study took 3,735 s
# wall, 5,773 s user + 111 s system CPU (10-11 minutes per 100-kimg cell on a quiet machine); the 500-image study
# 9 cells of 24-31 minutes (252 minutes of cells, about 2.1 h of the machine, in two chunks; the second, five cells,
# 4,078 s wall, 6,241 s user + 76 s system CPU), all with oneDNN off. So about 1 h of the machine each for 100 and
# 200 images, 2 h for 500 and an estimated 4 h for 1,000 (not run yet), about 1.5x less where oneDNN stays on. A
# cell cut off mid-run starts over unless its run folder (runs/, not committed) is still there.
if [ "$what" = limited-data-seeds ] || [ "$what" = all ]; then
  TIMEFORMAT="limited-data-seeds: %U s user + %S s system CPU, %R s wall"
  for size in ${2:-100 200 500 1000}; do
    case $size in 100|200) kimg=100 ;; 500) kimg=200 ;; 1000) kimg=400 ;;
      *) echo "limited-data-seeds: size $size: expected 100, 200, 500 or 1000" >&2; exit 2 ;; esac
    time ada experiment limited-data --data data/fashion-mnist --res 16 --sizes $size --methods noaug,ada,diffaug \
        --seeds 0,1,2 --kimg $kimg --held-out 2000 --metric-num 1000 --metric-points 5 --threads 1 \
        --out bench/results/limited-data-seeds-n$size
  done
fi
# The leak by design: rotate90 with p fixed from step 0, p ramped from 0 over the first 10 kimg, ADA with rotate90
# alone (ada_kimg 5), and the fixed p = 1 run (G leaks freely) fine-tuned for 10 kimg more at each p; the leak
# measured every kimg on 1,000 samples, three seeds. p = 0 is the run without augmentation: what the classifier
# reads on G's images while they are not yet real-looking (its floor on real images says nothing about those), and
# the fine-tuning at p = 0 how fast G turns back with nothing pushing it. Per seed: ten 20-kimg runs (p = 0, fixed and
# ramp at 4 p, ada) and five 10-kimg fine-tunings. Measured: a 20-kimg cell with its 20 leak measurements takes
# 7-10 minutes on one thread beside another cell, a fine-tuning about half that: 43 and 50 minutes of the 2-core
# machine for seeds 0 and 2 (2,593 and 2,973 s wall).
# Resumable in chunks of one seed: `bench/experiments.sh leak-designs 1` trains seed 0, `... 2` adds seed 1 to the
# same study, `... 3` (the default) seed 2; the recorded cells are kept, a killed cell continues from its snapshot,
# and the fine-tunings wait for their seed's p = 1 run.
# lumaflip-designs: the same designs on lumaflip at p in {0, 0.8, 1} (fixed p = 0.8 inverted every image in the
# `lumaflip` study), judged by the inversion probe: six 20-kimg runs and three fine-tunings per seed, measured at
# 27-32 minutes of the machine per seed.
designs() {  # OP PS SEED-COUNT
  local seeds
  seeds=$(seq -s, 0 $(( $3 - 1 )))
  TIMEFORMAT="$1-designs: %U s user + %S s system CPU, %R s wall"
  time ada experiment leak --data data/fashion-mnist --res 16 --train-images 20000 --kimg 20 \
      --ops "$1" --designs fixed,ramp,ada,finetune --ps "$2" --bcr false --ramp-kimg 10 \
      --ada-kimg 5 --finetune-kimg 10 --leak-every 1 --seeds "$seeds" --threads 1 \
      --out bench/results/leak-$1-designs
}
if [ "$what" = leak-designs ] || [ "$what" = all ]; then
  designs rotate90 0,0.5,0.8,0.9,1 "${2:-3}"
fi
if [ "$what" = lumaflip-designs ] || [ "$what" = all ]; then
  designs lumaflip 0,0.8,1 "${2:-3}"
fi
# The category sweep as the paper's Figure 4 runs it: each category alone at a fixed p in {0.1, 0.2, 0.4, 0.8}, two
# seeds, on 100 images (50 kimg is 500 passes; the baseline's r_t reached 0.70 there, so it overfits mildly). Measured:
# 50 runs in 52 + 93 minutes of the machine with two cells side by side (about 5.7 minutes per pair; the second
# chunk 10,788 s user + 163 s system CPU for 32 cells); resumable like every study (run it again).
if [ "$what" = categories-fixed ] || [ "$what" = all ]; then
  TIMEFORMAT="categories-fixed: %U s user + %S s system CPU, %R s wall"
  time ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 100 --methods noaug \
      --categories blit,geom,color,filter,noise,cutout --category-size 100 --category-ps 0.1,0.2,0.4,0.8 \
      --seeds 0,1 --kimg 50 --held-out 2000 --metric-num 1000 --metric-points 2 --threads 1 \
      --out bench/results/limited-data-categories-fixed
fi
# The full training set (67,800 images) for comparison.
if [ "$what" = limited-data-full ] || [ "$what" = all ]; then
  ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 0 --methods noaug,ada,diffaug \
      --kimg 20 --held-out 2000 --metric-num 500 --metric-points 4 --detector resnet18 \
      --threads 1 --out bench/results/limited-data-full
fi
# Mixed precision's quality check: ADA on 100 images for 100 kimg, five seeds, each seed once in fp32 and once in
# bf16 (mixed-res 4: at 16x16 the 8x8 and 16x16 blocks of G and D), FD every 10 kimg; the report pairs the two on each
# seed (results.md, "bf16 - fp32"). Resumable: run it again to continue where it stopped.
if [ "$what" = precision-check ] || [ "$what" = all ]; then
  TIMEFORMAT="precision-check: %U s user + %S s system CPU, %R s wall"
  time ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 100 --methods ada \
      --seeds 0,1,2,3,4 --kimg 100 --held-out 2000 --metric-num 1000 --metric-points 10 --precisions fp32,bf16 \
      --threads 1 --out bench/results/precision-check-n100
fi
# What the metrics' networks can tell on the limited-data studies' split: resnet18-112 and the Fashion-MNIST network
# (trained once, about 2 minutes, kept in the metrics cache): halves of the reference, the floor, shuffled pixels and
# a G that memorised each training subset (sizes 100-1,000, seeds 0-4).
if [ "$what" = instrument ] || [ "$what" = all ]; then
  TIMEFORMAT="instrument: %U s user + %S s system CPU, %R s wall"
  time ada experiment instrument --data data/fashion-mnist --res 16 --held-out 2000 --metric-num 1000 \
      --detectors resnet18-112,fmnist --sizes 100,200,500,1000 --seeds 0,1,2,3,4 \
      --out bench/results/instrument-fmnist16
fi
# Runs to a plateau: no augmentation and ADA on 100 images, five paired seeds (a seed draws the same images and the
# same initial weights for both methods), fd-fmnist on 1,000 images every 5 kimg; a run stops once its FD has risen
# 10 % from its best (mean of 3 evaluations, twice in a row, OverfitRise), reading the evaluations from 50 kimg on
# (500 passes), else at the 300-kimg budget. The rule was set after the pilot (bench/results/plateau-pilot-n100: seed
# 0's baseline, 300 kimg, 49 min on one thread), whose FD jumped 42 -> 53 by 10 kimg before its best of 26.5 at 150
# kimg and rose to 38.8 by 245; the 50-kimg warm-up after ADA's seed-0 run, read from kimg 5, stopped at 30 kimg (its
# FD of unformed images at 5 kimg, 42.7, was then its best: 53.6, 50.8, 54.1, 60.6, 55.1). Resumable in chunks of one
# seed: `bench/experiments.sh plateau 1` trains seed 0 (its two cells side by side, about an hour), `... 2` adds
# seed 1, up to `... 5`; a killed cell continues from its snapshot while its run folder is there.
if [ "$what" = plateau ] || [ "$what" = all ]; then
  TIMEFORMAT="plateau: %U s user + %S s system CPU, %R s wall"
  time ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 100 --methods noaug,ada \
      --seeds "$(seq -s, 0 $(( ${2:-5} - 1 )))" --kimg 300 --held-out 2000 --metric-num 1000 --metric-points 60 \
      --detector fmnist --stop-rise 0.1 --stop-from 50 --threads 1 --out bench/results/plateau-n100
fi
# Why ADA's p stays low (needs the plateau study's run folders of seeds 0 and 1, kept on the machine that trained them):
# a 20,000-image baseline (50 kimg, 2.5 passes: a D that cannot memorise), then every D read at fixed p by
# `ada experiment frozen-rt` (r_t on training images the pipeline changed and left alone, and on held-out reals).
if [ "$what" = frozen-rt ] || [ "$what" = all ]; then
  TIMEFORMAT="frozen-rt: %U s user + %S s system CPU, %R s wall"
  runs=bench/results/plateau-n100/runs
  time {
    ada experiment limited-data --data data/fashion-mnist --res 16 --sizes 20000 --methods noaug --kimg 50 \
        --held-out 2000 --metric-num 1000 --metric-points 5 --detector fmnist --jobs 1 \
        --out bench/results/frozen-rt-baseline-n20000
    ada experiment frozen-rt --data data/fashion-mnist --res 16 --held-out 2000 \
        --snapshots $runs/n100-noaug-s0,$runs/n100-ada-s0,$runs/n100-noaug-s1,$runs/n100-ada-s1,\
bench/results/frozen-rt-baseline-n20000/runs/n20000-noaug-s0 --out bench/results/frozen-rt
  }
fi
# Keep the numbers, charts and sample grids; the run folders and the training zip stay local.
for d in bench/results/*/; do
  rm -f "$d/train.zip"
  rm -rf "$d/cells"   # the workers' one-cell results, all in results.json
done
# The leak readout that abstains (the classifier's confidence gate and equivariance check, the elongation reading):
# rotate90 at p 0, 0.8, 1 for 20 kimg, the leak read every 2 kimg; one chunk per seed (`leak-gated 1` trains seed 0,
# about 27 minutes beside another study; `... 3` adds seeds 1 and 2).
if [ "$what" = leak-gated ] || [ "$what" = all ]; then
  seeds=$(seq -s, 0 $(( ${2:-3} - 1 )))
  TIMEFORMAT="leak-gated: %U s user + %S s system CPU, %R s wall"
  time ada experiment leak --data data/fashion-mnist --res 16 --train-images 20000 --kimg 20 --ops rotate90 \
      --ps 0,0.8,1 --bcr false --leak-every 2 --seeds "$seeds" --threads 1 --jobs 1 \
      --out bench/results/leak-rotate90-gated
  rm -f bench/results/leak-rotate90-gated/train.zip
fi
# The p = 0.8 rotate90 run trained three and ten times longer (does the leak shrink with training?).
if [ "$what" = leak-long ] || [ "$what" = all ]; then
  for kimg in 60 200; do
    ada experiment leak --data data/fashion-mnist --res 16 --train-images 20000 --kimg $kimg \
        --ops rotate90 --ps 0.8 --bcr false --threads 1 --out bench/results/leak-rotate90-p0.8-${kimg}kimg
    rm -f bench/results/leak-rotate90-p0.8-${kimg}kimg/train.zip
  done
fi
