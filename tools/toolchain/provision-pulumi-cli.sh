#!/usr/bin/env bash
# Provides the Pulumi CLI, its Node.js language host and, on request, the YAML, Go and Python language
# hosts, for the demo and the tests.
#
#   bash tools/toolchain/provision-pulumi-cli.sh [yaml] [go] [python]
#
# Prints as its last stdout line one bin directory holding `pulumi`, `pulumi-language-nodejs` and the
# hosts named: put it first on PATH and run `<dir>/pulumi`. The CLI's installer host is unreachable
# here, so what is missing is built from the Go module proxy (needs Go >= 1.25) and cached outside the
# repo, keyed by version, in <cache>/pulumi-cli/v<version>/bin. Hosts there sit next to `pulumi`,
# which is where the CLI looks first, so it prints no "using pulumi-language-X from $PATH" warning.
#
# A CLI you provide is used as it is; hosts its directory lacks are built into the cache, and the
# printed directory is then <cache>/pulumi-cli/with-<hash>/bin: symlinks to your `pulumi` and to the
# built hosts (the CLI warns once per run that it took those hosts from PATH).
#   PULUMI_CLI=/path/to/pulumi    use this CLI (its directory should hold pulumi-language-nodejs too)
#   (a `pulumi` on PATH is used when pulumi-language-nodejs is on PATH too)
#   PULUMI_CLI_CACHE=dir          cache root (default: ${XDG_CACHE_HOME:-~/.cache}/pulumi-alicloud-dbs)
#   PULUMI_CLI_TEST_BUILD=cmd     test only: run `cmd <output> <package>` instead of each build step
#
# Runs at once (two terminals, two CI jobs on one runner) are safe: a build holds a lock on the cache
# (flock, from util-linux), a second run waits for it and reuses what it built.
set -euo pipefail

# Must match the @pulumi/pulumi pinned in package.json.
PULUMI_VERSION=3.248.0
# The hosts for Node.js, Go and Python have their own Go modules, which the proxy does not serve. Older
# sdk/v3 releases still contained them as packages; they speak the same LanguageRuntime gRPC protocol.
# Node.js: starts @pulumi/pulumi's own `cmd/run` from the project's node_modules.
NODEJS_HOST_SDK_VERSION=3.67.1
# Go: 3.62.0 is the last served release that contains it. Like the Node.js and Python hosts of that
# age it reads runtime options only from its command line, which the 3.248.0 CLI no longer passes, so
# `runtime.options.binary` in Pulumi.yaml is ignored and it runs `go build` before every command. The
# `pulumi-language-go` we install is a wrapper that passes `-binary $PULUMI_LANGUAGE_GO_BINARY` when set
# (a program built ahead: ~1 s per pulumi command instead of ~7 s).
GO_HOST_SDK_VERSION=3.62.0
# Python: runs the exec shim next to it, which we take from sdk/v3@PULUMI_VERSION, the release of the
# `pulumi` package on PyPI that programs use (its arguments are a superset of the older shim's). It
# ignores `runtime.options.virtualenv` (see Go): set PULUMI_PYTHON_CMD=<venv>/bin/python instead.
PYTHON_HOST_SDK_VERSION=3.67.1
YAML_HOST_VERSION=1.25.0
SDK_VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

log() { echo "[provision-pulumi-cli] $*" >&2; }

hosts=()
for arg in "$@"; do
  case $arg in
    yaml | go | python) hosts+=("$arg") ;;
    *) log "unknown language host '$arg': expected any of yaml, go, python"; exit 2 ;;
  esac
done
host_files=()
for host in ${hosts[@]+"${hosts[@]}"}; do
  case $host in
    go) host_files+=("pulumi-language-go-v$GO_HOST_SDK_VERSION" pulumi-language-go) ;;
    python) host_files+=(pulumi-language-python pulumi-language-python-exec) ;;
    *) host_files+=("pulumi-language-$host") ;;
  esac
done

cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-dbs}"
cache_dir="$cache_root/pulumi-cli/v$PULUMI_VERSION"
bin_dir="$cache_dir/bin"

cli=""
if [[ -n "${PULUMI_CLI:-}" ]]; then
  [[ -x "$PULUMI_CLI" ]] || { log "PULUMI_CLI=$PULUMI_CLI is not an executable file"; exit 1; }
  cli=$(readlink -f "$PULUMI_CLI")
elif existing=$(command -v pulumi 2>/dev/null) && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  log "using the Pulumi CLI on PATH: $existing ($("$existing" version 2>/dev/null || echo unknown version))"
  cli=$(readlink -f "$existing")
fi

plugin_script="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [[ -n $cli ]]; then
  cli_dir=$(dirname "$cli")
  wanted=()
  for file in ${host_files[@]+"${host_files[@]}"}; do
    [[ -x "$cli_dir/$file" ]] || wanted+=("$file")
  done
  if [[ ${#wanted[@]} -eq 0 ]]; then
    echo "$cli_dir"
    exit 0
  fi
  out_dir="$cache_root/pulumi-cli/with-$(printf %s "$cli" | cksum | cut -d' ' -f1)/bin"
else
  wanted=(pulumi-language-nodejs pulumi ${host_files[@]+"${host_files[@]}"})
  out_dir=$bin_dir
fi

# Links of out_dir when it is not bin_dir: "name target" lines.
links() {
  [[ $out_dir != "$bin_dir" ]] || return 0
  echo "pulumi $cli"
  for file in "${wanted[@]}"; do echo "$file $bin_dir/$file"; done
}

ready() {
  local file name target
  for file in "${wanted[@]}"; do [[ -x "$bin_dir/$file" ]] || return 1; done
  if [[ $out_dir == "$bin_dir" ]]; then
    [[ -f "$plugin_script" ]] || { log "missing $plugin_script: run npm ci first"; exit 1; }
    cmp -s "$plugin_script" "$bin_dir/pulumi-resource-pulumi-nodejs" || return 1
  fi
  while read -r name target; do
    [[ $(readlink "$out_dir/$name" 2>/dev/null) == "$target" ]] || return 1
  done < <(links)
}

if ready; then
  echo "$out_dir"
  exit 0
fi

mkdir -p "$bin_dir"
exec 9>"$cache_dir/.lock"
if command -v flock >/dev/null; then
  if ! flock -n 9; then
    log "waiting for another provisioning run to finish (lock: $cache_dir/.lock)"
    flock 9
  fi
  rm -f "$bin_dir"/.*.tmp.* # left by a run that was killed (no run but this one writes now)
else
  log "flock not found (util-linux): not locking; a concurrent run may build the same files again"
fi

work=$(mktemp -d)
trap 'rm -rf "$work" "$bin_dir"/.*.tmp.$$' EXIT

# build <file> <package> <-X flag for the version> <go mod edit flags...>: compiles <package> in a
# throwaway module holding the requirements, with the flags of the CLI's own release build.
build() {
  local file=$1 pkg=$2 version_flag=$3
  shift 3
  local tmp="$bin_dir/.$file.tmp.$$" start=$SECONDS
  if [[ -n ${PULUMI_CLI_TEST_BUILD:-} ]]; then
    "$PULUMI_CLI_TEST_BUILD" "$tmp" "$pkg"
  else
    log "building $file ($pkg)"
    local dir
    dir=$(mktemp -d "$work/$file.XXXX")
    (
      cd "$dir"
      go mod init pulumi-cli-build >/dev/null 2>&1
      go mod edit "$@"
      CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X $version_flag" -o "$tmp" "$pkg"
    )
  fi
  mv -f "$tmp" "$bin_dir/$file"
  log "$file ready after $((SECONDS - start)) s"
}

# The exec shim is a Python script inside the sdk/v3 module.
copy_python_exec() {
  local file=pulumi-language-python-exec tmp="$bin_dir/.pulumi-language-python-exec.tmp.$$"
  local module=github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION
  if [[ -n ${PULUMI_CLI_TEST_BUILD:-} ]]; then
    "$PULUMI_CLI_TEST_BUILD" "$tmp" "$module/python/cmd/$file"
  else
    local dir
    dir=$(cd "$work" && go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    install -m 755 "$dir/python/cmd/$file" "$tmp"
  fi
  mv -f "$tmp" "$bin_dir/$file"
}

provide() {
  case $1 in
    pulumi)
      build pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$SDK_VERSION_VAR=v$PULUMI_VERSION" \
        -require "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" \
        -require "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" \
        -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
      # (pkg/v3's go.mod replaces clipboard with a fork; as a dependency that replace is ignored, so repeat it.)
      ;;
    pulumi-language-nodejs)
      build "$1" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$SDK_VERSION_VAR=v$PULUMI_VERSION" \
        -require "github.com/pulumi/pulumi/sdk/v3@v$NODEJS_HOST_SDK_VERSION"
      ;;
    pulumi-language-go-v*)
      build "$1" github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go "$SDK_VERSION_VAR=v$GO_HOST_SDK_VERSION" \
        -require "github.com/pulumi/pulumi/sdk/v3@v$GO_HOST_SDK_VERSION"
      ;;
    pulumi-language-go)
      cat >"$bin_dir/.$1.tmp.$$" <<EOF
#!/bin/sh
# Written by provision-pulumi-cli.sh: the Go host, given a prebuilt program if PULUMI_LANGUAGE_GO_BINARY is set.
exec "\$(dirname "\$(readlink -f "\$0")")/pulumi-language-go-v$GO_HOST_SDK_VERSION" \${PULUMI_LANGUAGE_GO_BINARY:+-binary "\$PULUMI_LANGUAGE_GO_BINARY"} "\$@"
EOF
      chmod 755 "$bin_dir/.$1.tmp.$$"
      mv -f "$bin_dir/.$1.tmp.$$" "$bin_dir/$1"
      ;;
    pulumi-language-python)
      build "$1" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python "$SDK_VERSION_VAR=v$PYTHON_HOST_SDK_VERSION" \
        -require "github.com/pulumi/pulumi/sdk/v3@v$PYTHON_HOST_SDK_VERSION"
      ;;
    pulumi-language-python-exec) copy_python_exec ;;
    pulumi-language-yaml)
      build "$1" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
        "github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_HOST_VERSION" \
        -require "github.com/pulumi/pulumi-yaml@v$YAML_HOST_VERSION"
      ;;
  esac
}

