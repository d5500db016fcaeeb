#!/usr/bin/env bash
# Builds data/emoji32.zip (builtin:emoji32, committed and embedded in AdaNotebooks.dll), data/emoji64.zip
# (builtin:emoji64, 6 MB, not committed) and data/emoji-faces.tsv (which of them are faces; committed, embedded)
# from the npm package emoji-datasource-google 16.0.0: Noto emoji, Apache-2.0. Needs npm (network to the npm
# registry), node, tar and the .NET SDK. Reproducible: the same package gives byte-identical zips.
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

# The face emoji (builtin:emoji32-faces, the first run's data): their indices in the zips below, which number the
# images in ordinal order of their file names.
node -e '
  const list = require(process.argv[1]).filter(e => e.has_img_google);
  list.sort((a, b) => a.image < b.image ? -1 : a.image > b.image ? 1 : 0);
  const face = e => e.category === "Smileys & Emotion" && /^face-|-face$/.test(e.subcategory);
  console.log("# The face emoji of builtin:emoji32 / emoji64 (builtin:emoji32-faces / emoji64-faces): emoji.json " +
    "entries in\n# \"Smileys & Emotion\" whose subcategory is face-* or *-face; index in the dataset, image, short " +
    "name.\n# Written by data-scripts/emoji.sh.");
  list.forEach((e, i) => { if (face(e)) console.log(`${i}\t${e.image}\t${e.short_name}`); });
' "$unpacked/package/emoji.json" > "$repo/data/emoji-faces.tsv"
echo "face emoji: $(grep -vc '^#' "$repo/data/emoji-faces.tsv")"

dotnet build "$repo/src/AdaNotebooks.Cli" -c Release -v quiet -nologo >/dev/null
ada() { dotnet run --project "$repo/src/AdaNotebooks.Cli" -c Release --no-build -- "$@"; }
ada dataset convert "$staging" "$repo/data/emoji32.zip" --res 32 --filter box --channels 3 --background white
ada dataset convert "$staging" "$repo/data/emoji64.zip" --res 64 --channels 3 --background white
(cd "$repo/data" && sha256sum emoji32.zip emoji64.zip)
