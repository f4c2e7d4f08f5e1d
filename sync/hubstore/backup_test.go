package hubstore_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// A backup taken while scans stream in is a consistent snapshot: it
// restores into a hub holding a prefix of the stream, with the data
// folder's certificate, and a new generation.
func TestBackupWhileIngesting(t *testing.T) {
	dir := t.TempDir()
	s, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key, _ := kiosk.GenerateKey()
	if err := s.SetEvent(ctx, hubstore.Event{ID: "faic", Name: "Forum", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range hubstore.BackupFiles[:2] {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("pem of "+name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	gen0, err := s.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for seq := int64(1); ; seq++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Ingest(ctx, []hubstore.Batch{{Kiosk: "k1", Epoch: "e1",
				Scans: []hubstore.Scan{scan(fmt.Sprintf("%032x", seq), seq, "A1")}}}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	backups := t.TempDir()
	var infos []hubstore.BackupInfo
	for i := range 3 {
		// Mid-stream: scans have come before and keep coming.
		for {
			scans, _ := s.ScansSince(ctx, 0, 1_000_000)
			if len(scans) >= (i+1)*20 {
				break
			}
		}
		info, err := s.Backup(ctx, filepath.Join(backups, fmt.Sprintf("b%d.db", i)))
		if err != nil {
			t.Fatal(err)
		}
		infos = append(infos, info)
	}
	close(stop)
	wg.Wait()
	for i, info := range infos {
		restored := filepath.Join(t.TempDir(), "hub")
		got, err := hubstore.Restore(ctx, info.Path, restored)
		if err != nil {
			t.Fatal(err)
		}
		if got.Scans != info.Scans || len(got.Files) != 2 {
			t.Errorf("backup %d: %d scans and files %v restored, backup said %d", i, got.Scans, got.Files, info.Scans)
		}
		r, err := hubstore.Open(restored)
		if err != nil {
			t.Fatal(err)
		}
		scans, _ := r.ScansSince(ctx, 0, 1_000_000)
		// A prefix: every sequence from 1 up, none missing in between.
		for j, sc := range scans {
			if sc.Seq != int64(j+1) {
				t.Fatalf("backup %d: scan %d has seq %d: not a consistent snapshot", i, j, sc.Seq)
			}
		}
		if acked, _ := r.AckedSeq(ctx, "k1", "e1"); acked != int64(len(scans)) {
			t.Errorf("backup %d: progress says %d, holds %d scans", i, acked, len(scans))
		}
		if ev, err := r.Event(ctx); err != nil || ev.ID != "faic" {
			t.Errorf("backup %d: event %+v %v", i, ev, err)
		}
		if gen, _ := r.Generation(ctx); gen == gen0 || gen == "" {
			t.Errorf("backup %d: restored generation %q, the original's was %q", i, gen, gen0)
		}
		if b, err := os.ReadFile(filepath.Join(restored, "hub.crt")); err != nil || string(b) != "pem of hub.crt" {
			t.Errorf("backup %d: certificate %q %v", i, b, err)
		}
		r.Close()
	}
	if infos[0].Scans < 20 || infos[2].Scans < infos[1].Scans {
		t.Errorf("scans in the backups: %d, %d, %d", infos[0].Scans, infos[1].Scans, infos[2].Scans)
	}
}

func TestRestoreRefuses(t *testing.T) {
	s := open(t)
	key, _ := kiosk.GenerateKey()
	if err := s.SetEvent(ctx, hubstore.Event{ID: "faic", PrivateKey: key, PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := s.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 1000)), 0o600)
	truncated := filepath.Join(t.TempDir(), "truncated.db")
	b, _ := os.ReadFile(good)
	os.WriteFile(truncated, b[:len(b)/2], 0o600)
	tests := []struct {
		name, from, into, want string
	}{
		{"into a hub's folder", good, s.Dir(), "already holds a hub"},
		{"garbage", garbage, filepath.Join(t.TempDir(), "x"), "not a database"},
		{"truncated", truncated, filepath.Join(t.TempDir(), "y"), "restore:"},
		{"missing", filepath.Join(t.TempDir(), "none.db"), filepath.Join(t.TempDir(), "z"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hubstore.Restore(ctx, tt.from, tt.into)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}
