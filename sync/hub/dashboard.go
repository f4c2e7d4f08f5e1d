package hub

// The organisers' web dashboard (GET /) and the projector view
// (GET /projector). The pages, script and style are embedded in package
// assets; the numbers come over /ws/dashboard (organisers' token) or
// /ws/projector (the projector's read-only key), so a page holds no data
// until its socket is authorised.

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
	"golang.org/x/text/language"
)

// contentSecurityPolicy lets the pages use the hub's own files and socket
// only: no inline script or style, no other site, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *Server) registerDashboard(mux *http.ServeMux) {
	mux.Handle("GET /{$}", secured(s.handleIndex))
	mux.Handle("POST /login", secured(s.handleLogin))
	mux.Handle("POST /logout", secured(s.handleLogout))
	mux.Handle("GET /projector", secured(s.handleProjector))
	mux.Handle("GET /kiosks", secured(s.handleKiosksPage))
	mux.Handle("POST /kiosks", secured(s.handleAddKiosk))
	mux.Handle("GET /static/{file}", secured(handleStatic))
	mux.HandleFunc("GET /ws/projector", s.handleProjectorSocket)
}

// secured adds the headers every dashboard response carries.
func secured(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		// The projector's URL carries its key: never send it to another
		// site. Not no-referrer: with it, browsers post forms with
		// "Origin: null", which sameOrigin must refuse.
		hd.Set("Referrer-Policy", "same-origin")
		// Browsers logged in before sessions hold the organisers' token
		// itself in a cookie: it opens nothing now, and is wiped.
		if _, err := r.Cookie(legacyTokenCookie); err == nil {
			http.SetCookie(w, &http.Cookie{Name: legacyTokenCookie, Value: "", Path: "/", MaxAge: -1,
				HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
		}
		h(w, r)
	})
}

// legacyTokenCookie is the cookie earlier hubs put the organisers' token in.
const legacyTokenCookie = "accueil_token"

// pageData fills the pages' templates.
type pageData struct {
	Lang    string // fr or en, from Accept-Language; the page may switch
	Error   string // login: "wrong" or "busy"
	Message string // login: the error in Lang, for a browser without script
	// CSRF is the session's token, which the page's forms post back.
	CSRF string
	// The close codes the page's script acts on, from the one list in
	// sync/protocol.
	CloseUnauthorized, CloseProjectorOff int
}

var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.ParseFS(assets.Dashboard(), "index.html", "login.html", "projector.html", "kiosks.html"))
})

var langMatcher = language.NewMatcher([]language.Tag{language.French, language.English})

// pageLang is the page's first language, from the browser's
// Accept-Language; French, the event's language, when nothing matches.
func pageLang(r *http.Request) string {
	tag, _ := language.MatchStrings(langMatcher, r.Header.Get("Accept-Language"))
	if base, _ := tag.Base(); base.String() == "en" {
		return "en"
	}
	return "fr"
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) {
	if d.Lang == "" {
		d.Lang = pageLang(r)
	}
	d.CloseUnauthorized, d.CloseProjectorOff = protocol.CloseUnauthorized, protocol.CloseProjectorOff
	s.pageAny(w, r, status, name, d)
}

