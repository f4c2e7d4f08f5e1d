// Package hubclient is the kiosk's side of live sync: it joins a hub with
// an enrollment code, pumps the outbox to the hub in order and in batches,
// drops what the hub acknowledged, and applies what the hub relays (other
// kiosks' scans, roster, checkpoints, revocations) to the local store in
// the background. The kiosk never waits for it: scans are decided and
// stored locally, whether the hub is there or not.
package hubclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

const (
	writeWait      = 10 * time.Second
	readWait       = 60 * time.Second // the hub pings every 27 s
	heartbeatEvery = 10 * time.Second
	// applyChunk attendees per local transaction: a hub page or so. Each
	// commit is an fsync and, now and then, a WAL checkpoint; at 500 a
	// transaction the commits were most of a 100,000-attendee download,
	// while a scan waits behind a page's transaction a few tens of ms.
	applyChunk = 2500
)

// Config is what a Client needs.
type Config struct {
	Store      Store
	Kiosk      string
	Epoch      string
	Checkpoint string
	Log        *slog.Logger
	// OnCounts receives live counts (organiser kiosks).
	OnCounts func(protocol.Counts)
	// OnAlerts receives the alerts pending at the hub, newest first (desk
	// kiosks).
	OnAlerts func(protocol.Alerts)
	// OnStaffPIN receives the hash of a staff PIN the hub set, once it is
	// in the store (kiosk.SettingStaffPIN).
	OnStaffPIN func(hash string)
	// OnKeys receives the event's badge keys when the hub's differ from
	// the kiosk's (a key rotation), once they are in the store: the
	// kiosk's badge reader takes them (kiosk.BadgeReader.SetKeys).
	OnKeys func(keys []kiosk.PublicKey)
	// MinBackoff and MaxBackoff bound the wait between reconnections;
	// zero means 250 ms and 30 s.
	MinBackoff, MaxBackoff time.Duration
	// Now is the kiosk's clock; nil means time.Now.
	Now func() time.Time
}

// Status is what the kiosk's status strip shows.
type Status struct {
	Connected bool
	Hub       string
	Pending   int
	LastSync  time.Time
	// ClockOffset is the hub's time minus this kiosk's, at the last hello.
	ClockOffset time.Duration
	// LastError says why the hub is not reachable, for staff.
	LastError string
	Role      string
	// Refused counts this kiosk's scans the hub refused since start (its
	// log says why): an honest kiosk's stays 0.
	Refused int
}

// ClockWrong reports whether the kiosk's clock is off by more than
// kiosk.ClockTolerance.
func (s Status) ClockWrong() bool { return kiosk.ClockWrong(s.ClockOffset) }

// Client keeps one kiosk in sync with its hub.
type Client struct {
	cfg      Config
	settings hubSettings
	hubs     *addresses
	log      *slog.Logger
	notify   chan struct{}

	mu     sync.Mutex
	status Status

	walkInsSentAt time.Time // sendLoop only
	// quota receives the hub's "send again later" for a batch over the
	// kiosk's quota, from the reader to sendLoop.
	quota chan time.Duration
}

// New prepares a client from the enrollment in the kiosk's store; it
// returns ErrNotEnrolled for a kiosk that never joined a hub.
func New(ctx context.Context, cfg Config) (*Client, error) {
	hs, err := loadSettings(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff = 250 * time.Millisecond
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	hubs, err := loadAddresses(ctx, cfg.Store, hs.addr)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, settings: hs, hubs: hubs, log: cfg.Log, notify: make(chan struct{}, 1), quota: make(chan time.Duration, 1)}
	c.status.Hub, c.status.Role = hs.addr, hs.role
	return c, nil
}

// Notify tells the client a scan was just recorded, so it sends at once.
func (c *Client) Notify() {
	select {
	case c.notify <- struct{}{}:
	default:
	}
}

// Status returns the current sync status.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

func (c *Client) update(fn func(*Status)) {
	c.mu.Lock()
	fn(&c.status)
	c.mu.Unlock()
}

// Run keeps a session with the hub until ctx ends, reconnecting with
// capped exponential backoff and jitter.
func (c *Client) Run(ctx context.Context) {
	b := newBackoff(c.cfg.MinBackoff, c.cfg.MaxBackoff)
	for ctx.Err() == nil {
		started := time.Now()
		err := c.session(ctx)
		c.update(func(s *Status) {
			s.Connected = false
			if err != nil && ctx.Err() == nil {
				s.LastError = err.Error()
			}
		})
		if ctx.Err() != nil {
			return
		}
		if time.Since(started) > 30*time.Second {
			b.reset()
		}
		wait := b.next()
		c.log.Warn("hub unreachable", "hub", c.hubs.current(), "err", err, "retry_in", wait.Round(time.Millisecond))
		c.hubs.failed()
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// WaitDrained waits until the hub has acknowledged every queued scan, or
// ctx ends; it returns how many scans still wait.
func (c *Client) WaitDrained(ctx context.Context) int {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		n, err := c.cfg.Store.CountPending(context.Background())
		if err == nil && n == 0 {
			return 0
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return -1
			}
			return n
		case <-t.C:
		}
	}
}

