package hubcmd

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// kioskAdd records a one-time enrollment code and prints it: the code
// alone on stdout, its QR and what to do with it on stderr.
func (m *Main) kioskAdd(ctx context.Context, args []string) error {
	c := m.command("kiosk add", "-data DIR NAME [-role self|desk|session|organiser|standby]")
	data := c.dataFlag()
	role := c.String("role", protocol.RoleSelf, "what the kiosk is for: self (attendees scan themselves), desk (staff at the registration desk), session (a room's door), organiser (live counts) or standby (a second hub laptop, 'hub standby')")
	pos, err := c.parse(args, 1, "NAME")
	if err != nil {
		return err
	}
	name := pos[0]
	if err := protocol.CheckKioskName(name); err != nil {
		return usageError{fmt.Errorf("kiosk add: %w", err)}
	}
	if !protocol.ValidRole(*role) {
		return usageError{fmt.Errorf("kiosk add: unknown -role %q (want %s)", *role, strings.Join(protocol.Roles, ", "))}
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	info, ok, err := readServeInfo(*data)
	if err != nil {
		return fmt.Errorf("kiosk add: %w", err)
	}
	if !ok {
		info = serveInfo{Hub: defaultAddr}
		fmt.Fprintf(m.Stderr, "note: no 'hub serve' has run on %s yet: this code points to %s (plain HTTP, kiosks on this machine only)\n", *data, defaultAddr)
	}
	token, err := enroll.NewToken()
	if err != nil {
		return fmt.Errorf("kiosk add: %w", err)
	}
	standby, err := st.StandbyAddr(ctx)
	if err != nil {
		return fmt.Errorf("kiosk add: %w", err)
	}
	code, err := info.codeWithStandby(token, standby)
	if err != nil {
		return fmt.Errorf("kiosk add: %w", err)
	}
	if err := st.AddEnrollment(ctx, name, *role, enroll.HashToken(token)); err != nil {
		return fmt.Errorf("kiosk add: %w", err)
	}
	fmt.Fprintf(m.Stderr, "Enrollment code for kiosk %q (role %s, hub %s), usable once within %d hours: give it to 'kiosk -enroll', or show this QR to the kiosk's camera:\n",
		name, *role, info.Hub, int(hubstore.EnrollmentTTL.Hours()))
	if err := enroll.WriteTerminalQR(m.Stderr, code); err != nil {
		fmt.Fprintf(m.Stderr, "(no QR: %v)\n", err)
	}
	fmt.Fprintln(m.Stdout, code)
	return nil
}

// codeWithStandby makes an enrollment code that also names the warm
// standby, when one has announced itself and the code can carry it.
func (i serveInfo) codeWithStandby(token, standby string) (string, error) {
	c := enroll.Code{Hub: i.Hub, TLS: i.TLS, Fingerprint: i.Fingerprint, Token: token, Standby: standby}
	if c.Validate() != nil {
		c.Standby = "" // a standby a plain hub's kiosks could not reach safely
	}
	if err := c.Validate(); err != nil {
		return "", fmt.Errorf("enrollment code: %w", err)
	}
	return c.String(), nil
}

// kioskList prints every enrolled kiosk with its last contact.
func (m *Main) kioskList(ctx context.Context, args []string) error {
	c := m.command("kiosk list", "-data DIR")
	data := c.dataFlag()
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	st, ev, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	kiosks, err := st.Kiosks(ctx)
	if err != nil {
		return fmt.Errorf("kiosk list: %w", err)
	}
	progress, err := st.Progress(ctx)
	if err != nil {
		return fmt.Errorf("kiosk list: %w", err)
	}
	if len(kiosks) == 0 {
		fmt.Fprintf(m.Stderr, "no kiosk enrolled yet: add one with 'hub kiosk add -data %s NAME'\n", shellQuote(*data))
		return nil
	}
	lastSeen := make(map[string]time.Time)
	for _, p := range progress {
		if p.LastSeen.After(lastSeen[p.Kiosk]) {
			lastSeen[p.Kiosk] = p.LastSeen
		}
	}
	loc, err := time.LoadLocation(ev.TimeZone)
	if err != nil {
		loc = time.Local
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tENROLLED\tSTATUS\tLAST CONTACT")
	for _, k := range kiosks {
		status := "active"
		if k.Revoked() {
			status = "revoked " + when(k.RevokedAt)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.Name, k.Role, when(k.CreatedAt), status, when(lastSeen[k.Name]))
	}
	return tw.Flush()
}

// kioskRevoke withdraws a kiosk's credential; a running hub cuts it off
// within a second.
func (m *Main) kioskRevoke(ctx context.Context, args []string) error {
	c := m.command("kiosk revoke", "-data DIR NAME")
	c.dataFlag()
	pos, err := c.parse(args, 1, "NAME")
	if err != nil {
		return err
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeKiosk(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "kiosk %s revoked: a running hub disconnects it within a second; 'hub kiosk add' enrolls it again\n", pos[0])
	return nil
}
