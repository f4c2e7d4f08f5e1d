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
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

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
		{"checkpoints.csv", func() ([]byte, error) { return checkpointsCSV(ev.Days) }},
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

func checkpointsCSV(days []string) ([]byte, error) {
	rows := [][]string{{"id", "name", "name_en", "kind", "room", "starts_at", "ends_at", "capacity", "categories"}}
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
		rows = append(rows, []string{c.id, c.name, c.nameEN, c.kind, c.room, starts, ends, capacity, c.categories})
	}
	return encodeCSV(rows)
}

// ---------------------------------------------------------------------------
// roster.csv

// person is one attendee, one row of roster.csv.
type person struct {
	id, first, last, org, category, country, lang, email, code, note string
}

var rosterHeader = []string{"id", "first_name", "last_name", "organisation", "category", "country", "language", "email", "code", "note"}

func rosterCSV(people []person) ([]byte, error) {
	rows := [][]string{rosterHeader}
	for _, p := range people {
		rows = append(rows, []string{p.id, p.first, p.last, p.org, p.category, p.country, p.lang, p.email, p.code, p.note})
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

// How many attendees of each category: the Forum's own figures (1,500
// visitors, 150 speakers, about thirty foreign delegations).
const (
	nVisitors    = 1100
	nSpeakers    = 150
	nPress       = 40
	nPartners    = 50
	nStaff       = 30 // including the two people named on the event page
	shareCodes   = 0.05
	codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O or 1/I to misread
)

// generator draws the roster from one seeded source.
type generator struct {
	rng    *rand.Rand
	emails map[string]bool
	codes  map[string]bool
}

func newGenerator() *generator {
	return &generator{
		rng:    rand.New(rand.NewPCG(seedHi, seedLo)),
		emails: make(map[string]bool),
		codes:  make(map[string]bool),
	}
}

// roster builds every attendee, ids in registration order: staff first,
// then everyone else in a shuffled order in which each delegation, being
// registered as a list by its head, stays together.
func (g *generator) roster() []person {
	staff := g.staff()
	var groups [][]person
	for _, d := range delegations {
		groups = append(groups, g.delegation(d))
	}
	for _, p := range g.many(nSpeakers, g.speaker) {
		groups = append(groups, []person{p})
	}
	for _, p := range g.many(nPress, g.journalist) {
		groups = append(groups, []person{p})
	}
	for _, p := range g.many(nPartners, g.partner) {
		groups = append(groups, []person{p})
	}
	for _, p := range g.many(nVisitors, g.visitor) {
		groups = append(groups, []person{p})
	}
	g.rng.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })

	people := staff
	for _, grp := range groups {
		people = append(people, grp...)
	}
	for i := range people {
		people[i].id = fmt.Sprintf("A%04d", i+1)
	}
	g.addNotes(people)
	g.addCodes(people)
	return people
}

func (g *generator) many(n int, draw func() person) []person {
	out := make([]person, n)
	for i := range out {
		out[i] = draw()
	}
	return out
}

// staff are the organisers' team, led by the two people the event page
// names, in the order the page gives them.
func (g *generator) staff() []person {
	mederic := g.named(&france, "Médéric", "PETIT", mediaContact, "staff")
	bertrand := g.named(&france, "Bertrand", "Gallet", citesUnies, "staff")
	people := []person{mederic, bertrand}
	for len(people) < nStaff {
		org := citesUnies
		switch {
		case len(people)%3 == 0:
			org = mediaContact
		case len(people) == nStaff-1:
			org = icic
		}
		people = append(people, g.person(&france, "staff", org))
	}
	return people
}

func (g *generator) speaker() person {
	if g.chance(0.35) {
		o := g.foreignOrigin()
		if g.chance(0.8) {
			return g.person(o, "speaker", oneOf(g.rng, o.orgs))
		}
		return g.person(o, "speaker", oneOf(g.rng, international))
	}
	return g.person(&france, "speaker", g.weighted([]weightedOrgs{
		{45, frenchLocalAuthorities},
		{20, frenchInstitutions},
		{10, electedAssociations},
		{10, international},
		{8, ngos},
		{5, research},
		{2, consultancies},
	}))
}

func (g *generator) journalist() person {
	if g.chance(0.15) {
		o := g.pickOrigin(withPress)
		return g.person(o, "press", oneOf(g.rng, o.press))
	}
	return g.person(&france, "press", oneOf(g.rng, press))
}

func (g *generator) partner() person {
	o := &france
	if g.chance(0.1) {
		o = g.foreignOrigin() // expatriates working for a partner in Paris
	}
	return g.person(o, "partner", oneOf(g.rng, partners))
}

func (g *generator) visitor() person {
	if g.chance(0.12) {
		o := g.foreignOrigin()
		if g.chance(0.85) {
			return g.person(o, "visitor", oneOf(g.rng, o.orgs))
		}
		return g.person(o, "visitor", oneOf(g.rng, ngos))
	}
	return g.person(&france, "visitor", g.weighted([]weightedOrgs{
		{65, frenchLocalAuthorities},
		{12, ngos},
		{10, consultancies},
		{5, frenchInstitutions},
		{4, research},
		{4, electedAssociations},
	}))
}

// delegation is a foreign local authority's delegation: its members share
// its organisation, and its head needs the protocol team.
type delegation struct {
	country string
	org     string
	size    int
}

// delegations add up to 130 people, about thirty countries' worth of the
// "country pavilions" the event page announces, trimmed to the focus
// countries and their neighbours.
var delegations = []delegation{
	{"Sénégal", "Commune de Dakar", 8},
	{"Sénégal", "Ville de Saint-Louis", 6},
	{"Mali", "Mairie du District de Bamako", 8},
	{"Burkina Faso", "Commune de Ouagadougou", 9},
	{"Niger", "Ville de Niamey", 6},
	{"Côte d'Ivoire", "District autonome d'Abidjan", 7},
	{"Bénin", "Commune de Porto-Novo", 6},
	{"Togo", "Commune de Lomé", 5},
	{"Mauritanie", "Commune de Nouakchott", 5},
	{"Maroc", "Commune de Rabat", 8},
	{"Tunisie", "Municipalité de Tunis", 6},
	{"Algérie", "Assemblée populaire communale d'Oran", 5},
	{"Liban", "Municipalité de Byblos", 6},
	{"Vietnam", "Ville de Hué", 7},
	{"Cambodge", "Municipalité de Phnom Penh", 6},
	{"Laos", "Préfecture de Vientiane", 4},
	{"Chine", "Ville de Wuhan", 7},
	{"Japon", "Préfecture de Nara", 5},
	{"Brésil", "Prefeitura de Belo Horizonte", 6},
	{"Haïti", "Mairie de Jacmel", 5},
	{"Madagascar", "Commune urbaine d'Antananarivo", 5},
}

