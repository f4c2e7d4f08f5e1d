package hubclient_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/accueil/accueil/sync/standby"
)

// The hub laptop dies mid-stream and its disk with it: the warm standby is
// promoted, the kiosks move to it by themselves, and it ends with every
// scan, none twice.
func TestStandbyPromotedAfterHubLoss(t *testing.T) {
	ctx := context.Background()
	v := newVenue(t, roster(60))
	primaryDir := v.store.Dir()

	// The standby, on its own address, copying the hub every 50 ms.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	standbyAddr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	st, err := standby.Enroll(ctx, v.code("standby-1", protocol.RoleStandby))
	if err != nil {
		t.Fatal(err)
	}
	st.Announce = standbyAddr
	pctx, stopCopying := context.WithCancel(ctx)
	defer stopCopying()
	copied := make(chan struct{})
	go func() {
		standby.Run(pctx, dir, st, 50*time.Millisecond, nil, slog.New(slog.DiscardHandler))
		close(copied)
	}()

	a := v.door(t, t.TempDir(), "door-a")
	b := v.door(t, t.TempDir(), "door-b")
	eventually(t, "kiosks know the standby", func() bool {
		sa, _ := a.store.Setting(ctx, "hub_standby")
		sb, _ := b.store.Setting(ctx, "hub_standby")
		return sa == standbyAddr && sb == standbyAddr
	})
	hubScans := func() []hubstore.Scan { s, _ := v.store.ScansSince(ctx, 0, 10_000); return s }
	for i := 1; i <= 40; i++ {
		a.scan(t, v.token(t, fmt.Sprintf("A%04d", i)))
		b.scan(t, v.token(t, fmt.Sprintf("A%04d", i+20)))
		if i == 25 {
			// Mid-stream: the hub dies with its folder, after the standby
			// copied some of the scans.
			eventually(t, "scans at the hub", func() bool { return len(hubScans()) >= 30 })
			since := time.Now()
			eventually(t, "a fresh copy at the standby", func() bool {
				fi, err := os.Stat(filepath.Join(dir, standby.CopyFile))
				return err == nil && fi.ModTime().After(since)
			})
			v.stop()
			stopCopying()
			<-copied
			v.store.Close()
			if err := os.RemoveAll(primaryDir); err != nil {
				t.Fatal(err)
			}
		}
	}
	info, err := standby.Promote(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the standby's copy held %d scans", info.Scans)
	promoted, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := hub.New(ctx, hub.Config{Store: promoted, Log: slog.New(slog.DiscardHandler), PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewUnstartedServer(srv.Handler())
	web.Listener.Close()
	if web.Listener, err = net.Listen("tcp", standbyAddr); err != nil {
		t.Fatal(err)
	}
	web.Start()
	t.Cleanup(func() { srv.Close(); web.Close(); promoted.Close() })

	scans := func() []hubstore.Scan { s, _ := promoted.ScansSince(ctx, 0, 10_000); return s }
	deadline := time.Now().Add(30 * time.Second)
	for len(scans()) != 80 {
		if time.Now().After(deadline) {
			na, _ := a.store.CountPending(ctx)
			nb, _ := b.store.CountPending(ctx)
			t.Fatalf("promoted standby holds %d scans; pending at the kiosks %d and %d; statuses %+v %+v", len(scans()), na, nb,
				a.client.Status(), b.client.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	seen := map[string]bool{}
	for _, s := range scans() {
		if seen[s.ID] {
			t.Errorf("scan %s stored twice", s.ID)
		}
		seen[s.ID] = true
	}
	eventually(t, "counts at the promoted standby", func() bool { return srv.Counts().CheckedIn == 60 })
}