start=$SECONDS
missing=()
for file in "${wanted[@]}"; do [[ -x "$bin_dir/$file" ]] || missing+=("$file"); done
if [[ ${#missing[@]} -gt 0 && -z ${PULUMI_CLI_TEST_BUILD:-} ]]; then
  command -v go >/dev/null || { log "Go is needed to build ${missing[*]}: install Go >= 1.25 (or put pulumi on PATH / set PULUMI_CLI)"; exit 1; }
  log "missing in $bin_dir: ${missing[*]}; building with $(go version)"
  [[ " ${missing[*]} " != *" pulumi "* ]] || log "one time per machine; the first CLI build downloads ~300 modules and takes several minutes"
fi
for file in ${missing[@]+"${missing[@]}"}; do provide "$file"; done
if [[ $out_dir == "$bin_dir" ]]; then
  cmp -s "$plugin_script" "$bin_dir/pulumi-resource-pulumi-nodejs" || install -m 755 "$plugin_script" "$bin_dir/"
fi
mkdir -p "$out_dir"
while read -r name target; do
  [[ $(readlink "$out_dir/$name" 2>/dev/null) == "$target" ]] || ln -sfn "$target" "$out_dir/$name"
done < <(links)
[[ ${#missing[@]} -eq 0 ]] || log "done in $((SECONDS - start)) s; cache: $(du -sh "$cache_root" | cut -f1) (plus Go's module and build caches)"
echo "$out_dir"
