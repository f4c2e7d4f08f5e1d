package hubcmd

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/sync/hubstore"
)

func TestPinSet(t *testing.T) {
	dir := newHub(t)
	runIn := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := (&Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}).Run(context.Background(), args)
		return code, out.String(), errOut.String()
	}
	if code, stdout, stderr := runIn("2468\n", "pin", "set", "-data", dir); code != 0 || !strings.Contains(stdout, "staff PIN set") {
		t.Fatalf("pin set: %d %s %s", code, stdout, stderr)
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	hash, version, err := st.StaffPIN(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := pin.Verify(hash, "2468"); err != nil || !ok || version != 1 {
		t.Errorf("stored PIN: %v %v, version %d", ok, err, version)
	}
	if strings.Contains(hash, "2468") {
		t.Error("the PIN is stored in clear")
	}
	for _, tt := range []struct {
		name, stdin string
		args        []string
		code        int
		want        string
	}{
		{"letters", "abcd\n", []string{"pin", "set", "-data", dir}, 2, "4 to 8 digits"},
		{"too short", "12\n", []string{"pin", "set", "-data", dir}, 2, "4 to 8 digits"},
		{"nothing", "", []string{"pin", "set", "-data", dir}, 2, "no PIN on standard input"},
		{"no -data", "2468\n", []string{"pin", "set"}, 2, "-data DIR is required"},
		{"no hub", "2468\n", []string{"pin", "set", "-data", t.TempDir()}, 1, "no event in"},
		{"PIN as an argument", "", []string{"pin", "set", "-data", dir, "2468"}, 2, "unexpected argument"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runIn(tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(lastLine(stderr), tt.want) {
				t.Errorf("exit %d %q, want %d and %q", code, lastLine(stderr), tt.code, tt.want)
			}
		})
	}
}
