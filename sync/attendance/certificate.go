package attendance

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// Statement is what a certificate attests, exactly as its QR code carries
// it, signed. Times are in the event's time zone ("2016-07-04 09:32"),
// sessions named by their checkpoint id to keep the code small enough to
// scan from paper.
type Statement struct {
	Version      int       `json:"v"`
	Event        string    `json:"ev"`
	EventName    string    `json:"evn"`
	Organiser    string    `json:"org"`
	Attendee     string    `json:"id"`
	Name         string    `json:"n"`
	Organisation string    `json:"o,omitempty"`
	Days         []string  `json:"d"`
	Sessions     []Session `json:"s,omitempty"`
	// Minutes is the total time in sessions.
	Minutes int    `json:"t"`
	Issued  string `json:"at"`
}

// Session is the time one attendee spent in one session: In and Out
// are "2016-07-04 09:32" (Out empty when unknown).
type Session struct {
	ID      string
	In      string
	Out     string
	Minutes int
}

// MarshalJSON writes a session as one short string, "plen-open 2016-07-04
// 09:31 10:59 88" ("-" for no out): a certificate's QR code holds a dozen
// of them and stays small enough to read off paper.
func (s Session) MarshalJSON() ([]byte, error) {
	day, in, _ := strings.Cut(s.In, " ")
	out := "-"
	if _, t, ok := strings.Cut(s.Out, " "); ok {
		out = t
	}
	return json.Marshal(fmt.Sprintf("%s %s %s %s %d", s.ID, day, in, out, s.Minutes))
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (s *Session) UnmarshalJSON(b []byte) error {
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		return err
	}
	f := strings.Fields(text)
	if len(f) != 5 {
		return fmt.Errorf("session %q: want id, day, in, out and minutes", text)
	}
	n, err := strconv.Atoi(f[4])
	if err != nil || n < 0 {
		return fmt.Errorf("session %q: minutes %q", text, f[4])
	}
	*s = Session{ID: f[0], In: f[1] + " " + f[2], Minutes: n}
	if f[3] != "-" {
		s.Out = f[1] + " " + f[3]
	}
	return nil
}

// PayloadPrefix starts a certificate's QR payload; the statement kind the
// signature covers is distinct from badges'.
const (
	PayloadPrefix = "ACCERT1:"
	statementKind = "certificate v1"
	localLayout   = "2006-01-02 15:04"
)

// ErrNoAdmission is returned, wrapped, for an attendee never admitted: they
// get no certificate.
var ErrNoAdmission = errors.New("no admission recorded")

// Certificate is a statement, signed, with what its PDF needs.
type Certificate struct {
	Statement
	Payload  string
	Lang     kiosk.Language
	Zone     *time.Location
	sessions map[string]kiosk.Checkpoint
}

// Issuer makes the certificates of one event.
type Issuer struct {
	st        *hubstore.Store
	ev        hubstore.Event
	organiser string
	zone      *time.Location
	now       time.Time
	sessions  map[string]kiosk.Checkpoint
}

// NewIssuer reads what every certificate of the event needs. The
// organiser's name is the one stored, else the event's own name.
func NewIssuer(ctx context.Context, st *hubstore.Store, zone *time.Location, now time.Time) (*Issuer, error) {
	if err := st.CheckNotPurged(ctx); err != nil {
		return nil, err
	}
	ev, err := st.Event(ctx)
	if err != nil {
		return nil, err
	}
	org, err := st.Organiser(ctx)
	if err != nil {
		return nil, err
	}
	if org == "" {
		org = ev.Name
	}
	cps, err := st.Checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	is := &Issuer{st: st, ev: ev, organiser: org, zone: zone, now: now, sessions: map[string]kiosk.Checkpoint{}}
	for _, c := range cps {
		if c.Kind == kiosk.KindSession {
			is.sessions[c.ID] = c
		}
	}
	return is, nil
}

// Admitted lists the attendees admitted at least once, in id order.
func (is *Issuer) Admitted(ctx context.Context) ([]string, error) {
	scans, err := is.st.Admissions(ctx, "", "")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, s := range scans {
		if s.Direction == kiosk.In && (len(ids) == 0 || ids[len(ids)-1] != s.AttendeeID) {
			ids = append(ids, s.AttendeeID)
		}
	}
	return slices.Compact(ids), nil
}

// Certificate makes and signs one attendee's certificate, in lang (""
// means the attendee's own language).
func (is *Issuer) Certificate(ctx context.Context, attendeeID string, lang kiosk.Language) (Certificate, error) {
	a, err := is.st.Attendee(ctx, attendeeID)
	if err != nil {
		return Certificate{}, fmt.Errorf("certificate of %q: %w", attendeeID, err)
	}
	scans, err := is.st.Admissions(ctx, attendeeID, "")
	if err != nil {
		return Certificate{}, fmt.Errorf("certificate of %q: %w", attendeeID, err)
	}
	if !slices.ContainsFunc(scans, func(s hubstore.Scan) bool { return s.Direction == kiosk.In }) {
		return Certificate{}, fmt.Errorf("certificate of %q: %w", attendeeID, ErrNoAdmission)
	}
	if lang == "" {
		lang = a.Language
	}
	st := Statement{Version: 1, Event: is.ev.ID, EventName: is.ev.Name, Organiser: is.organiser, Attendee: a.ID, Name: a.Name(),
		Organisation: a.Organisation, Issued: is.now.In(is.zone).Format("2006-01-02")}
	for _, s := range scans {
		day := s.At.In(is.zone).Format("2006-01-02")
		if !slices.Contains(st.Days, day) {
			st.Days = append(st.Days, day)
		}
	}
	slices.Sort(st.Days)
	st.Sessions, st.Minutes = is.timeInSessions(scans)
	payload, err := is.sign(st)
	if err != nil {
		return Certificate{}, fmt.Errorf("certificate of %q: %w", attendeeID, err)
	}
	return Certificate{Statement: st, Payload: payload, Lang: lang, Zone: is.zone, sessions: is.sessions}, nil
}

