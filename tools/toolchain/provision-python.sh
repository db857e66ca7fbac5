#!/usr/bin/env bash
# Provides a Python virtualenv holding the `pulumi` package from PyPI, for Pulumi Python programs run
# with the host from `tools/toolchain/provision-pulumi-cli.sh python`. Cached outside the repo in
# <cache>/python/pulumi-<version>/venv; prints that path as its last stdout line. A program uses it with
#
#   runtime: { name: python, options: { virtualenv: <path> } }      # in its Pulumi.yaml
#
# Treat the venv as read-only: install a program's other packages (e.g. a generated SDK) elsewhere
# (its own venv, or `pip install --target dir` + PYTHONPATH), since every run shares this one.
#
#   PYTHON=python3         the interpreter the venv is made from (Python >= 3.9)
#   PULUMI_CLI_CACHE=dir   cache root, as for provision-pulumi-cli.sh
# Runs at once wait for each other (flock); an interrupted run leaves no venv that looks ready.
set -euo pipefail

# Must match the @pulumi/pulumi pinned in package.json and the CLI from provision-pulumi-cli.sh.
PULUMI_VERSION=3.248.0

log() { echo "[provision-python] $*" >&2; }

cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-dbs}"
dir="$cache_root/python/pulumi-$PULUMI_VERSION"
venv="$dir/venv"
# Written last: a venv without it is half made. `bin/python` links to the interpreter it was made from.
ready() { [[ -f "$dir/ready" && -x "$venv/bin/python" ]]; }

if ready; then
  echo "$venv"
  exit 0
fi

mkdir -p "$dir"
exec 9>"$dir/.lock"
if command -v flock >/dev/null; then
  if ! flock -n 9; then
    log "waiting for another run to finish (lock: $dir/.lock)"
    flock 9
  fi
fi
if ready; then
  echo "$venv"
  exit 0
fi

python=${PYTHON:-python3}
command -v "$python" >/dev/null || { log "$python not found: install Python >= 3.9 (or set PYTHON)"; exit 1; }
start=$SECONDS
log "creating $venv with $("$python" --version 2>&1) and pulumi==$PULUMI_VERSION from PyPI"
rm -rf "$venv" "$dir/ready"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "pulumi==$PULUMI_VERSION"
"$venv/bin/python" -c 'import pulumi' # fails here, not in a user's first program
"$venv/bin/python" --version >"$dir/ready"
log "done in $((SECONDS - start)) s; $(du -sh "$venv" | cut -f1)"
echo "$venv"
