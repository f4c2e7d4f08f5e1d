package hub

import (
	"cmp"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ipLimiter limits attempts per client address: enrollment codes and
// tokens cannot be guessed at network speed. An IPv6 address counts alone,
// not by its /64: on a venue's network every IPv6 client shares one /64,
// and a guesser there must not lock the organisers out. (One who hops
// addresses gets more tries, which 192-bit tokens make worthless.)
type ipLimiter struct {
	mu      sync.Mutex
	per     map[string]*rate.Limiter
	burst   int
	every   time.Duration
	touched time.Time
}

func newIPLimiter(burst int, window time.Duration) *ipLimiter {
	return &ipLimiter{per: make(map[string]*rate.Limiter), burst: burst, every: window / time.Duration(burst)}
}

// maxTracked bounds the addresses a limiter keeps. Past it, the tenth
// with the most tries left are forgotten: a flood of addresses that each
// tried once goes first, and never wipes the count of an address that
// has been guessing.
const maxTracked = 10_000

func (l *ipLimiter) limiter(ip string) *rate.Limiter {
	key := limiterKey(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	// Forget idle addresses now and then, so the map stays small: after
	// ten quiet minutes every address has its tries back anyway.
	if time.Since(l.touched) > 10*time.Minute {
		clear(l.per)
	}
	l.touched = time.Now()
	lim := l.per[key]
	if lim == nil {
		if len(l.per) >= maxTracked {
			l.evict()
		}
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.per[key] = lim
	}
	return lim
}

// evict forgets the tenth of the addresses with the most tries left.
func (l *ipLimiter) evict() {
	type entry struct {
		key  string
		left float64
	}
	now := time.Now()
	all := make([]entry, 0, len(l.per))
	for k, v := range l.per {
		all = append(all, entry{k, v.TokensAt(now)})
	}
	slices.SortFunc(all, func(a, b entry) int { return cmp.Compare(b.left, a.left) })
	for _, e := range all[:max(1, len(all)/10)] {
		delete(l.per, e.key)
	}
}

// limiterKey is the address an entry counts: IPv4-mapped addresses as
// IPv4, without an IPv6 zone.
func limiterKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	return a.Unmap().WithZone("").String()
}

// tracked is how many addresses the limiter holds.
func (l *ipLimiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.per)
}

// allow reports whether ip may try now; it does not spend a token.
func (l *ipLimiter) allow(ip string) bool { return l.limiter(ip).Tokens() >= 1 }

// fail spends a token for a failed attempt.
func (l *ipLimiter) fail(ip string) { l.limiter(ip).Allow() }

// clientIP is the peer's address; the hub is reached directly on the venue
// network, so forwarding headers are not trusted.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// admitAuth answers 429 to a peer that made too many wrong attempts at a
// token or key, and otherwise returns its address, for counting the next
// wrong one.
func (s *Server) admitAuth(w http.ResponseWriter, r *http.Request) (ip string, ok bool) {
	ip = clientIP(r)
	if !s.authRate.allow(ip) {
		http.Error(w, "too many attempts, wait a minute", http.StatusTooManyRequests)
		return ip, false
	}
	return ip, true
}