// pageAny renders any page's template with its data.
func (s *Server) pageAny(w http.ResponseWriter, r *http.Request, status int, name string, d any) {
	var buf bytes.Buffer
	if err := pages().ExecuteTemplate(&buf, name, d); err != nil {
		s.log.Error("render dashboard page", "page", name, "err", err)
		http.Error(w, "hub error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// loginMessages are the login errors for a browser without script; the
// script shows the same words from its own catalogue.
var loginMessages = map[string]map[string]string{
	"wrong": {"fr": "Jeton incorrect\u00a0: vérifiez-le avec «\u00a0hub token\u00a0».", "en": "Wrong token: check it with “hub token”."},
	"busy":  {"fr": "Trop d’essais\u00a0: attendez une minute.", "en": "Too many attempts: wait a minute."},
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, status int, errKey string) {
	d := pageData{Lang: pageLang(r), Error: errKey}
	if errKey != "" {
		d.Message = loginMessages[errKey][d.Lang]
	}
	s.page(w, r, status, "login.html", d)
}

// handleIndex serves the dashboard to a logged-in organiser, the login
// form to anyone else.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	ok, _, sess := s.authorized(r)
	if !ok {
		s.loginPage(w, r, http.StatusOK, "")
		return
	}
	s.page(w, r, http.StatusOK, "index.html", pageData{CSRF: sess.CSRF})
}

// handleLogin checks the organisers' token and opens a session: the
// cookie carries the session's random id, never the token, so that a
// stolen cookie dies with its session (logout, expiry, `hub token
// -rotate`) and the token itself never sits in a browser.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "login from another site refused", http.StatusForbidden)
		return
	}
	ip := clientIP(r)
	if !s.authRate.allow(ip) {
		s.loginPage(w, r, http.StatusTooManyRequests, "busy")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	got := strings.TrimSpace(r.PostFormValue("token"))
	token, err := s.store.DashboardToken(r.Context())
	if err != nil || token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		s.authRate.fail(ip)
		s.log.Warn("dashboard login refused", "remote", ip)
		s.loginPage(w, r, http.StatusUnauthorized, "wrong")
		return
	}
	id := randomID()
	if _, err := s.store.CreateSession(r.Context(), hashSecret(id)); err != nil {
		s.log.Error("create dashboard session", "err", err)
		http.Error(w, "hub error", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/", MaxAge: int(hubstore.SessionLifetime.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	s.log.Info("dashboard login", "remote", ip)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// handleLogout ends the session, with its CSRF token: another site cannot
// log an organiser out, nor can anything but the page.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "logout from another site refused", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if ok, id, sess := s.authorized(r); ok && id != "" {
		if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
			http.Error(w, "logout refused: the form's token is missing or wrong; reload the page", http.StatusForbidden)
			return
		}
		if err := s.store.EndSession(r.Context(), hashSecret(id)); err != nil {
			s.log.Error("end dashboard session", "err", err)
			http.Error(w, "hub error", http.StatusInternalServerError)
			return
		}
		s.closeDashboards(id, "logged out")
		s.log.Info("dashboard logout", "remote", clientIP(r))
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// randomID is a session id: 256 random bits.
func randomID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameOrigin refuses forms posted from another site. Browsers send Origin
// with every POST; tools that send none are not a cross-site threat.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// projectorKey checks a projector's key against the store: ok is false
// when the view is off or the key is not its own.
func (s *Server) projectorKey(r *http.Request) (ok bool, err error) {
	want, err := s.store.ProjectorKey(r.Context())
	if err != nil || want == "" {
		return false, err
	}
	got := r.URL.Query().Get("key")
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1, nil
}

// handleProjector serves the projector view; 404 when the view is off or
// the key wrong, so the page's existence tells nothing.
func (s *Server) handleProjector(w http.ResponseWriter, r *http.Request) {
	ip, ok := s.admitAuth(w, r)
	if !ok {
		return
	}
	ok, err := s.projectorKey(r)
	if err != nil {
		s.log.Error("projector view", "err", err)
		http.Error(w, "hub error", http.StatusInternalServerError)
		return
	}
	if !ok {
		if r.URL.Query().Get("key") != "" {
			s.authRate.fail(ip)
		}
		http.NotFound(w, r)
		return
	}
	s.page(w, r, http.StatusOK, "projector.html", pageData{})
}

// handleProjectorSocket pushes counts to a projector. Its frames carry
// numbers only: no kiosk names, no verdicts, no double entries.
func (s *Server) handleProjectorSocket(w http.ResponseWriter, r *http.Request) {
	ip, ok := s.admitAuth(w, r)
	if !ok {
		return
	}
	ok, err := s.projectorKey(r)
	if err != nil {
		s.log.Error("projector socket", "err", err)
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(4096)
	if !ok {
		s.authRate.fail(ip)
		refuse(ws, protocol.CloseProjectorOff, "projector view is off or its key has changed")
		return
	}
	key := r.URL.Query().Get("key")
	d := &dashConn{ws: ws, latest: make(chan *websocket.PreparedMessage, 1), done: make(chan struct{})}
	s.metrics.connections.WithLabelValues("projector").Inc()
	defer s.metrics.connections.WithLabelValues("projector").Dec()
	s.projectors.Add(1)
	defer s.projectors.Add(-1)
	s.changed()
	go d.readLoop()
	go s.feedProjector(d, key)
	d.writeLoop()
}

// feedProjector offers the projector fresh counts whenever the hub has
// pushed new ones, and cuts it off when the view is switched off. It
// watches rather than registers with the dashboards: a projector or two
// polling an atomic pointer costs nothing and leaves the push path alone.
func (s *Server) feedProjector(d *dashConn, key string) {
	tick := time.NewTicker(s.countsIv)
	defer tick.Stop()
	var sent *[]byte
	var checked time.Time
	for first := true; ; first = false {
		if latest := s.latest.Load(); latest != sent || first {
			sent = latest
			frame, err := protocol.Encode(projectorCounts(s.Counts()))
			var msg *websocket.PreparedMessage
			if err == nil {
				msg, err = prepared(frame)
			}
			if err != nil {
				s.log.Error("encode projector counts", "err", err)
			} else {
				d.offer(msg)
			}
		}
		if time.Since(checked) >= s.poll {
			checked = time.Now()
			want, err := s.store.ProjectorKey(s.ctx)
			if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(key)) != 1 {
				d.closeWith(protocol.CloseProjectorOff, "projector view switched off")
				return
			}
		}
		select {
		case <-d.done:
			return
		case <-s.ctx.Done():
			d.closeWith(protocol.CloseGoingAway, "hub shutting down")
			return
		case <-tick.C:
		}
	}
}

// projectorCounts strips what a public screen must not show.
func projectorCounts(c protocol.Counts) protocol.Counts {
	c.Kiosks = []protocol.KioskStatus{}
	c.ByVerdict = map[string]int{}
	c.DoubleEntries = 0
	// Advice is for organisers, and alerts name people.
	c.Queue, c.AlertsVersion = nil, 0
	return c
}

// staticFile is one embedded script or style sheet, with its ETag.
type staticFile struct {
	body []byte
	etag string
}

var staticFiles = sync.OnceValue(func() map[string]staticFile {
	out := make(map[string]staticFile)
	fsys := assets.Dashboard()
	names, _ := fs.Glob(fsys, "*")
	for _, name := range names {
		if ext := path.Ext(name); ext != ".js" && ext != ".css" {
			continue // the pages are templates, served filled in
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic("hub: embedded dashboard file " + name + ": " + err.Error())
		}
		sum := sha256.Sum256(b)
		out[name] = staticFile{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return out
})

// handleStatic serves the dashboard's script and style. They are public
// (no data in them) and revalidated by ETag, so a new hub version is
// picked up at once.
func handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	f, ok := staticFiles()[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ct := "text/css; charset=utf-8"
	if path.Ext(name) == ".js" {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.body))
}
