// Command qrbench measures the kiosk's QR decoder on the generated corpus
// (cmd/qrbench/corpus) against two peers, zbarimg (zbar-tools) and
// ZXingReader (zxing-cpp-tools), in the same run on the same files, and
// prints Markdown tables: read rate by class, false reads on the negative
// classes, decode time per frame.
//
// Our time is the in-process Decode of a frame already converted to
// grayscale (the conversion is reported apart); the peers run once per
// file, and their start-up time, measured on a tiny blank image, is
// subtracted.
//
//	qrbench [-out DIR] [-per N] [-seed N] [-peers=false]
//	qrbench -cpu 20s   # CPU use of the camera loop, preview included, at 15 fps
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/accueil/accueil/cmd/qrbench/corpus"
	"github.com/accueil/accueil/kiosk/qr"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "qrbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("qrbench", flag.ContinueOnError)
	dir := fs.String("out", "", "write the corpus into `DIR` and keep it (default: a temporary folder)")
	per := fs.Int("per", corpus.DefaultPerClass, "frames per class")
	seed := fs.Uint64("seed", corpus.DefaultSeed, "corpus seed")
	peers := fs.Bool("peers", true, "also run zbarimg and ZXingReader")
	repeat := fs.Int("repeat", 5, "decode each frame this many times and keep the shortest time")
	cpu := fs.Duration("cpu", 0, "instead, run the camera loop over replayed frames for this long and report CPU use")
	fps := fs.Int("fps", 15, "camera frame rate for -cpu")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	opt := corpus.Options{Seed: *seed, PerClass: *per}
	if *cpu > 0 {
		return cpuUse(ctx, out, opt, *cpu, *fps)
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "qrbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	start := time.Now()
	if err := corpus.Write(*dir, opt); err != nil {
		return err
	}
	entries, err := corpus.ReadManifest(*dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "corpus: %d frames in %s (%v)\n", len(entries), *dir, time.Since(start).Round(time.Millisecond))

	results := make([]result, len(entries))
	if err := ours(*dir, entries, results, max(*repeat, 1)); err != nil {
		return err
	}
	var zbar, zxing *peer
	if *peers {
		zbar = &peer{name: "zbar", cmd: []string{"zbarimg", "--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", "-Stest-inverted"}, parse: parseZbar}
		zxing = &peer{name: "ZXing", cmd: []string{"ZXingReader", "-format", "QRCode", "-1"}, parse: parseZXing}
		for i, p := range []*peer{zbar, zxing} {
			if err := p.run(ctx, *dir, entries, results, i); err != nil {
				return err
			}
		}
	}
	report(out, entries, results, zbar, zxing)
	return nil
}

// result is what each decoder made of one frame.
type result struct {
	ours, file string // our camera-path Decode, and DecodeImage (kiosk decode)
	peers      [2]string
	peerTime   [2]time.Duration
	convert    time.Duration
	decode     time.Duration
	w, h       int
}

// ours decodes every file in-process: GrayFrame and Decode timed apart,
// each the shortest of repeat runs: the machine is shared, and other
// processes only ever add time to a run.
func ours(dir string, entries []corpus.Entry, results []result, repeat int) error {
	dec := qr.NewDecoder()
	files := qr.NewDecoder()
	var frame qr.Frame
	conv := make([]time.Duration, repeat)
	decs := make([]time.Duration, repeat)
	for i, e := range entries {
		img, err := load(filepath.Join(dir, e.File))
		if err != nil {
			return err
		}
		r := &results[i]
		r.w, r.h = img.Bounds().Dx(), img.Bounds().Dy()
		for k := range repeat {
			t0 := time.Now()
			f := qr.GrayFrame(img, &frame)
			t1 := time.Now()
			r.ours, _ = dec.Decode(f)
			decs[k], conv[k] = time.Since(t1), t1.Sub(t0)
		}
		r.convert, r.decode = slices.Min(conv), slices.Min(decs)
		r.file, _ = files.DecodeImage(img)
	}
	return nil
}

func load(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// peer is an outside decoder run once per file.
type peer struct {
	name    string
	cmd     []string
	parse   func(out []byte) string
	startup time.Duration // median time on a blank 32×32 image
}

func (p *peer) exec(ctx context.Context, file string) (string, time.Duration, error) {
	cmd := exec.CommandContext(ctx, p.cmd[0], append(p.cmd[1:], file)...)
	t0 := time.Now()
	out, err := cmd.Output()
	d := time.Since(t0)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return "", d, fmt.Errorf("%s: %w", p.name, err)
	}
	return p.parse(out), d, nil
}

func (p *peer) run(ctx context.Context, dir string, entries []corpus.Entry, results []result, slot int) error {
	if _, err := exec.LookPath(p.cmd[0]); err != nil {
		return fmt.Errorf("%s not installed (apt-get install zbar-tools zxing-cpp-tools), or run with -peers=false: %w", p.cmd[0], err)
	}
	blank := filepath.Join(dir, "startup-blank.png")
	if err := writeBlank(blank); err != nil {
		return err
	}
	defer os.Remove(blank)
	var ts []time.Duration
	for range 15 {
		_, d, err := p.exec(ctx, blank)
		if err != nil {
			return err
		}
		ts = append(ts, d)
	}
	p.startup = median(ts)
	for i, e := range entries {
		got, d, err := p.exec(ctx, filepath.Join(dir, e.File))
		if err != nil {
			return err
		}
		results[i].peers[slot] = got
		results[i].peerTime[slot] = max(d-p.startup, 0)
	}
	return nil
}

