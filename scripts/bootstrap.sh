# Sourced by scripts/cg and scripts/test: create .venv and install the project into it.
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
EXTRAS="${CG_EXTRAS:-test}"
STAMP="$VENV/.installed-$EXTRAS"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
    echo "setting up $VENV (first run only; log: $VENV/install.log)" >&2
    if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip &&
           "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$ROOT[$EXTRAS]"; } \
           >"$VENV/install.log" 2>&1; then
        tail -n 30 "$VENV/install.log" >&2
        echo "installation failed; see $VENV/install.log" >&2
        exit 1
    fi
    touch "$STAMP"
fi
# The TypeScript checker of checks/tscheck.py (JS/TS hallucinated APIs): typescript pinned, installed
# beside the venv (never into the reviewed repository), plus a V8 start-up snapshot of the loaded
# compiler and its parsed lib files that makes each review's node process cheap. Without node/npm
# the check is a stated skip in every report and the member-list rules cover JS/TS alone.
TS_VERSION=5.9.3   # = checks/tscheck.py TYPESCRIPT_VERSION
NODE_HOME="$VENV/node"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    want="typescript@$TS_VERSION node $(node --version) driver $(cksum <"$ROOT/checks/tsdriver.js")"
    if [ "$(cat "$NODE_HOME/.installed" 2>/dev/null)" != "$want" ] || [ ! -f "$NODE_HOME/tsdriver.sha256" ]; then
        echo "setting up the TypeScript checker in $NODE_HOME (log: $VENV/install.log)" >&2
        rm -f "$NODE_HOME/tsdriver.blob"
        if { mkdir -p "$NODE_HOME" &&
             npm install --prefix "$NODE_HOME" --no-save --no-audit --no-fund --loglevel=error "typescript@$TS_VERSION" &&
             node --no-warnings --snapshot-blob "$NODE_HOME/tsdriver.blob.tmp" --build-snapshot \
                  "$ROOT/checks/tsdriver.js" "$NODE_HOME/node_modules/typescript" &&
             mv "$NODE_HOME/tsdriver.blob.tmp" "$NODE_HOME/tsdriver.blob" &&
             sha256sum <"$ROOT/checks/tsdriver.js" | cut -d' ' -f1 >"$NODE_HOME/tsdriver.sha256"; } >>"$VENV/install.log" 2>&1; then
            echo "$want" >"$NODE_HOME/.installed"
        else
            tail -n 5 "$VENV/install.log" >&2
            echo "TypeScript checker not set up (see $VENV/install.log): JS/TS APIs are checked by member lists only" >&2
        fi
    fi
elif [ ! -f "$VENV/.no-node-noted" ]; then
    echo "node/npm not found: JS/TS APIs are checked by member lists only (install node 18+ for the TypeScript checker)" >&2
    touch "$VENV/.no-node-noted"
fi
