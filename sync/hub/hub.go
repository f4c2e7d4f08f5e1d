// Package hub is the hub server: it stores every kiosk's scans, relays the
// admitted ones to the other kiosks within a fraction of a second, sends
// kiosks the roster, checkpoints and revocations they lack, and pushes live
// counts to organisers' dashboards.
package hub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what a Server needs.
type Config struct {
	Store *hubstore.Store
	Log   *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Registry receives the hub's metrics; nil makes a new one.
	Registry *prometheus.Registry
	// PollInterval is how often the hub looks for changes made by
	// organisers' commands in other processes; 0 means 500 ms.
	PollInterval time.Duration
	// CountsInterval is the shortest time between two counts pushed to one
	// dashboard; 0 means 100 ms.
	CountsInterval time.Duration
	// CountsKeepAlive is the longest time between two counts pushed, even
	// when nothing changed, so a dashboard can tell a dead network from a
	// quiet hour; 0 means 10 s.
	CountsKeepAlive time.Duration
	// ScanQuota and WalkInQuota bound what one kiosk may send; zero means
	// DefaultScanQuota and DefaultWalkInQuota, NoQuota none.
	ScanQuota, WalkInQuota Quota
	// AllowedHosts are the hub's own host names and addresses: a request
	// naming another Host is refused. Empty allows any (tests).
	AllowedHosts []string
	// EnrollmentCode makes the text of an enrollment code for token, naming
	// the standby when there is one; nil leaves the dashboard's kiosk page
	// without codes.
	EnrollmentCode func(token, standby string) (string, error)
}

// Server is a running hub. Create it with New, serve Handler, and Close it.
type Server struct {
	store *hubstore.Store
	log   *slog.Logger
	now   func() time.Time
	// event is read by every connection and replaced by a key rotation
	// (`hub key rotate` in another process): use ev().
	event     atomic.Pointer[hubstore.Event]
	tally     *tally
	lanes     *lanes
	alerts    alertBook
	admit     *admission
	metrics   *metrics
	registry  *prometheus.Registry
	poll      time.Duration
	countsIv  time.Duration
	keepAlive time.Duration

	// ingest and ingestLive carry kiosks' batches to the writer, which
	// takes the live ones (liveBatch) first.
	ingest, ingestLive chan ingestRequest
	// fanout carries committed scans from the writer to fanoutLoop.
	fanout chan []hubstore.Scan

	mu         sync.Mutex
	kiosks     map[*kioskConn]struct{}
	dashboards map[*dashConn]struct{}
	status     map[string]*kioskState
	marks      hubstore.Marks

	// projectors counts the projector sockets open, which watch the
	// counts without being in dashboards.
	projectors  atomic.Int32
	countsDirty atomic.Bool
	countsWake  chan struct{}
	latest      atomic.Pointer[[]byte]                    // the newest counts frame
	latestMsg   atomic.Pointer[websocket.PreparedMessage] // the same without kiosks, framed for dashboards
	// kioskList is the newest kiosk list pushed to dashboards; the other
	// kioskList fields say when and what it showed (kioskListToPush).
	kioskList      atomic.Pointer[websocket.PreparedMessage]
	kioskListMu    sync.Mutex
	kioskListSig   [32]byte
	kioskListAt    time.Time
	kioskListLater bool
	enrollRate     *ipLimiter
	authRate       *ipLimiter

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed atomic.Bool

	// generation is this hub's life, fixed while it runs (a restore or a
	// promotion happens in another process, before it starts).
	generation string
	// standby is the warm standby's address, once it announced itself.
	standby  atomic.Pointer[string]
	backupMu sync.Mutex
	// allowedHosts are Config.AllowedHosts.
	allowedHosts []string
	// enrollmentCode is Config.EnrollmentCode.
	enrollmentCode func(token, standby string) (string, error)
}

// kioskState is what the hub knows of a kiosk between its connections.
type kioskState struct {
	online      int
	lastSeen    time.Time
	pending     int
	clockOffset time.Duration
}

