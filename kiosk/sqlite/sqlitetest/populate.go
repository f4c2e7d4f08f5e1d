// Package sqlitetest fills real kiosk stores with large synthetic rosters and
// scan histories, for benchmarks and load tests that must run against the
// sizes of a big event, on disk.
package sqlitetest

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

var (
	firstNames = []string{"Médéric", "Hélène", "François", "Awa", "Moussa", "Aïssata", "Jérôme", "Thérèse", "Éloïse", "Mamadou",
		"Fatoumata", "Karim", "Yasmine", "Nguyễn", "Linh", "Camille", "Benoît", "Zoé", "João", "María", "Łukasz", "Ștefan",
		"Anne", "Pierre", "Ousmane", "Salimata", "Hugo", "Inès", "Chloé", "Rachid"}
	lastNames = []string{"Petit", "Martin", "Diallo", "Traoré", "Ouédraogo", "N'Diaye", "Lefèvre", "Dubois", "Bernard", "Lê",
		"Đặng", "Ferreira da Silva", "Müller", "Wójcik", "Benali", "Haddad", "Nguyen", "Garcia", "Rousseau", "Faure",
		"Sow", "Keïta", "Cissé", "Moreau", "Laurent", "Girard", "Bonnet", "Mercier", "Blanc", "Guérin"}
	organisations = []string{"Ville de Lyon", "Région Nouvelle-Aquitaine", "Commune de Dakar", "Agence française de développement",
		"Cités Unies France", "Ville de Hué", "Conseil départemental de l'Isère", "Municipalité de Tunis", "Ministère des Affaires étrangères"}
)

// Attendees returns n synthetic attendees with ids "P000001"..., accents
// and a realistic spread of names, organisations and categories.
func Attendees(n int) []kiosk.Attendee {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]kiosk.Attendee, n)
	for i := range out {
		out[i] = kiosk.Attendee{
			ID:           fmt.Sprintf("P%06d", i+1),
			FirstName:    firstNames[r.IntN(len(firstNames))],
			LastName:     fmt.Sprintf("%s%d", lastNames[r.IntN(len(lastNames))], i%97),
			Organisation: organisations[r.IntN(len(organisations))],
			Category:     kiosk.Categories[r.IntN(len(kiosk.Categories))],
			Language:     kiosk.French,
		}
		if i%20 == 0 {
			out[i].Code = fmt.Sprintf("WZ-%07d", i)
		}
	}
	return out
}

// Populate creates a store in dir with n attendees and m earlier scans,
// then closes it. The scans are admitted entrance scans made this morning,
// one a millisecond until a minute ago, of the first half of the roster in
// turn: half the attendees are inside, as at mid-morning, so a scan of the
// roster at large is a first entry or a repeat as often, and presence and
// the outbox are as such a morning leaves them.
func Populate(ctx context.Context, dir string, n, m int) error {
	st, err := sqlite.Open(dir)
	if err != nil {
		return err
	}
	if _, err := st.ImportAttendees(ctx, Attendees(n), nil); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	// Earlier scans go in through one bulk transaction: recording them one
	// fsync at a time would only make the set-up slow.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName)+"?_journal_mode=WAL&_synchronous=FULL")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	inside := max(n/2, 1)
	start := time.Now().Add(-time.Minute - time.Duration(m)*time.Millisecond)
	for i := range m {
		id := fmt.Sprintf("P%06d", i%inside+1)
		at := start.Add(time.Duration(i) * time.Millisecond).UnixNano()
		_, err := tx.ExecContext(ctx, `INSERT INTO scans (id, kiosk, checkpoint, direction, verdict, attendee_id, payload, at)
			VALUES (?, 'earlier', 'entrance', 'in', 'accepted', ?, '', ?)`, kiosk.NewScanID(), id, at)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO presence (attendee_id, checkpoint, inside, first_at, first_kiosk)
			VALUES (?, 'entrance', 1, ?, 'earlier') ON CONFLICT DO NOTHING`, id, at); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO occupancy (checkpoint, inside) SELECT 'entrance', count(*) FROM presence
		WHERE checkpoint = 'entrance' AND inside = 1 ON CONFLICT DO UPDATE SET inside = excluded.inside`); err != nil {
		return err
	}
	return tx.Commit()
}

// WriteRosterCSV writes attendees in the contract's roster CSV form.
func WriteRosterCSV(w io.Writer, list []kiosk.Attendee) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "first_name", "last_name", "organisation", "category", "country", "language", "email", "code", "note"}); err != nil {
		return err
	}
	for _, a := range list {
		if err := cw.Write([]string{a.ID, a.FirstName, a.LastName, a.Organisation, string(a.Category), a.Country,
			string(a.Language), a.Email, a.Code, a.Note}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
