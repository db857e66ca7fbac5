#!/usr/bin/env bash
# Generates the Node.js, Python and Go SDKs of a Pulumi package schema:
#
#   bash scripts/gen-sdk.sh <schema.json> <out-dir>     writes <out-dir>/nodejs, <out-dir>/python, <out-dir>/go
#   bash scripts/gen-sdk.sh examples <schema.json> <dir> <out.json>
#                                    the docs' YAML examples <dir>/*/*.yaml to PCL (scripts/gen-examples/)
#   bash scripts/gen-sdk.sh programs <schema.json> <in.json> <out.json>
#                                    PCL programs to TypeScript, Python and Go (scripts/gen-sdk/programs.go)
#
# with scripts/gen-sdk/ (the code generators of pkg/v3, the release of our CLI), built once per change of
# its source with the CLI's build flags and requirements (scripts/gen-examples/: with those of our YAML
# host), so Go's module and build caches left by tools/toolchain/provision-pulumi-cli.sh make it a ~10 s
# build; cached in <cache>/gen-sdk/ (<cache>/gen-examples/). Needs Go >= 1.25.
#
# What the schema decides (under "language"):
#   go.importBasePath    import path of the Go package, e.g. github.com/ORG/pulumi-alicloud-dbs/sdk/go/aliclouddbs;
#                        the SDK's go.mod (not generated) declares the module above it, e.g. .../sdk/go
#   nodejs.packageName   npm name (default @pulumi/<name>, which is not ours to publish)
#   nodejs.respectSchemaVersion, python.respectSchemaVersion: true
#                        take the version from the schema's "version" (otherwise package.json says
#                        ${VERSION} and setup.py 0.0.0, to be replaced when publishing)
#
#   PULUMI_CLI_CACHE=dir   cache root, as for tools/toolchain/provision-pulumi-cli.sh
set -euo pipefail

# Must match tools/toolchain/provision-pulumi-cli.sh (PULUMI_VERSION, YAML_HOST_VERSION).
PULUMI_VERSION=3.248.0
YAML_VERSION=1.25.0

log() { echo "[gen-sdk] $*" >&2; }

[[ $# -eq 2 || ($# -eq 4 && ($1 == examples || $1 == programs)) ]] || {
  log "usage: bash scripts/gen-sdk.sh <schema.json> <out-dir> | examples|programs <schema.json> <in> <out.json>"
  exit 2
}
if [[ $1 == examples ]]; then
  shift
  tool=gen-examples version=$YAML_VERSION
  requirements=(-require "github.com/pulumi/pulumi-yaml@v$YAML_VERSION")
else
  tool=gen-sdk version=$PULUMI_VERSION
  # (pkg/v3's go.mod replaces clipboard with a fork; as a dependency that replace is ignored, so repeat it.)
  requirements=(-require "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION"
    -require "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
    -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e)
fi
source_dir="$(cd "$(dirname "$0")" && pwd)/$tool"
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-dbs}"
dir="$cache_root/$tool/v$version-$(cat "$source_dir"/*.go | cksum | cut -d' ' -f1)"
generator="$dir/$tool"

if [[ ! -x $generator ]]; then
  command -v go >/dev/null || { log "Go is needed to build the SDK generator: install Go >= 1.25"; exit 1; }
  mkdir -p "$dir"
  exec 9>"$dir/.lock"
  ! command -v flock >/dev/null || flock 9 # another run may be building it
  if [[ ! -x $generator ]]; then
    start=$SECONDS
    log "building $tool into $dir"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp "$source_dir"/*.go "$work/"
    (
      cd "$work"
      go mod init "pulumi-alicloud-dbs/$tool" >/dev/null 2>&1
      # The same requirements as the host's build, so its compiled packages are reused.
      go mod edit "${requirements[@]}"
      CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w" \
        -o "$generator.tmp.$$" .
    )
    mv -f "$generator.tmp.$$" "$generator"
    log "built in $((SECONDS - start)) s"
  fi
fi
exec "$generator" "$@"