const headOfDelegation = "Chef de délégation : prévenir le protocole"

func (g *generator) delegation(d delegation) []person {
	o := originByCountry(d.country)
	org := publicBody(d.org)
	members := make([]person, d.size)
	for i := range members {
		members[i] = g.person(o, "delegation", org)
	}
	members[0].note = headOfDelegation
	return members
}

// notes for staff, beyond the heads of delegation: each goes to n attendees
// drawn among those who may plausibly need it.
var notes = []struct {
	text string
	n    int
	who  func(person) bool
}{
	{"Intervenant plénière d'ouverture : accompagner en loge", 4, is("speaker")},
	{"Intervenant plénière de clôture : accompagner en loge", 3, is("speaker")},
	{"Invité VIP du Ministère", 5, func(p person) bool {
		return p.country == "France" && (p.category == "visitor" || p.category == "speaker")
	}},
	{"Accès fauteuil roulant", 4, except("staff")},
	{"Malentendant : boucle magnétique en salle", 2, except("staff")},
	{"Interprétation en anglais demandée", 3, func(p person) bool { return p.lang == "en" && p.category != "staff" }},
	{"Paiement à régulariser au comptoir des inscriptions", 3, is("visitor")},
	{"Élu : réserver une place au premier rang en plénière", 2, func(p person) bool { return p.country == "France" && p.category == "visitor" }},
}

func is(category string) func(person) bool {
	return func(p person) bool { return p.category == category }
}

func except(category string) func(person) bool {
	return func(p person) bool { return p.category != category }
}

func (g *generator) addNotes(people []person) {
	for _, n := range notes {
		given := 0
		for _, i := range g.rng.Perm(len(people)) {
			if given == n.n {
				break
			}
			if people[i].note == "" && n.who(people[i]) {
				people[i].note = n.text
				given++
			}
		}
	}
}

// addCodes gives a share of attendees a code from an outside registration
// system (partners and some delegations registered there); staff are
// registered by hand and never have one.
func (g *generator) addCodes(people []person) {
	want := int(float64(len(people))*shareCodes + 0.5)
	for _, i := range g.rng.Perm(len(people)) {
		if want == 0 {
			return
		}
		if people[i].category != "staff" {
			people[i].code = g.code()
			want--
		}
	}
}

// code is a unique outside code such as "WZ-7K3Q9P2M".
func (g *generator) code() string {
	for {
		b := []byte("WZ-")
		for range 8 {
			b = append(b, codeAlphabet[g.rng.IntN(len(codeAlphabet))])
		}
		if c := string(b); !g.codes[c] {
			g.codes[c] = true
			return c
		}
	}
}

// person draws a new attendee of origin o working for org.
func (g *generator) person(o *origin, category string, org organisation) person {
	female := g.chance(0.5)
	first := oneOf(g.rng, o.male)
	if female {
		first = oneOf(g.rng, o.female)
	}
	last := o.lastName(oneOf(g.rng, o.last), female)
	if o == &france && g.chance(0.03) {
		last = strings.ToUpper(last) // as typed into registration forms
	}
	return g.named(o, first, last, org, category)
}

func (g *generator) named(o *origin, first, last string, org organisation, category string) person {
	lang := "en"
	if g.chance(o.frShare) {
		lang = "fr"
	}
	return person{
		first: first, last: last, org: org.name, category: category,
		country: o.country, lang: lang, email: g.email(first, last, org),
	}
}

// email is a unique fictional address: usually at the organisation's domain
// (first.last or an initial and the last name), sometimes personal, seldom
// missing.
func (g *generator) email(first, last string, org organisation) string {
	f, l := emailWord(first), emailWord(last)
	var local, domain string
	switch r := g.rng.Float64(); {
	case r < 0.02:
		return ""
	case r < 0.10:
		local, domain = f+"."+l, "example.net"
	case r < 0.30:
		local, domain = f[:1]+strings.ReplaceAll(l, "-", ""), org.domain
	default:
		local, domain = f+"."+l, org.domain
	}
	addr := local + "@" + domain
	for n := 2; g.emails[addr]; n++ {
		addr = fmt.Sprintf("%s%d@%s", local, n, domain)
	}
	g.emails[addr] = true
	return addr
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func oneOf[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// weightedOrgs is a pool of organisations and its relative weight.
type weightedOrgs struct {
	weight int
	orgs   []organisation
}

func (g *generator) weighted(pools []weightedOrgs) organisation {
	total := 0
	for _, p := range pools {
		total += p.weight
	}
	n := g.rng.IntN(total)
	for _, p := range pools {
		if n < p.weight {
			return p.orgs[g.rng.IntN(len(p.orgs))]
		}
		n -= p.weight
	}
	panic("unreachable")
}

func (g *generator) foreignOrigin() *origin {
	return g.pickOrigin(func(*origin) bool { return true })
}

// pickOrigin draws a foreign origin among those that match, by weight.
func (g *generator) pickOrigin(match func(*origin) bool) *origin {
	total := 0
	for _, o := range foreign {
		if match(o) {
			total += o.weight
		}
	}
	n := g.rng.IntN(total)
	for _, o := range foreign {
		if !match(o) {
			continue
		}
		if n < o.weight {
			return o
		}
		n -= o.weight
	}
	panic("unreachable")
}

func withPress(o *origin) bool { return len(o.press) > 0 }

// ---------------------------------------------------------------------------
// Organisations

// organisation is an employer and the fictional domain of its addresses:
// example.org for public bodies and non-profits, example.com for companies
// and the press (RFC 2606 names, so no demo email can reach anyone).
type organisation struct {
	name, domain string
}

func publicBody(name string) organisation {
	return organisation{name, domainLabel(name) + ".example.org"}
}
func company(name string) organisation { return organisation{name, domainLabel(name) + ".example.com"} }

func publicBodies(names ...string) []organisation { return mapOrgs(publicBody, names) }
func companies(names ...string) []organisation    { return mapOrgs(company, names) }

func mapOrgs(f func(string) organisation, names []string) []organisation {
	out := make([]organisation, len(names))
	for i, n := range names {
		out[i] = f(n)
	}
	return out
}

// domainLabel turns "Agence française de développement (AFD)" into "afd"
// and "Conseil départemental de l'Isère" into "conseil-departemental-isere".
func domainLabel(name string) string {
	if i := strings.LastIndexByte(name, '('); i >= 0 && strings.HasSuffix(name, ")") {
		if acronym := name[i+1 : len(name)-1]; acronym == strings.ToUpper(acronym) && !strings.Contains(acronym, " ") {
			return strings.ToLower(asciiFold(acronym))
		}
	}
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(asciiFold(name)), notAlnum) {
		if !stopWords[w] && len(words) < 5 {
			words = append(words, w)
		}
	}
	return strings.Join(words, "-")
}

var stopWords = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true,
	"et": true, "en": true, "pour": true, "au": true, "aux": true, "of": true, "the": true, "for": true,
	"di": true, "da": true, "do": true, "del": true,
}

