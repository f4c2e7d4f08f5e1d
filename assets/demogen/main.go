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
	addMeeting(people)
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
