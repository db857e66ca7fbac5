#!/usr/bin/env bash
# Provides the Pulumi CLI and its Node.js language host for the demo and the e2e tests.
#
# The CLI's installer host is unreachable here, so when no usable `pulumi` exists we build it from
# the Go module proxy and cache the binaries outside the repo, keyed by version. Prints the bin
# directory that holds `pulumi` and `pulumi-language-nodejs` as its last stdout line.
#
#   PULUMI_CLI=/path/to/pulumi    use this CLI (its directory must hold pulumi-language-nodejs too)
#   PULUMI_CLI_CACHE=dir          cache root (default: ${XDG_CACHE_HOME:-~/.cache}/pulumi-alicloud-dbs)
#   PULUMI_CLI_TEST_BUILD=cmd     test only: run `cmd <output> <package>` instead of each Go build
set -euo pipefail

# Must match the @pulumi/pulumi pinned in package.json.
PULUMI_VERSION=3.248.0
# The language host has its own Go module with no tags; the proxy serves no version of it. The last
# sdk/v3 release that still contained it as a package is 3.67.1; it speaks the same LanguageRuntime
# gRPC protocol and starts @pulumi/pulumi's own `cmd/run` from the project's node_modules.
LANGUAGE_HOST_SDK_VERSION=3.67.1

log() { echo "[provision-pulumi-cli] $*" >&2; }

if [[ -n "${PULUMI_CLI:-}" ]]; then
  [[ -x "$PULUMI_CLI" ]] || { log "PULUMI_CLI=$PULUMI_CLI is not an executable file"; exit 1; }
  dirname "$(readlink -f "$PULUMI_CLI")"
  exit 0
fi
if existing=$(command -v pulumi 2>/dev/null) && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  log "using the Pulumi CLI on PATH: $existing ($("$existing" version 2>/dev/null || echo unknown version))"
  dirname "$(readlink -f "$existing")"
  exit 0
fi

cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-dbs}"
bin_dir="$cache_root/pulumi-cli/v$PULUMI_VERSION/bin"
plugin_script="$(cd "$(dirname "$0")/.." && pwd)/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
install_plugin_script() {
  [[ -f "$plugin_script" ]] || { log "missing $plugin_script: run npm ci first"; exit 1; }
  cmp -s "$plugin_script" "$bin_dir/pulumi-resource-pulumi-nodejs" || install -m 755 "$plugin_script" "$bin_dir/"
}
if [[ -x "$bin_dir/pulumi" && -x "$bin_dir/pulumi-language-nodejs" ]]; then
  install_plugin_script
  echo "$bin_dir"
  exit 0
fi

[[ -n ${PULUMI_CLI_TEST_BUILD:-} ]] || command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI: install Go >= 1.25 (or put pulumi on PATH / set PULUMI_CLI)"; exit 1; }
log "building Pulumi CLI v$PULUMI_VERSION into $bin_dir"
log "one time per machine; the first build downloads ~300 modules and takes several minutes"
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$bin_dir"

build() { # build <dir> <module requirements...> -- <package> <output>
  local dir=$1; shift
  mkdir -p "$dir"
  if [[ -n ${PULUMI_CLI_TEST_BUILD:-} ]]; then
    while [[ $1 != -- ]]; do shift; done
    "$PULUMI_CLI_TEST_BUILD" "$3.tmp" "$2"
    mv "$3.tmp" "$3"
    return
  fi
  (
    cd "$dir"
    go mod init pulumi-cli-build >/dev/null 2>&1
    # pkg/v3's go.mod replaces clipboard with a fork; as a dependency that replace is ignored, so repeat it.
    go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
    while [[ $1 != -- ]]; do go mod edit -require "$1"; shift; done
    shift
    local pkg=$1 out=$2
    log "downloading modules and compiling $pkg"
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$out.tmp" "$pkg"
    mv "$out.tmp" "$out"
  )
}

build "$work/host" "github.com/pulumi/pulumi/sdk/v3@v$LANGUAGE_HOST_SDK_VERSION" -- \
  github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$bin_dir/pulumi-language-nodejs"
log "language host built after $(( $(date +%s) - start )) s"
build "$work/cli" "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" -- \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$bin_dir/pulumi"
install_plugin_script
log "done in $(( $(date +%s) - start )) s; cache: $(du -sh "$cache_root" | cut -f1) (plus Go's module and build caches)"
echo "$bin_dir"
