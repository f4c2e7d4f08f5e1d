package hubclient_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubclient"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// BenchmarkRosterDownload times a new kiosk taking a 100,000-attendee
// roster from a real hub on loopback into its own store, search index
// included: the hub's pages, the socket and the kiosk's apply, as hubload
// measures it.
func BenchmarkRosterDownload(b *testing.B) {
	ctx := context.Background()
	st, err := hubstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	key, _ := kiosk.GenerateKey()
	if err := st.SetEvent(ctx, hubstore.Event{ID: event, Name: "Forum", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		b.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, sqlitetest.Attendees(100_000), nil); err != nil {
		b.Fatal(err)
	}
	srv, err := hub.New(ctx, hub.Config{Store: st, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	web := httptest.NewServer(srv.Handler())
	defer web.Close()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		name := fmt.Sprintf("new-kiosk-%d", i)
		tok, _ := enroll.NewToken()
		if err := st.AddEnrollment(ctx, name, protocol.RoleSelf, enroll.HashToken(tok)); err != nil {
			b.Fatal(err)
		}
		en, err := hubclient.Enroll(ctx, enroll.Code{Hub: strings.TrimPrefix(web.URL, "http://"), Token: tok}.String())
		if err != nil {
			b.Fatal(err)
		}
		ks, err := sqlite.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if err := ks.SetSettings(ctx, en.Settings()); err != nil {
			b.Fatal(err)
		}
		client, err := hubclient.New(ctx, hubclient.Config{Store: ks, Kiosk: name, Epoch: "e", Checkpoint: kiosk.EntranceID})
		if err != nil {
			b.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		b.StartTimer()
		go func() { client.Run(cctx); close(done) }()
		for {
			s, err := ks.SyncState(ctx)
			if err != nil {
				b.Fatal(err)
			}
			indexed, err := ks.SearchIndexed(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if s.RosterVersion >= 1 && indexed {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		b.StopTimer()
		cancel()
		<-done
		ks.Close()
	}
}
