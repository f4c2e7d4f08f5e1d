package hub

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// Alerts: arrivals that matter to organisers and desks. An attendee with a
// roster note, or a speaker, journalist or delegation member, raises one
// arrival alert at their first admission at an entrance; a speaker who has
// not arrived when their session starts within speakerLead raises one
// speaker_missing alert for that session. Alerts are stored (they outlive
// a restart), shown to organisers and to desk kiosks, never to the
// projector.

// speakerLead is how long before a session its missing speakers are named.
const speakerLead = 30 * time.Minute

// speakerCheckTicks is how many polls apart sessions are checked for
// missing speakers: every 10 s with the default poll.
const speakerCheckTicks = 20

// maxAlertsListed bounds GET /api/v1/alerts: a day of the Forum raises a
// few hundred.
const maxAlertsListed = 1000

// alertBook decides which admissions raise an alert without a query per
// scan: who is noteworthy, and which alerts were raised already.
type alertBook struct {
	mu         sync.Mutex
	noteworthy map[string]bool
	raised     map[string]bool
	// version grows with every alert raised or acknowledged.
	version atomic.Int64
}

// loadAlerts reads who is noteworthy (after each roster change) and, the
// first time, which alerts were raised before this start.
func (s *Server) loadAlerts(ctx context.Context) error {
	nw, err := s.store.Noteworthy(ctx)
	if err != nil {
		return err
	}
	b := &s.alerts
	b.mu.Lock()
	defer b.mu.Unlock()
	b.noteworthy = nw
	if b.raised == nil {
		if b.raised, err = s.store.AlertKeys(ctx); err != nil {
			return err
		}
		b.version.Store(int64(len(b.raised)))
	}
	return nil
}

// raiseArrivals raises an arrival alert for each noteworthy attendee
// first admitted at an entrance among fresh scans.
func (s *Server) raiseArrivals(fresh []hubstore.Scan) {
	var list []hubstore.NewAlert
	b := &s.alerts
	b.mu.Lock()
	for _, sc := range fresh {
		if sc.Verdict != kiosk.VerdictAccepted || sc.Direction != kiosk.In || sc.Undoes != "" || !b.noteworthy[sc.AttendeeID] {
			continue
		}
		key := hubstore.AlertKey(protocol.AlertArrival, sc.AttendeeID, "")
		if b.raised[key] || !s.tally.isEntrance(sc.Checkpoint) {
			continue
		}
		b.raised[key] = true
		list = append(list, hubstore.NewAlert{Kind: protocol.AlertArrival, AttendeeID: sc.AttendeeID, Checkpoint: sc.Checkpoint,
			Kiosk: sc.Kiosk, At: sc.At})
	}
	b.mu.Unlock()
	s.raise(list)
}

// checkSpeakers raises a speaker_missing alert for each speaker not yet
// arrived at a session starting within speakerLead.
func (s *Server) checkSpeakers(ctx context.Context) {
	now := s.now()
	var list []hubstore.NewAlert
	b := &s.alerts
	for _, cp := range s.tally.checkpointList() {
		if cp.Kind != kiosk.KindSession || cp.StartsAt.IsZero() || !cp.StartsAt.After(now) || cp.StartsAt.Sub(now) > speakerLead {
			continue
		}
		for _, id := range cp.Speakers {
			key := hubstore.AlertKey(protocol.AlertSpeakerMissing, id, cp.ID)
			b.mu.Lock()
			done := b.raised[key]
			b.mu.Unlock()
			if done || s.tally.arrived(id) {
				continue
			}
			b.mu.Lock()
			b.raised[key] = true
			b.mu.Unlock()
			list = append(list, hubstore.NewAlert{Kind: protocol.AlertSpeakerMissing, AttendeeID: id, Scope: cp.ID, Checkpoint: cp.ID, At: now})
		}
	}
	if ctx.Err() == nil {
		s.raise(list)
	}
}

