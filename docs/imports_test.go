package docs

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the import path every package of ours starts with.
const module = "github.com/accueil/accueil/"

// production are the binaries shipped to the venue. Tools such as
// cmd/hubload and cmd/qrbench are not: they may link test helpers.
var production = []string{"./cmd/kiosk", "./cmd/hub"}

// TestProductionBinariesLinkNoTestCode fails when a shipped binary links
// the testing package or one of our test helpers (sqlitetest, pdftest,
// browsertest...): test code in a product tree grows into the binaries
// unnoticed, with its flags and its init work.
func TestProductionBinariesLinkNoTestCode(t *testing.T) {
	// The packager builds with migrated_fynedo: it must hold there too.
	for _, tags := range []string{"", "migrated_fynedo"} {
		for _, bin := range production {
			t.Run(bin+" tags="+tags, func(t *testing.T) {
				for _, pkg := range goListDeps(t, tags, bin) {
					if isTestCode(pkg) {
						t.Errorf("%s links %s (go list -deps -tags=%q %s)", bin, pkg, tags, bin)
					}
				}
			})
		}
	}
}

// TestImportsPointAtTheDomain keeps arrows from running the wrong way:
// each package listed may link nothing under the prefixes beside it.
func TestImportsPointAtTheDomain(t *testing.T) {
	tests := []struct {
		pkg       string
		forbidden []string
		why       string
	}{
		{"./sync/hubclient", []string{"kiosk/sqlite"}, "it takes its hubclient.Store interface; the kiosk's store is one implementation"},
		{"./kiosk/boot", []string{"sync/"}, "the hub client is wired by kiosk/app and reaches boot as an Enroller"},
		{"./kiosk", []string{""}, "the domain depends on the standard library only"},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			self := module + strings.TrimPrefix(tt.pkg, "./")
			for _, dep := range goListDeps(t, "", tt.pkg) {
				for _, prefix := range tt.forbidden {
					if dep != self && strings.HasPrefix(dep, module+prefix) {
						t.Errorf("%s links %s: %s", tt.pkg, dep, tt.why)
					}
				}
			}
		})
	}
}

// isTestCode reports whether pkg is test code: the standard testing
// packages, or one of ours named for tests (our convention: sqlitetest,
// pdftest, browsertest).
func isTestCode(pkg string) bool {
	if pkg == "testing" || strings.HasPrefix(pkg, "testing/") {
		return true
	}
	rest, ours := strings.CutPrefix(pkg, module)
	if !ours {
		return false
	}
	return slices.ContainsFunc(strings.Split(rest, "/"), func(elem string) bool {
		return strings.HasSuffix(elem, "test")
	})
}

func goListDeps(t *testing.T, tags string, pkgs ...string) []string {
	t.Helper()
	args := append([]string{"list", "-deps", "-tags=" + tags}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.Fields(string(out))
}

func TestIsTestCode(t *testing.T) {
	for _, tc := range []struct {
		pkg  string
		want bool
	}{
		{"testing", true},
		{"testing/fstest", true},
		{module + "kiosk/sqlite/sqlitetest", true},
		{module + "kiosk/pdfdoc/pdftest", true},
		{module + "kiosk/sqlite", false},
		// The standard library's own internals are linked by os.
		{"internal/testlog", false},
		{"github.com/other/latest", false},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			if got := isTestCode(tc.pkg); got != tc.want {
				t.Errorf("isTestCode(%q) = %v, want %v", tc.pkg, got, tc.want)
			}
		})
	}
}