// New loads the event and rebuilds the counts from the store.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("hub: no store")
	}
	s := &Server{
		store: cfg.Store, log: cfg.Log, now: cfg.Now, registry: cfg.Registry,
		poll: cfg.PollInterval, countsIv: cfg.CountsInterval, keepAlive: cfg.CountsKeepAlive,
		ingest:       make(chan ingestRequest, 256),
		ingestLive:   make(chan ingestRequest, 256),
		fanout:       make(chan []hubstore.Scan, fanoutQueue),
		countsWake:   make(chan struct{}, 1),
		kiosks:       make(map[*kioskConn]struct{}),
		dashboards:   make(map[*dashConn]struct{}),
		status:       make(map[string]*kioskState),
		allowedHosts: cfg.AllowedHosts, enrollmentCode: cfg.EnrollmentCode,
		enrollRate: newIPLimiter(5, time.Minute),
		authRate:   newIPLimiter(30, time.Minute),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.registry == nil {
		s.registry = prometheus.NewRegistry()
	}
	if s.poll == 0 {
		s.poll = 500 * time.Millisecond
	}
	if s.countsIv == 0 {
		s.countsIv = 100 * time.Millisecond
	}
	if s.keepAlive == 0 {
		s.keepAlive = 10 * time.Second
	}
	var err error
	ev, err := s.store.Event(ctx)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	s.event.Store(&ev)
	zone, err := time.LoadLocation(ev.TimeZone)
	if err != nil {
		s.log.Warn("event time zone unknown: days begin at midnight UTC", "zone", ev.TimeZone, "err", err)
		zone = time.UTC
	}
	if s.generation, err = s.store.Generation(ctx); err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	if addr, err := s.store.StandbyAddr(ctx); err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	} else if addr != "" {
		s.standby.Store(&addr)
	}
	s.tally = newTally(zone)
	s.lanes = newLanes()
	s.admit = newAdmission(cfg.ScanQuota, cfg.WalkInQuota)
	s.admit.setEvent(ev)
	s.metrics = newMetrics(s.registry, s)
	if err := s.rebuild(ctx); err != nil {
		return nil, err
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.wg.Add(4)
	go s.ingestLoop()
	go s.fanoutLoop()
	go s.countsLoop()
	go s.pollLoop()
	return s, nil
}

// rebuild loads what the counts need: roster categories, checkpoints,
// every stored scan, and each kiosk's last contact.
func (s *Server) rebuild(ctx context.Context) error {
	if err := s.loadRoster(ctx); err != nil {
		return err
	}
	cps, err := s.store.Checkpoints(ctx)
	if err != nil {
		return err
	}
	s.tally.setCheckpoints(cps)
	s.admit.setCheckpoints(cps)
	if err := s.loadQuorumReached(ctx); err != nil {
		return err
	}
	var cursor int64
	for {
		scans, err := s.store.ScansSince(ctx, cursor, 10_000)
		if err != nil {
			return err
		}
		if len(scans) == 0 {
			break
		}
		s.tally.add(scans)
		s.lanes.add(scans, s.now())
		cursor = scans[len(scans)-1].Cursor
	}
	kiosks, err := s.store.Kiosks(ctx)
	if err != nil {
		return err
	}
	s.lanes.setRoles(kiosks)
	progress, err := s.store.Progress(ctx)
	if err != nil {
		return err
	}
	for _, k := range kiosks {
		if !k.Revoked() {
			s.status[k.Name] = &kioskState{}
		}
	}
	for _, p := range progress {
		if st := s.status[p.Kiosk]; st != nil && p.LastSeen.After(st.lastSeen) {
			st.lastSeen = p.LastSeen
		}
	}
	if s.marks, err = s.store.Marks(ctx); err != nil {
		return err
	}
	s.changed()
	return nil
}

// Handler serves kiosks, dashboards and the API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /api/v1/counts", s.handleCounts)
	mux.HandleFunc("GET /api/v1/double-entries", s.handleDoubleEntries)
	mux.HandleFunc("GET /api/v1/alerts", s.handleAlerts)
	mux.HandleFunc("POST /api/v1/alerts/ack", s.handleAckAlert)
	mux.HandleFunc("POST /api/v1/enroll", s.handleEnroll)
	mux.HandleFunc("GET /api/v1/backup", s.handleBackup)
	mux.HandleFunc("GET /api/v1/certificates/{file}", s.handleCertificate)
	mux.HandleFunc("GET /ws/kiosk", s.handleKiosk)
	mux.HandleFunc("GET /ws/dashboard", s.handleDashboard)
	s.registerDashboard(mux)
	return hostGuard(s.allowedHosts, s.throttleAPI(mux))
}

// throttleAPI answers 429 on every /api/v1 route, whatever its handler,
// to an address past its limit of wrong tokens: a route added later is
// covered without thinking of it.
func (s *Server) throttleAPI(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") && !s.authRate.allow(clientIP(r)) {
			writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "too many wrong tokens from this address: wait a minute"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Close says goodbye to every connection (close code going-away), lets
// scans being stored finish, and stops the hub's loops. The store stays
// open: its owner closes it.
func (s *Server) Close() {
	if !s.closed.CompareAndSwap(false, true) {
		return
	}
	s.mu.Lock()
	for c := range s.kiosks {
		c.closeWith(protocol.CloseGoingAway, "hub shutting down")
	}
	for d := range s.dashboards {
		d.closeWith(protocol.CloseGoingAway, "hub shutting down")
	}
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// Counts returns the current counts, kiosks included.
func (s *Server) Counts() protocol.Counts {
	c := s.tally.snapshot(s.now())
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, st := range s.status {
		c.Kiosks = append(c.Kiosks, protocol.KioskStatus{Name: name, Online: st.online > 0, LastSeen: st.lastSeen,
			Pending: st.pending, ClockOffsetMillis: st.clockOffset.Milliseconds(), ClockWrong: kiosk.ClockWrong(st.clockOffset)})
	}
	sortKiosks(c.Kiosks)
	c.Queue = s.queueLocked(c)
	c.AlertsVersion = s.alerts.version.Load()
	return c
}

// pollLoop notices what organisers' commands changed in the store from
// other processes: roster, checkpoints and revocations go to the kiosks,
// a revoked kiosk is cut off.
func (s *Server) pollLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.poll)
	defer t.Stop()
	for tick := 1; ; tick++ {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
			if err := s.checkMarks(s.ctx); err != nil && s.ctx.Err() == nil {
				s.log.Error("poll store for changes", "err", err)
			}
			if tick%sessionCheckTicks == 0 {
				s.checkSessions(s.ctx)
			}
			if tick%speakerCheckTicks == 0 {
				s.checkSpeakers(s.ctx)
			}
		}
	}
}