func notAlnum(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }

// emailWord turns a name into the ASCII of an address: "Jean-Pierre" into
// "jean-pierre", "N'Diaye" into "ndiaye", "Ferreira da Silva" into
// "ferreira-da-silva", "Nguyễn" into "nguyen".
func emailWord(name string) string {
	s := strings.ToLower(asciiFold(name))
	s = strings.NewReplacer("'", "", "’", "").Replace(s)
	return strings.Join(strings.FieldsFunc(s, notAlnum), "-")
}

// asciiFold strips diacritics; the few Latin letters that are not a base
// letter plus marks are spelled out.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if rep, ok := foldSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldSpecial = map[rune]string{
	'đ': "d", 'Đ': "D", 'ł': "l", 'Ł': "L", 'ß': "ss", 'ø': "o", 'Ø': "O",
	'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
}

var (
	citesUnies   = publicBody("Cités Unies France")
	mediaContact = company("Media Contact Services")
	icic         = publicBody("Institut pour la Coopération Internationale des Collectivités (ICIC)")
)

var frenchLocalAuthorities = publicBodies(
	// Cities.
	"Ville de Paris", "Ville de Lyon", "Ville de Marseille", "Ville de Toulouse", "Ville de Nantes",
	"Ville de Strasbourg", "Ville de Montpellier", "Ville de Bordeaux", "Ville de Lille", "Ville de Rennes",
	"Ville de Reims", "Ville de Grenoble", "Ville de Dijon", "Ville d'Angers", "Ville de Nîmes",
	"Ville de Villeurbanne", "Ville de Clermont-Ferrand", "Ville du Mans", "Ville d'Aix-en-Provence",
	"Ville de Brest", "Ville de Tours", "Ville d'Amiens", "Ville de Limoges", "Ville de Besançon",
	"Ville de Metz", "Ville de Perpignan", "Ville d'Orléans", "Ville de Rouen", "Ville de Mulhouse",
	"Ville de Caen", "Ville de Nancy", "Ville de Saint-Denis", "Ville de Montreuil", "Ville de Roubaix",
	"Ville de Poitiers", "Ville de Chambéry", "Ville de Lorient", "Ville de Saint-Étienne",
	"Ville de La Rochelle", "Ville de Cergy", "Ville d'Évry", "Ville de Vitry-sur-Seine",
	"Ville d'Aubervilliers", "Ville de Pau", "Ville de Bayonne", "Ville d'Annecy", "Ville de Niort",
	"Ville de Chalon-sur-Saône", "Ville de Romans-sur-Isère", "Ville de Vénissieux", "Ville d'Échirolles",
	"Ville de Cherbourg-en-Cotentin", "Ville de Saint-Brieuc", "Ville de Quimper",
	"Ville d'Issy-les-Moulineaux", "Ville de Nevers", "Ville de Fort-de-France",
	// Groupings of communes.
	"Métropole de Lyon", "Bordeaux Métropole", "Nantes Métropole", "Eurométropole de Strasbourg",
	"Grenoble-Alpes Métropole", "Métropole européenne de Lille", "Toulouse Métropole", "Rennes Métropole",
	"Montpellier Méditerranée Métropole", "Métropole Nice Côte d'Azur", "Plaine Commune",
	"Communauté d'agglomération de Cergy-Pontoise", "Communauté urbaine d'Arras",
	// Departments.
	"Conseil départemental de l'Isère", "Conseil départemental de la Gironde", "Conseil départemental du Nord",
	"Conseil départemental de la Seine-Saint-Denis", "Conseil départemental du Val-de-Marne",
	"Conseil départemental des Hauts-de-Seine", "Conseil départemental d'Ille-et-Vilaine",
	"Conseil départemental du Finistère", "Conseil départemental de la Loire-Atlantique",
	"Conseil départemental de l'Essonne", "Conseil départemental du Bas-Rhin",
	"Conseil départemental des Côtes-d'Armor", "Conseil départemental de la Drôme",
	"Conseil départemental du Puy-de-Dôme", "Conseil départemental de l'Hérault",
	"Conseil départemental de la Savoie", "Conseil départemental du Territoire de Belfort",
	"Conseil départemental de La Réunion", "Conseil départemental de la Manche",
	"Conseil départemental des Yvelines", "Conseil départemental du Val-d'Oise",
	"Conseil départemental de la Haute-Garonne", "Conseil départemental des Pyrénées-Atlantiques",
	// Regions (their 2016 names).
	"Région Auvergne-Rhône-Alpes", "Région Nouvelle-Aquitaine", "Région Occitanie", "Région Hauts-de-France",
	"Région Grand Est", "Région Bretagne", "Région Normandie", "Région Île-de-France",
	"Région Pays de la Loire", "Région Centre-Val de Loire", "Région Bourgogne-Franche-Comté",
	"Région Provence-Alpes-Côte d'Azur", "Collectivité territoriale de Corse", "Région Guadeloupe",
	"Collectivité territoriale de Martinique", "Région Réunion",
)

var frenchInstitutions = publicBodies(
	"Ministère des Affaires étrangères et du Développement international",
	"Délégation pour l'action extérieure des collectivités territoriales (DAECT)",
	"Agence française de développement (AFD)",
	"Commission nationale de la coopération décentralisée (CNCD)",
	"Caisse des Dépôts",
	"Expertise France",
	"Ministère de l'Intérieur (DGCL)",
	"Ministère de l'Environnement, de l'Énergie et de la Mer",
	"Sénat",
	"Assemblée nationale",
	"Agence de l'eau Seine-Normandie",
	"Agence de l'eau Rhône Méditerranée Corse",
	"France Volontaires",
	"Atout France",
)

