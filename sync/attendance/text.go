package attendance

import (
	"fmt"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// words holds the documents' text, French then English.
var words = map[string][2]string{
	"sheet_title":   {"Feuille d’émargement", "Attendance sheet"},
	"event":         {"Événement", "Event"},
	"meeting":       {"Réunion", "Meeting"},
	"room":          {"Salle", "Room"},
	"when":          {"Date", "Date"},
	"quorum_rule":   {"Quorum", "Quorum"},
	"quorum_of":     {"%s des voix, soit %s voix sur %s", "%s of the votes: %s of %s votes"},
	"quorum_votes":  {"%s voix sur %s", "%s of %s votes"},
	"member":        {"Membre", "Member"},
	"organisation":  {"Organisation", "Organisation"},
	"votes":         {"Voix", "Votes"},
	"status":        {"Présence", "Attendance"},
	"signature":     {"Signature", "Signature"},
	"present":       {"Présent·e à %s", "Present at %s"},
	"represented":   {"Représenté·e par %s", "Represented by %s"},
	"absent":        {"Absent·e", "Absent"},
	"totals":        {"Totaux", "Totals"},
	"t_present":     {"Présents", "Present"},
	"t_represented": {"Représentés", "Represented"},
	"t_absent":      {"Absents", "Absent"},
	"t_counted":     {"Présents et représentés", "Present and represented"},
	"reached_at":    {"Quorum atteint à %s", "Quorum reached at %s"},
	"not_reached":   {"Quorum non atteint", "Quorum not reached"},
	"chair":         {"Le ou la président·e de séance", "The chair of the meeting"},
	"secretary":     {"Le ou la secrétaire de séance", "The secretary of the meeting"},
	"signed_at":     {"Fait à ____________________, le ____________________", "Signed at ____________________, on ____________________"},
	"made":          {"Établie le %s à partir des passages de badge enregistrés par Accueil.", "Made on %s from the badge scans Accueil recorded."},
	"page":          {"page %d / %s", "page %d of %s"},
	"cert_title":    {"Attestation de présence", "Certificate of attendance"},
	"cert_attests":  {"%s atteste que", "%s certifies that"},
	"cert_took":     {"a participé à l’événement", "attended the event"},
	"cert_days":     {"les %s", "on %s"},
	"cert_day":      {"le %s", "on %s"},
	"cert_and":      {" et ", " and "},
	"session":       {"Session", "Session"},
	"date":          {"Date", "Date"},
	"times":         {"Horaires", "Times"},
	"duration":      {"Durée", "Duration"},
	"total":         {"Durée totale des sessions", "Total time in sessions"},
	"no_session":    {"Aucune session enregistrée : présence à l’événement seulement.", "No session recorded: attendance at the event only."},
	"for_org":       {"Pour %s", "For %s"},
	"issued":        {"Délivrée le %s", "Issued on %s"},
	"qr_caption":    {"Attestation signée électroniquement : le code ci-contre contient son contenu exact, vérifiable par l’organisateur.", "Electronically signed: the code holds exactly what this certificate states, which the organiser can verify."},
	"times_fmt":     {"%s – %s", "%s – %s"},
	"rules": {"Présent : badge accepté à l’entrée de la réunion (une sortie ne l’efface pas). Représenté : absent dont le ou la mandataire est présent·e ; un pouvoir ne se transmet pas. Un enregistrement annulé ne compte pas.",
		"Present: badge accepted at the meeting’s door (leaving does not undo it). Represented: absent, with the proxy holder present; a proxy is not passed on. An undone check-in does not count."},
}

// say returns the text of key in l.
func say(l kiosk.Language, key string) string {
	w, ok := words[key]
	if !ok {
		return key
	}
	if l == kiosk.English {
		return w[1]
	}
	return w[0]
}

func sayf(l kiosk.Language, key string, args ...any) string { return fmt.Sprintf(say(l, key), args...) }

// number writes n as people read it: "1 500" in French, "1,500" in English.
func number(l kiosk.Language, n int) string {
	s := fmt.Sprint(n)
	if n < 1000 && n > -1000 {
		return s
	}
	sep := ","
	if l != kiosk.English {
		sep = "\u202f" // the narrow no-break space French typography puts there
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out = append(out, sep...)
		}
		out = append(out, s[i])
	}
	return string(out)
}

// longDate writes a day as a sentence does: "mardi 5 juillet 2016",
// "Tuesday 5 July 2016".
func longDate(l kiosk.Language, t time.Time) string {
	if l == kiosk.English {
		return t.Format("Monday 2 January 2006")
	}
	days := [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	d := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", days[t.Weekday()], d, months[t.Month()-1], t.Year())
}

// clock writes a time of day: "14:05" in both languages (the event's own
// programme writes times so).
func clock(t time.Time) string { return t.Format("15:04") }

// duration writes minutes as "1 h 28" (French) or "1 h 28 min" (English).
func duration(l kiosk.Language, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case l == kiosk.English:
		return fmt.Sprintf("%d h %02d min", h, m)
	}
	return fmt.Sprintf("%d h %02d", h, m)
}

// membersVotes writes "3 membres, 10 voix", "1 member, 1 vote".
func membersVotes(l kiosk.Language, members, votes int) string {
	m, v := "membre", "voix"
	if l == kiosk.English {
		m, v = "member", "vote"
		if votes != 1 {
			v = "votes"
		}
	}
	if members != 1 {
		m += "s"
	}
	return number(l, members) + " " + m + ", " + number(l, votes) + " " + v
}
