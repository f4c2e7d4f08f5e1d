// Package i18n is the kiosk's message catalogue, in French and English.
//
// The kiosk cannot use its toolkit's translations: those pick one language
// per process, while the kiosk switches the screen's language with a FR/EN
// toggle and shows each visitor's verdict in that attendee's own language.
// So every text goes through Catalog.T with the language it is for.
//
// The texts live in assets/i18n/fr.json and en.json, in go-i18n's "simple"
// form ({"key": "text"}), and name their placeholders: "Bienvenue, {name} !"
// is filled by T(FR, "welcome", "name", "Awa"). Load refuses a catalogue
// whose languages differ in keys or placeholders, so a text added in one
// language only, or a placeholder misspelt in one, fails at start (and in
// the tests) rather than on a visitor's screen.
package i18n

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/accueil/accueil/assets"
)

// Lang is a screen language.
type Lang string

const (
	FR Lang = "fr"
	EN Lang = "en"
)

// Langs are the catalogue's languages, French first: the event's own.
var Langs = []Lang{FR, EN}

// Match returns the catalogue language for a language tag such as "fr",
// "EN", "en-GB" or "fr_CA". Anything else, the empty tag included, is
// French, the language the roster defaults to.
func Match(tag string) Lang {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	if base == string(EN) {
		return EN
	}
	return FR
}

// Catalog holds every text in every language, parsed once.
type Catalog struct {
	texts map[Lang]map[string]text
	keys  []string
}

// text is a message cut at its placeholders: parts alternate literal text
// and placeholder names, starting and ending with literal text.
type text struct {
	parts []string
}

// Builtin loads the catalogue embedded in package assets.
func Builtin() (*Catalog, error) {
	sub, err := fs.Sub(assets.I18N, "i18n")
	if err != nil {
		return nil, fmt.Errorf("i18n: embedded catalogue: %w", err)
	}
	return Load(sub)
}

// Load reads fr.json and en.json from fsys. It fails if a file is missing or
// not a flat JSON object of strings, if a key appears twice or is not
// lower_snake_case, if a text is empty, or if the two languages differ in
// their keys or in the placeholders of one key.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{texts: map[Lang]map[string]text{}}
	for _, l := range Langs {
		name := string(l) + ".json"
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", name, err)
		}
		m, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		c.texts[l] = m
	}
	fr, en := c.texts[FR], c.texts[EN]
	var problems []error
	for k, t := range fr {
		u, ok := en[k]
		if !ok {
			problems = append(problems, fmt.Errorf("key %q is in fr.json, not in en.json", k))
			continue
		}
		if a, b := t.placeholders(), u.placeholders(); !slices.Equal(a, b) {
			problems = append(problems, fmt.Errorf("key %q: placeholders {%s} in fr.json, {%s} in en.json",
				k, strings.Join(a, "}, {"), strings.Join(b, "}, {")))
		}
		c.keys = append(c.keys, k)
	}
	for k := range en {
		if _, ok := fr[k]; !ok {
			problems = append(problems, fmt.Errorf("key %q is in en.json, not in fr.json", k))
		}
	}
	if len(problems) > 0 {
		// Sorted, so that the message is the same from run to run.
		slices.SortFunc(problems, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, fmt.Errorf("i18n: catalogue languages differ: %w", errors.Join(problems...))
	}
	slices.Sort(c.keys)
	return c, nil
}

// parse reads one file. It walks the JSON tokens instead of unmarshalling
// into a map, which would keep the last of two equal keys without a word.
func parse(b []byte) (map[string]text, error) {
	if !utf8.Valid(b) {
		return nil, errors.New("not valid UTF-8")
	}
	d := json.NewDecoder(bytes.NewReader(b))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("want a JSON object of texts: %v", tokenErr(tok, err))
	}
	m := map[string]text{}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("read key: %w", err)
		}
		k := tok.(string) // object keys are always strings
		tok, err = d.Token()
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k, err)
		}
		s, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("key %q: want a string, got %v", k, tokenErr(tok, nil))
		}
		if !isSnake(k) {
			return nil, fmt.Errorf("key %q is not lower_snake_case", k)
		}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("key %q appears twice", k)
		}
		if strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("key %q has an empty text", k)
		}
		m[k] = split(s)
	}
	if _, err := d.Token(); err != nil {
		return nil, fmt.Errorf("unterminated object: %w", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("data after the object")
	}
	return m, nil
}

// tokenErr describes what stood where a string or an object was wanted.
func tokenErr(tok json.Token, err error) string {
	if err != nil {
		return err.Error()
	}
	if d, ok := tok.(json.Delim); ok {
		return "'" + d.String() + "'"
	}
	return fmt.Sprintf("%T %v", tok, tok)
}

// isSnake tells whether k is lower_snake_case: lower-case ASCII letters and
// digits in words joined by single underscores, starting with a letter.
func isSnake(k string) bool {
	if k == "" || k[0] < 'a' || k[0] > 'z' || k[len(k)-1] == '_' || strings.Contains(k, "__") {
		return false
	}
	for i := range len(k) {
		c := k[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// split cuts s at its placeholders: "{" then a lower_snake_case name then
// "}". Other braces are literal text, so a stray "{" shows as it is.
func split(s string) text {
	var parts []string
	lit := 0 // start of the literal text not yet cut
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end < 0 {
			break
		}
		name := s[i+1 : i+1+end]
		if !isSnake(name) {
			continue
		}
		parts = append(parts, s[lit:i], name)
		i += end + 1
		lit = i + 1
	}
	return text{parts: append(parts, s[lit:])}
}

// placeholders returns the text's placeholder names, sorted, each once.
func (t text) placeholders() []string {
	var names []string
	for i := 1; i < len(t.parts); i += 2 {
		names = append(names, t.parts[i])
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// T returns the text for key in language l (French for a language the
// catalogue lacks), its placeholders filled from args, given as name–value
// pairs: T(FR, "welcome", "name", "Awa") gives "Bienvenue, Awa !". Values
// are formatted as by fmt.Sprint. A placeholder with no value stays as
// "{name}", so that a forgotten argument shows on screen rather than
// vanishing; extra arguments are ignored. An unknown key returns the key
// itself, which Has lets a test catch.
func (c *Catalog) T(l Lang, key string, args ...any) string {
	m, ok := c.texts[l]
	if !ok {
		m = c.texts[FR]
	}
	t, ok := m[key]
	if !ok {
		return key
	}
	if len(t.parts) == 1 {
		return t.parts[0]
	}
	var b strings.Builder
	for i, p := range t.parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		if v, ok := lookup(args, p); ok {
			b.WriteString(v)
		} else {
			b.WriteString("{" + p + "}")
		}
	}
	return b.String()
}

// lookup finds name's value among name–value pairs. A name that is not a
// string is compared as fmt.Sprint prints it; an odd last name has no value.
func lookup(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			k = fmt.Sprint(args[i])
		}
		if k == name {
			return fmt.Sprint(args[i+1]), true
		}
	}
	return "", false
}

// Has tells whether key is in the catalogue (in every language, as Load
// ensures).
func (c *Catalog) Has(key string) bool {
	_, ok := c.texts[FR][key]
	return ok
}

// Keys returns every key, sorted.
func (c *Catalog) Keys() []string { return slices.Clone(c.keys) }

// Placeholders returns the names key's text expects, sorted (the same in
// every language), or nil for an unknown key or a text without any. The
// window's tests can use it to check that each call passes them all.
func (c *Catalog) Placeholders(key string) []string {
	t, ok := c.texts[FR][key]
	if !ok {
		return nil
	}
	return t.placeholders()
}
