package sqlite

import (
	"context"
	"database/sql"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

// dropStaleWords keeps every word an attendee's search text holds, and
// only those: a prefix of a word is not the word.
func TestDropStaleWords(t *testing.T) {
	ctx := context.Background()
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", FirstName: "Awa", LastName: "Martin", Organisation: "Ville de Lyon", Language: kiosk.French},
		{ID: "A2", FirstName: "Jean", LastName: "Dupont", Language: kiosk.French},
	}, nil); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		if err := st.db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM search_words").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	stale := [][2]string{{"mart", "A1"}, {"dupont", "A1"}, {"martin", "A9"}, {"ancien", "A2"}}
	err = st.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, s := range stale {
			if _, err := tx.ExecContext(ctx, "INSERT INTO search_words (word, attendee_id) VALUES (?, ?)", s[0], s[1]); err != nil {
				return err
			}
		}
		return dropStaleWords(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if after := count(); after != before {
		t.Errorf("index holds %d words after the stale ones were dropped, %d before they were added", after, before)
	}
	if found, err := st.Search(ctx, "martin", 5); err != nil || len(found) != 1 || found[0].ID != "A1" {
		t.Errorf("Search(martin) = %v, %v", found, err)
	}
}
