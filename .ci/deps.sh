#!/usr/bin/env bash
# Installs what building, running or testing Accueil needs, when it is
# missing: Debian packages with apt-get as root, through sudo otherwise, or,
# when neither is possible, prints the exact command and fails.
#
#   .ci/deps.sh build   what `make build` and `make demo` need
#   .ci/deps.sh test    that, plus what the tests and benchmarks use
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}

# gcc: cgo for SQLite, sound and the race detector.
packages=(gcc libc6-dev pkg-config)
# The kiosk window (Fyne on OpenGL and X11) and its sounds (ALSA).
packages+=(libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libasound2-dev)
# The webcam's MJPEG frames, decoded by libjpeg-turbo (kiosk/qr/jpegframe).
packages+=(libjpeg-dev)
if [ "$what" = test ]; then
  # Tools the tests use to check what they produce: a real window under Xvfb
  # typed into by xdotool, and zbar-tools to cross-check our QR codes.
  packages+=(xvfb xdotool zbar-tools)
  # The organisers' side: the dashboard in a real headless Chromium, PDFs read
  # back (poppler-utils), badges printed on a real CUPS queue that writes PDFs,
  # and the other QR decoder the camera benchmark compares against.
  packages+=(chromium poppler-utils cups printer-driver-cups-pdf zxing-cpp-tools)
  # The camera benchmark's in-process peers (cmd/qrbench/peer, built with
  # g++ by make bench): zxing-cpp and zbar, loading with libjpeg-turbo too.
  packages+=(g++ libzxing-dev libzbar-dev)
  # espeak-ng: the spoken verdicts (-speak) are tested with the real voice.
  packages+=(espeak-ng)
  # curl fetches axe-core (below).
  packages+=(curl ca-certificates)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

install_missing() {
  [ ${#missing[@]} -eq 0 ] && return 0
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
}
install_missing

# axe-core, the accessibility rules the dashboard's browser test applies,
# from the npm registry, pinned by its checksum (no npm needed).
if [ "$what" = test ]; then
  axe_version=4.11.1
  axe_sha256=5b86f813d96904f2d925fed5715877c75fc1cc140f89565fb42145e7801b2305
  axe_dir=build/axe-core
  if [ ! -s "$axe_dir/axe.min.js" ] || [ "$(cat "$axe_dir/VERSION" 2>/dev/null)" != "$axe_version" ]; then
    echo "Fetching axe-core $axe_version from the npm registry"
    tmp=$(mktemp)
    curl -fsSL --retry 3 -o "$tmp" "https://registry.npmjs.org/axe-core/-/axe-core-$axe_version.tgz"
    echo "$axe_sha256  $tmp" | sha256sum -c --quiet -
    mkdir -p "$axe_dir"
    tar -xzf "$tmp" -C "$axe_dir" --strip-components=1 package/axe.min.js package/LICENSE
    echo "$axe_version" > "$axe_dir/VERSION"
    rm -f "$tmp"
  fi
fi
