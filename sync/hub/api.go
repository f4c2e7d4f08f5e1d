package hub

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	kiosks := len(s.kiosks)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "event": s.ev().ID, "kiosks_connected": kiosks})
}

// organisersOnly answers an /api/v1 request that lacks the organisers'
// token or session: 401, counted toward the address's limit of wrong
// tries; past it, 429 whatever the token, until the minute has passed.
func (s *Server) organisersOnly(w http.ResponseWriter, r *http.Request) bool {
	ip, ok := s.admitAuth(w, r)
	if !ok {
		return false
	}
	if ok, _, _ := s.authorized(r); !ok {
		s.authRate.fail(ip)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "wrong or missing organisers' token"})
		return false
	}
	return true
}

func (s *Server) handleCounts(w http.ResponseWriter, r *http.Request) {
	if !s.organisersOnly(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, s.Counts())
}

func (s *Server) handleDoubleEntries(w http.ResponseWriter, r *http.Request) {
	if !s.organisersOnly(w, r) {
		return
	}
	list := s.tally.doubleEntries()
	if list == nil {
		list = []DoubleEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"double_entries": list})
}

// handleEnroll spends a one-time enrollment code for a kiosk credential.
func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request) {
	ip := clientIP(r)
	if !s.enrollRate.allow(ip) {
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "too many enrollment attempts: wait a minute"})
		return
	}
	var req protocol.EnrollRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&req); err != nil || strings.TrimSpace(req.Token) == "" {
		s.enrollRate.fail(ip)
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "expected {\"token\": ...}"})
		return
	}
	cred := req.Credential
	if len(cred) < 32 || len(cred) > 128 {
		var err error
		if cred, err = enroll.NewToken(); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
			return
		}
	}
	k, err := s.store.Enroll(r.Context(), enroll.HashToken(req.Token), hashSecret(cred))
	if errors.Is(err, hubstore.ErrEnrollment) {
		s.enrollRate.fail(ip)
		s.log.Warn("enrollment refused", "remote", ip, "reason", "unknown, used or expired code")
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "this enrollment code is unknown, already used or expired: ask for a new one"})
		return
	}
	if err != nil {
		s.log.Error("enroll", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
		return
	}
	keys := make([]string, len(s.ev().PublicKeys))
	for i, k := range s.ev().PublicKeys {
		keys[i] = k.String()
	}
	s.mu.Lock()
	if s.status[k.Name] == nil {
		s.status[k.Name] = &kioskState{}
	}
	s.mu.Unlock()
	s.changed()
	s.log.Info("kiosk enrolled", "kiosk", k.Name, "role", k.Role, "remote", ip)
	staffPIN, _, err := s.store.StaffPIN(r.Context())
	if err != nil {
		s.log.Error("enroll: read staff PIN", "err", err)
	}
	writeJSON(w, http.StatusOK, protocol.EnrollResponse{Kiosk: k.Name, Role: k.Role, Credential: cred, Event: s.ev().ID,
		EventName: s.ev().Name, TimeZone: s.ev().TimeZone, PublicKeys: keys, StaffPIN: staffPIN})
}
