package main

import (
	"context"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

func TestKeyRotate(t *testing.T) {
	dir := newHub(t)
	st, _ := hubstore.Open(dir)
	before, _ := st.Event(context.Background())
	st.Close()
	code, stdout, stderr := run("key", "rotate", "-data", dir)
	if code != 0 || !strings.Contains(stdout, "new badge key") {
		t.Fatalf("key rotate: %d %s %s", code, stdout, stderr)
	}
	st, _ = hubstore.Open(dir)
	after, _ := st.Event(context.Background())
	st.Close()
	if len(after.PublicKeys) != 2 || after.PublicKeys[1].String() != before.PublicKeys[0].String() {
		t.Fatalf("keys after the rotation: %v", after.PublicKeys)
	}
	// Badges of both keys are read; new ones are signed with the new key.
	tok, _ := after.PrivateKey.Sign(kiosk.Token{Event: after.ID, AttendeeID: "A1", Issue: 1})
	old, _ := before.PrivateKey.Sign(kiosk.Token{Event: after.ID, AttendeeID: "A1", Issue: 1})
	r := kiosk.NewBadgeReader(after.ID, after.PublicKeys...)
	for _, b := range []string{tok, old} {
		if _, v := r.Read(b); v != "" {
			t.Errorf("badge refused after the rotation: %s", v)
		}
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"key", "rotate"}, 2, "-data DIR is required"},
		{[]string{"key", "rotate", "-data", t.TempDir()}, 1, "no event in"},
		{[]string{"key", "spin", "-data", dir}, 2, "unknown subcommand"},
	} {
		code, _, stderr := run(tt.args...)
		if code != tt.code || !strings.Contains(lastLine(stderr), tt.want) {
			t.Errorf("%v: exit %d %q, want %d and %q", tt.args, code, lastLine(stderr), tt.code, tt.want)
		}
	}
}
