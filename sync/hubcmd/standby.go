package hubcmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk/sqlitedb"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/standby"
)

const standbySynopsis = "-data DIR -primary HOST:PORT [-enroll CODE] [-addr 0.0.0.0:8787] [-public-addr HOST:PORT] [-every 10s]"

// standbyCmd keeps a warm copy of a hub until it is promoted, then serves
// in its place.
func (m *Main) standbyCmd(ctx context.Context, args []string) error {
	c := m.command("standby", standbySynopsis)
	dir := c.dataFlag()
	primary := c.String("primary", "", "the hub's `host:port`, as kiosks dial it (required)")
	code := c.String("enroll", "", "the one-time `code` of 'hub kiosk add NAME -role standby' on the hub (first run only)")
	var o serveOptions
	c.StringVar(&o.addr, "addr", "0.0.0.0:8787", "`host:port` to serve on once promoted")
	c.StringVar(&o.publicAddr, "public-addr", "", "`host:port` kiosks will dial once this standby is promoted (default: -addr, or this machine's LAN address)")
	every := c.Duration("every", 10*time.Second, "how often to copy the hub")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if strings.TrimSpace(*primary) == "" {
		return usageError{fmt.Errorf("standby: -primary HOST:PORT is required (usage: hub standby %s)", standbySynopsis)}
	}
	if *every < time.Second {
		return usageError{fmt.Errorf("standby: -every %s is too often: at least 1s", *every)}
	}
	o.data = *dir
	if err := o.check(c); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*dir, hubstore.FileName)); err == nil {
		return fmt.Errorf("standby: %s already holds a hub (promoted?): serve it with 'hub serve -data %s'", *dir, *dir)
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return fmt.Errorf("standby: %w", err)
	}
	lock, err := sqlitedb.Lock(*dir, standby.LockFile)
	if err != nil {
		return fmt.Errorf("standby: %w", err)
	}
	defer lock.Close()
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))

	st, err := standby.LoadSettings(*dir)
	switch {
	case *code != "":
		if st, err = standby.Enroll(ctx, *code); err != nil {
			return err
		}
	case err != nil:
		return fmt.Errorf("standby: %w", err)
	}
	st.Primary = *primary
	announce, err := dialAddress(o, &net.TCPAddr{Port: portOf(o.addr)}, log)
	if err != nil {
		return err
	}
	st.Announce = announce
	if err := st.Save(*dir); err != nil {
		return fmt.Errorf("standby: %w", err)
	}
	promoteFile := filepath.Join(*dir, standby.PromoteFile)
	_ = os.Remove(promoteFile)
	log.Info("standby copying the hub", "hub", st.Primary, "every", *every, "kiosks_will_dial", announce, "promote", "hub promote -data "+*dir)
	last := standby.Run(ctx, *dir, st, *every, func() bool {
		_, err := os.Stat(promoteFile)
		return err == nil
	}, log)
	if ctx.Err() != nil {
		return nil
	}
	log.Info("promoting: the hub's newest copy becomes the hub", "copied", last.At.Format(time.RFC3339))
	info, err := standby.Promote(ctx, *dir)
	if err != nil {
		return err
	}
	_ = os.Remove(promoteFile)
	log.Info("promoted", "scans_in_copy", info.Scans, "attendees", info.Attendees, "note", "kiosks send every scan the copy lacks")
	hst, ev, err := openHub(ctx, *dir)
	if err != nil {
		return fmt.Errorf("standby: %w", err)
	}
	defer hst.Close()
	serveLock, err := hubstore.LockServe(*dir)
	if err != nil {
		return err
	}
	defer serveLock.Close()
	return m.runServer(ctx, hst, ev, o, nil)
}

func portOf(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	var n int
	fmt.Sscan(p, &n)
	return n
}

// promote makes a standby the hub: the running `hub standby` does it and
// starts serving at once; with none running, the folder is made a hub to
// start with `hub serve`.
func (m *Main) promote(ctx context.Context, args []string) error {
	c := m.command("promote", "-data DIR")
	dir := c.dataFlag()
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if _, err := standby.LoadSettings(*dir); err != nil {
		return fmt.Errorf("promote: %w", err)
	}
	lock, err := sqlitedb.Lock(*dir, standby.LockFile)
	if errors.Is(err, sqlitedb.ErrInUse) {
		// The standby is running: it promotes itself and serves.
		if err := os.WriteFile(filepath.Join(*dir, standby.PromoteFile), nil, 0o600); err != nil {
			return fmt.Errorf("promote: %w", err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			if _, err := os.Stat(filepath.Join(*dir, hubstore.FileName)); err == nil {
				if _, err := os.Stat(filepath.Join(*dir, standby.PromoteFile)); errors.Is(err, os.ErrNotExist) {
					fmt.Fprintf(m.Stdout, "promoted: the standby in %s now serves as the hub; kiosks move to it by themselves\n", *dir)
					return nil
				}
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("promote: the standby running on %s did not take over within 30 s: look at its output", *dir)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	if err != nil {
		return fmt.Errorf("promote: %w", err)
	}
	defer lock.Close()
	info, err := standby.Promote(ctx, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "promoted: %s holds the hub (%s in the copy)\n", *dir, plural(info.Scans, "scan"))
	fmt.Fprintf(m.Stderr, "Serve it now: hub serve -data %s -addr 0.0.0.0:8787 -public-addr THIS_MACHINE:8787 (the standby address kiosks know).\n", *dir)
	return nil
}
