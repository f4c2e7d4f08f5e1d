package main

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// The General Meeting of Cités Unies France: its members are French local
// authorities. Each member authority present in the roster votes through
// one person, its first registered visitor; votes follow the statutes'
// usual weighting by the size of the authority. About one member in six
// gives its proxy to another member (two proxies at most per holder), as
// members who cannot stay for the second afternoon do.
const (
	shareProxies = 1.0 / 6
	maxHeld      = 2
	agQuorum     = "1/4" // of all votes, present or represented
)

// votesOf weights a member authority.
func votesOf(org string) int {
	switch {
	case strings.HasPrefix(org, "Région"), strings.HasPrefix(org, "Conseil régional"):
		return 5
	case strings.HasPrefix(org, "Conseil départemental"):
		return 4
	case strings.Contains(org, "Métropole"), strings.Contains(org, "Communauté"), org == "Plaine Commune":
		return 3
	case strings.HasPrefix(org, "Ville"):
		return 2
	}
	return 1
}

// addMeeting sets votes and proxies. It draws from a source of its own so
// that the rest of the roster stays what it was before the meeting's
// columns existed.
func addMeeting(people []person) {
	rng := rand.New(rand.NewPCG(seedHi, seedLo+1))
	authorities := map[string]bool{}
	for _, o := range frenchLocalAuthorities {
		authorities[o.name] = true
	}
	var members []int
	seen := map[string]bool{}
	for i, p := range people {
		if p.category == "visitor" && authorities[p.org] && !seen[p.org] {
			seen[p.org] = true
			people[i].votes = votesOf(p.org)
			members = append(members, i)
		}
	}
	held := map[int]int{}
	given := map[int]bool{}
	for _, m := range members {
		if rng.Float64() >= shareProxies {
			continue
		}
		// A holder is another member that has not given its own proxy.
		for range 20 {
			h := members[rng.IntN(len(members))]
			if h == m || given[h] || held[h] >= maxHeld || len(people[m].proxyFor) > 0 {
				continue
			}
			people[h].proxyFor = append(people[h].proxyFor, people[m].id)
			held[h]++
			given[m] = true
			break
		}
	}
}

// speakersOf names the speakers of the plenaries and the General Meeting,
// drawn from the speakers of the roster (staff for the General Meeting:
// the association's own officers present its reports).
func speakersOf(people []person) map[string][]string {
	rng := rand.New(rand.NewPCG(seedHi, seedLo+2))
	var speakers, staff []string
	for _, p := range people {
		switch p.category {
		case "speaker":
			speakers = append(speakers, p.id)
		case "staff":
			staff = append(staff, p.id)
		}
	}
	draw := func(pool []string, n int) []string {
		ids := slices.Clone(pool)
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		ids = ids[:min(n, len(ids))]
		slices.Sort(ids)
		return ids
	}
	return map[string][]string{
		"plen-open":  draw(speakers, 6),
		"plen-close": draw(speakers, 4),
		"ag-cuf":     draw(staff, 2),
	}
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
