package app

import (
	"context"
	"errors"
	"log/slog"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/ui"
	"github.com/accueil/accueil/sync/hubclient"
	"github.com/accueil/accueil/sync/protocol"
)

// syncer runs the hub client and starts it again after staff enrol the
// kiosk with another hub from the settings.
type syncer struct {
	k          *boot.Kiosk
	checkpoint string
	log        *slog.Logger
	onCounts   func(protocol.Counts)
	alerts     alertRelay
	// onStaffPIN, once the window exists, takes a PIN the hub set.
	onStaffPIN atomic.Pointer[func(hash string)]

	mu     gosync.Mutex
	client *hubclient.Client
	cancel context.CancelFunc
	done   chan struct{}
}

func (s *syncer) start(ctx context.Context) error {
	client, err := hubclient.New(ctx, hubclient.Config{Store: s.k.Store, Kiosk: s.k.Name, Epoch: s.k.Epoch, Checkpoint: s.checkpoint,
		Log: s.log, OnCounts: s.onCounts, OnAlerts: s.alerts.deliver, OnKeys: func(keys []kiosk.PublicKey) { s.k.Reader.SetKeys(keys...) }, OnStaffPIN: func(hash string) {
			if f := s.onStaffPIN.Load(); f != nil {
				(*f)(hash)
			}
		}})
	if errors.Is(err, hubclient.ErrNotEnrolled) {
		return nil
	}
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.Run(runCtx)
	}()
	s.mu.Lock()
	s.client, s.cancel, s.done = client, cancel, done
	s.mu.Unlock()
	return nil
}

func (s *syncer) stop() {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.client, s.cancel, s.done = nil, nil, nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (s *syncer) restart(ctx context.Context) error {
	s.stop()
	return s.start(ctx)
}

func (s *syncer) current() *hubclient.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

func (s *syncer) notify() {
	if c := s.current(); c != nil {
		c.Notify()
	}
}

// toUICounts keeps of the hub's counts what the organiser screen shows.
func toUICounts(c protocol.Counts) ui.Counts {
	out := ui.Counts{Version: c.Version, Registered: c.Registered, CheckedIn: c.CheckedIn, DoubleEntry: c.DoubleEntries,
		ByCategory: make(map[string][2]int, len(c.ByCategory)), ReceivedAt: time.Now()}
	for cat, v := range c.ByCategory {
		out.ByCategory[cat] = [2]int{v.Registered, v.CheckedIn}
	}
	for id, cp := range c.ByCheckpoint {
		out.Checkpoints = append(out.Checkpoints, ui.CheckpointCount{ID: id, Name: cp.Name, NameEN: cp.NameEN, CheckedIn: cp.CheckedIn, Inside: cp.Inside, Capacity: cp.Capacity})
	}
	for _, k := range c.Kiosks {
		out.Kiosks = append(out.Kiosks, ui.KioskCount{Name: k.Name, Online: k.Online, LastSeen: k.LastSeen, Pending: k.Pending,
			ClockOff: k.ClockWrong})
	}
	return out
}

// The kiosk's store is what the hub client takes.
var _ hubclient.Store = (*sqlite.Store)(nil)

// enrollWithHub joins the hub an enrollment code names, for boot, which
// keeps what the hub gave in the kiosk's store.
func enrollWithHub(ctx context.Context, code string) (boot.Enrollment, error) {
	en, err := hubclient.Enroll(ctx, code)
	if err != nil {
		return boot.Enrollment{}, err
	}
	r := en.Response
	return boot.Enrollment{Hub: en.Code.Hub, Kiosk: r.Kiosk, Role: r.Role, Event: r.Event, EventName: r.EventName,
		TimeZone: r.TimeZone, PublicKeys: r.PublicKeys, Settings: en.Settings()}, nil
}
