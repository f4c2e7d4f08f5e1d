// Package standby keeps a warm copy of a hub on a second machine, so that
// the event survives the hub laptop's loss.
//
// A standby is enrolled like a kiosk, with the role standby (`hub kiosk add
// NAME -role standby` on the hub); it then fetches a consistent backup of the
// whole hub every few seconds (GET /api/v1/backup) and keeps the newest in
// its folder. Promoting it restores that copy as a hub with a new
// generation: kiosks, which learned the standby's address from the hub,
// dial it when the hub is gone, and the new generation makes each of them
// send again every scan the copy lacks. The copy needs only to be recent,
// not perfect: the kiosks' logs fill the gap, exactly (scans are merged by
// id).
package standby

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// Files of a standby's folder.
const (
	// SettingsFile says which hub this standby copies, and how.
	SettingsFile = "standby.json"
	// CopyFile is the newest copy of the hub.
	CopyFile = "copy.db"
	// LockFile is held by the running standby.
	LockFile = "standby.lock"
	// PromoteFile asks a running standby to promote itself.
	PromoteFile = "promote"
)

// Settings are what a standby keeps in its folder.
type Settings struct {
	Primary     string `json:"primary"`
	TLS         bool   `json:"tls"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Credential  string `json:"credential"`
	// Announce is the address kiosks will dial once this standby is
	// promoted, told to the hub with every fetch.
	Announce string `json:"announce,omitempty"`
}

// ErrNotEnrolled is returned for a folder that holds no standby.
var ErrNotEnrolled = errors.New("this folder holds no standby: enroll it with -enroll CODE (from 'hub kiosk add NAME -role standby')")

// LoadSettings reads a standby's settings.
func LoadSettings(dir string) (Settings, error) {
	var s Settings
	b, err := os.ReadFile(filepath.Join(dir, SettingsFile))
	if errors.Is(err, os.ErrNotExist) {
		return s, ErrNotEnrolled
	}
	if err != nil {
		return s, fmt.Errorf("read standby settings: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil || s.Primary == "" || s.Credential == "" {
		return s, fmt.Errorf("%s is damaged: enroll the standby again", filepath.Join(dir, SettingsFile))
	}
	return s, nil
}

// Save writes the settings, readable by the standby's user only: they hold
// its credential.
func (s Settings) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	tmp := filepath.Join(dir, SettingsFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("save standby settings: %w", err)
	}
	return os.Rename(tmp, filepath.Join(dir, SettingsFile))
}

// Enroll spends a one-time code made with -role standby and returns the
// settings to copy that hub with.
func Enroll(ctx context.Context, codeText string) (Settings, error) {
	code, err := enroll.Parse(codeText)
	if err != nil {
		return Settings{}, fmt.Errorf("enroll standby: %w", err)
	}
	cred, err := enroll.NewToken()
	if err != nil {
		return Settings{}, err
	}
	body, _ := json.Marshal(protocol.EnrollRequest{Token: code.Token, Credential: cred, Software: "accueil-standby/" + kiosk.Version})
	st := Settings{Primary: code.Hub, TLS: code.TLS, Fingerprint: code.Fingerprint}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, st.url("/api/v1/enroll"), bytes.NewReader(body))
	if err != nil {
		return Settings{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	client := st.client()
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return Settings{}, fmt.Errorf("enroll standby at %s: %w", code.Hub, err)
	}
	defer resp.Body.Close()
	var out protocol.EnrollResponse
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		_ = json.Unmarshal(raw, &e)
		return Settings{}, fmt.Errorf("enroll standby at %s: %s %s", code.Hub, resp.Status, e.Error)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return Settings{}, fmt.Errorf("enroll standby at %s: bad answer: %w", code.Hub, err)
	}
	if out.Role != protocol.RoleStandby {
		return Settings{}, fmt.Errorf("enroll standby: this code is for a %s kiosk: make one with 'hub kiosk add NAME -role standby'", out.Role)
	}
	st.Credential = out.Credential
	return st, nil
}

func (s Settings) url(path string) string {
	scheme := "http"
	if s.TLS {
		scheme = "https"
	}
	return scheme + "://" + s.Primary + path
}

func (s Settings) client() *http.Client {
	tr := &http.Transport{Proxy: nil, ResponseHeaderTimeout: 60 * time.Second}
	if s.TLS {
		tr.TLSClientConfig = enroll.PinnedClientConfig(s.Fingerprint)
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Minute}
}

// Copy is what one fetch brought.
type Copy struct {
	At    time.Time
	Bytes int64
}

// Fetch copies the hub once into dir's CopyFile, replacing the older copy
// only once the new one is whole and sound.
func Fetch(ctx context.Context, dir string, s Settings) (Copy, error) {
	u := s.url("/api/v1/backup")
	if s.Announce != "" {
		u += "?addr=" + url.QueryEscape(s.Announce)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Copy{}, err
	}
	req.Header.Set("Authorization", "Bearer "+s.Credential)
	// A client a fetch: its connection goes with it, so that a standby
	// copying every 10 s all day holds none open in between.
	client := s.client()
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return Copy{}, fmt.Errorf("copy hub %s: %w", s.Primary, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return Copy{}, fmt.Errorf("copy hub %s: %s %s", s.Primary, resp.Status, bytes.TrimSpace(msg))
	}
	tmp := filepath.Join(dir, CopyFile+".partial")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return Copy{}, err
	}
	n, err := io.Copy(f, resp.Body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = sqlitedb.CheckIntegrity(ctx, tmp)
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, CopyFile))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return Copy{}, sqlitedb.WrapWriteErr(fmt.Errorf("copy hub %s: %w", s.Primary, err))
	}
	return Copy{At: time.Now(), Bytes: n}, nil
}

// Run fetches a copy every interval until ctx ends or promote says so
// (it is polled every 500 ms). A failed fetch is logged and the older copy
// stays: the hub may be restarting, or gone for good.
func Run(ctx context.Context, dir string, s Settings, every time.Duration, promote func() bool, log *slog.Logger) (last Copy) {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	var next time.Time
	for {
		if promote != nil && promote() {
			return last
		}
		if !time.Now().Before(next) {
			next = time.Now().Add(every)
			c, err := Fetch(ctx, dir, s)
			if err != nil && ctx.Err() == nil {
				age := "none yet"
				if !last.At.IsZero() {
					age = time.Since(last.At).Round(time.Second).String()
				}
				log.Warn("standby: hub not copied; the last copy stays", "hub", s.Primary, "last_copy_age", age, "err", err)
			} else if err == nil {
				if last.At.IsZero() {
					log.Info("standby: first copy of the hub", "hub", s.Primary, "bytes", c.Bytes)
				}
				last = c
			}
		}
		select {
		case <-ctx.Done():
			return last
		case <-tick.C:
		}
	}
}

// Promote makes the standby's folder a hub from its newest copy, with a
// new generation, and returns what the copy held.
func Promote(ctx context.Context, dir string) (hubstore.BackupInfo, error) {
	copyPath := filepath.Join(dir, CopyFile)
	if _, err := os.Stat(copyPath); err != nil {
		return hubstore.BackupInfo{}, fmt.Errorf("promote: no copy of the hub in %s yet: the standby never reached it", dir)
	}
	info, err := hubstore.Restore(ctx, copyPath, dir)
	if err != nil {
		return info, fmt.Errorf("promote: %w", err)
	}
	return info, nil
}
