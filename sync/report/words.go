package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// reportText holds the report's words, French then English.
var reportText = map[string][2]string{
	"title":            {"Rapport de fréquentation", "Attendance report"},
	"event":            {"Événement", "Event"},
	"venue":            {"Lieu", "Venue"},
	"dates":            {"Dates", "Dates"},
	"zone":             {"Fuseau horaire", "Time zone"},
	"generated":        {"Généré le", "Generated"},
	"anonymous":        {"Chiffres anonymes : ce rapport ne contient aucun nom.", "Anonymous figures: this report holds no names."},
	"summary":          {"Synthèse", "Summary"},
	"registered":       {"Inscrits", "Registered"},
	"attended":         {"Personnes venues (admises à l’accueil au moins une fois)", "Attendees (admitted at the entrance at least once)"},
	"rate":             {"Taux de présence", "Attendance rate"},
	"attended_session": {"Personnes venues à au moins une session", "Attendees of at least one session"},
	"scans":            {"Passages de badge enregistrés", "Badge scans recorded"},
	"entries":          {"Entrées admises (tous points de contrôle)", "Admitted entries (all checkpoints)"},
	"refused":          {"Refus", "Refusals"},
	"doubles":          {"Doubles entrées", "Double entries"},
	"undone":           {"Enregistrements annulés à l’accueil", "Check-ins undone at the desk"},
	"by_day":           {"Par jour", "By day"},
	"day":              {"Jour", "Day"},
	"day_attended":     {"Personnes venues", "Attendees"},
	"peak":             {"Pic de présence à l’accueil", "Peak inside (entrance)"},
	"peak_short":       {"Pic de présence", "Peak inside"},
	"peak_at":          {"Heure du pic", "Peak time"},
	"session_att":      {"Présences en session", "Session attendance"},
	"other":            {"autres", "other"},
	"by_category":      {"Par catégorie (admis à l’accueil)", "By category (admitted at the entrance)"},
	"category":         {"Catégorie", "Category"},
	"whole_event":      {"Ensemble", "Whole event"},
	"total":            {"Total", "Total"},
	"by_checkpoint":    {"Par session et point de contrôle", "By session and checkpoint"},
	"checkpoint":       {"Session / point de contrôle", "Session / checkpoint"},
	"checkpoint_id":    {"Identifiant", "Id"},
	"room":             {"Salle", "Room"},
	"window":           {"Horaire", "Time"},
	"starts":           {"Début", "Starts"},
	"ends":             {"Fin", "Ends"},
	"capacity":         {"Capacité", "Capacity"},
	"admitted":         {"Personnes admises", "Attendees admitted"},
	"admitted_short":   {"Admis", "Admitted"},
	"exits":            {"Sorties", "Exits"},
	"fill":             {"Remplissage au pic", "Fill at peak"},
	"refusals":         {"Refus par motif", "Refusals by reason"},
	"reason":           {"Motif", "Reason"},
	"count":            {"Nombre", "Count"},
	"no_refusal":       {"Aucun refus.", "No refusals."},
	"page":             {"page %d / %s", "page %d of %s"},
	"notes": {"Une personne est comptée une fois par jour et par point de contrôle, quel que soit le nombre de ses passages ; un enregistrement annulé à l’accueil ne compte pas. Le pic de présence compte les entrées moins les sorties scannées, à partir de zéro chaque jour : là où les sorties ne sont pas scannées, il égale les entrées du jour. Heures du boîtier de contrôle, fuseau de l’événement.",
		"A person counts once per day and checkpoint however many times they were scanned; a check-in undone at the desk does not count. Peak inside counts entries minus scanned exits, from zero each day: where exits are not scanned it equals the day's entries. Times are the kiosks' clocks, in the event's time zone."},
	"not_in_roster": {"Hors liste", "Not in roster"},
	"unknown_cp":    {"(point de contrôle inconnu)", "(unknown checkpoint)"},

	"category_visitor":    {"Visiteur", "Visitor"},
	"category_speaker":    {"Intervenant", "Speaker"},
	"category_press":      {"Presse", "Press"},
	"category_delegation": {"Délégation", "Delegation"},
	"category_partner":    {"Partenaire", "Partner"},
	"category_staff":      {"Équipe", "Staff"},

	"already_checked_in":              {"déjà entré", "already checked in"},
	"unknown_badge":                   {"badge inconnu", "unknown badge"},
	"invalid_signature":               {"signature invalide", "invalid signature"},
	"revoked":                         {"badge révoqué", "revoked badge"},
	"wrong_event":                     {"badge d’un autre événement", "another event's badge"},
	"not_allowed_here":                {"non autorisé ici", "not allowed here"},
	"not_allowed_here/category":       {"catégorie non admise", "category not admitted"},
	"not_allowed_here/before_opening": {"avant l’ouverture", "before opening"},
	"not_allowed_here/after_closing":  {"après la fermeture", "after closing"},
	"room_full":                       {"salle pleine", "room full"},
	"unreadable":                      {"illisible", "unreadable"},

	"weekdays": {"dimanche lundi mardi mercredi jeudi vendredi samedi", "Sunday Monday Tuesday Wednesday Thursday Friday Saturday"},
	"months": {"janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
		"January February March April May June July August September October November December"},
}

// refusalKeys are the refusal columns of the CSV, in this order; other
// keys found in the scans follow.
var refusalKeys = []string{"already_checked_in", "unknown_badge", "invalid_signature", "revoked", "wrong_event",
	"not_allowed_here", "not_allowed_here/category", "not_allowed_here/before_opening", "not_allowed_here/after_closing",
	"room_full", "unreadable"}

// words is the report's text in one language.
type words struct{ en bool }

// s returns the text of key; an unknown key (a refusal reason newer than
// this table) is shown as is rather than dropped.
func (w words) s(key string) string {
	t, ok := reportText[key]
	if !ok {
		return key
	}
	if w.en {
		return t[1]
	}
	return t[0]
}

// int writes a count with the language's thousands separator (a no-break
// space in French, so that it never wraps).
func (w words) int(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	sep := "\u00a0"
	if w.en {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// pct writes a share as a percentage with one decimal; "–" for nothing
// to divide by.
func (w words) pct(n, of int) string {
	if of <= 0 {
		return "–"
	}
	s := strconv.FormatFloat(100*float64(n)/float64(of), 'f', 1, 64)
	if w.en {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// longDay is "lundi 4 juillet 2016" or "Monday 4 July 2016".
func (w words) longDay(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", strings.Fields(w.s("weekdays"))[t.Weekday()], t.Day(), strings.Fields(w.s("months"))[t.Month()-1], t.Year())
}
