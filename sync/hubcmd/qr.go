package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/fold"
	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/kiosk/roster"
)

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// qr writes one PNG per badge, named after the attendee, payloads.txt with
// one token per line, ready to paste into a headless kiosk, and index.tsv
// saying whose badge each is.
func (m *Main) qr(_ context.Context, args []string) error {
	fs := m.command("qr", "-out DIR [-id ID ...] [-n N] [-module 8]")
	out := fs.String("out", "", "folder to write the PNG files into (created if missing)")
	n := fs.Int("n", 0, "only the first N attendees of the roster (0: all)")
	module := fs.Int("module", 8, "pixels per QR module")
	var ids stringList
	fs.Var(&ids, "id", "attendee `id` to make a badge for (repeatable; default: the roster)")
	if _, err := fs.parse(args, 0, ""); err != nil {
		return err
	}
	if *out == "" {
		return usageError{errors.New("qr: -out DIR is required")}
	}
	if *module < 2 || *module > 64 {
		return usageError{fmt.Errorf("qr: -module %d is out of range (2 to 64)", *module)}
	}
	ev, err := assets.DemoEvent()
	if err != nil {
		return err
	}
	key, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		return fmt.Errorf("demo event key: %w", err)
	}
	parsed, err := roster.ReadAttendees(strings.NewReader(string(assets.DemoRosterCSV())), nil)
	if err != nil {
		return fmt.Errorf("demo roster: %w", err)
	}
	chosen, err := pick(parsed.Attendees, ids, *n)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	var payloads, index strings.Builder
	index.WriteString("id\tname\tcategory\tfile\tpayload\n")
	for _, a := range chosen {
		tok, err := key.Sign(kiosk.Token{Event: ev.ID, AttendeeID: a.ID, Issue: 1})
		if err != nil {
			return err
		}
		name := a.ID + "-" + strings.ReplaceAll(fold.String(a.Name()), " ", "-") + ".png"
		if err := qr.WritePNG(filepath.Join(*out, name), tok, *module); err != nil {
			return fmt.Errorf("qr for %s: %w", a.ID, err)
		}
		payloads.WriteString(tok + "\n")
		fmt.Fprintf(&index, "%s\t%s\t%s\t%s\t%s\n", a.ID, a.Name(), a.Category, name, tok)
	}
	if err := os.WriteFile(filepath.Join(*out, "index.tsv"), []byte(index.String()), 0o644); err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	if err := os.WriteFile(filepath.Join(*out, "payloads.txt"), []byte(payloads.String()), 0o644); err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	fmt.Fprintf(m.Stdout, "%d badges written to %s\n", len(chosen), *out)
	return nil
}

func pick(all []kiosk.Attendee, ids []string, n int) ([]kiosk.Attendee, error) {
	if len(ids) == 0 {
		if n > 0 && n < len(all) {
			return all[:n], nil
		}
		return all, nil
	}
	byID := make(map[string]kiosk.Attendee, len(all))
	for _, a := range all {
		byID[a.ID] = a
	}
	var out []kiosk.Attendee
	var unknown []string
	for _, id := range ids {
		a, ok := byID[id]
		if !ok {
			unknown = append(unknown, id)
			continue
		}
		out = append(out, a)
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("qr: no attendee with id %s in the demo roster", strings.Join(unknown, ", "))
	}
	return out, nil
}
