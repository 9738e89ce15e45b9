#!/usr/bin/env bash
# Runs a command inside a throw-away, unlocked Secret Service (its own D-Bus session and gnome-keyring),
# the way .ci/run runs the tests. For headless Linux, SSH sessions, WSL and CI; needs dbus, gnome-keyring
# and libsecret-tools (see .ci/run for the Debian package names).
#   bash scripts/with-secret-service.sh npx vitest run test/cli/login.test.ts
set -euo pipefail
for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  command -v "$tool" >/dev/null || { echo "No $tool on this machine: install dbus, gnome-keyring and libsecret-tools (Debian names) first." >&2; exit 1; }
done
KEYRING_TMP="$(mktemp -d)"; trap 'rm -rf "$KEYRING_TMP"' EXIT; export KEYRING_TMP
exec_status=0
dbus-run-session -- bash -euo pipefail -c '
  export XDG_DATA_HOME="$KEYRING_TMP/data" XDG_RUNTIME_DIR="$KEYRING_TMP/run"
  mkdir -p "$XDG_DATA_HOME" && install -d -m 700 "$XDG_RUNTIME_DIR"
  printf %s ci-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # The daemon answers before it owns the bus name; a lookup before that starts a second, locked daemon.
  for _ in $(seq 1 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.05
  done
  # --unlock exits 0 even when it failed: a store/lookup round trip is the proof.
  printf ok | secret-tool store --label=probe ci-probe 1
  test "$(secret-tool lookup ci-probe 1)" = ok || { echo "The throw-away Secret Service did not work." >&2; exit 1; }
  secret-tool clear ci-probe 1
  "$@"' bash "$@" || exec_status=$?
exit $exec_status
