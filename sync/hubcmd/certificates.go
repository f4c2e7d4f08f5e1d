package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/attendance"
	"github.com/accueil/accueil/sync/hubstore"
)

// certificates writes hub certificates: DIR/ID.pdf for each attendee
// admitted at least once; "hub certificates verify" checks one's QR
// payload offline.
func (m *Main) certificates(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return m.verifyCertificate(ctx, args[1:])
	}
	c := m.command("certificates", "-data DIR -out DIR [-lang fr|en|auto] [-id ID ...] [-organiser NAME]")
	c.dataFlag()
	out := c.String("out", "", "the `folder` to write ID.pdf files to (made when missing)")
	lang := c.String("lang", "fr", "`fr, en or auto` (each attendee's own language)")
	organiser := c.String("organiser", "", "the organiser's `name` printed and signed on the certificates (kept for next time; default: the one kept, else the event's name)")
	var ids stringList
	c.Var(&ids, "id", "attendee `id` to make a certificate for (repeatable; default: everyone admitted)")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return usageError{fmt.Errorf("certificates: -out DIR is required")}
	}
	var l kiosk.Language
	if *lang != "auto" {
		var err error
		if l, err = parseLang(*lang); err != nil {
			return usageError{fmt.Errorf("certificates: %w (or auto)", err)}
		}
	}
	st, ev, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *organiser != "" {
		if err := st.SetOrganiser(ctx, *organiser); err != nil {
			return fmt.Errorf("certificates: %w", err)
		}
	}
	loc, err := eventLocation(ev)
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	is, err := attendance.NewIssuer(ctx, st, loc, time.Now())
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	if len(ids) == 0 {
		if ids, err = is.Admitted(ctx); err != nil {
			return fmt.Errorf("certificates: %w", err)
		}
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	written, skipped := 0, 0
	for _, id := range ids {
		cert, err := is.Certificate(ctx, id, l)
		switch {
		case errors.Is(err, attendance.ErrNoAdmission):
			fmt.Fprintf(m.Stderr, "no certificate for %s: never admitted\n", id)
			skipped++
			continue
		case errors.Is(err, hubstore.ErrNotFound):
			return fmt.Errorf("certificates: no attendee %q on the roster", id)
		case err != nil:
			return fmt.Errorf("certificates: %w", err)
		}
		// The id is a file name here: refuse what would leave the folder.
		if strings.ContainsAny(id, `/\`) || id == "." || id == ".." {
			return fmt.Errorf("certificates: attendee id %q cannot be a file name", id)
		}
		if err := writeFileAtomic(filepath.Join(*out, id+".pdf"), func(w io.Writer) error { return cert.WritePDF(w) }); err != nil {
			return fmt.Errorf("certificates: %w", err)
		}
		written++
	}
	fmt.Fprintf(m.Stdout, "wrote %s to %s (%s never admitted)\n", plural(written, "certificate"), *out, plural(skipped, "attendee"))
	return nil
}

// verifyCertificate prints valid (exit 0) or invalid: reason (exit 1).
func (m *Main) verifyCertificate(ctx context.Context, args []string) error {
	c := m.command("certificates verify", "-data DIR PAYLOAD")
	c.dataFlag()
	pos, err := c.parse(args, 1, "PAYLOAD")
	if err != nil {
		return err
	}
	st, ev, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := attendance.VerifyCertificate(pos[0], ev)
	if err != nil {
		// stdout says it for scripts; the error gives exit status 1.
		fmt.Fprintf(m.Stdout, "invalid: %s\n", oneLine(err.Error()))
		return errors.New("certificates verify: the certificate is not valid")
	}
	fmt.Fprintln(m.Stdout, "valid")
	fmt.Fprintf(m.Stderr, "%s (%s), %s: %s; %s, %s in sessions; issued %s by %s\n", s.Name, s.Attendee, s.Organisation,
		s.EventName, strings.Join(s.Days, ", "), plural(len(s.Sessions), "session")+fmt.Sprintf(" %d min", s.Minutes), s.Issued, s.Organiser)
	return nil
}
