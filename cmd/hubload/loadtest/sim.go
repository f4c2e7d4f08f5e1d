package loadtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// dials counts the connections made, to spread them over source addresses.
var dials atomic.Uint32

// dialer returns a dialer for the next connection to addr. On loopback,
// each connection comes from one of 250 source addresses (127.1.0.x): a
// venue's kiosks and dashboards each have their own, and the hub caps
// connections per address (DefaultHTTPLimits.MaxConnsPerIP), which a
// thousand connections from 127.0.0.1 alone would exceed.
func dialer(addr string) *websocket.Dialer {
	d := &websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 64 * 1024, WriteBufferSize: 64 * 1024}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() || ip.To4() == nil {
		return d
	}
	n := dials.Add(1)
	local := &net.TCPAddr{IP: net.IPv4(127, 1, 0, byte(1+n%250))}
	nd := &net.Dialer{LocalAddr: local, Timeout: 30 * time.Second}
	d.NetDialContext = nd.DialContext
	return d
}

// simKiosk speaks the kiosk protocol without a store: enough to load the
// hub and time what comes back.
type simKiosk struct {
	ws    *websocket.Conn
	name  string
	epoch string
	acks  chan int64
	// watch, when set, receives the ids of relayed scans and when they came.
	mu    sync.Mutex
	watch func(ids []string, at time.Time)
	done  chan struct{}
	wmu   sync.Mutex
	// badges gives each admission its evidence, as a real kiosk shows it.
	badges *badgeBook
}

// badgeBook signs each attendee's badge once, for the evidence the hub
// verifies before it counts an admission.
type badgeBook struct {
	key   kiosk.PrivateKey
	event string
	mu    sync.Mutex
	token map[string]string
}

func newBadgeBook(key kiosk.PrivateKey, event string) *badgeBook {
	return &badgeBook{key: key, event: event, token: make(map[string]string)}
}

func (b *badgeBook) of(attendee string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.token[attendee]
	if !ok {
		var err error
		if t, err = b.key.Sign(kiosk.Token{Event: b.event, AttendeeID: attendee, Issue: 1}); err != nil {
			panic("sign a load-test badge: " + err.Error())
		}
		b.token[attendee] = t
	}
	return t
}

// signAll signs the badges of attendees P000001 to Pn before the
// measures: signing is the load tool's work, not the hub's, and must not
// slow the kiosks it plays.
func (b *badgeBook) signAll(n int) error {
	tokens := make([]string, n)
	err := parallel(n, 4, func(i int) error {
		t, err := b.key.Sign(kiosk.Token{Event: b.event, AttendeeID: fmt.Sprintf("P%06d", i+1), Issue: 1})
		tokens[i] = t
		return err
	})
	if err != nil {
		return fmt.Errorf("sign load-test badges: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, t := range tokens {
		b.token[fmt.Sprintf("P%06d", i+1)] = t
	}
	return nil
}

func dialKiosk(addr, cred, name string, hello protocol.Hello, badges *badgeBook) (*simKiosk, error) {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+cred)
	ws, _, err := dialer(addr).Dial("ws://"+addr+"/ws/kiosk", h)
	if err != nil {
		return nil, fmt.Errorf("kiosk %s: %w", name, err)
	}
	ws.SetReadLimit(protocol.MaxFrameBytes)
	k := &simKiosk{ws: ws, name: name, epoch: hello.Epoch, acks: make(chan int64, 64), done: make(chan struct{}), badges: badges}
	hello.Protocol, hello.Kiosk, hello.KioskTime = protocol.Version, name, time.Now()
	if err := k.send(hello); err != nil {
		ws.Close()
		return nil, err
	}
	_, frame, err := ws.ReadMessage()
	if err != nil {
		ws.Close()
		return nil, fmt.Errorf("kiosk %s: welcome: %w", name, err)
	}
	if !bytes.HasPrefix(frame, []byte(`{"type":"welcome"`)) {
		ws.Close()
		return nil, fmt.Errorf("kiosk %s: expected welcome, got %.40s", name, frame)
	}
	go k.read()
	return k, nil
}

func (k *simKiosk) send(m protocol.Message) error {
	frame, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	k.wmu.Lock()
	defer k.wmu.Unlock()
	return k.ws.WriteMessage(websocket.TextMessage, frame)
}

var (
	ackPrefix   = []byte(`{"type":"ack"`)
	seenPrefix  = []byte(`{"type":"seen"`)
	relayPrefix = []byte(`{"type":"relay"`)
)

