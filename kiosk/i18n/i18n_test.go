package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/accueil/accueil/assets"
)

const (
	nbsp  = '\u00a0' // no-break space
	nnbsp = '\u202f' // narrow no-break space
)

// required are the keys the kiosk window uses; the lead adds to the files,
// and this list, as screens grow.
var required = strings.Fields(`
welcome welcome_back goodbye already_checked_in scan_your_badge show_badge_hint show_badge_hint_scanner see_desk unknown_badge
invalid_signature revoked wrong_event not_allowed_here not_allowed_category not_allowed_before
not_allowed_after room_full unreadable scan_not_recorded staff_note language_toggle
search_placeholder check_in check_out undo undo_done walk_in walk_in_title first_name last_name
organisation category country language email save cancel reprint_badge last_scans scan_history
badge_state_valid badge_state_revoked checked_in_at not_checked_in inside_capacity unlimited
session_window arrived_registered waiting_counts by_category by_checkpoint kiosks_online queued_scans offline_since
hub_connected hub_offline last_sync clock_warning settings mode mode_self mode_desk mode_session
mode_organiser checkpoint camera camera_off camera_auto camera_dir camera_lost camera_searching camera_failed sounds enrollment enrollment_code enroll pin
enter_pin wrong_pin pin_locked set_pin confirm_pin pins_differ quit fullscreen category_visitor
category_speaker category_press category_delegation category_partner category_staff direction_in
direction_out entry exit required_field field_too_long
printer printer_none printers_unavailable printing badge_sent print_failed reprint reprint_confirm printed_at
no_printer no_badge_to_print`)

func builtin(t *testing.T) *Catalog {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rawFiles reads the shipped files as plain maps, independently of Load.
func rawFiles(t *testing.T) map[Lang]map[string]string {
	t.Helper()
	out := map[Lang]map[string]string{}
	for _, l := range Langs {
		b, err := fs.ReadFile(assets.I18N, "i18n/"+string(l)+".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", l, err)
		}
		out[l] = m
	}
	return out
}

func TestBuiltinHasRequiredKeys(t *testing.T) {
	c := builtin(t)
	for _, k := range required {
		t.Run(k, func(t *testing.T) {
			if !c.Has(k) {
				t.Errorf("key %q missing", k)
			}
			for _, l := range Langs {
				if got := c.T(l, k); got == k {
					t.Errorf("T(%s, %q) returns the key", l, k)
				}
			}
		})
	}
	if n := len(c.Keys()); n < len(required) {
		t.Errorf("%d keys, want at least %d", n, len(required))
	}
}

func TestFilesHaveSameKeys(t *testing.T) {
	files := rawFiles(t)
	var fr, en []string
	for k := range files[FR] {
		fr = append(fr, k)
	}
	for k := range files[EN] {
		en = append(en, k)
	}
	slices.Sort(fr)
	slices.Sort(en)
	if !slices.Equal(fr, en) {
		t.Errorf("key sets differ:\nfr %v\nen %v", fr, en)
	}
	if got := builtin(t).Keys(); !slices.Equal(got, fr) {
		t.Errorf("Keys() = %v, want %v", got, fr)
	}
}

func TestPlaceholdersInBothLanguages(t *testing.T) {
	files := rawFiles(t)
	for k, fr := range files[FR] {
		t.Run(k, func(t *testing.T) {
			en := files[EN][k]
			for _, p := range split(fr).placeholders() {
				if !strings.Contains(en, "{"+p+"}") {
					t.Errorf("{%s} in fr %q, not in en %q", p, fr, en)
				}
			}
		})
	}
}

