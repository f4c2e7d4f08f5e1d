package chaos

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
)

// Proxy forwards TCP connections to a target and cuts them on demand, as
// a venue network does; Close and Open take it off the network and back
// on the same address (a kiosk's cable pulled out).
type Proxy struct {
	addr   string
	target string

	mu      sync.Mutex
	ln      net.Listener
	conns   map[net.Conn]net.Conn // the kiosk's side to the hub's
	rnd     *rand.Rand
	cuts    int
	closed  bool
	stopped bool
	wg      sync.WaitGroup
}

// NewProxy listens on a free loopback port and forwards to target; seed
// makes CutSome's choices repeatable.
func NewProxy(target string, seed uint64) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("proxy to %s: %w", target, err)
	}
	p := &Proxy{addr: ln.Addr().String(), target: target, ln: ln, conns: make(map[net.Conn]net.Conn),
		rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	p.wg.Add(1)
	go p.serve(ln)
	return p, nil
}

// Addr is the address kiosks dial.
func (p *Proxy) Addr() string { return p.addr }

// Cuts is how many connections the proxy has cut so far.
func (p *Proxy) Cuts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cuts
}

// Offline reports whether the proxy is closed (Close without Open).
func (p *Proxy) Offline() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

func (p *Proxy) serve(ln net.Listener) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close() // the hub is down: the kiosk sees a failed connection
			continue
		}
		p.mu.Lock()
		if p.closed || p.stopped {
			p.mu.Unlock()
			c.Close()
			up.Close()
			continue
		}
		p.conns[c] = up
		p.mu.Unlock()
		go p.pipe(c, up, c)
		go p.pipe(c, c, up)
	}
}

// pipe copies src to dst, then closes both and forgets the connection
// whose kiosk side is key.
func (p *Proxy) pipe(key, dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
	p.mu.Lock()
	delete(p.conns, key)
	p.mu.Unlock()
}

// CutAll closes every connection through the proxy; it reports whether
// there was any.
func (p *Proxy) CutAll() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut(func() bool { return true }) > 0
}

// CutSome closes about one connection in three; it reports whether it cut
// any.
func (p *Proxy) CutSome() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut(func() bool { return p.rnd.IntN(3) == 0 }) > 0
}

// cut closes the chosen connections; p.mu is held.
func (p *Proxy) cut(choose func() bool) int {
	n := 0
	for c, up := range p.conns {
		if choose() {
			c.Close()
			up.Close()
			delete(p.conns, c)
			n++
		}
	}
	p.cuts += n
	return n
}

// Close takes the proxy off the network: its listener closes (dialling it
// is refused) and its connections are cut. Open puts it back.
func (p *Proxy) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.stopped {
		return
	}
	p.closed = true
	p.ln.Close()
	p.cut(func() bool { return true })
}

// Open listens again on the proxy's address after Close.
func (p *Proxy) Open() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed || p.stopped {
		return nil
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return fmt.Errorf("proxy %s back on the network: %w", p.addr, err)
	}
	p.ln, p.closed = ln, false
	p.wg.Add(1)
	go p.serve(ln)
	return nil
}

// Stop closes the proxy for good.
func (p *Proxy) Stop() {
	p.mu.Lock()
	p.stopped = true
	p.ln.Close()
	for c, up := range p.conns {
		c.Close()
		up.Close()
	}
	clear(p.conns)
	p.mu.Unlock()
	p.wg.Wait()
}
