package hub

// The HTTP side of the hub as a stranger on the venue's Wi-Fi meets it:
// every connection is bounded in time and number, and a request for a host
// name that is not the hub's is refused (DNS rebinding: a page on another
// site that resolves its name to the hub's address would otherwise reach
// the API from an organiser's browser).

import (
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HTTPLimits bound what a client may hold of the hub.
type HTTPLimits struct {
	// ReadHeader, Read, Write and Idle are the http.Server timeouts: a
	// client that sends its headers or body slowly, reads slowly, or keeps
	// an idle keep-alive connection is cut off. WebSockets set their own
	// deadlines once upgraded (pongWait, writeWait).
	ReadHeader, Read, Write, Idle time.Duration
	MaxHeaderBytes                int
	// MaxConns and MaxConnsPerIP bound open connections, for the hub and
	// for one address: a laptop opening thousands cannot starve the
	// venue's kiosks and dashboards.
	MaxConns, MaxConnsPerIP int
}

// DefaultHTTPLimits suit a venue: 1,000 dashboards and a few hundred
// kiosks fit MaxConns; a phone or a kiosk holds one or two connections.
var DefaultHTTPLimits = HTTPLimits{
	ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second,
	MaxHeaderBytes: 16 << 10, MaxConns: 4096, MaxConnsPerIP: 256,
}

// NewHTTPServer returns the hub's HTTP server for handler, with lim's
// timeouts; serve it on LimitListener(ln, lim).
func NewHTTPServer(handler http.Handler, lim HTTPLimits, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// LimitListener refuses connections beyond lim's caps: they are closed at
// once, before any byte is read.
func LimitListener(ln net.Listener, lim HTTPLimits) net.Listener {
	return &limitListener{Listener: ln, lim: lim, perIP: make(map[string]int)}
}

type limitListener struct {
	net.Listener
	lim   HTTPLimits
	mu    sync.Mutex
	total int
	perIP map[string]int // bounded by MaxConns: an entry per open connection's address
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := c.RemoteAddr().String()
		if host, _, err := net.SplitHostPort(ip); err == nil {
			ip = host
		}
		l.mu.Lock()
		if l.total >= l.lim.MaxConns || l.perIP[ip] >= l.lim.MaxConnsPerIP {
			l.mu.Unlock()
			c.Close()
			continue
		}
		l.total++
		l.perIP[ip]++
		l.mu.Unlock()
		return &limitedConn{Conn: c, l: l, ip: ip}, nil
	}
}

type limitedConn struct {
	net.Conn
	l    *limitListener
	ip   string
	once sync.Once
}

func (c *limitedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.total--
		if c.l.perIP[c.ip]--; c.l.perIP[c.ip] <= 0 {
			delete(c.l.perIP, c.ip)
		}
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// hostGuard refuses requests whose Host is not one of the hub's own
// names or addresses. An allowed entry with a port ("hub.local:8787")
// admits that port only, as browsers send it (a Host without a port is
// port 80, or 443 over TLS); an entry without one admits any port.
func hostGuard(allowed []string, next http.Handler) http.Handler {
	if len(allowed) == 0 {
		return next
	}
	// Names and addresses, not ports: a kiosk may reach the hub through
	// a port forward or a proxy, which changes the port and not who the
	// hub is; DNS rebinding, which this stops, is a matter of names.
	ok := make(map[string]bool, len(allowed))
	for _, a := range allowed {
		host, _ := splitHost(a)
		ok[host] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if host, _ := splitHost(r.Host); host == "" || !ok[host] {
			http.Error(w, "this hub does not answer to the host name "+strconv.Quote(truncate(r.Host, 64))+
				": open it by its own address (the one 'hub serve' prints)", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// splitHost is a Host header's (or an allowed entry's) host in a form
// compared as such, lower case, without brackets or a final dot, an IP
// address in its canonical spelling, and its port ("" when none).
func splitHost(h string) (host, port string) {
	host = h
	if hh, p, err := net.SplitHostPort(h); err == nil {
		host, port = hh, p
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		host = ip.Unmap().String()
	}
	return host, port
}