// raise stores alerts and tells organisers and desks. Alerts that could
// not be stored are forgotten as raised, so the next chance raises them.
func (s *Server) raise(list []hubstore.NewAlert) {
	if len(list) == 0 {
		return
	}
	n, err := s.store.RaiseAlerts(context.WithoutCancel(s.ctx), list)
	if err != nil {
		s.log.Error("raise alerts", "count", len(list), "err", err)
		s.alerts.mu.Lock()
		for _, a := range list {
			delete(s.alerts.raised, hubstore.AlertKey(a.Kind, a.AttendeeID, a.Scope))
		}
		s.alerts.mu.Unlock()
		return
	}
	if n > 0 {
		s.log.Info("alerts raised", "count", n)
		// One step per alert, as the counts' alerts_version says, though
		// relays gather several commits' admissions into one call.
		s.alerts.version.Add(int64(n) - 1)
		s.alertsChanged()
	}
}

// alertsChanged moves the counts' alerts version, so dashboards fetch the
// list, and sends the pending alerts to every desk.
func (s *Server) alertsChanged() {
	s.alerts.version.Add(1)
	s.changed()
	frame, err := s.pendingAlertsFrame(s.ctx)
	if err != nil {
		s.log.Error("alerts for desks", "err", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.kiosks {
		if c.kiosk.Role == protocol.RoleDesk {
			c.enqueue(outgoing{frame: frame})
		}
	}
}

// offerAlerts sends a desk that just connected the alerts pending.
func (s *Server) offerAlerts(c *kioskConn) {
	if c.kiosk.Role != protocol.RoleDesk {
		return
	}
	frame, err := s.pendingAlertsFrame(s.ctx)
	if err != nil {
		s.log.Error("alerts for desk", "kiosk", c.kiosk.Name, "err", err)
		return
	}
	c.enqueue(outgoing{frame: frame})
}

// pendingAlertsFrame is the message of the alerts no organiser has
// acknowledged, newest first.
func (s *Server) pendingAlertsFrame(ctx context.Context) ([]byte, error) {
	list, err := s.store.Alerts(ctx, protocol.MaxAlerts, true)
	if err != nil {
		return nil, err
	}
	m := protocol.Alerts{Alerts: make([]protocol.Alert, len(list))}
	for i, a := range list {
		m.Alerts[i] = a.Alert
	}
	return protocol.Encode(m)
}

// alertJSON is one alert of GET /api/v1/alerts.
type alertJSON struct {
	protocol.Alert
	Acknowledged bool       `json:"acknowledged"`
	AckedAt      *time.Time `json:"acked_at,omitempty"`
}

func (s *Server) handleAlerts(w http.ResponseWriter, r *http.Request) {
	if !s.organisersOnly(w, r) {
		return
	}
	list, err := s.store.Alerts(r.Context(), maxAlertsListed, false)
	if err != nil {
		s.log.Error("list alerts", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
		return
	}
	out := make([]alertJSON, len(list))
	for i, a := range list {
		out[i] = alertJSON{Alert: a.Alert, Acknowledged: !a.AckedAt.IsZero(), AckedAt: timeOrNil(a.AckedAt)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": out})
}

// handleAckAlert acknowledges one alert (form field id). From the
// dashboard it needs the session's CSRF token (field csrf) and the hub's
// own origin, as logging out does; a script with the bearer token needs
// neither.
func (s *Server) handleAckAlert(w http.ResponseWriter, r *http.Request) {
	if !s.organisersOnly(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	_, session, sess := s.authorized(r)
	if session != "" && (!sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1) {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "acknowledgement refused: the form's token is missing or wrong; reload the page"})
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "expected the alert's id, a whole number, in the form field id"})
		return
	}
	switch err := s.store.AckAlert(r.Context(), id, s.now()); {
	case errors.Is(err, hubstore.ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no alert " + strconv.FormatInt(id, 10)})
		return
	case err != nil:
		s.log.Error("acknowledge alert", "id", id, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
		return
	}
	s.log.Info("alert acknowledged", "id", id, "remote", clientIP(r))
	s.alertsChanged()
	writeJSON(w, http.StatusOK, map[string]any{"acknowledged": id})
}

// isEntrance reports whether a checkpoint is an entrance.
func (t *tally) isEntrance(id string) bool {
	if id == kiosk.EntranceID {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.checkpoints[id].Kind == kiosk.KindEntrance
}

// arrived reports whether an attendee was ever admitted at an entrance.
func (t *tally) arrived(attendee string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for cp, byAtt := range t.where {
		if v := byAtt[attendee]; v != nil && v.admitted() && (cp == kiosk.EntranceID || t.checkpoints[cp].Kind == kiosk.KindEntrance) {
			return true
		}
	}
	return false
}
