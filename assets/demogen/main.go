// Command demogen writes the demo event that the binaries embed: the 7th
// Forum de l'Action Internationale des Collectivités (Cités Unies France,
// Palais des Congrès de Paris, 4–5 July 2016), with about 1,500 fictional
// attendees and the Forum's sessions.
//
// Run it from the repository root:
//
//	go run ./assets/demogen            # rewrite assets/demo, keeping the badge keys
//	go run ./assets/demogen -new-key   # the same with a new key pair
//
// The attendees come from a seeded generator, so a rerun writes byte-identical
// files and a diff of assets/demo shows only what a change to this program
// meant to change. The key pair is the one thing that is not derived from the
// seed: it is kept from the existing event.json, because badges already printed
// for demos carry its signatures.
//
// The generator deliberately does not import package assets: assets embeds
// the files written here, so it would not build if they went missing, and
// this is the program that puts them back.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/accueil/accueil/kiosk"
)

// The PCG seed: any fixed pair gives reproducible files; this one is the
// Forum's dates.
const seedHi, seedLo = 20160704, 20160705

func main() {
	dir := flag.String("dir", filepath.Join("assets", "demo"), "folder to write event.json, roster.csv and checkpoints.csv to")
	newKey := flag.Bool("new-key", false, "replace the badge key pair instead of keeping the one in event.json")
	flag.Parse()
	if err := run(*dir, *newKey); err != nil {
		fmt.Fprintln(os.Stderr, "demogen:", err)
		os.Exit(1)
	}
}

func run(dir string, newKey bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	eventPath := filepath.Join(dir, "event.json")
	ev, err := eventWithKeys(eventPath, newKey)
	if err != nil {
		return err
	}
	people := newGenerator().roster()

	files := []struct {
		name string
		data func() ([]byte, error)
	}{
		{"event.json", ev.encode},
		{"roster.csv", func() ([]byte, error) { return rosterCSV(people) }},
		{"checkpoints.csv", func() ([]byte, error) { return checkpointsCSV(ev.Days, speakersOf(people)) }},
	}
	for _, f := range files {
		b, err := f.data()
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	fmt.Fprintf(os.Stderr, "demogen: wrote %s (%d attendees, %d checkpoints)\n", dir, len(people), len(checkpoints))
	return nil
}

// ---------------------------------------------------------------------------
// event.json

// event mirrors assets.Event field for field (see the package comment for why
// it is not that type).
type event struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	NameEN     string   `json:"name_en"`
	Organiser  string   `json:"organiser"`
	Venue      string   `json:"venue"`
	Address    string   `json:"address"`
	TimeZone   string   `json:"time_zone"`
	Days       []string `json:"days"`
	PublicKeys []string `json:"public_keys"`
	PrivateKey string   `json:"private_key"`
	Demo       bool     `json:"demo"`
}

// forum is the event as the Forum's own page describes it; only the keys are
// added at run time.
var forum = event{
	ID:        "faic2016",
	Name:      "7e Forum de l'Action Internationale des Collectivités",
	NameEN:    "7th Forum for Local Authorities' International Action",
	Organiser: "Cités Unies France",
	Venue:     "Palais des Congrès de Paris — Espace Havane, 3e étage",
	Address:   "2, place de la Porte Maillot, 75017 Paris",
	TimeZone:  "Europe/Paris",
	Days:      []string{"2016-07-04", "2016-07-05"},
	Demo:      true,
}

// eventWithKeys returns the forum with the key pair of the existing file at
// path, or a new pair when asked or when there is no file yet.
func eventWithKeys(path string, newKey bool) (event, error) {
	ev := forum
	if !newKey {
		priv, ok, err := existingKey(path)
		if err != nil {
			return event{}, err
		}
		if ok {
			ev.PrivateKey, ev.PublicKeys = priv.String(), []string{priv.Public().String()}
			return ev, nil
		}
		fmt.Fprintf(os.Stderr, "demogen: no %s yet, making a new key pair\n", path)
	}
	priv, err := kiosk.GenerateKey()
	if err != nil {
		return event{}, err
	}
	ev.PrivateKey, ev.PublicKeys = priv.String(), []string{priv.Public().String()}
	return ev, nil
}

