package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"

	"golang.org/x/text/encoding/charmap"

	"github.com/accueil/accueil/kiosk/csvsafe"
)

// The words of a French Excel roster, all of them Windows-1252: names from
// the Forum's own lists of delegations, with the accents that make a wrong
// decoding show.
var (
	rosterFirst = []string{"Médéric", "Hélène", "François", "Awa", "Moussa", "Aïssata", "Jérôme", "Thérèse", "Éloïse", "Mamadou",
		"Fatoumata", "Karim", "Yasmine", "Linh", "Camille", "Benoît", "Zoé", "João", "María", "Anne", "Pierre", "Ousmane",
		"Salimata", "Hugo", "Inès", "Chloé", "Rachid", "Gaëlle", "Noël", "Françoise"}
	rosterLast = []string{"Petit", "Martin", "Diallo", "Traoré", "Ouédraogo", "N'Diaye", "Lefèvre", "Dubois", "Bernard",
		"Ferreira da Silva", "Müller", "Benali", "Haddad", "Nguyen", "Garcia", "Rousseau", "Faure", "Sow", "Keïta", "Cissé",
		"Moreau", "Laurent", "Girard", "Bonnet", "Mercier", "Blanc", "Guérin", "Lévêque", "Bœuf", "Côté"}
	rosterOrgs = []string{"Ville de Lyon", "Région Nouvelle-Aquitaine", "Commune de Dakar", "Agence française de développement",
		"Cités Unies France", "Ville de Hué", "Conseil départemental de l'Isère", "Municipalité de Tunis",
		"Ministère de l'Europe et des Affaires étrangères", "Métropole Aix-Marseille-Provence"}
	rosterCountries  = []string{"France", "Sénégal", "Côte d'Ivoire", "Maroc", "Tunisie", "Viêt Nam", "Québec (Canada)", "Bénin"}
	rosterCategories = []string{"visitor", "speaker", "press", "delegation", "partner", "staff"}
	rosterNotes      = []string{"Chef de délégation : prévenir le protocole", "Accès fauteuil roulant", "Végétarien ; sans gluten",
		"Interprète anglais-français", "Intervient à la plénière d'ouverture\nArrivée prévue à 9 h 30", "Élu(e) : accueil \"VIP\""}
)

// writeFrenchRoster writes n attendees the way a French Excel saves "CSV
// (séparateur : point-virgule)": Windows-1252, semicolons, CRLF, every
// column filled, quoted notes with semicolons, quotes and line breaks.
// The same seed gives the same file, byte for byte.
func writeFrenchRoster(path string, n int) error {
	r := rand.New(rand.NewPCG(14, 1500))
	var buf bytes.Buffer
	buf.Grow(n * 180)
	w := csvsafe.NewWriter(&buf)
	w.Comma, w.UseCRLF = ';', true
	_ = w.Write([]string{"ID", "Prénom", "First Name", "Last Name", "Organisation", "Category", "Country", "Language", "Email", "Code", "Note"})
	for i := range n {
		first, last := rosterFirst[r.IntN(len(rosterFirst))], rosterLast[r.IntN(len(rosterLast))]
		lang := "fr"
		if i%4 == 0 {
			lang = "en"
		}
		_ = w.Write([]string{
			fmt.Sprintf("A%06d", i+1), first, first, fmt.Sprintf("%s-%d", last, i%97), rosterOrgs[r.IntN(len(rosterOrgs))],
			rosterCategories[r.IntN(len(rosterCategories))], rosterCountries[r.IntN(len(rosterCountries))], lang,
			fmt.Sprintf("a%06d@exemple.fr", i+1), fmt.Sprintf("WZ-%07d", i+1), rosterNotes[r.IntN(len(rosterNotes))],
		})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write roster: %w", err)
	}
	enc, err := charmap.Windows1252.NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		return fmt.Errorf("encode roster as Windows-1252: %w", err)
	}
	if err := os.WriteFile(path, enc, 0o600); err != nil {
		return fmt.Errorf("write roster: %w", err)
	}
	return nil
}
