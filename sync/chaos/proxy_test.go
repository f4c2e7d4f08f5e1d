package chaos

import (
	"bufio"
	"io"
	"net"
	"testing"
	"time"
)

// echoServer answers each line with the same line.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(c, c); c.Close() }()
		}
	}()
	return ln.Addr().String()
}

// roundTrip reports whether a line goes through c and back.
func roundTrip(c net.Conn) bool {
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(c, "ping\n"); err != nil {
		return false
	}
	s, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && s == "ping\n"
}

func TestProxy(t *testing.T) {
	tests := []struct {
		name     string
		act      func(p *Proxy) error
		oldAlive bool // the connection made before act still works
		dialOK   bool // a new connection works after act
		cuts     int
	}{
		{"nothing", func(*Proxy) error { return nil }, true, true, 0},
		{"cut all", func(p *Proxy) error { p.CutAll(); return nil }, false, true, 1},
		{"offline", func(p *Proxy) error { p.Close(); return nil }, false, false, 1},
		{"offline then back", func(p *Proxy) error { p.Close(); return p.Open() }, false, true, 1},
	}
	target := echoServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewProxy(target, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Stop()
			c, err := net.Dial("tcp", p.Addr())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if !roundTrip(c) {
				t.Fatal("no round trip through a fresh proxy")
			}
			if err := tt.act(p); err != nil {
				t.Fatal(err)
			}
			if got := roundTrip(c); got != tt.oldAlive {
				t.Errorf("old connection alive %v, want %v", got, tt.oldAlive)
			}
			c2, err := net.Dial("tcp", p.Addr())
			got := err == nil && roundTrip(c2)
			if c2 != nil {
				c2.Close()
			}
			if got != tt.dialOK {
				t.Errorf("new connection works %v, want %v", got, tt.dialOK)
			}
			if p.Cuts() != tt.cuts {
				t.Errorf("cuts %d, want %d", p.Cuts(), tt.cuts)
			}
		})
	}
}

// CutSome cuts about a third of many connections, never all or none.
func TestProxyCutSome(t *testing.T) {
	p, err := NewProxy(echoServer(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	for range 30 {
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if !roundTrip(c) {
			t.Fatal("no round trip")
		}
	}
	p.CutSome()
	if n := p.Cuts(); n < 3 || n > 20 {
		t.Errorf("CutSome cut %d of 30", n)
	}
}