var electedAssociations = publicBodies(
	"Cités Unies France",
	"Association des maires de France (AMF)",
	"Assemblée des départements de France (ADF)",
	"Association des régions de France (ARF)",
	"Association française du Conseil des communes et régions d'Europe (AFCCRE)",
	"France urbaine",
	"Villes de France",
	"Association des maires ruraux de France",
	"Association internationale des maires francophones (AIMF)",
)

var international = publicBodies(
	"Programme des Nations unies pour le développement (PNUD)",
	"Cités et gouvernements locaux unis (CGLU)",
	"CGLU Afrique",
	"PLATFORMA",
	"Commission européenne (DG DEVCO)",
	"Comité européen des régions",
	"ONU-Habitat",
	"Banque mondiale",
	"OCDE",
	"UNESCO",
	"Conseil des communes et régions d'Europe (CCRE)",
)

var ngos = publicBodies(
	"Groupe de recherche et d'échanges technologiques (GRET)",
	"Programme Solidarité Eau",
	"Coordination SUD",
	"Agronomes et vétérinaires sans frontières (AVSF)",
	"Électriciens sans frontières",
	"Aquassistance",
	"Essor",
	"CIEDEL",
	"RESACOOP",
	"Centraider",
	"Lianes coopération",
	"So Coopération",
	"Territoires solidaires",
	"Pays de la Loire Coopération Internationale",
	"GESCOD",
	"Horizons solidaires",
	"Bourgogne-Franche-Comté International",
	"Haïti Futur",
	"Association des Maliens de Montreuil",
	"Action contre la faim",
	"Fondation de France",
	"Secours Catholique – Caritas France",
)

var research = publicBodies(
	"Sciences Po Paris",
	"Université Paris 1 Panthéon-Sorbonne",
	"Institut de recherche pour le développement (IRD)",
	"CIRAD",
	"Sciences Po Grenoble",
	"Université Bordeaux Montaigne",
	"Institut des Amériques",
	"IDDRI",
	"École des Ponts ParisTech",
)

var consultancies = companies(
	"Egis", "Artelia", "Setec", "SCE Aménagement", "Hydroconseil", "Urbaconsulting", "Transitec",
	"Ingérop", "Safege", "Groupe Huit", "Ecodev Conseil", "Territoires & Coopération Conseil",
	"Iris Conseil", "Technopolis France", "Semaphores", "Calia Conseil", "Urbanis",
)

var press = companies(
	"Le Monde", "Le Monde Afrique", "RFI", "La Gazette des communes", "Jeune Afrique", "France 24",
	"TV5Monde", "Le Moniteur", "Le Courrier des maires", "Ouest-France", "Libération", "La Croix",
	"Agence France-Presse (AFP)", "Acteurs publics", "Les Échos", "Le Figaro", "Localtis", "Maire-info",
	"Alternatives économiques", "France Culture", "La Tribune", "Courrier international", "Le Parisien",
)

// partners are the Forum's institutional supporters and sponsors.
var partners = append(publicBodies(
	"Agence française de développement (AFD)",
	"Caisse des Dépôts",
	"Expertise France",
	"Business France",
	"Ministère des Affaires étrangères et du Développement international",
	"Programme des Nations unies pour le développement (PNUD)",
	"PLATFORMA",
), companies(
	"Veolia", "Suez", "EDF", "Engie", "La Poste", "Crédit coopératif", "Transdev", "Keolis", "Egis",
	"Orange", "Schneider Electric", "Air France", "SNCF International", "RATP Dev", "Vinci Construction",
)...)

// ---------------------------------------------------------------------------
// Origins: names, languages and organisations by country

// origin is where an attendee comes from: the country column, how likely
// they are to be greeted in French, and pools of names and employers. A last
// name written "Kowalski|Kowalska" has a masculine and a feminine form.
type origin struct {
	country string
	weight  int     // relative share among foreign attendees
	frShare float64 // probability of language fr
	female  []string
	male    []string
	last    []string
	orgs    []organisation
	press   []organisation
}

func (o *origin) lastName(raw string, female bool) string {
	masc, fem, ok := strings.Cut(raw, "|")
	if ok && female {
		return fem
	}
	return masc
}

func originByCountry(country string) *origin {
	for _, o := range foreign {
		if o.country == country {
			return o
		}
	}
	panic("demogen: no origin for " + country) // a typo in the tables above
}

var france = origin{
	country: "France",
	frShare: 1,
	female: []string{
		"Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Sandrine", "Christine",
		"Véronique", "Stéphanie", "Céline", "Sophie", "Aurélie", "Émilie", "Julie", "Caroline", "Delphine",
		"Élodie", "Anne", "Marie", "Hélène", "Éloïse", "Thérèse", "Agnès", "Béatrice", "Cécile", "Geneviève",
		"Martine", "Monique", "Brigitte", "Pascale", "Laurence", "Florence", "Karine", "Virginie", "Mélanie",
		"Audrey", "Claire", "Camille", "Laure", "Marion", "Pauline", "Anaïs", "Chloé", "Noémie", "Gaëlle",
		"Maëlle", "Solène", "Léa", "Amandine", "Marie-Claire", "Anne-Sophie", "Marie-Hélène",
		"Marie-Christine", "Josiane", "Danièle", "Odile", "Ghislaine", "Myriam", "Nadia", "Samia", "Leïla",
		"Aïcha", "Yasmina", "Aminata", "Mireille", "Corinne", "Élise", "Joëlle", "Clémence", "Margaux",
	},
	male: []string{
		"Philippe", "Christophe", "Stéphane", "Frédéric", "Laurent", "Pascal", "Thierry", "Olivier",
		"Nicolas", "Sébastien", "Jérôme", "François", "Éric", "Patrick", "Didier", "Bruno", "Jean", "Pierre",
		"Michel", "Alain", "Bernard", "Gérard", "Daniel", "Jacques", "Jean-Pierre", "Jean-Marc", "Jean-Luc",
		"Jean-François", "Pierre-Yves", "Benoît", "Grégoire", "Guillaume", "Julien", "Mathieu", "Antoine",
		"Romain", "Thomas", "Vincent", "Arnaud", "Cédric", "Fabrice", "Hervé", "Yves", "Loïc", "Joël",
		"Raphaël", "Gaël", "Hugues", "Rémi", "Mehdi", "Karim", "Rachid", "Samir", "Mamadou", "Moussa",
		"Tanguy", "Yannick", "Serge", "Régis", "Emmanuel", "Xavier", "Lionel", "Gilles", "Denis", "André",
		"Jean-Claude", "Étienne", "Noël", "Maxime", "Adrien",
	},
	last: []string{
		"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
		"Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
		"Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet",
		"François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
		"Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
		"Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Boyer", "Denis",
		"Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier",
		"Perez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt",
		"Leroux", "Colin", "Fernandez", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud",
		"Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix", "Fabre",
		"Dupuis", "Olivier", "Hubert", "Guillot", "Rivière", "Le Gall", "Le Goff", "Le Bihan", "Guillaume",
		"Moulin", "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier", "Maillard",
		"Marchal", "Aubry", "Vasseur", "Renault", "Jacquet", "Prévost", "Poirier", "Charpentier", "Huet",
		"Baron", "Dupuy", "Pons", "Carré", "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Marty",
		"Thébault", "Hébert", "Bénard", "Lemaître", "Courtois", "Besnard", "Quéré", "Kerbrat", "Chênevert",
		"de La Roche", "de Sousa", "d'Aubigny", "Da Silva", "Dos Santos", "Diallo", "Traoré", "N'Diaye",
		"Benali", "Haddad", "Bensaïd", "Nguyen", "Tran", "Cohen", "Lévy", "Kowalski", "Ferrari",
	},
}

