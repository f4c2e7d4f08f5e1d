package hubcmd

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
)

const (
	defaultAddr     = "127.0.0.1:8787"
	shutdownTimeout = 10 * time.Second
	// serveFile is where a serving hub leaves the address and certificate
	// fingerprint that kiosks need, for 'hub kiosk add' to read.
	serveFile = "serve.json"
)

const serveSynopsis = "-data DIR [-addr 127.0.0.1:8787] [-public-addr HOST:PORT] [-tls-cert FILE -tls-key FILE] [-backup-dir DIR -backup-every 5m]"

// serveOptions are the flags of hub serve and hub demo.
type serveOptions struct {
	data, addr, publicAddr, certFile, keyFile string
	// backupDir, when set, receives a backup every backupEvery.
	backupDir   string
	backupEvery time.Duration
	// quota is -kiosk-quota: what one kiosk may send.
	quota string
	// cpuProfile is -cpuprofile: where the serving hub's processor profile
	// goes (see cpuProfile), for speed work.
	cpuProfile string
}

func (o *serveOptions) register(c *command) {
	c.StringVar(&o.data, "data", "", "the hub's data `folder` (required)")
	c.StringVar(&o.addr, "addr", defaultAddr, "`host:port` to listen on; any address but a loopback one serves TLS only")
	c.StringVar(&o.publicAddr, "public-addr", "", "`host:port` kiosks dial, written into enrollment codes (default: -addr, or this machine's LAN address when -addr has none)")
	c.StringVar(&o.certFile, "tls-cert", "", "TLS certificate `file` (PEM); default: one generated and kept in the data folder")
	c.StringVar(&o.keyFile, "tls-key", "", "TLS private key `file` (PEM) of -tls-cert")
	c.StringVar(&o.backupDir, "backup-dir", "", "`folder` for automatic backups (a USB stick, a second disk), one every -backup-every")
	c.DurationVar(&o.backupEvery, "backup-every", 5*time.Minute, "time between automatic backups into -backup-dir")
	c.StringVar(&o.quota, "kiosk-quota", "", "scans one kiosk may send, as `BURST/PER_SECOND` (default 20000/2), or off for load tests")
	c.StringVar(&o.cpuProfile, "cpuprofile", "", "write the serving hub's CPU profile to `file` when it stops (SIGUSR1 cuts it into file.1, file.2…), for speed work")
}

// plain reports whether the hub speaks plain HTTP: only on a loopback
// address, and only when no certificate was given.
func (o *serveOptions) plain() bool { return isLoopbackHost(o.addr) && o.certFile == "" }

// check finds mistakes in the flags before anything is opened.
func (o *serveOptions) check(c *command) error {
	if err := c.requireData(o.data); err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return usageError{fmt.Errorf(c.name+": "+format, args...)}
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return bad("-addr %q is not host:port (such as 127.0.0.1:8787 or 0.0.0.0:8787)", o.addr)
	}
	if (o.certFile == "") != (o.keyFile == "") {
		return bad("-tls-cert and -tls-key go together")
	}
	if o.backupDir != "" {
		if st, err := os.Stat(o.backupDir); err != nil || !st.IsDir() {
			return bad("-backup-dir %s is not a folder: create it (or plug in the USB stick) first", o.backupDir)
		}
		if o.backupEvery < 10*time.Second {
			return bad("-backup-every %s is too often: at least 10s", o.backupEvery)
		}
	}
	if _, err := parseQuota(o.quota); err != nil {
		return bad("-kiosk-quota: %v", err)
	}
	if o.publicAddr != "" {
		probe := enroll.Code{Hub: o.publicAddr, TLS: true, Fingerprint: strings.Repeat("0", 64), Token: probeToken}
		if err := probe.Validate(); err != nil {
			return bad("-public-addr: %v", err)
		}
		if o.plain() && !isLoopbackHost(o.publicAddr) {
			return bad("-public-addr %s is on the network but -addr %s is loopback (plain HTTP, this machine only): listen on the venue network, such as -addr 0.0.0.0:8787, which serves TLS", o.publicAddr, o.addr)
		}
	}
	return nil
}

// probeToken is a well-formed token for checking addresses with
// enroll.Code.Validate; no code carrying it is ever made.
var probeToken = strings.Repeat("A", 43)

// serveInfo is what kiosks need to reach a hub, kept in DIR/serve.json.
type serveInfo struct {
	Hub         string `json:"hub"`
	TLS         bool   `json:"tls"`
	Fingerprint string `json:"fingerprint,omitempty"`
}

// url is the address of path on the hub, for a browser or curl.
func (i serveInfo) url(path string) string {
	scheme := "http"
	if i.TLS {
		scheme = "https"
	}
	return scheme + "://" + i.Hub + path
}

