package hub

// A warm standby (`hub standby` on a second laptop) copies the whole hub
// every few seconds through GET /api/v1/backup, with the credential of a
// kiosk enrolled with the role standby. It announces the address it will
// serve on once promoted; kiosks learn it from their welcome and enrollment
// codes carry it, so that they move to the standby by themselves when the
// hub's laptop dies.

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// BackupContentType is the media type of a backup served to a standby.
const BackupContentType = "application/vnd.sqlite3"

// handleBackup serves a fresh backup to a standby.
func (s *Server) handleBackup(w http.ResponseWriter, r *http.Request) {
	ip, ok := s.admitAuth(w, r)
	if !ok {
		return
	}
	k, err := s.store.KioskByCredential(r.Context(), hashSecret(bearer(r)))
	switch {
	case errors.Is(err, hubstore.ErrNotFound), errors.Is(err, hubstore.ErrRevoked), bearer(r) == "":
		s.authRate.fail(ip)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unknown or revoked standby credential"})
		return
	case err != nil:
		s.log.Error("authenticate standby", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
		return
	case !protocol.RightsOf(k.Role).Backup:
		s.metrics.refused.WithLabelValues(protocol.RefusedRole).Inc()
		s.log.Warn("backup refused", "kiosk", k.Name, "role", k.Role, "remote", ip)
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "only a kiosk enrolled with -role standby gets backups"})
		return
	}
	if addr := r.URL.Query().Get("addr"); addr != "" {
		if err := enroll.ValidAddress(addr); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "addr: " + err.Error()})
			return
		}
		if cur := s.standby.Load(); cur == nil || *cur != addr {
			if err := s.store.SetStandbyAddr(r.Context(), addr); err != nil {
				s.log.Error("record standby address", "err", err)
			} else {
				s.standby.Store(&addr)
				s.log.Info("standby announced", "kiosk", k.Name, "addr", addr)
			}
		}
	}
	// A whole hub takes longer than an API answer to copy and send.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(10 * time.Minute))
	// One backup at a time: a second standby, or a slow one asking again,
	// waits rather than doubling the work.
	s.backupMu.Lock()
	defer s.backupMu.Unlock()
	tmp, err := os.MkdirTemp("", "accueil-backup-")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
		return
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "hub.db")
	if _, err := s.store.Backup(r.Context(), path); err != nil {
		s.log.Error("backup for standby", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "backup failed: " + err.Error()})
		return
	}
	f, err := os.Open(path)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "hub error"})
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", BackupContentType)
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "hub.db", s.now(), f)
}

// standbyAddr is the standby's announced address, "" when none.
func (s *Server) standbyAddr() string {
	if a := s.standby.Load(); a != nil {
		return *a
	}
	return ""
}
