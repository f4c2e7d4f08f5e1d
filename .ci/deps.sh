#!/usr/bin/env bash
# Installs the Debian packages that building and testing Accueil need, when
# they are missing: with apt-get as root, through sudo otherwise, or, when
# neither is possible, prints the exact command and fails.
set -euo pipefail

# gcc: cgo for SQLite, sound and the race detector.
packages=(gcc libc6-dev pkg-config)
# The kiosk window (Fyne on OpenGL and X11) and its sounds (ALSA).
packages+=(libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libasound2-dev)
# Tools the tests use to check what they produce: a real window under Xvfb
# typed into by xdotool, and zbar-tools to cross-check our QR codes.
packages+=(xvfb xdotool zbar-tools)
# The organisers' side: the dashboard in a real headless Chromium, PDFs read
# back (poppler-utils), badges printed on a real CUPS queue that writes PDFs,
# and the other QR decoder the camera benchmark compares against.
packages+=(chromium poppler-utils cups printer-driver-cups-pdf zxing-cpp-tools)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing Debian packages with sudo: ${missing[*]}"
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root with:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
