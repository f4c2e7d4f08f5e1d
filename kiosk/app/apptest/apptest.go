// Package apptest holds what the kiosk's tests share, in-process
// (kiosk/app) and as processes (cmd/kiosk): badges of the demo event, and
// the headless kiosk's output read back. Tests only.
package apptest

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
)

// DemoToken signs a badge of the demo event, as `hub qr` does.
func DemoToken(t testing.TB, id string) string {
	t.Helper()
	ev, err := assets.DemoEvent()
	if err != nil {
		t.Fatal(err)
	}
	key, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := key.Sign(kiosk.Token{Event: ev.ID, AttendeeID: id, Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// ParseLines reads the headless kiosk's output, one JSON verdict a line.
func ParseLines(t testing.TB, s string) []headless.Line {
	t.Helper()
	var lines []headless.Line
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var l headless.Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("output line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}