// read consumes frames; relays are decoded only when watched, so that a
// thousand simulated kiosks cost the load tool little.
func (k *simKiosk) read() {
	defer close(k.done)
	for {
		_, r, err := k.ws.NextReader()
		if err != nil {
			return
		}
		head := make([]byte, 16)
		n, _ := io.ReadFull(r, head)
		head = head[:n]
		switch {
		case bytes.HasPrefix(head, ackPrefix):
			rest, _ := io.ReadAll(r)
			m, err := protocol.Decode(append(head, rest...))
			if a, ok := m.(*protocol.Ack); err == nil && ok {
				k.acks <- a.Seq
			}
		case bytes.HasPrefix(head, seenPrefix), bytes.HasPrefix(head, relayPrefix):
			k.mu.Lock()
			watch := k.watch
			k.mu.Unlock()
			if watch == nil {
				_, _ = io.Copy(io.Discard, r)
				continue
			}
			rest, _ := io.ReadAll(r)
			at := time.Now()
			// A relay's scan id is "i", a seen's "id".
			var env struct {
				Data struct {
					Scans []struct {
						ID      string `json:"id"`
						Compact string `json:"i"`
					} `json:"scans"`
				} `json:"data"`
			}
			if json.Unmarshal(append(head, rest...), &env) == nil {
				ids := make([]string, len(env.Data.Scans))
				for i, s := range env.Data.Scans {
					ids[i] = s.ID + s.Compact
				}
				watch(ids, at)
			}
		default:
			_, _ = io.Copy(io.Discard, r)
		}
	}
}

func (k *simKiosk) close() {
	k.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	k.ws.Close()
	<-k.done
}

// sendScans sends n scans in batches, one batch in flight as the real
// kiosk does, and returns when the last is acknowledged. With every > 0 a
// batch starts at most once per every, as kiosks scanning at a steady pace.
func (k *simKiosk) sendScans(n, batch, firstSeq int, attendees int, at func() time.Time, every time.Duration) error {
	_, err := k.sendPaced(n, batch, firstSeq, attendees, at, every)
	return err
}

// sendPaced is sendScans; it also returns the span its sends took, from
// the first to one period after the last: n scans over that span is the
// rate this kiosk held. Batches go by absolute deadlines (the first send's
// time plus k periods), so a late ack delays one batch, not the schedule.
func (k *simKiosk) sendPaced(n, batch, firstSeq int, attendees int, at func() time.Time, every time.Duration) (time.Duration, error) {
	seq := firstSeq
	first := time.Now()
	var last time.Time
	for sent, k0 := 0, 0; sent < n; k0++ {
		if every > 0 {
			time.Sleep(time.Until(first.Add(time.Duration(k0) * every)))
		}
		last = time.Now()
		size := min(batch, n-sent)
		msg := protocol.ScanBatch{Epoch: k.epoch, Scans: make([]protocol.WireScan, size)}
		for i := range msg.Scans {
			id := fmt.Sprintf("P%06d", (seq*7919)%attendees+1)
			msg.Scans[i] = protocol.WireScan{Seq: int64(seq), ID: kiosk.NewScanID(), Kiosk: k.name, Checkpoint: kiosk.EntranceID,
				Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: id, At: at(), Evidence: k.badges.of(id)}
			seq++
		}
		if err := k.send(msg); err != nil {
			return 0, err
		}
		want := int64(seq - 1)
		for {
			select {
			case got := <-k.acks:
				if got >= want {
					goto acked
				}
			case <-k.done:
				return 0, fmt.Errorf("kiosk %s: connection closed", k.name)
			case <-time.After(60 * time.Second):
				return 0, fmt.Errorf("kiosk %s: no ack for seq %d", k.name, want)
			}
		}
	acked:
		sent += size
	}
	return last.Sub(first) + every, nil
}

// simDashboard watches counts and tells when each new version arrived.
type simDashboard struct {
	ws   *websocket.Conn
	mu   sync.Mutex
	seen []countsSeen
	done chan struct{}
}

type countsSeen struct {
	accepted int
	at       time.Time
}

func dialDashboard(addr, token string) (*simDashboard, error) {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	ws, _, err := dialer(addr).Dial("ws://"+addr+"/ws/dashboard", h)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	d := &simDashboard{ws: ws, done: make(chan struct{})}
	go d.read()
	return d, nil
}

func (d *simDashboard) read() {
	defer close(d.done)
	// One buffer for every frame: a thousand dashboards reading 100 kB
	// frames into new slices would time the load tool's garbage collector
	// more than the hub.
	var buf bytes.Buffer
	for {
		_, r, err := d.ws.NextReader()
		if err != nil {
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return
		}
		frame := buf.Bytes()
		at := time.Now()
		// Only the accepted count is needed: find it rather than decode a
		// frame that lists every kiosk, a thousand times a push.
		d.mu.Lock()
		d.seen = append(d.seen, countsSeen{accepted: acceptedCount(frame), at: at})
		d.mu.Unlock()
	}
}

var acceptedKey = []byte(`"by_verdict":{`)

func acceptedCount(frame []byte) int {
	i := bytes.Index(frame, acceptedKey)
	if i < 0 {
		return -1
	}
	rest := frame[i+len(acceptedKey):]
	j := bytes.Index(rest, []byte(`"accepted":`))
	if j < 0 {
		return -1
	}
	rest = rest[j+len(`"accepted":`):]
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// firstWith returns when counts with at least accepted scans arrived.
func (d *simDashboard) firstWith(accepted int) (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.seen {
		if s.accepted >= accepted {
			return s.at, true
		}
	}
	return time.Time{}, false
}

func (d *simDashboard) close() {
	d.ws.Close()
	<-d.done
}

func probeScan(k *simKiosk, seq int) protocol.WireScan {
	return protocol.WireScan{Seq: int64(seq), ID: kiosk.NewScanID(), Kiosk: k.name, Checkpoint: kiosk.EntranceID,
		Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "P000001", At: time.Now(), Evidence: k.badges.of("P000001")}
}