// existingKey reads the private key of an event.json; ok is false when the
// file does not exist. The public key is derived again rather than trusted,
// so a hand-edited file cannot ship a pair that does not match.
func existingKey(path string) (key kiosk.PrivateKey, ok bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return kiosk.PrivateKey{}, false, nil
	}
	if err != nil {
		return kiosk.PrivateKey{}, false, fmt.Errorf("read %s: %w", path, err)
	}
	var old event
	if err := json.Unmarshal(b, &old); err != nil {
		return kiosk.PrivateKey{}, false, fmt.Errorf("%s: %w (fix it, or rerun with -new-key)", path, err)
	}
	key, err = kiosk.ParsePrivateKey(old.PrivateKey)
	if err != nil {
		return kiosk.PrivateKey{}, false, fmt.Errorf("%s: %w (rerun with -new-key)", path, err)
	}
	return key, true, nil
}

func (e event) encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep names readable; the file is never put in HTML
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ---------------------------------------------------------------------------
// checkpoints.csv

// checkpoint is one row of checkpoints.csv. Day is 1 or 2 (0: no time
// window); times are local to Europe/Paris.
type checkpoint struct {
	id, name, nameEN, kind, room string
	day                          int
	start, end                   string
	capacity                     int
	categories                   string
}

// checkpoints is the Forum's programme: the entrance, 10 plenary and themed
// sessions, 15 country focus sessions, a press conference and the General
// Meeting of Cités Unies France. Rooms are those of the Palais des Congrès'
// third floor; no room holds two sessions at once.
var checkpoints = []checkpoint{
	{id: "entrance", name: "Accueil — Espace Havane", nameEN: "Entrance — Espace Havane", kind: "entrance", room: "Espace Havane, 3e étage"},

	// Plenary and themed sessions.
	{"plen-open", "Plénière d'ouverture", "Opening plenary", "session", "Amphithéâtre Havane", 1, "09:30", "11:00", 700, ""},
	{"theme-diplo", "Diplomatie économique des territoires", "Local economic diplomacy", "session", "Salle 351", 1, "11:30", "13:00", 250, ""},
	{"theme-cop21", "Aménagement durable des territoires après la COP21", "Sustainable land development after COP21", "session", "Amphithéâtre Havane", 1, "14:30", "16:00", 700, ""},
	{"theme-vivre", "Coopération décentralisée et « vivre ensemble »", "Decentralised cooperation and living together", "session", "Salle 351", 1, "14:30", "16:00", 200, ""},
	{"theme-eau", "Eau et assainissement : le 1 % solidaire", "Water and sanitation: the 1% solidarity scheme", "session", "Salle 351", 1, "16:30", "18:00", 150, ""},
	{"theme-europe", "Financements européens et PLATFORMA", "European funding and PLATFORMA", "session", "Salle 351", 2, "09:30", "11:00", 250, ""},
	{"theme-tourisme", "Tourisme responsable et patrimoine", "Responsible tourism and heritage", "session", "Salle 353", 2, "09:30", "11:00", 80, ""},
	{"theme-agri", "Agriculture et alimentation durables", "Sustainable food and agriculture", "session", "Salle 351", 2, "11:30", "13:00", 150, ""},
	{"theme-jeunes", "Jeunesse et volontariat international", "Youth and international volunteering", "session", "Salle 353", 2, "11:30", "13:00", 120, ""},
	{"plen-close", "Plénière de clôture", "Closing plenary", "session", "Amphithéâtre Havane", 2, "16:30", "18:00", 700, ""},

	// Country focus sessions.
	{"focus-senegal", "Focus pays : Sénégal", "Country focus: Senegal", "session", "Salle 341", 1, "11:30", "12:45", 120, ""},
	{"focus-maroc", "Focus pays : Maroc", "Country focus: Morocco", "session", "Salle 342 A", 1, "11:30", "12:45", 100, ""},
	{"focus-vietnam", "Focus pays : Vietnam", "Country focus: Vietnam", "session", "Salle 342 B", 1, "11:30", "12:45", 80, ""},
	{"focus-mali", "Focus pays : Mali", "Country focus: Mali", "session", "Salle 341", 1, "14:30", "15:45", 100, ""},
	{"focus-tunisie", "Focus pays : Tunisie", "Country focus: Tunisia", "session", "Salle 342 A", 1, "14:30", "15:45", 80, ""},
	{"focus-chine", "Focus pays : Chine", "Country focus: China", "session", "Salle 342 B", 1, "14:30", "15:45", 60, ""},
	{"focus-haiti", "Focus pays : Haïti", "Country focus: Haiti", "session", "Salle 343", 1, "14:30", "15:45", 60, ""},
	{"focus-burkina", "Focus pays : Burkina Faso", "Country focus: Burkina Faso", "session", "Salle 341", 1, "16:30", "17:45", 100, ""},
	{"focus-liban", "Focus pays : Liban", "Country focus: Lebanon", "session", "Salle 342 A", 1, "16:30", "17:45", 60, ""},
	{"focus-bresil", "Focus pays : Brésil", "Country focus: Brazil", "session", "Salle 342 B", 1, "16:30", "17:45", 60, ""},
	{"focus-cambodge", "Focus pays : Cambodge", "Country focus: Cambodia", "session", "Salle 343", 1, "16:30", "17:45", 40, ""},
	{"focus-niger", "Focus pays : Niger", "Country focus: Niger", "session", "Salle 341", 2, "09:30", "10:45", 80, ""},
	{"focus-algerie", "Focus pays : Algérie", "Country focus: Algeria", "session", "Salle 342 A", 2, "09:30", "10:45", 80, ""},
	{"focus-japon", "Focus pays : Japon", "Country focus: Japan", "session", "Salle 342 B", 2, "09:30", "10:45", 50, ""},
	{"focus-madagascar", "Focus pays : Madagascar", "Country focus: Madagascar", "session", "Salle 341", 2, "11:30", "12:45", 70, ""},

	// Closed meetings: the press conference, and the members' General
	// Meeting (members are French local authorities, so neither foreign
	// delegations, nor the press, nor private partners are admitted).
	{"press-1", "Conférence de presse", "Press conference", "session", "Salle 353", 1, "11:15", "12:00", 50, "press speaker staff partner"},
	{"ag-cuf", "Assemblée générale de Cités Unies France", "Cités Unies France General Meeting", "session", "Salle 352", 2, "14:00", "16:00", 300, "visitor speaker staff"},
}

