#!/usr/bin/env bash
# The demo event, as `make demo` runs it: a hub on the embedded Forum data
# and an entrance kiosk enrolled with it: the kiosk window when there is a
# display, else a headless kiosk that takes badge payloads one per line.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${DEMO_DATA:-.demo}
addr=${DEMO_ADDR:-127.0.0.1:8787}
badges="A0031 A0229 A0035 A0062 A0056 A0001 A0032 A0230 A0047 A0082 A0058 A0002"

mkdir -p "$data"
ids=(); for id in $badges; do ids+=(-id "$id"); done
bin/hub qr -out "$data/badges" "${ids[@]}" >/dev/null

bin/hub demo -data "$data/hub" -addr "$addr" >"$data/hub.codes" 2>"$data/hub.log" &
hub=$!
trap 'kill $hub 2>/dev/null; wait $hub 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if grep -q '^dashboard token:' "$data/hub.codes" 2>/dev/null && (exec 3<>"/dev/tcp/${addr%:*}/${addr##*:}") 2>/dev/null; then
    break
  fi
  if ! kill -0 $hub 2>/dev/null; then
    echo "The demo hub did not start:" >&2
    cat "$data/hub.log" >&2
    exit 1
  fi
  sleep 0.1
done
code=$(sed -n 's/^demo-entrance code: //p' "$data/hub.codes")
token=$(sed -n 's/^dashboard token: //p' "$data/hub.codes")
pin=$(sed -n 's/^staff PIN: //p' "$data/hub.codes")
pin=${pin:-"chosen with bin/hub pin set"}

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${DEMO_HEADLESS:-}" ]; then
  cat <<EOT

Accueil demo: the Forum de l'Action Internationale des Collectivités, Palais des Congrès de Paris.
A hub runs on http://$addr with the demo event (1,500 attendees, 28 checkpoints, moved to today).
The entrance kiosk opens in a window, enrolled with the hub, and takes scans at once. The hub's staff PIN
$pin (set with bin/hub pin set) guards closing the window and the settings (gear, bottom right).
Scan a badge from $data/badges/ with a USB scanner, or type a payload from $data/badges/payloads.txt
into the window and press Enter. More kiosks: bin/hub kiosk add -data $data/hub NAME.
Live dashboard: open http://$addr/ in a browser and log in with the organisers' token $token
(the projector view, numbers only: bin/hub projector -data $data/hub on).

EOT
  bin/kiosk -data "$data/kiosk" -name demo-entrance -enroll "$code"
  exit 0
fi

cat <<EOT

Accueil demo: the Forum de l'Action Internationale des Collectivités, Palais des Congrès de Paris.
A hub runs on http://$addr with the demo event (1,500 attendees, 28 checkpoints, moved to today),
and, with no display here, this terminal is the entrance kiosk, headless, enrolled with it: paste a
badge payload and press Enter, or scan a PNG from $data/badges/ with a USB scanner. Each line answers
with one JSON verdict once the scan is on disk.

Live dashboard: open http://$addr/ in a browser and log in with the organisers' token
  $token
(on another machine, forward the port first: ssh -L ${addr##*:}:$addr THIS-MACHINE). Or from a terminal:
  curl -H 'Authorization: Bearer $token' http://$addr/api/v1/counts
More kiosks: bin/hub kiosk add -data $data/hub NAME, then bin/kiosk -headless -data DIR -enroll CODE.
Try a badge twice (already_checked_in), 'WZ-0000' (unknown_badge), or garbage. Ctrl-D ends.

EOT
awk -F'\t' 'NR>1 && NR<6 {printf "%s (%s):\n%s\n", $2, $3, $5}' "$data/badges/index.tsv"
echo
bin/kiosk -headless -data "$data/kiosk" -name demo-entrance -enroll "$code" -drain 5s