// sessionCheckTicks is how many polls apart the open dashboards' sessions
// are checked: every 30 s with the default poll.
const sessionCheckTicks = 60

// checkSessions closes the open dashboards whose login session has ended
// (expired, or idle too long), and notes the others as in use: a page
// watched all day stays logged in, up to the session's four days.
func (s *Server) checkSessions(ctx context.Context) {
	ids := make(map[string]bool)
	s.mu.Lock()
	for d := range s.dashboards {
		if d.session != "" {
			ids[d.session] = true
		}
	}
	s.mu.Unlock()
	for id := range ids {
		_, err := s.store.SessionByID(ctx, hashSecret(id))
		switch {
		case errors.Is(err, hubstore.ErrNoSession):
			s.closeDashboards(id, "the session has ended: log in again")
		case err != nil && ctx.Err() == nil:
			s.log.Error("check dashboard session", "err", err)
		}
	}
}

func (s *Server) checkMarks(ctx context.Context) error {
	m, err := s.store.Marks(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	old := s.marks
	s.marks = m
	s.mu.Unlock()
	if m.Roster != old.Roster {
		if err := s.loadRoster(ctx); err != nil {
			return err
		}
		s.kick(kickRoster)
	}
	if m.Checkpoints != old.Checkpoints {
		cps, err := s.store.Checkpoints(ctx)
		if err != nil {
			return err
		}
		s.tally.setCheckpoints(cps)
		s.admit.setCheckpoints(cps)
		s.kick(kickCheckpoints)
	}
	if m.Revocations != old.Revocations {
		s.kick(kickRevocations)
	}
	if m.StaffPIN != old.StaffPIN {
		s.kick(kickStaffPIN)
	}
	if m.Sessions != old.Sessions {
		s.log.Info("organisers' token changed: every dashboard logs in again")
		s.closeDashboards("", "the organisers' token changed: log in again")
	}
	if m.Keys != old.Keys {
		if err := s.reloadKeys(ctx); err != nil {
			return err
		}
	}
	if m.KiosksRevoked != old.KiosksRevoked {
		if err := s.cutRevoked(ctx); err != nil {
			return err
		}
	}
	if m != old {
		s.changed()
	}
	return nil
}

// ev is the event as the hub serves it now.
func (s *Server) ev() hubstore.Event { return *s.event.Load() }

// keysChanged is the reason kiosks are sent away after a key rotation.
const keysChanged = "badge keys changed: reconnect"

// reloadKeys takes the badge keys of a rotation: new badges are signed with
// the new key, and every kiosk reconnects so that its welcome brings the
// keys (the old ones stay valid until revoked).
func (s *Server) reloadKeys(ctx context.Context) error {
	ev, err := s.store.Event(ctx)
	if err != nil {
		return err
	}
	s.event.Store(&ev)
	s.admit.setEvent(ev)
	s.log.Info("badge keys changed: kiosks reconnect to take them", "keys", len(ev.PublicKeys))
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.kiosks {
		c.closeWith(protocol.CloseGoingAway, keysChanged)
	}
	return nil
}

// cutRevoked closes the connections of kiosks whose credential was revoked.
func (s *Server) cutRevoked(ctx context.Context) error {
	kiosks, err := s.store.Kiosks(ctx)
	if err != nil {
		return err
	}
	revoked := make(map[string]bool)
	for _, k := range kiosks {
		if k.Revoked() {
			revoked[k.Name] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.kiosks {
		if revoked[c.kiosk.Name] {
			s.log.Info("revoked kiosk disconnected", "kiosk", c.kiosk.Name)
			c.closeWith(protocol.CloseRevoked, "kiosk revoked")
		}
	}
	for name := range revoked {
		delete(s.status, name)
	}
	return nil
}

// kick tells every kiosk connection to fetch what changed.
func (s *Server) kick(k kickKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.kiosks {
		c.enqueue(outgoing{kick: k})
	}
}
