#!/usr/bin/env bash
# The editor package's build check (run by .ci/run): installs the locked
# dependencies with npm, validates the manifest, tests the TextMate grammar
# on every file of procedures/ and packages the extension with vsce.
set -euo pipefail
cd "$(dirname "$0")"

echo "--- npm ci (editors/vscode)"
npm ci --no-audit --no-fund

echo "--- npm test (manifest, grammar on procedures/)"
npm test

echo "--- vsce package"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx vsce package --allow-missing-repository --out "$out/huanjie.vsix" </dev/null
test -s "$out/huanjie.vsix"
