package hubstore

import (
	"context"
	"fmt"

	"github.com/accueil/accueil/kiosk"
)

// Members returns the attendees who take part in the General Meeting
// (with votes, or holding a proxy), with their votes and proxies, by name.
func (s *Store) Members(ctx context.Context) ([]kiosk.Attendee, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT "+attendeeColumns+`, votes, proxy_for FROM attendees
		WHERE votes > 0 OR proxy_for <> '' ORDER BY last_name, first_name, id`)
	if err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Attendee
	for rows.Next() {
		var a kiosk.Attendee
		var cat, lang string
		if err := rows.Scan(&a.ID, &a.FirstName, &a.LastName, &a.Organisation, &cat, &a.Country, &lang, &a.Email, &a.Code, &a.Note,
			&a.Votes, &a.ProxyFor); err != nil {
			return nil, fmt.Errorf("read members: %w", err)
		}
		a.Category, a.Language = kiosk.Category(cat), kiosk.Language(lang)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	return out, nil
}
