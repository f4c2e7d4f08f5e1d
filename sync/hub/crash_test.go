package hub_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// hubProcessEnv names the data folder when this test binary runs as the
// hub of TestKilledHubKeptEveryAckedScan.
const hubProcessEnv = "ACCUEIL_TEST_HUB_DIR"

// TestHubProcess is not a test: it is the hub that
// TestKilledHubKeptEveryAckedScan starts in a process of its own, and
// kills.
func TestHubProcess(t *testing.T) {
	dir := os.Getenv(hubProcessEnv)
	if dir == "" {
		t.Skip("only as the hub of TestKilledHubKeptEveryAckedScan")
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := hub.New(ctx, hub.Config{Store: st, Log: slog.New(slog.DiscardHandler), ScanQuota: hub.NoQuota})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("listening", ln.Addr())
	_ = http.Serve(ln, srv.Handler()) // until killed
}

// The group commit shares one transaction among many kiosks' batches: a
// hub killed (SIGKILL) while kiosks send as fast as acks come has every
// scan it acknowledged on disk, and acknowledges no more than it has.
func TestKilledHubKeptEveryAckedScan(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a hub process")
	}
	dir := t.TempDir()
	const kiosks = 8
	creds := prepareCrashHub(t, dir, kiosks)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHubProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), hubProcessEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	t.Cleanup(func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	lines := bufio.NewScanner(out)
	addr := ""
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "listening "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatal("the hub process did not start")
	}
	go func() {
		for lines.Scan() { // drain, so the hub never blocks on its output
		}
	}()

	// Each kiosk sends batches of 10, one in flight, and notes what was
	// acknowledged; the hub is killed as the 400th ack arrives.
	var mu sync.Mutex
	acked := make(map[string][]string) // kiosk → ids of acknowledged scans
	ackedBatches := 0
	enough := make(chan struct{})
	var wg sync.WaitGroup
	for i := range kiosks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("crash-%d", i)
			h := http.Header{}
			h.Set("Authorization", "Bearer "+creds[i])
			ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/ws/kiosk", h)
			if err != nil {
				t.Error(err)
				return
			}
			defer ws.Close()
			send(t, ws, protocol.Hello{Protocol: protocol.Version, Kiosk: name, Epoch: "e1", KioskTime: time.Now()})
			if _, ok := next[*protocol.Welcome](t, ws); !ok {
				t.Error("no welcome")
				return
			}
			for b := int64(0); ; b++ {
				msg := protocol.ScanBatch{Epoch: "e1"}
				for j := range int64(10) {
					sc := scan(b*10+j+1, kiosk.NewScanID())
					sc.Kiosk = name
					msg.Scans = append(msg.Scans, sc)
				}
				frame, _ := protocol.Encode(msg)
				if ws.WriteMessage(websocket.TextMessage, frame) != nil {
					return // killed
				}
				ack, ok := nextQuiet[*protocol.Ack](ws)
				if !ok {
					return // killed
				}
				if ack.Seq != msg.Scans[9].Seq {
					t.Errorf("%s: ack %d for a batch up to %d", name, ack.Seq, msg.Scans[9].Seq)
					return
				}
				mu.Lock()
				for _, sc := range msg.Scans {
					acked[name] = append(acked[name], sc.ID)
				}
				if ackedBatches++; ackedBatches == 400 {
					// At once, from here: other batches were acknowledged
					// with this one, and others are being committed.
					cmd.Process.Kill()
					close(enough)
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-enough:
	case <-time.After(2 * time.Minute):
		t.Fatal("400 batches not acknowledged within 2 minutes")
	}
	// Killed while batches are in flight: some stored and not acknowledged
	// (sent again by a real kiosk), none acknowledged and not stored.
	killed = true
	cmd.Wait()
	wg.Wait()

	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for name, ids := range acked {
		for _, id := range ids {
			if _, err := st.ScanByID(ctx, id); err != nil {
				t.Errorf("%s: acknowledged scan %s lost: %v", name, id, err)
			}
		}
		seq, err := st.AckedSeq(ctx, name, "e1")
		if err != nil || seq < int64(len(ids)) {
			t.Errorf("%s: progress %d after %d scans acknowledged (%v)", name, seq, len(ids), err)
		}
		total += len(ids)
	}
	t.Logf("%d acknowledged scans from %d kiosks, all on disk after SIGKILL", total, len(acked))
}

// prepareCrashHub makes a hub folder with an event, the fixture's
// attendee and kiosks enrolled, and returns their credentials.
func prepareCrashHub(t *testing.T, dir string, kiosks int) []string {
	t.Helper()
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key, _ := kiosk.GenerateKey()
	if err := st.SetEvent(ctx, hubstore.Event{ID: "faic2016", Name: "Forum", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A1", LastName: "Diallo", Category: kiosk.CategoryVisitor,
		Language: kiosk.French, Code: codeA1}}, nil); err != nil {
		t.Fatal(err)
	}
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return hex.EncodeToString(sum[:])
	}
	creds := make([]string, kiosks)
	for i := range creds {
		tok, cred := fmt.Sprintf("tok-%d", i), fmt.Sprintf("cred-%d-%d", i, time.Now().UnixNano())
		if err := st.AddEnrollment(ctx, fmt.Sprintf("crash-%d", i), protocol.RoleSelf, hash(tok)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Enroll(ctx, hash(tok), hash(cred)); err != nil {
			t.Fatal(err)
		}
		creds[i] = cred
	}
	return creds
}

// nextQuiet is next without failing the test when the connection ends:
// here it ends because the hub was killed.
func nextQuiet[T protocol.Message](ws *websocket.Conn) (T, bool) {
	var zero T
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		_, frame, err := ws.ReadMessage()
		if err != nil {
			return zero, false
		}
		if m, err := protocol.Decode(frame); err == nil {
			if v, ok := m.(T); ok {
				return v, true
			}
		}
	}
}
