package hub

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ipLimiter limits attempts per client address: enrollment codes and
// tokens cannot be guessed at network speed.
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

// maxTracked bounds the addresses a limiter keeps: past it, those with a
// clean slate (every token back) are forgotten first, and only a flood from
// more addresses than that clears the rest.
const maxTracked = 10_000

func (l *ipLimiter) limiter(ip string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Forget idle addresses now and then, so the map stays small.
	if time.Since(l.touched) > 10*time.Minute {
		clear(l.per)
	}
	l.touched = time.Now()
	lim := l.per[ip]
	if lim == nil {
		if len(l.per) >= maxTracked {
			for k, v := range l.per {
				if v.Tokens() >= float64(l.burst) {
					delete(l.per, k)
				}
			}
			if len(l.per) >= maxTracked {
				clear(l.per)
			}
		}
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.per[ip] = lim
	}
	return lim
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