// code makes an enrollment code for token, checked.
func (i serveInfo) code(token string) (string, error) {
	c := enroll.Code{Hub: i.Hub, TLS: i.TLS, Fingerprint: i.Fingerprint, Token: token}
	if err := c.Validate(); err != nil {
		return "", fmt.Errorf("enrollment code: %w", err)
	}
	return c.String(), nil
}

func (m *Main) serve(ctx context.Context, args []string) error {
	c := m.command("serve", serveSynopsis)
	var o serveOptions
	o.register(c)
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if err := o.check(c); err != nil {
		return err
	}
	st, ev, err := openHub(ctx, o.data)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer st.Close()
	lock, err := hubstore.LockServe(o.data)
	if err != nil {
		return err
	}
	defer lock.Close()
	return m.runServer(ctx, st, ev, o, nil)
}

// runServer serves the hub until ctx is cancelled. after, if not nil, runs
// once the hub listens, with the address kiosks dial. The caller holds the
// serve lock and closes the store.
func (m *Main) runServer(ctx context.Context, st *hubstore.Store, ev hubstore.Event, o serveOptions, after func(serveInfo) error) error {
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("serve: listen on %s: another program (another hub?) already uses that port: stop it, or choose another port with -addr: %w", o.addr, err)
		}
		return fmt.Errorf("serve: listen on %s: %w", o.addr, err)
	}
	defer ln.Close()
	info := serveInfo{TLS: !o.plain()}
	if info.Hub, err = dialAddress(o, ln.Addr(), log); err != nil {
		return err
	}
	var tlsConfig *tls.Config
	if info.TLS {
		cert, fp, err := loadCertificate(o, info.Hub)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		info.Fingerprint = fp
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if _, err := info.code(probeToken); err != nil {
		return fmt.Errorf("serve: kiosks could not dial this hub: %w", err)
	}
	if err := writeServeInfo(o.data, info); err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	prof, err := startCPUProfile(o.cpuProfile, log)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// Deferred first, so it runs last: the profile covers the shutdown.
	defer prof.stop()
	quota, _ := parseQuota(o.quota)
	h, err := hub.New(ctx, hub.Config{Store: st, Log: log, ScanQuota: quota, AllowedHosts: ownHosts(o, info, ln.Addr()),
		EnrollmentCode: info.codeWithStandby})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer h.Close()
	if o.backupDir != "" {
		bctx, stopBackups := context.WithCancel(ctx)
		backupsDone := make(chan struct{})
		go func() {
			rollingBackups(bctx, st, o.backupDir, o.backupEvery, log)
			close(backupsDone)
		}()
		// The last backup is taken while the hub stops, before the store
		// closes.
		defer func() { stopBackups(); <-backupsDone }()
		log.Info("automatic backups", "dir", o.backupDir, "every", o.backupEvery)
	}
	if after != nil {
		if err := after(info); err != nil {
			return err
		}
	}
	srv := hub.NewHTTPServer(h.Handler(), hub.DefaultHTTPLimits, log)
	srv.TLSConfig = tlsConfig
	ln = hub.LimitListener(ln, hub.DefaultHTTPLimits)
	errc := make(chan error, 1)
	go func() {
		if info.TLS {
			errc <- srv.ServeTLS(ln, "", "")
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	log.Info("hub serving", "event", ev.ID, "listen", ln.Addr().String(), "kiosks_dial", info.Hub, "tls", info.TLS, "data", o.data)
	if info.TLS {
		log.Info("TLS certificate", "fingerprint", info.Fingerprint)
	}
	log.Info("dashboard", "url", info.url("/"), "login", "the organisers' token (hub token -data DIR)")
	log.Info("counts API", "url", info.url("/api/v1/counts"), "header", "Authorization: Bearer TOKEN")
	if m.ready != nil {
		m.ready(ln.Addr().String())
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	h.Close()
	log.Info("hub stopped")
	return nil
}

// ownHosts are the host:port pairs this hub answers to: what kiosks dial
// (-public-addr, or the address guessed), and, with the port it listens
// on, its listen address, loopback, this machine's name and every address
// of its interfaces. Any other Host header is refused (DNS rebinding).
func ownHosts(o serveOptions, info serveInfo, bound net.Addr) []string {
	hosts := []string{info.Hub}
	if o.publicAddr != "" {
		hosts = append(hosts, o.publicAddr)
	}
	_, port, err := net.SplitHostPort(bound.String())
	if err != nil {
		return hosts
	}
	names := []string{"localhost", "127.0.0.1", "::1"}
	for _, a := range []string{o.addr, o.publicAddr, info.Hub} {
		if h, _, err := net.SplitHostPort(a); err == nil && h != "" {
			if ip, err := netip.ParseAddr(h); err == nil && ip.IsUnspecified() {
				continue
			}
			names = append(names, h)
		}
	}
	if name, err := os.Hostname(); err == nil && name != "" {
		names = append(names, name, name+".local")
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok {
				names = append(names, ipn.IP.String())
			}
		}
	}
	for _, n := range names {
		hosts = append(hosts, net.JoinHostPort(n, port))
	}
	return hosts
}

// parseQuota reads -kiosk-quota: "" for the default, "off", or
// BURST/PER_SECOND.
func parseQuota(s string) (hub.Quota, error) {
	switch s {
	case "":
		return hub.Quota{}, nil
	case "off":
		return hub.NoQuota, nil
	}
	b, r, ok := strings.Cut(s, "/")
	var q hub.Quota
	if _, err := fmt.Sscan(b, &q.Burst); !ok || err != nil || q.Burst < 500 {
		return q, fmt.Errorf("%q is not BURST/PER_SECOND with a burst of at least 500 (one batch), such as 20000/2, or off", s)
	}
	if _, err := fmt.Sscan(r, &q.PerSecond); err != nil || q.PerSecond <= 0 {
		return q, fmt.Errorf("%q is not BURST/PER_SECOND with a positive rate, such as 20000/2, or off", s)
	}
	return q, nil
}

// dialAddress is the host:port kiosks dial: -public-addr, or -addr with
// the port actually bound, or, when -addr names no host, this machine's
// LAN address.
func dialAddress(o serveOptions, bound net.Addr, log *slog.Logger) (string, error) {
	if o.publicAddr != "" {
		return o.publicAddr, nil
	}
	host, _, _ := net.SplitHostPort(o.addr)
	_, port, err := net.SplitHostPort(bound.String())
	if err != nil {
		return "", fmt.Errorf("serve: bound address %s: %w", bound, err)
	}
	if ip, err := netip.ParseAddr(host); host == "" || err == nil && ip.IsUnspecified() {
		host = lanAddress()
		if host == "" {
			return "", usageError{fmt.Errorf("serve: -addr %s listens on every interface and this machine has no LAN address to guess: give -public-addr HOST:PORT, the address kiosks dial", o.addr)}
		}
		log.Warn("kiosks will dial a guessed address: pass -public-addr HOST:PORT if they must use another", "address", net.JoinHostPort(host, port))
	}
	return net.JoinHostPort(host, port), nil
}

// lanAddress guesses this machine's address on the venue network: the
// first IPv4 address of an interface that is up and not loopback.
func lanAddress() string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return ""
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if p, err := netip.ParsePrefix(a.String()); err == nil && p.Addr().Is4() && p.Addr().IsGlobalUnicast() {
				return p.Addr().String()
			}
		}
	}
	return ""
}

