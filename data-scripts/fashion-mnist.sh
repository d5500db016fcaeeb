#!/usr/bin/env bash
# Puts Fashion-MNIST (Zalando Research, MIT) into data/fashion-mnist/ from Debian's dataset-fashion-mnist package:
# the four gzipped IDX files (60,000 training and 10,000 test images, 28x28 gray, 10 classes) that AdaNotebooks
# reads directly. Needs apt-get (the Debian archive) and dpkg-deb; no root needed for the download itself.
# Not committed (31 MB). Try: dotnet run --project src/AdaNotebooks.Cli -- dataset info data/fashion-mnist
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cache="$here/.cache"
out="$repo/data/fashion-mnist"
mkdir -p "$cache"

deb=$(ls "$cache"/dataset-fashion-mnist_*_all.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  # A fresh machine's package lists may be empty: as root, refresh them once and try again.
  (cd "$cache" && apt-get download dataset-fashion-mnist) ||
  { [ "$(id -u)" = 0 ] && apt-get update -qq && (cd "$cache" && apt-get download dataset-fashion-mnist); } || {
    echo "fashion-mnist.sh: apt-get download dataset-fashion-mnist failed; refresh the package lists" \
         "(apt-get update, as root) and run this again" >&2
    exit 1
  }
  deb=$(ls "$cache"/dataset-fashion-mnist_*_all.deb | head -1)
fi
echo "package: $(sha256sum "$deb" | cut -d' ' -f1)  $(basename "$deb")"

unpacked="$cache/fashion-mnist-deb"
rm -rf "$unpacked" && dpkg-deb -x "$deb" "$unpacked"
rm -rf "$out" && mkdir -p "$out"
cp "$unpacked"/usr/share/datasets/fashion-mnist/*-ubyte.gz "$out/"
cp "$unpacked"/usr/share/doc/dataset-fashion-mnist/copyright "$out/COPYRIGHT"
ls -l "$out"
