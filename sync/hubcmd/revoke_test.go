package hubcmd

import (
	"context"
	"strings"
	"testing"

	"github.com/accueil/accueil/sync/hubstore"
)

// A lost badge: the organisers revoke it, and the next badge printed for
// the attendee carries the next number, which kiosks accept.
func TestBadgeRevoke(t *testing.T) {
	dir := badgeHub(t)
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"lost badge", []string{"A1"}, 0, "badge 1 of A1 (Hélène Çağlar) revoked", ""},
		{"lost again", []string{"A1", "-reason", "lost twice"}, 0, "badge 2 of A1", ""},
		{"every badge", []string{"A2", "-all", "-reason", "must not enter"}, 0, "every badge of A2", ""},
		{"nothing left to revoke", []string{"A2"}, 1, "", "every badge of A2 is already revoked"},
		{"unknown attendee", []string{"Z9"}, 1, "", "no attendee with id Z9"},
		{"no id", nil, 2, "", "ID is required"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			code, stdout, stderr := run(append([]string{"badge", "revoke", "-data", dir}, s.args...)...)
			if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
		})
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	issues, err := st.BadgeIssues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := issues.Next("A1"); !ok || n != 3 {
		t.Errorf("A1's next badge is %d (%v), want 3", n, ok)
	}
	if _, ok := issues.Next("A2"); ok {
		t.Error("A2 may still get a badge")
	}
	if n, ok := issues.Next("A3"); !ok || n != 1 {
		t.Errorf("A3's next badge is %d (%v), want 1", n, ok)
	}
}
