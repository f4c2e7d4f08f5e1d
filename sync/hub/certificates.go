package hub

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/attendance"
	"github.com/accueil/accueil/sync/hubstore"
)

// handleCertificate serves GET /api/v1/certificates/ID.pdf: one attendee's
// attendance certificate, for an organiser logged in to the dashboard (or
// holding the token). ?lang=fr|en|auto, French by default as on the
// command line. 404 for an attendee unknown or never admitted.
func (s *Server) handleCertificate(w http.ResponseWriter, r *http.Request) {
	if !s.organisersOnly(w, r) {
		return
	}
	id, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok || id == "" || len(id) > kiosk.MaxIDLength {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "want /api/v1/certificates/ID.pdf"})
		return
	}
	var lang kiosk.Language
	switch q := r.URL.Query().Get("lang"); q {
	case "", "fr":
		lang = kiosk.French
	case "en":
		lang = kiosk.English
	case "auto":
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "lang is fr, en or auto"})
		return
	}
	ctx := r.Context()
	is, err := attendance.NewIssuer(ctx, s.store, s.tally.zone, s.now())
	if errors.Is(err, hubstore.ErrPurged) {
		writeJSON(w, http.StatusGone, map[string]string{"error": err.Error()})
		return
	}
	var cert attendance.Certificate
	if err == nil {
		cert, err = is.Certificate(ctx, id, lang)
	}
	switch {
	case errors.Is(err, hubstore.ErrNotFound) || errors.Is(err, attendance.ErrNoAdmission):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no certificate: " + err.Error()})
		return
	case err != nil:
		s.log.Error("certificate", "attendee", id, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not make the certificate"})
		return
	}
	var buf bytes.Buffer
	if err := cert.WritePDF(&buf); err != nil {
		s.log.Error("certificate", "attendee", id, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not make the certificate"})
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", `attachment; filename="certificate-`+fileSafe(cert.Attendee)+`.pdf"`)
	_, _ = w.Write(buf.Bytes())
}

// fileSafe keeps an id's letters, digits, dots, dashes and underscores for
// a file name in a header; ids may hold any visible character.
func fileSafe(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, id)
}
