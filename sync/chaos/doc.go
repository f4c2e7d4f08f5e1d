// Package chaos is Accueil's proof under fire: it runs the real hub and
// kiosk binaries on loopback while the venue goes wrong (processes killed
// with SIGKILL and restarted on the same folders, connections cut, a kiosk
// offline for long stretches, a kiosk whose clock is off, the hub restored
// from an older backup, the standby promoted), then checks that the hub
// holds exactly the scans the kiosks printed and counts them right (Run).
// Soak runs two compressed event days through the same binaries and
// watches the processes' memory, goroutines, open files and databases.
//
// Proxy, the TCP proxy that cuts connections, is shared with the in-test
// chaos run of cmd/kiosk.
package chaos
