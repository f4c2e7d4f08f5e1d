package hub

// The dashboard's kiosk page (GET and POST /kiosks): organisers see the
// kiosks and make an enrollment code from a phone, shown as a QR code the
// kiosk's camera or handheld scanner reads, so that a volunteer enrols a
// kiosk by holding the phone up to it.

import (
	"crypto/subtle"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/protocol"
)

// kioskRow is one kiosk on the page.
type kioskRow struct {
	Name, Role      string
	Online, Revoked bool
}

// kiosksPage fills kiosks.html.
type kiosksPage struct {
	pageData
	Kiosks         []kioskRow
	Code, CodeName string
	// ErrorKey names Error's translation in i18n.js, when it has one.
	ErrorKey string
	QR       template.HTML
}

func (s *Server) handleKiosksPage(w http.ResponseWriter, r *http.Request) {
	ok, _, sess := s.authorized(r)
	if !ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.kiosksPage(w, r, http.StatusOK, kiosksPage{pageData: pageData{CSRF: sess.CSRF}})
}

func (s *Server) kiosksPage(w http.ResponseWriter, r *http.Request, status int, p kiosksPage) {
	kiosks, err := s.store.Kiosks(r.Context())
	if err != nil {
		s.log.Error("kiosk page", "err", err)
		http.Error(w, "hub error", http.StatusInternalServerError)
		return
	}
	s.mu.Lock()
	for _, k := range kiosks {
		st := s.status[k.Name]
		p.Kiosks = append(p.Kiosks, kioskRow{Name: k.Name, Role: k.Role, Online: st != nil && st.online > 0, Revoked: k.Revoked()})
	}
	s.mu.Unlock()
	if p.Lang == "" {
		p.Lang = pageLang(r)
	}
	s.pageAny(w, r, status, "kiosks.html", p)
}

// handleAddKiosk makes a one-time enrollment code, as `hub kiosk add` does.
func (s *Server) handleAddKiosk(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "form from another site refused", http.StatusForbidden)
		return
	}
	ok, _, sess := s.authorized(r)
	if !ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
		http.Error(w, "refused: the form's token is missing or wrong; reload the page", http.StatusForbidden)
		return
	}
	p := kiosksPage{pageData: pageData{CSRF: sess.CSRF}}
	name, role := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("role")
	fail := func(format string, args ...any) {
		p.Error = fmt.Sprintf(format, args...)
		s.kiosksPage(w, r, http.StatusBadRequest, p)
	}
	switch {
	case protocol.CheckKioskName(name) != nil:
		p.ErrorKey = "error_kiosk_name" // the page says it in its language
		fail("%v", protocol.CheckKioskName(name))
		return
	case !protocol.ValidRole(role):
		fail("role %q: want one of %s", role, strings.Join(protocol.Roles, ", "))
		return
	case s.enrollmentCode == nil:
		fail("this hub cannot make codes here: use 'hub kiosk add' on its machine")
		return
	}
	token, err := enroll.NewToken()
	if err != nil {
		http.Error(w, "hub error", http.StatusInternalServerError)
		return
	}
	code, err := s.enrollmentCode(token, s.standbyAddr())
	if err == nil {
		err = s.store.AddEnrollment(r.Context(), name, role, enroll.HashToken(token))
	}
	if err != nil {
		fail("%v", err)
		return
	}
	svg, err := qrSVG(code)
	if err != nil {
		fail("%v", err)
		return
	}
	s.log.Info("enrollment code made on the dashboard", "kiosk", name, "role", role, "remote", clientIP(r))
	p.Code, p.CodeName, p.QR = code, name, svg
	s.kiosksPage(w, r, http.StatusOK, p)
}

// qrSVG draws a QR code as one SVG path, with its quiet zone, at any
// screen size: no image file, nothing outside the page.
func qrSVG(payload string) (template.HTML, error) {
	m, err := qr.Modules(payload)
	if err != nil {
		return "", err
	}
	const quiet = 4
	size := len(m) + 2*quiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="QR">`, size, size)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, size, size)
	for y, row := range m {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil // built here from numbers only
}
