// Package loadtest drives a running hub the way a big venue would: many
// kiosks sending scans, others waiting for relays, a thousand dashboards
// watching counts, a kiosk back with a long backlog, and a new kiosk
// downloading a large roster. It measures what the hub's speed goals are
// stated in. It runs in its own process, against a hub in another one.
package loadtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// Config sizes the load.
type Config struct {
	HubBinary string
	// KioskBinary is the kiosk the new kiosk downloading the roster runs.
	KioskBinary string
	Dir         string
	Addr        string
	Roster      int // attendees on the hub
	Senders     int // kiosks sending scans
	Scans       int // scans they send in all
	BatchSize   int
	Rate        int // scans per second of the steady phase
	OverRate    int // scans per second of a second steady phase, beyond the hub's means; 0 skips it
	IdleKiosks  int // more kiosks connected, to reach the memory figure
	Dashboards  int
	Backlog     int // scans of the kiosk that comes back
	RelayProbes int
	Out         io.Writer
	// HubCPUProfile, when set, is where the hub writes its processor
	// profile: one file per phase, FILE-PHASE.pprof (see hubProcess.cut).
	HubCPUProfile string
}

// credentials are the kiosks' secrets, made directly in the hub's store.
type fleet struct {
	names []string
	creds []string
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// loadEvent is the load test's event id.
const loadEvent = "load"

// prepare makes the hub's folder: an event, the roster and the kiosks.
func prepare(ctx context.Context, cfg Config, kiosks int) (fleet, string, kiosk.PrivateKey, error) {
	var f fleet
	st, err := hubstore.Open(cfg.Dir)
	if err != nil {
		return f, "", kiosk.PrivateKey{}, err
	}
	defer st.Close()
	key, err := kiosk.GenerateKey()
	if err != nil {
		return f, "", key, err
	}
	if err := st.SetEvent(ctx, hubstore.Event{ID: loadEvent, Name: "Load test", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		return f, "", key, err
	}
	if _, err := st.ImportAttendees(ctx, sqlitetest.Attendees(cfg.Roster), nil); err != nil {
		return f, "", key, err
	}
	if _, err := st.SaveCheckpoints(ctx, nil); err != nil {
		return f, "", key, err
	}
	for i := range kiosks {
		name := fmt.Sprintf("load-%04d", i)
		tok, cred := fmt.Sprintf("tok-%d-%d", i, time.Now().UnixNano()), fmt.Sprintf("cred-%d-%d", i, time.Now().UnixNano())
		if err := st.AddEnrollment(ctx, name, protocol.RoleSelf, hash(tok)); err != nil {
			return f, "", key, err
		}
		if _, err := st.Enroll(ctx, hash(tok), hash(cred)); err != nil {
			return f, "", key, err
		}
		f.names, f.creds = append(f.names, name), append(f.creds, cred)
	}
	token, err := st.DashboardToken(ctx)
	return f, token, key, err
}

// hubProcess is the hub under test.
type hubProcess struct {
	cmd *exec.Cmd
	// profile is the hub's -cpuprofile file, "" when not profiled; parts
	// counts the parts cut so far.
	profile string
	parts   int
	out     io.Writer
}

func startHub(ctx context.Context, cfg Config) (*hubProcess, error) {
	// A few simulated kiosks play the scans of hundreds: no quota.
	args := []string{"serve", "-data", cfg.Dir, "-addr", cfg.Addr, "-kiosk-quota", "off"}
	if cfg.HubCPUProfile != "" {
		args = append(args, "-cpuprofile", cfg.HubCPUProfile)
	}
	cmd := exec.CommandContext(ctx, cfg.HubBinary, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start hub: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + cfg.Addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return &hubProcess{cmd: cmd, profile: cfg.HubCPUProfile, out: cfg.Out}, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	return nil, fmt.Errorf("hub did not answer /healthz within 30 s")
}

// rssMB reads the hub's resident memory.
func (h *hubProcess) rssMB() float64 {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(h.cmd.Process.Pid), "status"))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f), "kB")), 64)
			return kb / 1024
		}
	}
	return -1
}

// cpu is the hub's processor time so far, user and system.
// ownCPU is this process's processor time so far (user and system): what
// the simulated kiosks cost the machine beside the hub.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (h *hubProcess) cpu() time.Duration {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(h.cmd.Process.Pid), "stat"))
	if err != nil {
		return 0
	}
	// Fields after the command's name (which may hold spaces), from the
	// third: utime and stime are the 14th and 15th, in clock ticks (100 a
	// second on Linux).
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(f[11], 10, 64)
	sys, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(user+sys) * 10 * time.Millisecond
}

// durableLimit measures the machine's limit for the hub's own rows: scans
// stored by the hub's store (the same table, indexes and fsync) in groups
// of 10,000, so that the fsync and the statements' overhead count little.
func durableLimit(ctx context.Context, dir string, scans int) (float64, error) {
	st, err := hubstore.Open(dir)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	const group, batch = 10_000, 10
	at := time.Now()
	var elapsed time.Duration
	for done := 0; done < scans; done += group {
		batches := make([]hubstore.Batch, group/batch)
		for i := range batches {
			b := hubstore.Batch{Kiosk: fmt.Sprintf("limit-%04d", i), Epoch: "e", Scans: make([]hubstore.Scan, batch)}
			for j := range b.Scans {
				seq := int64(done/len(batches) + j + 1)
				id := fmt.Sprintf("P%06d", (done+i*batch+j)%100_000+1)
				b.Scans[j] = hubstore.Scan{Seq: seq, Evidence: hubstore.EvidenceToken, Scan: kiosk.Scan{ID: kiosk.NewScanID(),
					Checkpoint: kiosk.EntranceID, Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: id, At: at}}
			}
			batches[i] = b
		}
		start := time.Now()
		if _, err := st.Ingest(ctx, batches); err != nil {
			return 0, err
		}
		elapsed += time.Since(start)
	}
	return float64(scans) / elapsed.Seconds(), nil
}

// cut ends the hub's profile of the phase just run, as
// PROFILE-phase.pprof: the hub writes the profile so far as PROFILE.N on
// SIGUSR1 and starts the next.
func (h *hubProcess) cut(phase string) {
	if h.profile == "" {
		return
	}
	h.parts++
	part := fmt.Sprintf("%s.%d", h.profile, h.parts)
	if err := h.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		fmt.Fprintln(h.out, "hub profile:", err)
		return
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(part); err == nil {
			named := strings.TrimSuffix(h.profile, ".pprof") + "-" + phase + ".pprof"
			if err := os.Rename(part, named); err != nil {
				fmt.Fprintln(h.out, "hub profile:", err)
			}
			return
		}
	}
	fmt.Fprintln(h.out, "hub profile: no", part, "within 10 s")
}

func (h *hubProcess) stop() {
	h.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { h.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		h.cmd.Process.Kill()
		<-done
	}
}

// percentile of durations, p in 0–100.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(float64(len(s)-1)*p/100)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
