package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

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
