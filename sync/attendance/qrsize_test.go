package attendance

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/hubstore"
)

// bigCertificate is a certificate at the far end of real ones: long names
// and a dozen sessions with ids as long as the demo's.
func bigCertificate(t testing.TB) Certificate {
	key, err := kiosk.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	is := &Issuer{ev: hubstore.Event{ID: "faic2016", Name: "7e Forum de l'Action Internationale des Collectivités", PrivateKey: key}}
	st := Statement{Version: 1, Event: "faic2016", EventName: is.ev.Name, Organiser: "Cités Unies France", Attendee: "A0235",
		Name: "Marie-Hélène Dupont-Lefèvre", Organisation: "Conseil départemental de la Seine-Saint-Denis",
		Days: []string{"2016-07-04", "2016-07-05"}, Minutes: 900, Issued: "2016-07-06"}
	for i := range 12 {
		st.Sessions = append(st.Sessions, Session{ID: fmt.Sprintf("focus-madagascar-%02d", i), In: fmt.Sprintf("2016-07-0%d %02d:%02d", 4+i%2, 9+i%9, i*4),
			Out: fmt.Sprintf("2016-07-0%d %02d:%02d", 4+i%2, 10+i%9, i*3), Minutes: 60 + i})
	}
	p, err := is.sign(st)
	if err != nil {
		t.Fatal(err)
	}
	return Certificate{Statement: st, Payload: p, Lang: kiosk.French, Zone: time.UTC}
}

// A dozen sessions keep the QR code small enough to read off paper: at
// most version 20 (97 modules, 0.6 mm each on the printed 60 mm).
func TestCertificateQRSize(t *testing.T) {
	c := bigCertificate(t)
	v, err := qr.Version(c.Payload)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("12 sessions: %d characters, QR version %d", len(c.Payload), v)
	if v > 20 {
		t.Errorf("QR version %d for %d characters", v, len(c.Payload))
	}
}

func BenchmarkCertificatePDF(b *testing.B) {
	c := bigCertificate(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := c.WritePDF(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