func writeBlank(path string) error {
	img := image.NewGray(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// parseZbar reads zbarimg --raw: the payload then a newline, per symbol;
// the first symbol counts (one code per frame).
func parseZbar(out []byte) string {
	s, _, _ := strings.Cut(string(out), "\n")
	return s
}

// parseZXing reads ZXingReader -1: `FILE FORMAT "CONTENT"` per symbol,
// `FILE None` when there is none (badge tokens need no escaping).
func parseZXing(out []byte) string {
	line, _, _ := strings.Cut(string(out), "\n")
	_, rest, _ := strings.Cut(line, " ")
	format, text, ok := strings.Cut(rest, " ")
	if !ok || format != "QRCode" {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(text, `"`), `"`)
}

func median(ts []time.Duration) time.Duration {
	return quantile(ts, 0.5)
}

func quantile(ts []time.Duration, q float64) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	s := slices.Clone(ts)
	slices.Sort(s)
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

func report(out io.Writer, entries []corpus.Entry, results []result, zbar, zxing *peer) {
	type tally struct{ n, ours, file, zbar, zxing, oursWrong, zbarWrong, zxingWrong int }
	by := map[string]*tally{}
	var all, allPos tally
	count := func(t *tally, e corpus.Entry, r result) {
		t.n++
		hit := func(got string, ok, wrong *int) {
			switch {
			case got == "":
			case got == e.Payload:
				*ok++
			default:
				*wrong++ // a false read: another payload, or any on a negative
			}
		}
		var fileWrong int
		hit(r.ours, &t.ours, &t.oursWrong)
		hit(r.file, &t.file, &fileWrong)
		t.oursWrong += fileWrong
		hit(r.peers[0], &t.zbar, &t.zbarWrong)
		hit(r.peers[1], &t.zxing, &t.zxingWrong)
	}
	for i, e := range entries {
		if by[e.Class] == nil {
			by[e.Class] = &tally{}
		}
		count(by[e.Class], e, results[i])
		count(&all, e, results[i])
		if e.Payload != "" {
			count(&allPos, e, results[i])
		}
	}
	rate := func(k, n int) string { return fmt.Sprintf("%d/%d (%.0f %%)", k, n, 100*float64(k)/float64(n)) }
	peerRate := func(p *peer, k, n int) string {
		if p == nil {
			return "–"
		}
		return rate(k, n)
	}
	fmt.Fprintf(out, "| class | frames | ours (camera) | ours (files) | zbarimg | ZXingReader |\n|---|---|---|---|---|---|\n")
	for _, c := range corpus.Classes() {
		t := by[c]
		if t == nil {
			continue
		}
		if corpus.Negative(c) {
			fmt.Fprintf(out, "| %s (false reads) | %d | %d | %d | %s | %s |\n", c, t.n, t.oursWrong, t.oursWrong, peerCount(zbar, t.zbarWrong), peerCount(zxing, t.zxingWrong))
			continue
		}
		fmt.Fprintf(out, "| %s | %d | %s | %s | %s | %s |\n", c, t.n, rate(t.ours, t.n), rate(t.file, t.n), peerRate(zbar, t.zbar, t.n), peerRate(zxing, t.zxing, t.n))
	}
	fmt.Fprintf(out, "| **all codes** | %d | %s | %s | %s | %s |\n", allPos.n, rate(allPos.ours, allPos.n), rate(allPos.file, allPos.n), peerRate(zbar, allPos.zbar, allPos.n), peerRate(zxing, allPos.zxing, allPos.n))
	fmt.Fprintf(out, "| wrong payloads, all frames | %d | %d | | %s | %s |\n\n", all.n, all.oursWrong, peerCount(zbar, all.zbarWrong), peerCount(zxing, all.zxingWrong))

	fmt.Fprintf(out, "| time per frame | frames | ours: decode median | p95 | max | ours: to grayscale median | zbarimg median | ZXingReader median |\n|---|---|---|---|---|---|---|---|\n")
	for _, size := range [][2]int{{1280, 720}, {640, 480}} {
		var conv, dec, zb, zx []time.Duration
		for _, r := range results {
			if r.w == size[0] && r.h == size[1] {
				conv, dec = append(conv, r.convert), append(dec, r.decode)
				zb, zx = append(zb, r.peerTime[0]), append(zx, r.peerTime[1])
			}
		}
		if len(dec) == 0 {
			continue
		}
		fmt.Fprintf(out, "| %d×%d | %d | %s | %s | %s | %s | %s | %s |\n", size[0], size[1], len(dec), ms(median(dec)), ms(quantile(dec, 0.95)), ms(slices.Max(dec)), ms(median(conv)),
			peerTime(zbar, median(zb)), peerTime(zxing, median(zx)))
	}
	if zbar != nil && zxing != nil {
		fmt.Fprintf(out, "\nPeers' start-up time, subtracted: zbarimg %s, ZXingReader %s.\n", ms(zbar.startup), ms(zxing.startup))
	}
}

func peerCount(p *peer, n int) string {
	if p == nil {
		return "–"
	}
	return fmt.Sprint(n)
}

func peerTime(p *peer, d time.Duration) string {
	if p == nil {
		return "–"
	}
	return ms(d)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