// CloseError is how the hub ended a session, when it said.
type CloseError struct {
	Code int
	Text string
}

func (e *CloseError) Error() string {
	switch e.Code {
	case protocol.CloseUnauthorized:
		return "the hub does not know this kiosk: enroll it again (" + e.Text + ")"
	case protocol.CloseRevoked:
		return "the hub revoked this kiosk (" + e.Text + ")"
	}
	return fmt.Sprintf("hub closed the connection: %s (%d)", e.Text, e.Code)
}

func closeError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return &CloseError{Code: ce.Code, Text: ce.Text}
	}
	return err
}

func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 16 * 1024, WriteBufferSize: 16 * 1024}
	if c.settings.tls {
		d.TLSClientConfig = pinned(c.settings.fingerprint)
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+c.settings.credential)
	addr := c.hubs.current()
	ws, resp, err := d.DialContext(ctx, baseURL(addr, c.settings.tls, "ws")+"/ws/kiosk", h)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("connect to hub %s: %s", addr, resp.Status)
		}
		return nil, fmt.Errorf("connect to hub %s: %w", addr, err)
	}
	ws.SetReadLimit(protocol.MaxFrameBytes)
	return ws, nil
}

// session runs one connection: hello, welcome, then sending and receiving
// until either side fails.
func (c *Client) session(ctx context.Context) error {
	ws, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer ws.Close()
	st, err := c.cfg.Store.SyncState(ctx)
	if err != nil {
		return err
	}
	gen, err := c.cfg.Store.HubGeneration(ctx)
	if err != nil {
		return err
	}
	hello := protocol.Hello{Protocol: protocol.Version, Kiosk: c.cfg.Kiosk, Epoch: c.cfg.Epoch,
		RosterVersion: st.RosterVersion, CheckpointsVersion: st.CheckpointsVersion, RevocationsVersion: st.RevocationsVersion,
		SeenCursor: st.SeenCursor, KioskTime: c.cfg.Now(), Software: "accueil-kiosk/" + kiosk.Version, Generation: gen,
		CompactRelays: true}
	if err := writeMsg(ws, hello); err != nil {
		return err
	}
	ws.SetReadDeadline(time.Now().Add(readWait))
	_, frame, err := ws.ReadMessage()
	if err != nil {
		return closeError(err)
	}
	m, err := protocol.Decode(frame)
	if err != nil {
		return fmt.Errorf("hub's welcome: %w", err)
	}
	w, ok := m.(*protocol.Welcome)
	if !ok {
		return fmt.Errorf("hub answered hello with %s", m.Type())
	}
	offset := time.Duration(w.ClockOffsetMillis) * time.Millisecond
	if err := c.cfg.Store.AckScans(ctx, w.AckedSeq); err != nil {
		return err
	}
	if w.Generation != "" {
		// Whatever this hub once acknowledged, it holds what it says now:
		// the rest goes again.
		n, err := c.cfg.Store.Resync(ctx, w.Generation, w.AckedSeq)
		if err != nil {
			return err
		}
		if n > 0 || (gen != "" && gen != w.Generation) {
			c.log.Warn("hub lacks scans it once had: sending them again", "scans", n, "generation", w.Generation, "previous", gen)
		}
	}
	c.update(func(s *Status) {
		s.Connected, s.ClockOffset, s.LastError, s.LastSync, s.Role = true, offset, "", time.Now(), w.Role
		s.Hub = c.hubs.current()
	})
	if kiosk.ClockWrong(offset) {
		c.log.Warn("kiosk clock is wrong", "offset", offset.Round(time.Second), "hub_time", w.HubTime)
	}
	if err := c.hubs.learnStandby(ctx, c.cfg.Store, w.Standby); err != nil {
		return err
	}
	if err := c.takeKeys(ctx, w); err != nil {
		return err
	}
	c.log.Info("connected to hub", "hub", c.hubs.current(), "kiosk", w.Kiosk, "acked_seq", w.AckedSeq)

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	acks := make(chan int64, 16)
	readErr := make(chan error, 1)
	go func() {
		readErr <- c.readLoop(sctx, ws, acks)
		cancel()
	}()
	sendErr := c.sendLoop(sctx, ws, w.AckedSeq, acks)
	cancel()
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(protocol.CloseNormal, ""), time.Now().Add(time.Second))
	ws.Close()
	if rerr := <-readErr; rerr != nil && !errors.Is(rerr, context.Canceled) {
		return rerr
	}
	return sendErr
}