// frenchTypography lists the breaches of the French rules a reader notices:
// a no-break space before ! ? : ; (never a plain one, which lets the sign
// wrap alone to the next line) and inside « », and the typographic
// apostrophe.
func frenchTypography(s string) []string {
	var bad []string
	r := []rune(s)
	for i, c := range r {
		var prev, next rune
		if i > 0 {
			prev = r[i-1]
		}
		if i+1 < len(r) {
			next = r[i+1]
		}
		noBreak := prev == nbsp || prev == nnbsp
		switch c {
		case '!', '?', ';', ':':
			if c == ':' && isDigit(prev) && isDigit(next) {
				continue // a time such as 10:30
			}
			if !noBreak {
				bad = append(bad, fmt.Sprintf("%q at %d not after a no-break space", c, i))
			}
		case '»':
			if !noBreak {
				bad = append(bad, fmt.Sprintf("» at %d not after a no-break space", i))
			}
		case '«':
			if next != nbsp && next != nnbsp {
				bad = append(bad, fmt.Sprintf("« at %d not before a no-break space", i))
			}
		case '\'':
			bad = append(bad, fmt.Sprintf("straight apostrophe at %d, want ’", i))
		}
	}
	if strings.Contains(s, "  ") || s != strings.TrimSpace(s) {
		bad = append(bad, "stray spaces")
	}
	return bad
}

func TestFrenchTypography(t *testing.T) {
	for k, s := range rawFiles(t)[FR] {
		t.Run(k, func(t *testing.T) {
			for _, b := range frenchTypography(s) {
				t.Errorf("%q: %s", s, b)
			}
		})
	}
}

// TestFrenchTypographyCatches shows that the check above finds what it
// looks for.
func TestFrenchTypographyCatches(t *testing.T) {
	tests := []struct {
		in  string
		bad int
	}{
		{"Bienvenue, {name}\u00a0!", 0},
		{"Bienvenue, {name}\u202f!", 0},
		{"Ouverture à 10:30", 0},
		{"Dites «\u00a0bonjour\u00a0»", 0},
		{"Bienvenue, {name} !", 1},
		{"Bienvenue, {name}!", 1},
		{"Vraiment ? Oui ; non : peut-être !", 4},
		{"Dites « bonjour »", 2},
		{"Merci de vous adresser à l'accueil", 1},
		{" Accueil", 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := frenchTypography(tt.in); len(got) != tt.bad {
				t.Errorf("found %q, want %d", got, tt.bad)
			}
		})
	}
}

// TestEnglishTypography checks that English, unlike French, has no space
// before ! ? : ;.
func TestEnglishTypography(t *testing.T) {
	for k, s := range rawFiles(t)[EN] {
		t.Run(k, func(t *testing.T) {
			r := []rune(s)
			for i := 1; i < len(r); i++ {
				if strings.ContainsRune("!?:;", r[i]) && (r[i-1] == ' ' || r[i-1] == nbsp || r[i-1] == nnbsp) {
					t.Errorf("%q: space before %q", s, r[i])
				}
			}
		})
	}
}

// TestShort keeps every text readable at a glance: the longest today is
// about sixty characters.
func TestShort(t *testing.T) {
	for l, m := range rawFiles(t) {
		for k, s := range m {
			if n := utf8.RuneCountInString(s); n > 70 {
				t.Errorf("%s %s: %d characters: %q", l, k, n, s)
			}
		}
	}
}

