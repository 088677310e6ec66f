#!/usr/bin/env bash
# System packages the test run needs: Chromium (e2e), OpenSSH server and client (SSH tests),
# PostgreSQL (hub tests), poppler-utils (PDF pages to PNG), an X server with a VNC server and pointer tools
# (remote desktop tests: Xvfb, x11vnc, TigerVNC's x0vncserver, xdotool, xsetroot, xev, xclip), a Secret Service with its command-line client (the vault's
# key in the OS keyring: dbus-daemon, gnome-keyring, secret-tool), and the GLPI agent the inventory is compared
# with and benched against (glpi-agent where installed; else FusionInventory Agent, its predecessor, the one
# Debian 12 packages). Installs what is missing when run as root, otherwise fails at once with the exact
# command to run.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v x11vnc >/dev/null 2>&1 || need+=(x11vnc)
# TigerVNC's scraping server, "Start sharing"'s second choice, and its vncpasswd (the one-time password file).
command -v X0tigervnc >/dev/null 2>&1 || need+=(tigervnc-scraping-server)
command -v tigervncpasswd >/dev/null 2>&1 || need+=(tigervnc-tools)
command -v glpi-inventory >/dev/null 2>&1 || command -v fusioninventory-inventory >/dev/null 2>&1 || need+=(fusioninventory-agent)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v xwd >/dev/null 2>&1 || need+=(x11-apps)
# xsetroot (paint the root window a known colour) is in x11-xserver-utils, not x11-apps.
command -v xsetroot >/dev/null 2>&1 || need+=(x11-xserver-utils)
# xev (keys as the X display receives them) and xprop (its cut buffer) are in x11-utils; xclip reads and sets the display's clipboard.
command -v xev >/dev/null 2>&1 && command -v xprop >/dev/null 2>&1 || need+=(x11-utils)
command -v xclip >/dev/null 2>&1 || need+=(xclip)
command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus-daemon)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
command -v secret-tool >/dev/null 2>&1 || need+=(libsecret-tools)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages missing: ${need[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi

echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The Debian postgresql package starts a cluster of its own; tests start private ones.
if printf '%s\n' "${need[@]}" | grep -qx postgresql; then
  service postgresql stop >/dev/null 2>&1 || true
fi
echo "system packages: installed"
