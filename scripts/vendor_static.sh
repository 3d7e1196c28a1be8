#!/usr/bin/env bash
# Vendor the NL Design System look (Utrecht CSS + voorbeeld theme tokens), Noto Sans and axe-core.
#
# Installs the versions pinned in scripts/vendor/package-lock.json with `npm ci` in a temporary
# directory and copies only the files the portal serves, each with its licence text, into
# static/vendor/ (and axe-core into tests/vendor/axe-core/ for the accessibility tests).
# Node is needed only to run this script, never at run time. Re-run after bumping a version in
# scripts/vendor/package.json (then `npm install --package-lock-only` there) and commit the result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
AXE_DIR="$ROOT/tests/vendor/axe-core"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cp "$ROOT/scripts/vendor/package.json" "$ROOT/scripts/vendor/package-lock.json" "$WORK/"
# --ignore-scripts: none of these packages needs an install script, and we do not run foreign code.
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
NM="$WORK/node_modules"

# minify IN OUT: clean-css level 1 only (whitespace, comments, safe shorthands; no restructuring).
minify() {
  node -e '
    const CleanCSS = require(process.argv[1]);
    const fs = require("fs");
    const out = new CleanCSS({level: 1}).minify(fs.readFileSync(process.argv[2], "utf8"));
    if (out.errors.length) { console.error(out.errors.join("\n")); process.exit(1); }
    fs.writeFileSync(process.argv[3], out.styles);
  ' "$NM/clean-css" "$1" "$2"
}

version() { node -p "require('$NM/$1/package.json').version"; }
licence() { node -p "require('$NM/$1/package.json').license"; }

rm -rf "$VENDOR" "$AXE_DIR"
mkdir -p "$VENDOR/utrecht" "$VENDOR/voorbeeld-theme" "$VENDOR/noto-sans" "$AXE_DIR"

# 1. Utrecht component library: the whole CSS bundle, minified. The minifier drops the per-file
#    licence comments, so one header names the licence and the LICENSE file travels along.
UTRECHT="@utrecht/component-library-css"
minify "$NM/$UTRECHT/dist/index.css" "$WORK/utrecht.min.css"
# @charset must stay the very first bytes of the file (the bundle has a non-ASCII bullet).
{
  printf '@charset "UTF-8";\n'
  printf '/*! %s %s | EUPL-1.2 | (c) Gemeente Utrecht, Frameless B.V. | see LICENSE.md */\n' \
    "$UTRECHT" "$(version "$UTRECHT")"
  sed 's/^@charset "UTF-8";//' "$WORK/utrecht.min.css"
} > "$VENDOR/utrecht/component-library.min.css"
cp "$NM/$UTRECHT/LICENSE.md" "$VENDOR/utrecht/LICENSE.md"

# 2. Voorbeeld theme tokens (scoped to the class .voorbeeld-theme). The file also carries tokens
#    for other component libraries (Den Haag, Amsterdam, ...); the Utrecht CSS reads only
#    --utrecht-* tokens, which resolve to --basis-*, --voorbeeld-* and a few --nl-* ones.
TOKENS="@nl-design-system-unstable/voorbeeld-design-tokens"
grep -Ev '^[[:space:]]*--(ams|denhaag|lux|rhc|todo)-' "$NM/$TOKENS/dist/theme.css" \
  > "$WORK/theme.css"
unresolved="$(grep -oE 'var\(--(ams|denhaag|lux|rhc|todo)-' "$WORK/theme.css" || true)"
if [[ -n "$unresolved" ]]; then
  echo "kept tokens refer to dropped ones: $unresolved" >&2
  exit 1
fi
minify "$WORK/theme.css" "$WORK/theme.min.css"
{
  printf '/*! %s %s (filtered: utrecht, nl, basis, voorbeeld tokens) | EUPL-1.2 | see LICENSE.md */\n' \
    "$TOKENS" "$(version "$TOKENS")"
  cat "$WORK/theme.min.css"
} > "$VENDOR/voorbeeld-theme/theme.min.css"
cp "$NM/$TOKENS/LICENSE.md" "$VENDOR/voorbeeld-theme/LICENSE.md"

# 3. Noto Sans, latin subset, regular and bold only (the theme uses no other weights).
FONT="@fontsource/noto-sans"
{
  printf '/*! %s %s | OFL-1.1 | see LICENSE */\n' "$FONT" "$(version "$FONT")"
  for weight in 400 700; do
    cp "$NM/$FONT/files/noto-sans-latin-$weight-normal.woff2" "$VENDOR/noto-sans/"
    # font-display: swap keeps text readable while the font loads.
    printf '@font-face{font-family:"Noto Sans";font-style:normal;font-display:swap;'
    printf 'font-weight:%s;src:url(noto-sans-latin-%s-normal.woff2) format("woff2")}\n' \
      "$weight" "$weight"
  done
} > "$VENDOR/noto-sans/noto-sans.css"
cp "$NM/$FONT/LICENSE" "$VENDOR/noto-sans/LICENSE"

# 4. axe-core, for the accessibility tests only (not served).
cp "$NM/axe-core/axe.min.js" "$NM/axe-core/LICENSE" "$NM/axe-core/LICENSE-3RD-PARTY.txt" "$AXE_DIR/"
printf 'axe-core %s (%s), from the npm registry via scripts/vendor_static.sh\n' \
  "$(version axe-core)" "$(licence axe-core)" > "$AXE_DIR/VERSION.txt"

{
  echo "# Vendored by scripts/vendor_static.sh from the npm registry. package version licence"
  for pkg in "$UTRECHT" "$TOKENS" "$FONT"; do
    printf '%s %s %s\n' "$pkg" "$(version "$pkg")" "$(licence "$pkg")"
  done
} > "$VENDOR/VERSIONS.txt"

du -ch "$VENDOR" "$AXE_DIR" | tail -1