// timeInSessions follows the attendee's scans at each session door: time
// runs from a scan in to the next scan out, or to the session's end when
// there is none; a second scan in before any out (a re-scan) changes
// nothing. scans are in kiosk-time order. The total counts once the time
// two sessions overlap (someone who never scanned out of one session and
// went into the next), so that it never exceeds the time actually spent.
func (is *Issuer) timeInSessions(scans []hubstore.Scan) ([]Session, int) {
	type span struct {
		first, last, open time.Time
		d                 time.Duration
	}
	spans := map[string]*span{}
	var order []string
	var spent []interval
	for _, s := range scans {
		if _, ok := is.sessions[s.Checkpoint]; !ok {
			continue
		}
		sp := spans[s.Checkpoint]
		if sp == nil {
			sp = &span{}
			spans[s.Checkpoint] = sp
		}
		switch {
		case s.Direction == kiosk.In && sp.open.IsZero():
			if sp.first.IsZero() {
				sp.first = s.At
				order = append(order, s.Checkpoint)
			}
			sp.open = s.At
		case s.Direction == kiosk.Out && !sp.open.IsZero():
			sp.d += s.At.Sub(sp.open)
			spent = append(spent, interval{sp.open, s.At})
			sp.last, sp.open = s.At, time.Time{}
		}
	}
	var out []Session
	for _, id := range order {
		sp := spans[id]
		if end := is.sessions[id].EndsAt; !sp.open.IsZero() && !end.IsZero() && end.After(sp.open) {
			sp.d += end.Sub(sp.open)
			spent = append(spent, interval{sp.open, end})
			sp.last = end
		}
		s := Session{ID: id, In: sp.first.In(is.zone).Format(localLayout), Minutes: minutes(sp.d)}
		if !sp.last.IsZero() {
			s.Out = sp.last.In(is.zone).Format(localLayout)
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Session) int { return strings.Compare(a.In, b.In) })
	return out, minutes(union(spent))
}

type interval struct{ from, to time.Time }

// union is the time covered by the intervals, overlaps counted once.
func union(list []interval) time.Duration {
	slices.SortFunc(list, func(a, b interval) int { return a.from.Compare(b.from) })
	var total time.Duration
	var end time.Time
	for _, iv := range list {
		if iv.from.After(end) {
			end = iv.from
		}
		if iv.to.After(end) {
			total += iv.to.Sub(end)
			end = iv.to
		}
	}
	return total
}

func minutes(d time.Duration) int { return int(d.Round(time.Minute) / time.Minute) }

// sign encodes the statement with its signature by the event's current
// badge key (see kiosk.SignStatement for why that key): the statement's
// JSON deflated, then both parts in unpadded base32, whose alphabet QR
// codes store in their dense alphanumeric mode, so that a dozen sessions
// still make a code a phone reads off paper.
func (is *Issuer) sign(st Statement) (string, error) {
	msg, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	keyID, sig, err := is.ev.PrivateKey.SignStatement(statementKind, msg)
	if err != nil {
		return "", err
	}
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestCompression) // only fails for a bad level
	if _, err := fw.Write(msg); err != nil {
		return "", err
	}
	if err := fw.Close(); err != nil {
		return "", err
	}
	return PayloadPrefix + b32.EncodeToString(z.Bytes()) + "." + b32.EncodeToString(append([]byte{keyID}, sig...)), nil
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// maxStatement bounds an inflated statement: far above any real one, and
// a payload that inflates beyond it is not ours.
const maxStatement = 64 << 10

// VerifyCertificate checks a certificate's QR payload against the event's
// public keys, offline; the error says why it is refused.
func VerifyCertificate(payload string, ev hubstore.Event) (Statement, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(payload), PayloadPrefix)
	if !ok {
		return Statement{}, fmt.Errorf("not an Accueil certificate (it does not start with %s)", PayloadPrefix)
	}
	body, sigText, ok := strings.Cut(rest, ".")
	z, err1 := b32.DecodeString(body)
	sig, err2 := b32.DecodeString(sigText)
	if !ok || err1 != nil || err2 != nil || len(sig) < 2 {
		return Statement{}, errors.New("unreadable payload (cut short or mistyped?)")
	}
	msg, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), maxStatement+1))
	if err != nil || len(msg) > maxStatement {
		return Statement{}, errors.New("unreadable payload (its statement does not unpack)")
	}
	if !kiosk.VerifyStatement(ev.PublicKeys, statementKind, msg, sig[0], sig[1:]) {
		return Statement{}, errors.New("signature does not match: the certificate was changed, or another event's key signed it")
	}
	var st Statement
	dec := json.NewDecoder(bytes.NewReader(msg))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return Statement{}, fmt.Errorf("signed, but its statement is unreadable: %v", err)
	}
	if st.Event != ev.ID {
		return Statement{}, fmt.Errorf("issued for event %q, not %q", st.Event, ev.ID)
	}
	return st, nil
}
