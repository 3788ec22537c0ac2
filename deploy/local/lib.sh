# Shared by deploy/local/start, test and bench.

# Installs dependencies when node_modules is missing or older than the lock file. `npm install` rather than
# `npm ci`: the registries reachable here lack some other platforms' optional native builds (e.g. the
# darwin builds of @swc/core), which `npm ci` counts as a lock file out of sync; `npm install` keeps to the
# lock file and skips optional builds it cannot fetch.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing dependencies…"
    npm install --no-audit --no-fund --no-save
  fi
}

# Brings the local stack up; on exit, stops it again if this run was the one that started it.
stack_up_for_this_run() {
  started_stack=0
  if ! deploy/local/stack status >/dev/null 2>&1; then started_stack=1; fi
  trap 'if [ "$started_stack" = 1 ]; then deploy/local/stack down >/dev/null 2>&1 || true; fi' EXIT
  deploy/local/stack up
}

# Fetches the pain.001.001.03 XSD into the cache when it is missing (not committed: see deploy/local/sepa-schema)
# and exports its path for the SEPA file tests and the services.
ensure_sepa_schema() {
  PAIN001_XSD="$(deploy/local/sepa-schema)"
  export PAIN001_XSD
}

# Installs Debian's Chromium for the browser tests when it is missing (deploy/local/chromium) and exports its
# path for playwright-core.
ensure_chromium() {
  CHROMIUM_PATH="$(deploy/local/chromium)"
  export CHROMIUM_PATH
}