// isLoopbackHost reports whether a host:port names this machine only.
func isLoopbackHost(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// loadCertificate returns the given certificate, or the one kept in the data
// folder (made on first use), with its fingerprint.
func loadCertificate(o serveOptions, dial string) (tls.Certificate, string, error) {
	if o.certFile != "" {
		cert, err := tls.LoadX509KeyPair(o.certFile, o.keyFile)
		if err != nil {
			return tls.Certificate{}, "", fmt.Errorf("-tls-cert %s and -tls-key %s: %w", o.certFile, o.keyFile, err)
		}
		return cert, enroll.Fingerprint(cert.Certificate[0]), nil
	}
	var hosts []string
	for _, a := range []string{o.publicAddr, o.addr, dial} {
		if host, _, err := net.SplitHostPort(a); err == nil && host != "" {
			if ip, err := netip.ParseAddr(host); err == nil && ip.IsUnspecified() {
				continue
			}
			hosts = append(hosts, host)
		}
	}
	return enroll.LoadOrCreateCertificate(o.data, hosts)
}

// writeServeInfo replaces DIR/serve.json whole (temporary file, rename).
func writeServeInfo(dir string, info serveInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, serveFile), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// readServeInfo reads what the last hub serve on dir wrote; ok is false
// when no hub has served it yet.
func readServeInfo(dir string) (info serveInfo, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, serveFile))
	if errors.Is(err, os.ErrNotExist) {
		return serveInfo{}, false, nil
	}
	if err != nil {
		return serveInfo{}, false, err
	}
	if err := json.Unmarshal(b, &info); err != nil || info.Hub == "" {
		return serveInfo{}, false, fmt.Errorf("%s is damaged: start 'hub serve' again to rewrite it", filepath.Join(dir, serveFile))
	}
	return info, true, nil
}
