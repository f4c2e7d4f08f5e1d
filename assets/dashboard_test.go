package assets

import (
	"encoding/json"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dashboardStrings reads the catalogues of dashboard/i18n.js, a JSON object
// after "const STRINGS =".
func dashboardStrings(t *testing.T) map[string]map[string]string {
	t.Helper()
	b, err := fs.ReadFile(Dashboard(), "i18n.js")
	if err != nil {
		t.Fatal(err)
	}
	_, obj, ok := strings.Cut(string(b), "const STRINGS =")
	if !ok {
		t.Fatal("i18n.js has no const STRINGS")
	}
	obj = strings.TrimSuffix(strings.TrimSpace(obj), ";")
	var cat map[string]map[string]string
	if err := json.Unmarshal([]byte(obj), &cat); err != nil {
		t.Fatalf("i18n.js is not a JSON object after const STRINGS: %v", err)
	}
	return cat
}

func TestDashboardStrings(t *testing.T) {
	cat := dashboardStrings(t)
	fr, en := cat["fr"], cat["en"]
	if len(cat) != 2 || len(fr) == 0 || len(en) == 0 {
		t.Fatalf("want fr and en catalogues, got %v", slices.Sorted(maps.Keys(cat)))
	}
	t.Run("both complete", func(t *testing.T) {
		for k, v := range fr {
			if en[k] == "" || v == "" {
				t.Errorf("%q: fr %q, en %q", k, v, en[k])
			}
		}
		for k := range en {
			if _, ok := fr[k]; !ok {
				t.Errorf("%q has no French", k)
			}
		}
	})
	t.Run("French typography", func(t *testing.T) {
		// A plain or no space before : ; ! ? », or after «, breaks a line
		// in the wrong place; U+00A0 does not.
		bad := regexp.MustCompile(`[^\x{00a0}][:;!?»]|«[^\x{00a0}]`)
		for k, v := range fr {
			if m := bad.FindString(v); m != "" {
				t.Errorf("%s = %q: %q needs a non-breaking space", k, v, m)
			}
		}
	})
	t.Run("every key used in the pages exists", func(t *testing.T) {
		used := regexp.MustCompile(`data-i18n="([a-z_]+)"`)
		for _, page := range []string{"index.html", "projector.html", "login.html"} {
			b, err := fs.ReadFile(Dashboard(), page)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range used.FindAllStringSubmatch(string(b), -1) {
				if _, ok := fr[m[1]]; !ok {
					t.Errorf("%s uses %q, which i18n.js lacks", page, m[1])
				}
			}
		}
	})
}

// Nothing the browser loads comes from another site.
func TestDashboardIsSelfContained(t *testing.T) {
	err := fs.WalkDir(Dashboard(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Dashboard(), name)
		if err != nil {
			return err
		}
		// The SVG namespace is a name, not an address the browser loads.
		text := strings.ReplaceAll(string(b), `"http://www.w3.org/2000/svg"`, "")
		for _, bad := range []string{"http://", "https://", "//cdn", "@import", "url("} {
			if strings.Contains(text, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
