package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

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