func TestT(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		name string
		lang Lang
		key  string
		args []any
		want string
	}{
		{"welcome fr", FR, "welcome", []any{"name", "Awa"}, "Bienvenue, Awa\u00a0!"},
		{"welcome en", EN, "welcome", []any{"name", "Awa"}, "Welcome, Awa!"},
		{"goodbye fr", FR, "goodbye", []any{"name", "Médéric"}, "Au revoir, Médéric\u00a0!"},
		{"two placeholders", FR, "already_checked_in", []any{"time", "08:30", "kiosk", "Entrée Seine"},
			"Entrée déjà enregistrée à 08:30 (Entrée Seine)"},
		{"arguments in any order", EN, "already_checked_in", []any{"kiosk", "Hall A", "time", "08:30"},
			"Already checked in at 08:30 (Hall A)"},
		{"numbers", FR, "arrived_registered", []any{"arrived", 1204, "registered", 1500}, "1204 arrivés sur 1500 inscrits"},
		{"no placeholder", EN, "room_full", nil, "Room full"},
		{"toggle names the other language", FR, "language_toggle", nil, "English"},
		{"toggle names the other language, en", EN, "language_toggle", nil, "Français"},
		// A forgotten argument shows on screen rather than vanishing, so
		// that it is seen and fixed.
		{"missing argument stays visible", FR, "welcome", nil, "Bienvenue, {name}\u00a0!"},
		{"misspelt argument stays visible", EN, "welcome", []any{"nom", "Awa"}, "Welcome, {name}!"},
		{"odd argument has no value", EN, "welcome", []any{"name"}, "Welcome, {name}!"},
		{"one of two missing", EN, "session_window", []any{"start", "14:00"}, "14:00–{end}"},
		{"extra arguments ignored", EN, "welcome", []any{"name", "Awa", "x", 1}, "Welcome, Awa!"},
		{"unknown key returns the key", FR, "no_such_key", []any{"name", "Awa"}, "no_such_key"},
		{"unknown language is French", Lang("de"), "room_full", nil, "Salle complète"},
		{"empty language is French", "", "room_full", nil, "Salle complète"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
				t.Errorf("T = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		key  string
		want []string
	}{
		{"welcome", []string{"name"}},
		{"already_checked_in", []string{"kiosk", "time"}},
		{"room_full", nil},
		{"no_such_key", nil},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := c.Placeholders(tt.key); !slices.Equal(got, tt.want) {
				t.Errorf("Placeholders = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"plain", []string{"plain"}},
		{"{a}", []string{"", "a", ""}},
		{"x {a} y {b_2} z", []string{"x ", "a", " y ", "b_2", " z"}},
		{"{a}{a}", []string{"", "a", "", "a", ""}},
		{"{ not } {Name} {} {", []string{"{ not } {Name} {} {"}},
		{"{{a}}", []string{"{", "a", "}"}},
		{"é {a} ’", []string{"é ", "a", " ’"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := split(tt.in).parts; !slices.Equal(got, tt.want) {
				t.Errorf("split = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoadRefuses(t *testing.T) {
	good := `{"welcome": "Bienvenue, {name}\u00a0!"}`
	goodEN := `{"welcome": "Welcome, {name}!"}`
	tests := []struct {
		name, fr, en string
		want         string // in the error
	}{
		{"key only in fr", `{"welcome": "Bienvenue", "room_full": "Salle complète"}`, `{"welcome": "Welcome"}`, `key "room_full" is in fr.json, not in en.json`},
		{"key only in en", `{"welcome": "Bienvenue"}`, `{"welcome": "Welcome", "room_full": "Room full"}`, `key "room_full" is in en.json, not in fr.json`},
		{"placeholder differs", good, `{"welcome": "Welcome, {nom}!"}`, `placeholders {name} in fr.json, {nom} in en.json`},
		{"placeholder missing in one", good, `{"welcome": "Welcome!"}`, `placeholders {name} in fr.json, {} in en.json`},
		{"duplicate key", `{"welcome": "a", "welcome": "b"}`, goodEN, `key "welcome" appears twice`},
		{"not an object", `["welcome"]`, goodEN, "want a JSON object"},
		{"nested object", `{"welcome": {"other": "Bienvenue"}}`, goodEN, "want a string"},
		{"number", `{"welcome": 1}`, goodEN, "want a string"},
		{"key not snake case", `{"Welcome": "Bienvenue"}`, goodEN, "not lower_snake_case"},
		{"key with dash", `{"wel-come": "Bienvenue"}`, goodEN, "not lower_snake_case"},
		{"empty text", `{"welcome": " "}`, goodEN, "empty text"},
		{"invalid UTF-8", "{\"welcome\": \"Bienvenue \xe9\"}", goodEN, "UTF-8"},
		{"truncated", `{"welcome": "Bienvenue"`, goodEN, "unterminated"},
		{"trailing data", good + `{}`, goodEN, "data after"},
		{"not JSON", `welcome = Bienvenue`, goodEN, "want a JSON object"},
		{"missing file", "", goodEN, "read fr.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"en.json": {Data: []byte(tt.en)}}
			if tt.fr != "" {
				fsys["fr.json"] = &fstest.MapFile{Data: []byte(tt.fr)}
			}
			c, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load = %v, %v; want an error with %q", c, err, tt.want)
			}
		})
	}
}

func TestLoadMissingFileIsNotExist(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(empty) = %v, want fs.ErrNotExist", err)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
	}{
		{"fr", FR}, {"en", EN}, {"EN", EN}, {" en ", EN}, {"en-GB", EN}, {"en_US", EN},
		{"fr-CA", FR}, {"", FR}, {"es", FR}, {"english", FR},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Match(tt.in); got != tt.want {
				t.Errorf("Match(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