// foreign origins, by region: West, North and East Africa, the Americas,
// Asia and Europe.
var foreign = []*origin{
	{
		country: "Sénégal", weight: 10, frShare: 1,
		female: []string{"Aminata", "Fatou", "Awa", "Mariama", "Khady", "Ndèye", "Aïssatou", "Coumba", "Rokhaya", "Seynabou", "Astou", "Bineta"},
		male:   []string{"Mamadou", "Moussa", "Abdoulaye", "Ousmane", "Cheikh", "Ibrahima", "Souleymane", "Babacar", "Modou", "Papa", "Adama", "Serigne"},
		last:   []string{"Diop", "Ndiaye", "N'Diaye", "Fall", "Sow", "Diallo", "Sarr", "Ba", "Gueye", "Faye", "Ndour", "Mbaye", "Diouf", "Cissé", "Thiam", "Seck", "Sy", "Kane", "Niang", "Mbengue", "Dieng"},
		orgs: publicBodies("Commune de Dakar", "Ville de Saint-Louis", "Commune de Ziguinchor", "Commune de Thiès",
			"Conseil départemental de Podor", "Union des associations d'élus locaux (UAEL)",
			"Agence de développement municipal (ADM)", "Ministère de la Gouvernance locale (Sénégal)"),
		press: companies("Le Soleil", "Sud Quotidien"),
	},
	{
		country: "Mali", weight: 8, frShare: 1,
		female: []string{"Fatoumata", "Kadiatou", "Hawa", "Assitan", "Djénéba", "Aminata", "Oumou", "Mariam", "Nana", "Rokia"},
		male:   []string{"Oumar", "Boubacar", "Seydou", "Mahamadou", "Bakary", "Modibo", "Salif", "Sékou", "Moussa", "Amadou", "Lassana", "Tiémoko"},
		last:   []string{"Traoré", "Keïta", "Coulibaly", "Diarra", "Konaté", "Touré", "Sissoko", "Dembélé", "Maïga", "Sidibé", "Cissé", "Kanté", "Doumbia", "Sangaré", "Bagayoko", "Diakité"},
		orgs: publicBodies("Mairie du District de Bamako", "Commune de Kayes", "Commune de Ségou", "Commune de Mopti",
			"Conseil régional de Sikasso", "Association des municipalités du Mali (AMM)",
			"Ministère de la Décentralisation (Mali)"),
		press: companies("L'Essor"),
	},
	{
		country: "Burkina Faso", weight: 8, frShare: 1,
		female: []string{"Aminata", "Rasmata", "Mariam", "Rakiéta", "Alimata", "Pélagie", "Rose", "Salimata", "Awa", "Zénabo"},
		male:   []string{"Issa", "Salif", "Adama", "Boukary", "Idrissa", "Harouna", "Lassané", "Hamidou", "Inoussa", "Clément", "Jean-Baptiste", "Souleymane"},
		last:   []string{"Ouédraogo", "Sawadogo", "Compaoré", "Kaboré", "Zongo", "Ouattara", "Traoré", "Yaméogo", "Zida", "Sanou", "Somé", "Ilboudo", "Nikiéma", "Tapsoba", "Kiemdé", "Bationo"},
		orgs: publicBodies("Commune de Ouagadougou", "Commune de Bobo-Dioulasso", "Commune de Koudougou",
			"Commune de Ouahigouya", "Région du Centre-Nord", "Association des municipalités du Burkina Faso (AMBF)"),
		press: companies("Sidwaya"),
	},
	{
		country: "Côte d'Ivoire", weight: 6, frShare: 1,
		female: []string{"Aya", "Adjoua", "Amenan", "Marie-Laure", "Bintou", "Christelle", "Affoué", "Akissi", "Mariam", "Nadège"},
		male:   []string{"Kouadio", "Yao", "Serge", "Didier", "Jean-Claude", "Ahoua", "Mamadou", "Patrice", "Ange", "Éric", "Konan", "Siaka"},
		last:   []string{"Kouassi", "Koffi", "Konan", "Kouamé", "N'Guessan", "Ouattara", "Bamba", "Koné", "Touré", "Aka", "Brou", "Kouadio", "Soro", "Tanoh", "Dago", "Yapi"},
		orgs: publicBodies("District autonome d'Abidjan", "Commune de Cocody", "Commune de Yopougon",
			"Ville de Bouaké", "Commune de Grand-Bassam", "Union des villes et communes de Côte d'Ivoire (UVICOCI)"),
		press: companies("Fraternité Matin"),
	},
	{
		country: "Niger", weight: 4, frShare: 1,
		female: []string{"Zeinabou", "Hadiza", "Mariama", "Aïchatou", "Salamatou", "Rabi", "Fati", "Ramatou"},
		male:   []string{"Hamidou", "Abdoulaye", "Ousseini", "Moussa", "Ali", "Boubacar", "Harouna", "Ibrahim", "Issoufa", "Seyni"},
		last:   []string{"Abdou", "Moussa", "Hamani", "Mahamane", "Oumarou", "Adamou", "Seyni", "Zakari", "Garba", "Idrissa", "Souley", "Tahirou", "Maïnassara"},
		orgs: publicBodies("Ville de Niamey", "Commune de Zinder", "Commune d'Agadez", "Commune de Tahoua",
			"Association des municipalités du Niger (AMN)"),
	},
	{
		country: "Bénin", weight: 5, frShare: 1,
		female: []string{"Rosine", "Prudence", "Bénédicte", "Félicité", "Afiavi", "Reine", "Estelle", "Ginette"},
		male:   []string{"Codjo", "Kossi", "Rodrigue", "Gildas", "Arsène", "Euloge", "Ghislain", "Marius", "Séverin", "Romuald", "Wilfried"},
		last:   []string{"Houngbédji", "Agbodjan", "Dossou", "Akpovi", "Adjovi", "Hounkpatin", "Gbaguidi", "Ahouandjinou", "Sossou", "Tossou", "Kpadonou", "Dagbo", "Assogba", "Hounsou"},
		orgs: publicBodies("Commune de Porto-Novo", "Commune de Cotonou", "Commune d'Abomey", "Commune de Parakou",
			"Commune de Ouidah", "Association nationale des communes du Bénin (ANCB)"),
		press: companies("La Nation"),
	},
	{
		country: "Togo", weight: 4, frShare: 1,
		female: []string{"Yawa", "Afi", "Akossiwa", "Sena", "Kafui", "Dédé", "Essi", "Abla"},
		male:   []string{"Komi", "Kokou", "Edem", "Mawuli", "Essowè", "Kodjo", "Yao", "Koffi", "Atsou"},
		last:   []string{"Agbéko", "Amégan", "Kodjo", "Akakpo", "Mensah", "Lawson", "Adjavon", "Gbeassor", "Tchalla", "Kpodar", "Amouzou", "Dogbé", "Ayéva"},
		orgs: publicBodies("Commune de Lomé", "Commune de Kpalimé", "Commune de Sokodé", "Commune d'Atakpamé",
			"Union des communes du Togo (UCT)"),
	},
	{
		country: "Mauritanie", weight: 3, frShare: 0.9,
		female: []string{"Mariem", "Khadijetou", "Aïchetou", "Vatimetou", "Zeinebou", "Mounina", "Fatimetou"},
		male:   []string{"Mohamed", "Ahmed", "Sidi", "Cheikh", "Brahim", "El Hadj", "Moulaye", "Mamadou", "Abdallahi"},
		last:   []string{"Ould Ahmed|Mint Ahmed", "Ould Mohamed|Mint Mohamed", "Ould Abdallah|Mint Abdallah", "Ould Sidi|Mint Sidi", "Ould Cheikh|Mint Cheikh", "Ould Bah|Mint Bah", "Ba", "Sy", "Kane", "Diop", "Sow"},
		orgs: publicBodies("Commune de Nouakchott", "Commune de Rosso", "Commune de Kaédi", "Région du Gorgol",
			"Association des maires de Mauritanie"),
	},
	{
		country: "Maroc", weight: 7, frShare: 0.95,
		female: []string{"Fatima", "Khadija", "Nadia", "Samira", "Zineb", "Meryem", "Naïma", "Loubna", "Souad", "Hajar"},
		male:   []string{"Mohamed", "Youssef", "Karim", "Rachid", "Saïd", "Hicham", "Amine", "Hassan", "Abdelkader", "Driss", "Mehdi"},
		last:   []string{"El Amrani", "Benjelloun", "Alaoui", "Bennani", "Tazi", "El Idrissi", "Berrada", "Chraïbi", "Fassi-Fihri", "El Mansouri", "Lahlou", "Ouazzani", "Skalli", "Kettani", "Naciri", "El Ouafi", "Belhaj"},
		orgs: publicBodies("Commune de Rabat", "Commune de Marrakech", "Commune de Fès", "Commune de Chefchaouen",
			"Commune d'Agadir", "Conseil régional de l'Oriental",
			"Association marocaine des présidents des conseils communaux (AMPCC)",
			"Ministère de l'Intérieur – DGCL (Maroc)"),
		press: companies("L'Économiste", "TelQuel"),
	},
	{
		country: "Algérie", weight: 4, frShare: 0.95,
		female: []string{"Lynda", "Amel", "Nadia", "Fatiha", "Sabrina", "Djamila", "Meriem", "Rachida", "Ouiza", "Karima"},
		male:   []string{"Mohamed", "Karim", "Amine", "Yacine", "Sofiane", "Nassim", "Farid", "Samir", "Kamel", "Hocine", "Mourad"},
		last:   []string{"Benali", "Bouzid", "Belkacem", "Hadj-Ahmed", "Mebarki", "Saadi", "Zerrouki", "Khelifi", "Brahimi", "Hamidi", "Cherif", "Bensalem", "Djebbar", "Ouali", "Mokrani", "Larbi", "Aït Kaci"},
		orgs: publicBodies("Assemblée populaire communale d'Oran", "Assemblée populaire communale d'Alger-Centre",
			"Wilaya de Tlemcen", "Assemblée populaire communale de Béjaïa", "Wilaya de Constantine"),
		press: companies("El Watan"),
	},
	{
		country: "Tunisie", weight: 5, frShare: 0.95,
		female: []string{"Sonia", "Leïla", "Rim", "Amira", "Olfa", "Imen", "Sana", "Houda", "Yosra", "Emna"},
		male:   []string{"Mohamed", "Sami", "Anis", "Mehdi", "Walid", "Hichem", "Nizar", "Karim", "Slim", "Skander"},
		last:   []string{"Ben Salah", "Jebali", "Gharbi", "Hammami", "Mejri", "Ayari", "Chaabane", "Ben Youssef", "Khemiri", "Sassi", "Jaziri", "Ben Amor", "Mansouri", "Dridi", "Chebbi", "Ben Hamida", "Zouari"},
		orgs: publicBodies("Municipalité de Tunis", "Municipalité de Sfax", "Municipalité de Sousse",
			"Municipalité de Kairouan", "Municipalité de Bizerte", "Fédération nationale des villes tunisiennes (FNVT)"),
		press: companies("La Presse de Tunisie"),
	},
	{
		country: "Liban", weight: 5, frShare: 0.85,
		female: []string{"Maya", "Rania", "Nour", "Carla", "Hiba", "Mireille", "Layal", "Joëlle", "Rita", "Nada"},
		male:   []string{"Georges", "Élie", "Joseph", "Rami", "Walid", "Nadim", "Karim", "Ziad", "Fadi", "Samir", "Antoine"},
		last:   []string{"Khoury", "Haddad", "Saadé", "Nassar", "Abi Saab", "Karam", "Younès", "Makhlouf", "Hajj", "Abou Jaoudé", "Sfeir", "Harb", "Tannous", "Bou Khalil", "Daher", "Fayad"},
		orgs: publicBodies("Municipalité de Byblos", "Municipalité de Tripoli", "Municipalité de Saïda",
			"Union des municipalités du Kesrouan-Ftouh", "Municipalité de Zahlé", "Municipalité de Beyrouth"),
		press: companies("L'Orient-Le Jour"),
	},
	{
		country: "Madagascar", weight: 4, frShare: 1,
		female: []string{"Voahirana", "Lalao", "Fanja", "Hanta", "Soa", "Tiana", "Nirina", "Vololona"},
		male:   []string{"Hery", "Faly", "Haja", "Mamy", "Rivo", "Naina", "Tahina", "Andry", "Rado"},
		last:   []string{"Rakotomalala", "Randrianarisoa", "Rasolofo", "Andrianaivo", "Rakotoarisoa", "Razafindrakoto", "Rabemananjara", "Ravelonarivo", "Andriamanana", "Raharison", "Rakotondrabe", "Ratsimbazafy", "Rasoanaivo"},
		orgs: publicBodies("Commune urbaine d'Antananarivo", "Commune urbaine de Mahajanga",
			"Commune urbaine de Fianarantsoa", "Région Atsinanana", "Région Analamanga"),
	},
	{
		country: "Haïti", weight: 4, frShare: 1,
		female: []string{"Marie-Carmel", "Guerda", "Nadège", "Rose-Marie", "Jocelyne", "Ketly", "Marie-Ange", "Fabiola", "Myrlande"},
		male:   []string{"Jean-Robert", "Wilner", "Jean-Baptiste", "Fritz", "Evens", "Lesly", "Ronald", "Dieudonné", "Frantz", "Jacques-Édouard"},
		last:   []string{"Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Saint-Fleur", "Désir", "Célestin", "Étienne", "Dorvil", "Jean-Louis", "Augustin", "Toussaint", "Exantus", "Delva", "Métellus", "Fils-Aimé"},
		orgs: publicBodies("Mairie de Jacmel", "Mairie de Port-au-Prince", "Mairie du Cap-Haïtien",
			"Mairie des Gonaïves", "Fédération nationale des maires d'Haïti (FENAMH)"),
		press: companies("Le Nouvelliste"),
	},
	{
		country: "Brésil", weight: 3, frShare: 0.15,
		female: []string{"Ana", "Maria", "Fernanda", "Juliana", "Camila", "Beatriz", "Patrícia", "Luciana", "Letícia", "Conceição"},
		male:   []string{"João", "José", "Luiz", "Paulo", "Rafael", "Thiago", "Marcelo", "Rodrigo", "Gabriel", "Sérgio"},
		last:   []string{"Silva", "Santos", "Oliveira", "Souza", "Pereira", "Lima", "Carvalho", "Ferreira da Silva", "Costa", "Rodrigues", "Almeida", "Nascimento", "Araújo", "Ribeiro", "Gonçalves", "Barbosa", "Moreira da Costa", "dos Santos", "Magalhães"},
		orgs: publicBodies("Prefeitura de Belo Horizonte", "Prefeitura de Porto Alegre", "Prefeitura de São Paulo",
			"Governo do Estado da Bahia", "Frente Nacional de Prefeitos (FNP)"),
	},
	{
		country: "Mexique", weight: 2, frShare: 0.1,
		female: []string{"María Guadalupe", "Fernanda", "Sofía", "Ximena", "Verónica", "Adriana", "Lucía"},
		male:   []string{"José Luis", "Alejandro", "Juan Carlos", "Miguel Ángel", "Jesús", "Ricardo", "Eduardo"},
		last:   []string{"Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz", "Flores", "Morales", "Vázquez", "Reyes"},
		orgs: publicBodies("Gobierno de la Ciudad de México", "Municipio de Oaxaca de Juárez",
			"Gobierno del Estado de Jalisco", "Municipio de Puebla"),
	},
	{
		country: "Chili", weight: 2, frShare: 0.1,
		female: []string{"Francisca", "Catalina", "Javiera", "Constanza", "Valentina", "Carolina", "Paulina"},
		male:   []string{"Matías", "Benjamín", "Felipe", "Cristián", "Ignacio", "Rodrigo", "Andrés"},
		last:   []string{"González", "Muñoz", "Rojas", "Díaz", "Soto", "Contreras", "Silva", "Sepúlveda", "Fuentes", "Valenzuela", "Araya", "Espinoza", "Tapia"},
		orgs: publicBodies("Municipalidad de Valparaíso", "Municipalidad de Santiago", "Gobierno Regional del Biobío",
			"Municipalidad de Concepción"),
	},
	{
		country: "Argentine", weight: 2, frShare: 0.1,
		female: []string{"Florencia", "Agustina", "Lucía", "Mariana", "Silvina", "Valeria", "Carolina"},
		male:   []string{"Martín", "Sebastián", "Gonzalo", "Facundo", "Diego", "Pablo", "Nicolás"},
		last:   []string{"González", "Rodríguez", "Fernández", "López", "Romero", "Sosa", "Álvarez", "Acosta", "Benítez", "Medina", "Herrera", "Suárez", "Giménez", "Rossi"},
		orgs: publicBodies("Municipalidad de Rosario", "Gobierno de la Ciudad de Buenos Aires",
			"Municipalidad de Córdoba", "Provincia de Mendoza"),
	},
	{
		// Family name in last_name, middle and given names in first_name, as
		// Vietnamese attendees fill in French forms.
		country: "Vietnam", weight: 5, frShare: 0.4,
		female: []string{"Thị Hương", "Thị Mai", "Thu Trang", "Ngọc Anh", "Thị Lan", "Thanh Hà", "Phương Linh", "Thị Hồng", "Minh Châu"},
		male:   []string{"Văn Hùng", "Đức Anh", "Minh Tuấn", "Quốc Bảo", "Hoàng Nam", "Thanh Sơn", "Văn Long", "Công Thành", "Hữu Phước"},
		last:   []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"},
		orgs: publicBodies("Ville de Hué", "Comité populaire de Hanoï", "Comité populaire de Hô Chi Minh-Ville",
			"Province de Lào Cai", "Ville de Đà Nẵng", "Province de Quảng Nam"),
	},
	{
		country: "Cambodge", weight: 3, frShare: 0.35,
		female: []string{"Sopheap", "Channary", "Bopha", "Sreymom", "Chenda", "Malis", "Sothea"},
		male:   []string{"Sokha", "Dara", "Vannak", "Rithy", "Veasna", "Piseth", "Kosal", "Vuthy"},
		last:   []string{"Sok", "Chan", "Kim", "Heng", "Ly", "Meas", "Keo", "Chea", "Seng", "Sam", "Hang", "Touch", "Prak", "Mao"},
		orgs:   publicBodies("Municipalité de Phnom Penh", "Province de Siem Reap", "Ville de Battambang", "Province de Kampot"),
	},
	{
		country: "Laos", weight: 2, frShare: 0.4,
		female: []string{"Manivone", "Sengdao", "Vilayvanh", "Phetsamone", "Bouasone", "Noy"},
		male:   []string{"Souksavanh", "Khamphone", "Bounmy", "Phonsavanh", "Somphone", "Somsack"},
		last:   []string{"Phommachanh", "Sisavath", "Vongsa", "Keomany", "Inthavong", "Souvannavong", "Chanthavong", "Phimmasone", "Sengsouvanh", "Sayavong"},
		orgs:   publicBodies("Préfecture de Vientiane", "Province de Luang Prabang", "Province de Champassak"),
	},
	{
		country: "Chine", weight: 3, frShare: 0.05,
		female: []string{"Jing", "Hui", "Yan", "Fang", "Min", "Ying", "Mei", "Xiaoling"},
		male:   []string{"Wei", "Lei", "Jun", "Hao", "Qiang", "Ping", "Jie", "Xiaoming"},
		last:   []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"},
		orgs: publicBodies("Ville de Wuhan", "Municipalité de Chengdu", "Ville de Xi'an", "Province du Hubei",
			"Association du peuple chinois pour l'amitié avec l'étranger (APCAE)"),
	},
	{
		country: "Japon", weight: 3, frShare: 0.05,
		female: []string{"Yuki", "Haruka", "Akiko", "Naoko", "Yoshiko", "Tomoko", "Emi", "Mariko"},
		male:   []string{"Hiroshi", "Takeshi", "Kenji", "Satoshi", "Kazuo", "Daisuke", "Shinji", "Takumi"},
		last:   []string{"Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura", "Kobayashi", "Katō", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue"},
		orgs: publicBodies("Préfecture de Nara", "Ville de Kyoto", "Préfecture d'Okayama", "Ville d'Osaka",
			"Council of Local Authorities for International Relations (CLAIR)"),
	},
	{
		country: "Allemagne", weight: 4, frShare: 0.1,
		female: []string{"Sabine", "Claudia", "Katrin", "Anja", "Petra", "Ulrike", "Birgit", "Dörte", "Jutta"},
		male:   []string{"Stefan", "Andreas", "Thomas", "Michael", "Jürgen", "Jörg", "Günter", "Matthias", "Jens", "Björn"},
		last:   []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Krüger", "von der Heide"},
		orgs: publicBodies("Stadt Leipzig", "Landeshauptstadt München", "Landeshauptstadt Düsseldorf",
			"Stadt Freiburg im Breisgau", "Land Rheinland-Pfalz", "Deutscher Städtetag", "Engagement Global"),
	},
	{
		country: "Italie", weight: 4, frShare: 0.2,
		female: []string{"Francesca", "Chiara", "Giulia", "Paola", "Elena", "Silvia", "Federica"},
		male:   []string{"Giuseppe", "Marco", "Luca", "Alessandro", "Roberto", "Matteo", "Nicolò"},
		last:   []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Conti", "De Luca", "Mancini", "Lombardi", "Moretti", "D'Angelo", "Di Stefano"},
		orgs: publicBodies("Comune di Torino", "Comune di Firenze", "Comune di Bologna", "Regione Toscana",
			"Città metropolitana di Milano"),
	},
	{
		country: "Espagne", weight: 3, frShare: 0.2,
		female: []string{"Carmen", "Pilar", "Montserrat", "Begoña", "Nuria", "Marta", "Lucía", "Elena"},
		male:   []string{"Javier", "Jordi", "Álvaro", "Íñigo", "Raúl", "Sergio", "Iñaki", "Joaquín"},
		last:   []string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Gómez", "Martín", "Jiménez", "Ruiz", "Díaz", "Moreno", "Muñoz", "Iglesias", "Puig", "Etxeberria", "Ibáñez", "Núñez"},
		orgs: publicBodies("Ajuntament de Barcelona", "Ayuntamiento de Madrid", "Diputació de Barcelona",
			"Gobierno Vasco", "Fons Català de Cooperació al Desenvolupament", "Ayuntamiento de Sevilla"),
	},
	{
		country: "Pologne", weight: 3, frShare: 0.1,
		female: []string{"Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Ewa", "Bożena"},
		male:   []string{"Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Łukasz", "Grzegorz", "Wojciech"},
		last:   []string{"Nowak", "Kowalski|Kowalska", "Wiśniewski|Wiśniewska", "Wójcik", "Kowalczyk", "Kamiński|Kamińska", "Lewandowski|Lewandowska", "Zieliński|Zielińska", "Szymański|Szymańska", "Woźniak", "Dąbrowski|Dąbrowska", "Kozłowski|Kozłowska", "Mazur", "Krawczyk"},
		orgs: publicBodies("Urząd Miasta Krakowa", "Urząd Miejski Wrocławia",
			"Urząd Marszałkowski Województwa Małopolskiego", "Związek Miast Polskich"),
	},
	{
		country: "Roumanie", weight: 3, frShare: 0.35,
		female: []string{"Ioana", "Elena", "Maria", "Cristina", "Andreea", "Mădălina", "Irina", "Doina"},
		male:   []string{"Ștefan", "Andrei", "Alexandru", "Mihai", "Gheorghe", "Ion", "Răzvan", "Bogdan", "Florin", "Ionuț"},
		last:   []string{"Popescu", "Ionescu", "Popa", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei", "Ciobanu", "Constantin", "Rusu", "Munteanu", "Moldovan", "Oprea", "Mihăilescu", "Țurcanu", "Lungu"},
		orgs: publicBodies("Primăria Municipiului Cluj-Napoca", "Primăria Municipiului Iași",
			"Consiliul Județean Timiș", "Primăria Sectorului 1 București"),
	},
	{
		country: "Belgique", weight: 5, frShare: 0.85,
		female: []string{"Pascale", "Françoise", "Anne-Marie", "Els", "Véronique", "Isabelle", "Nathalie", "Griet"},
		male:   []string{"Jean-Luc", "Philippe", "Marc", "Luc", "Bart", "Koen", "Geert", "Thierry", "Wim"},
		last:   []string{"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert", "Leclercq", "Van den Bossche", "Vandenberghe", "Lejeune", "Renard"},
		orgs: publicBodies("Ville de Liège", "Ville de Namur", "Région de Bruxelles-Capitale",
			"Union des villes et communes de Wallonie (UVCW)", "Stad Gent", "Brulocalis"),
	},
}
