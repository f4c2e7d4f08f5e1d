package roster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/accueil/accueil/kiosk"
)

// idList reads a cell of attendee ids (proxy_for, speakers), separated by
// spaces or commas as people write lists, at most limit of them; it
// returns them joined by single spaces.
func (r *row) idList(k int, limit int) string {
	col := r.s.known[k]
	v := r.text(k, false)
	if v == "" {
		return ""
	}
	ids := strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == ' ' })
	if len(ids) > limit {
		r.fail("column %s: %d ids, at most %d", col, len(ids), limit)
		return ""
	}
	for i, id := range ids {
		switch {
		case len(id) > kiosk.MaxIDLength:
			r.fail("column %s: %q is longer than %d bytes, so it is no attendee id", col, id, kiosk.MaxIDLength)
			return ""
		case !isToken(id):
			r.fail("column %s: %q contains an invisible character", col, id)
			return ""
		case slices.Contains(ids[:i], id):
			r.fail("column %s: %q is named twice", col, id)
			return ""
		}
	}
	return kiosk.JoinIDs(ids)
}

// checkProxies applies the rules that span rows: a proxy names an attendee
// of the file, and each member gives their proxy to one holder only (the
// first row to claim it keeps it). A row breaking them becomes a problem,
// like any bad row. lines maps every id of the file, good rows or bad, to
// its line.
func checkProxies(list []kiosk.Attendee, problems []Problem, lines map[string]int) ([]kiosk.Attendee, []Problem) {
	given := map[string]string{} // member -> holder
	moved := false
	kept := list[:0]
	for _, a := range list {
		var reasons []string
		for _, m := range a.Proxies() {
			if _, ok := lines[m]; !ok {
				reasons = append(reasons, fmt.Sprintf("column proxy_for: %q is not an attendee of this roster", m))
				continue
			}
			if h, taken := given[m]; taken {
				reasons = append(reasons, fmt.Sprintf("column proxy_for: %q already gives their proxy to %q (line %d)", m, h, lines[h]))
				continue
			}
			given[m] = a.ID
		}
		if len(reasons) > 0 {
			problems = append(problems, Problem{Line: lines[a.ID], Reason: strings.Join(reasons, "; ")})
			moved = true
			continue
		}
		kept = append(kept, a)
	}
	if moved {
		slices.SortStableFunc(problems, func(a, b Problem) int { return a.Line - b.Line })
	}
	return kept, problems
}

// checkSpeakers refuses the speakers that are not on the roster, when the
// caller knows it.
func (r *row) checkSpeakers(ids string, known func(id string) bool) {
	if known == nil {
		return
	}
	for _, id := range strings.Fields(ids) {
		if !known(id) {
			r.fail("column speakers: %q is not on the roster", id)
		}
	}
}