func checkpointsCSV(days []string, speakers map[string][]string) ([]byte, error) {
	rows := [][]string{{"id", "name", "name_en", "kind", "room", "starts_at", "ends_at", "capacity", "categories", "quorum", "speakers"}}
	for _, c := range checkpoints {
		var starts, ends, capacity string
		if c.day > 0 {
			if c.day > len(days) {
				return nil, fmt.Errorf("checkpoint %s: day %d, the event has %d", c.id, c.day, len(days))
			}
			starts, ends = days[c.day-1]+" "+c.start, days[c.day-1]+" "+c.end
		}
		if c.capacity > 0 {
			capacity = fmt.Sprint(c.capacity)
		}
		var quorum string
		if c.id == "ag-cuf" {
			quorum = agQuorum
		}
		rows = append(rows, []string{c.id, c.name, c.nameEN, c.kind, c.room, starts, ends, capacity, c.categories,
			quorum, strings.Join(speakers[c.id], " ")})
	}
	return encodeCSV(rows)
}

// ---------------------------------------------------------------------------
// roster.csv

// person is one attendee, one row of roster.csv.
type person struct {
	id, first, last, org, category, country, lang, email, code, note string
	votes                                                            int      // at the General Meeting (see meeting.go)
	proxyFor                                                         []string // ids of the members whose proxy this member holds
}

var rosterHeader = []string{"id", "first_name", "last_name", "organisation", "category", "country", "language", "email", "code", "note", "votes", "proxy_for"}

func rosterCSV(people []person) ([]byte, error) {
	rows := [][]string{rosterHeader}
	for _, p := range people {
		rows = append(rows, []string{p.id, p.first, p.last, p.org, p.category, p.country, p.lang, p.email, p.code, p.note,
			itoaOrEmpty(p.votes), strings.Join(p.proxyFor, " ")})
	}
	return encodeCSV(rows)
}

// encodeCSV writes LF-terminated, comma-separated UTF-8 without a BOM: the
// plainest form the contract accepts, and the friendliest to diffs.
func encodeCSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
