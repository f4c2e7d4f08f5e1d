package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/cmd/qrbench/corpus"
	"github.com/accueil/accueil/kiosk/qr/jpegframe"
)

// WebcamQuality is the JPEG quality of the frames by default: what a USB
// webcam's MJPEG stream carries at 720p (its JPEG class aside, which is
// compressed far harder).
const WebcamQuality = 85

// findPeer returns the qr_peer program to use: flag, else beside this
// executable (make bench builds both into bin/), else on PATH; "" if none.
func findPeer(flag string) string {
	if flag != "" {
		return flag
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "qr_peer")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("qr_peer"); err == nil {
		return p
	}
	return ""
}

// run decodes every file with the peer, keeping its shortest time per file
// over the rounds.
func (p *peer) run(ctx context.Context, dir string, entries []corpus.Entry, results []result, slot int) error {
	if p.inproc == "" {
		return p.runEach(ctx, dir, entries, results, slot)
	}
	args := []string{strings.ToLower(p.name)}
	for _, e := range entries {
		args = append(args, filepath.Join(dir, e.File))
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, p.inproc, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s (%s): %w: %s", p.name, p.inproc, err, strings.TrimSpace(stderr.String()))
	}
	got, err := parsePeer(out, len(entries))
	if err != nil {
		return fmt.Errorf("%s (%s): %w", p.name, p.inproc, err)
	}
	for i, g := range got {
		r := &results[i]
		r.peers[slot] = g.text
		if cur := r.peerTime[slot]; cur == 0 || g.d < cur {
			r.peerTime[slot] = g.d
		}
	}
	return nil
}

type peerRead struct {
	text string
	d    time.Duration
}

// parsePeer reads qr_peer's output: FILE, seconds, payload, tab-separated,
// one line per file in the order given, then a "total" line.
func parsePeer(out []byte, n int) ([]peerRead, error) {
	var got []peerRead
	sc := bufio.NewScanner(bytes.NewReader(out))
	for line := 1; sc.Scan(); line++ {
		f := strings.SplitN(sc.Text(), "\t", 3)
		if f[0] == "total" && len(f) == 2 {
			break
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("output line %d: %d fields, want 3", line, len(f))
		}
		s, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return nil, fmt.Errorf("output line %d: time %q: %w", line, f[1], err)
		}
		got = append(got, peerRead{text: f[2], d: time.Duration(s * float64(time.Second))})
	}
	if len(got) != n {
		return nil, fmt.Errorf("%d results for %d files", len(got), n)
	}
	return got, nil
}

// Row is qrbench's last output line, in JSON: the camera row of make
// bench's table. Frames and the read counts cover the frames holding a code;
// the times are the sums of each decoder's shortest time per frame, JPEG
// load included, on one core; FalseReads counts any payload on the
// negative classes and wrong payloads anywhere. Peers are 0 when not run.
type Row struct {
	Frames      int     `json:"frames"`
	OursRead    int     `json:"ours_read"`
	OursS       float64 `json:"ours_s"`
	ZXingRead   int     `json:"zxing_read"`
	ZXingS      float64 `json:"zxing_s"`
	ZbarRead    int     `json:"zbar_read"`
	ZbarS       float64 `json:"zbar_s"`
	OursFalse   int     `json:"ours_false"`
	ZXingFalse  int     `json:"zxing_false"`
	ZbarFalse   int     `json:"zbar_false"`
	NegFrames   int     `json:"negative_frames"`
	JPEGQuality int     `json:"jpeg_quality"`
	JPEGDecoder string  `json:"jpeg_decoder"` // ours: libjpeg-turbo, or image/jpeg (-tags nolibjpeg)
}

func summarize(entries []corpus.Entry, results []result, zbar, zxing *peer) Row {
	var row Row
	var ours, zx, zb time.Duration
	for i, e := range entries {
		r := results[i]
		if e.Payload == "" {
			row.NegFrames++
		} else {
			row.Frames++
			ours += r.convert + r.decode
			zb += r.peerTime[0]
			zx += r.peerTime[1]
		}
		for _, c := range []struct {
			got       string
			read, bad *int
		}{{r.ours, &row.OursRead, &row.OursFalse}, {r.peers[1], &row.ZXingRead, &row.ZXingFalse}, {r.peers[0], &row.ZbarRead, &row.ZbarFalse}} {
			switch {
			case c.got == "":
			case c.got == e.Payload:
				*c.read++
			default:
				*c.bad++
			}
		}
	}
	row.OursS = round3(ours.Seconds())
	row.JPEGDecoder = jpegframe.Backend()
	if zxing != nil {
		row.ZXingS = round3(zx.Seconds())
	}
	if zbar != nil {
		row.ZbarS = round3(zb.Seconds())
	}
	return row
}

func round3(s float64) float64 { return float64(int64(s*1000+0.5)) / 1000 }

// profile writes a CPU profile of our rounds only (the peers' turns are
// other processes, and would only dilute it): pprof cannot pause, so each
// of our rounds is a profile of its own, FILE.1, FILE.2..., which
// `go tool pprof -top FILE.*` merges.
type profile struct {
	path string
	n    int
	f    *os.File
	err  error
}

func startProfile(path string) (*profile, error) {
	return &profile{path: path}, nil
}

func (p *profile) resume() {
	if p.path == "" || p.err != nil {
		return
	}
	p.n++
	p.f, p.err = os.Create(fmt.Sprintf("%s.%d", p.path, p.n))
	if p.err == nil {
		p.err = pprof.StartCPUProfile(p.f)
	}
}

func (p *profile) pause() {
	if p.f == nil {
		return
	}
	pprof.StopCPUProfile()
	if err := p.f.Close(); p.err == nil {
		p.err = err
	}
	p.f = nil
}

func (p *profile) close() error {
	p.pause()
	if p.err != nil {
		return fmt.Errorf("cpu profile: %w", p.err)
	}
	return nil
}
