package main

import "strings"

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
