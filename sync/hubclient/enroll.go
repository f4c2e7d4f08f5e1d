package hubclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/protocol"
)

// ErrNotEnrolled is returned for a kiosk that never joined a hub.
var ErrNotEnrolled = errors.New("this kiosk is not enrolled with a hub")

// Enrollment is what joining a hub gave the kiosk.
type Enrollment struct {
	Code     enroll.Code
	Response protocol.EnrollResponse
}

// Enroll spends a one-time enrollment code at the hub it names and returns
// the kiosk's credential and the event. Network failures are retried for
// up to a minute: the kiosk chooses its credential, so a retry after a
// lost answer is recognised by the hub. Nothing is stored: the caller
// decides whether this data folder may take that event.
func Enroll(ctx context.Context, codeText string) (Enrollment, error) {
	code, err := enroll.Parse(codeText)
	if err != nil {
		return Enrollment{}, fmt.Errorf("enroll: %w", err)
	}
	cred, err := enroll.NewToken()
	if err != nil {
		return Enrollment{}, fmt.Errorf("enroll: %w", err)
	}
	b := newBackoff(250*time.Millisecond, 5*time.Second)
	deadline := time.Now().Add(time.Minute)
	for {
		en, retry, err := enrollOnce(ctx, code, cred)
		if err == nil || !retry || time.Now().After(deadline) {
			return en, err
		}
		select {
		case <-ctx.Done():
			return Enrollment{}, err
		case <-time.After(b.next()):
		}
	}
}

// enrollOnce makes one attempt; retry says whether the failure was the
// network's rather than the hub's answer.
func enrollOnce(ctx context.Context, code enroll.Code, cred string) (Enrollment, bool, error) {
	body, _ := json.Marshal(protocol.EnrollRequest{Token: code.Token, Credential: cred, Software: "accueil-kiosk/" + kiosk.Version})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL(code.Hub, code.TLS, "http")+"/api/v1/enroll", bytes.NewReader(body))
	if err != nil {
		return Enrollment{}, false, fmt.Errorf("enroll: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpClient(code.TLS, code.Fingerprint).Do(req)
	if err != nil {
		return Enrollment{}, !errors.Is(err, enroll.ErrFingerprintMismatch), fmt.Errorf("enroll at %s: %w", code.Hub, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
	if err != nil {
		return Enrollment{}, true, fmt.Errorf("enroll at %s: %w", code.Hub, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		if e.Error == "" {
			e.Error = resp.Status
		}
		return Enrollment{}, resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests,
			fmt.Errorf("enroll at %s: %s", code.Hub, e.Error)
	}
	var out protocol.EnrollResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		return Enrollment{}, true, fmt.Errorf("enroll at %s: bad answer: %w", code.Hub, err)
	}
	if out.Credential == "" || out.Event == "" || len(out.PublicKeys) == 0 {
		return Enrollment{}, false, fmt.Errorf("enroll at %s: incomplete answer", code.Hub)
	}
	for _, k := range out.PublicKeys {
		if _, err := kiosk.ParsePublicKey(k); err != nil {
			return Enrollment{}, false, fmt.Errorf("enroll at %s: %w", code.Hub, err)
		}
	}
	return Enrollment{Code: code, Response: out}, false, nil
}

// Settings are the store settings that record an enrollment.
func (e Enrollment) Settings() map[string]string {
	useTLS := "0"
	if e.Code.TLS {
		useTLS = "1"
	}
	settings := map[string]string{
		kiosk.SettingHub: e.Code.Hub, kiosk.SettingTLS: useTLS, kiosk.SettingFingerprint: e.Code.Fingerprint,
		kiosk.SettingCredential: e.Response.Credential, kiosk.SettingHubRole: e.Response.Role, kiosk.SettingStandby: e.Code.Standby,
		// The store hashes outside codes with the event.
		kiosk.SettingEvent: e.Response.Event,
	}
	// The hub's staff PIN, when one is set: the kiosk never asks for one.
	// A PIN the kiosk cannot read is left out; the kiosk then asks.
	if h := e.Response.StaffPIN; h != "" {
		if pin.CheckHash(h) == nil {
			settings[kiosk.SettingStaffPIN] = h
		}
	}
	return settings
}

// hubSettings reads how to reach the hub from the kiosk's store.
type hubSettings struct {
	addr, fingerprint, credential, role string
	tls                                 bool
}

func loadSettings(ctx context.Context, st Store) (hubSettings, error) {
	var hs hubSettings
	get := func(key string) (string, error) {
		v, err := st.Setting(ctx, key)
		if errors.Is(err, kiosk.ErrNotFound) {
			return "", nil
		}
		return v, err
	}
	var err error
	if hs.addr, err = get(kiosk.SettingHub); err != nil {
		return hs, err
	}
	if hs.credential, err = get(kiosk.SettingCredential); err != nil {
		return hs, err
	}
	if hs.addr == "" || hs.credential == "" {
		return hs, ErrNotEnrolled
	}
	useTLS, _ := get(kiosk.SettingTLS)
	hs.tls = useTLS == "1"
	hs.fingerprint, _ = get(kiosk.SettingFingerprint)
	hs.role, _ = get(kiosk.SettingHubRole)
	return hs, nil
}

func baseURL(addr string, tls bool, scheme string) string {
	if tls {
		scheme += "s"
	}
	return scheme + "://" + addr
}

func httpClient(tls bool, fingerprint string) *http.Client {
	tr := &http.Transport{Proxy: nil, ResponseHeaderTimeout: 15 * time.Second}
	if tls {
		tr.TLSClientConfig = pinned(fingerprint)
	}
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}

func pinned(fingerprint string) *tls.Config { return enroll.PinnedClientConfig(fingerprint) }
