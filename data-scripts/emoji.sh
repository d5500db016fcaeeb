#!/usr/bin/env bash
# Builds data/emoji32.zip (builtin:emoji32, committed and embedded in AdaNotebooks.dll) and data/emoji64.zip
# (builtin:emoji64, 6 MB, not committed) from the npm package emoji-datasource-google 16.0.0: Noto emoji,
# Apache-2.0. Needs npm (network to the npm registry), node, tar and the .NET SDK. Reproducible: the same package
# gives byte-identical zips.
#
#   1. npm pack emoji-datasource-google@16.0.0 (74 MB, cached in data-scripts/.cache/)
#   2. keep img/google/64/*.png of the top-level entries of emoji.json that have a Google image; skin-tone
#      variants are listed under skin_variations, never at top level, so they are dropped (1,911 images left)
#   3. ada dataset convert: composite the transparent pixels onto white, 3 channels (62 emoji are stored as
#      gray + alpha), and for emoji32 the box filter (an exact 2x2 average for 64 -> 32: anti-aliased, no ringing,
#      and 14% smaller PNGs than Lanczos-3); emoji64 keeps the original 64x64 pixels
set -euo pipefail

version=16.0.0
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cache="$here/.cache"
mkdir -p "$cache" "$repo/data"

tgz="$cache/emoji-datasource-google-$version.tgz"
if [ ! -f "$tgz" ]; then (cd "$cache" && npm pack "emoji-datasource-google@$version" --silent >/dev/null); fi
echo "package: $(sha256sum "$tgz" | cut -d' ' -f1)  $(basename "$tgz")"

unpacked="$cache/emoji-google-$version"
rm -rf "$unpacked" && mkdir -p "$unpacked" && tar -xzf "$tgz" -C "$unpacked"
images="$unpacked/package/img/google/64"

staging="$cache/emoji-base"
rm -rf "$staging" && mkdir -p "$staging"
node -e '
  const list = require(process.argv[1]);
  for (const e of list) if (e.has_img_google) console.log(e.image);
' "$unpacked/package/emoji.json" | while read -r name; do cp "$images/$name" "$staging/"; done
echo "base emoji (no skin-tone variants): $(ls "$staging" | wc -l) of $(ls "$images" | wc -l) images"

dotnet build "$repo/src/AdaNotebooks.Cli" -c Release -v quiet -nologo >/dev/null
ada() { dotnet run --project "$repo/src/AdaNotebooks.Cli" -c Release --no-build -- "$@"; }
ada dataset convert "$staging" "$repo/data/emoji32.zip" --res 32 --filter box --channels 3 --background white
ada dataset convert "$staging" "$repo/data/emoji64.zip" --res 64 --channels 3 --background white
(cd "$repo/data" && sha256sum emoji32.zip emoji64.zip)
