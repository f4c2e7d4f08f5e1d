package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

// A roster downloaded in pages into an empty kiosk leaves its search
// index aside until IndexSearch; whatever happens in between, the index
// it ends with is the one a single import of the same attendees builds.
func TestDownloadedRosterSearchIndex(t *testing.T) {
	roster := sqlitetest.Attendees(3000)
	renamed := slices.Clone(roster)
	renamed[10].LastName, renamed[10].Organisation = "Zanzibar", "Mairie de Quimper"
	pages := func(list []kiosk.Attendee) [][]kiosk.Attendee { return slices.Collect(slices.Chunk(list, 700)) }
	tests := []struct {
		name string
		// apply brings the store to its final roster, then leaves it.
		apply func(t *testing.T, dir string, st *sqlite.Store) *sqlite.Store
		want  []kiosk.Attendee
		// indexedBySearch: a name search builds the index itself.
		indexedBySearch bool
	}{
		{name: "pages then index", want: roster, apply: func(t *testing.T, _ string, st *sqlite.Store) *sqlite.Store {
			applyPages(t, st, pages(roster))
			return st
		}},
		{name: "kiosk restarted mid-download", want: roster, apply: func(t *testing.T, dir string, st *sqlite.Store) *sqlite.Store {
			p := pages(roster)
			applyPages(t, st, p[:2])
			st.Close()
			st = openStore(t, dir)
			applyPages(t, st, p[2:])
			return st
		}},
		{name: "attendee renamed by a later page", want: renamed, apply: func(t *testing.T, _ string, st *sqlite.Store) *sqlite.Store {
			applyPages(t, st, append(pages(roster), renamed[10:11]))
			return st
		}},
		{name: "local import between the pages and the index", want: renamed, apply: func(t *testing.T, _ string, st *sqlite.Store) *sqlite.Store {
			applyPages(t, st, pages(roster))
			if _, err := st.ImportAttendees(ctx, renamed[10:11], nil); err != nil {
				t.Fatal(err)
			}
			return st
		}},
		{name: "walk-in during the download", want: append(slices.Clone(roster), walkIn), apply: func(t *testing.T, _ string, st *sqlite.Store) *sqlite.Store {
			p := pages(roster)
			applyPages(t, st, p[:1])
			if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{walkIn}, nil); err != nil {
				t.Fatal(err)
			}
			applyPages(t, st, p[1:])
			return st
		}},
		{name: "desk searches before the index is built", want: roster, indexedBySearch: true,
			apply: func(t *testing.T, _ string, st *sqlite.Store) *sqlite.Store {
				applyPages(t, st, pages(roster))
				return st
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			st := tt.apply(t, dir, openStore(t, dir))
			if indexed, err := st.SearchIndexed(ctx); err != nil || indexed {
				t.Fatalf("SearchIndexed = %v, %v before IndexSearch; want false", indexed, err)
			}
			if tt.indexedBySearch {
				found, err := st.Search(ctx, tt.want[0].LastName, 5)
				if err != nil || !slices.ContainsFunc(found, func(a kiosk.Attendee) bool { return a.ID == tt.want[0].ID }) {
					t.Fatalf("Search(%q) = %v, %v; want %s among them", tt.want[0].LastName, found, err, tt.want[0].ID)
				}
			} else if err := st.IndexSearch(ctx); err != nil {
				t.Fatal(err)
			}
			if indexed, err := st.SearchIndexed(ctx); err != nil || !indexed {
				t.Fatalf("SearchIndexed = %v, %v after IndexSearch; want true", indexed, err)
			}
			st.Close()

			refDir := t.TempDir()
			ref := openStore(t, refDir)
			if _, err := ref.ImportAttendees(ctx, tt.want, nil); err != nil {
				t.Fatal(err)
			}
			ref.Close()
			got, want := searchWords(t, dir), searchWords(t, refDir)
			if !slices.Equal(got, want) {
				t.Errorf("index holds %d entries, a single import %d; first difference: %s", len(got), len(want), firstDifference(got, want))
			}
		})
	}
}

var walkIn = kiosk.Attendee{ID: "W-77", FirstName: "Awa", LastName: "Traoré", Organisation: "Ville de Bamako",
	Category: kiosk.Categories[0], Language: kiosk.French}

func openStore(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func applyPages(t *testing.T, st *sqlite.Store, pages [][]kiosk.Attendee) {
	t.Helper()
	for i, p := range pages {
		if err := st.ApplyRoster(ctx, int64(i), p); err != nil {
			t.Fatal(err)
		}
	}
}

// searchWords reads a closed store's search index, in order.
func searchWords(t *testing.T, dir string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT word || ' ' || attendee_id FROM search_words ORDER BY word, attendee_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDifference(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " / " + b[i]
		}
	}
	if len(a) > len(b) {
		return "extra " + a[len(b)]
	}
	if len(b) > len(a) {
		return "missing " + b[len(a)]
	}
	return "none"
}
