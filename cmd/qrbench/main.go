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
	"encoding/json"
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
	"github.com/accueil/accueil/kiosk/qr/jpegframe"
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
	repeat := fs.Int("repeat", 3, "rounds, ours and the peers' in turn; each keeps its shortest time per frame")
	quality := fs.Int("quality", WebcamQuality, "write the frames as JPEG files of this quality, as a webcam sends them (0: PNG)")
	peerBin := fs.String("peer", "", "the in-process peer program built from cmd/qrbench/peer (default: qr_peer beside qrbench, or on PATH)")
	cpu := fs.Duration("cpu", 0, "instead, run the camera loop over replayed frames for this long and report CPU use")
	fps := fs.Int("fps", 15, "camera frame rate for -cpu")
	reuse := fs.Bool("reuse", false, "with -out: decode the corpus already in DIR instead of writing it again")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of our side (JPEG load and Decode) to `FILE`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	opt := corpus.Options{Seed: *seed, PerClass: *per, JPEGQuality: *quality}
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
	if !*reuse {
		if err := corpus.Write(*dir, opt); err != nil {
			return err
		}
	}
	entries, err := corpus.ReadManifest(*dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "corpus: %d frames in %s (%v)\n", len(entries), *dir, time.Since(start).Round(time.Millisecond))

	results := make([]result, len(entries))
	var zbar, zxing *peer
	if *peers {
		zbar = &peer{name: "zbar", cmd: []string{"zbarimg", "--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", "-Stest-inverted"}, parse: parseZbar}
		zxing = &peer{name: "ZXing", cmd: []string{"ZXingReader", "-format", "QRCode", "-1"}, parse: parseZXing}
		if bin := findPeer(*peerBin); bin != "" {
			zbar.inproc, zxing.inproc = bin, bin
		} else {
			fmt.Fprintln(os.Stderr, "qrbench: qr_peer not built (make bench builds it): running zbarimg and ZXingReader once per file instead")
		}
	}
	// Ours and the peers take turns, round after round, and each keeps its
	// shortest time per file: the machine is shared, other processes only
	// ever add time to a run, and a burst of load then hits both sides.
	rounds := max(*repeat, 1)
	prof, err := startProfile(*cpuprofile)
	if err != nil {
		return err
	}
	for k := range rounds {
		prof.resume()
		err := ours(*dir, entries, results, k == 0)
		prof.pause()
		if err != nil {
			return err
		}
		if !*peers {
			continue
		}
		for i, p := range []*peer{zbar, zxing} {
			if p.inproc == "" && k > 0 {
				continue // one process per file: one round is slow enough
			}
			if err := p.run(ctx, *dir, entries, results, i); err != nil {
				return err
			}
		}
	}
	if err := prof.close(); err != nil {
		return err
	}
	report(out, entries, results, zbar, zxing, *quality)
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

// ours decodes every file in-process, as the camera path does: the file
// read and loaded as the camera loop loads a frame (the load), then
// Decode, timed apart; each keeps the shortest time over the rounds.
// first also reads each file through DecodeImage (kiosk decode), untimed.
func ours(dir string, entries []corpus.Entry, results []result, first bool) error {
	dec := qr.NewDecoder()
	files := qr.NewDecoder()
	var frame qr.Frame
	var file []byte
	var last image.Image
	for i, e := range entries {
		r := &results[i]
		path := filepath.Join(dir, e.File)
		t0 := time.Now()
		f, err := loadFrame(path, &frame, &file, &last)
		if err != nil {
			return err
		}
		t1 := time.Now()
		r.ours, _ = dec.Decode(f)
		conv, decode := t1.Sub(t0), time.Since(t1)
		if first || conv+decode < r.convert+r.decode {
			r.convert, r.decode = conv, decode
		}
		if first {
			img, err := load(path)
			if err != nil {
				return err
			}
			r.w, r.h = img.Bounds().Dx(), img.Bounds().Dy()
			r.file, _ = files.DecodeImage(img)
		}
	}
	return nil
}

// loadFrame loads an image file into a grey frame as the kiosk's camera
// loop does with a webcam's MJPEG frame: a JPEG file decoded to its planes
// (jpegframe.DecodeImage, into the last one's storage), then its Y plane
// copied out (qr.GrayFrame, as qr.Watch does); any other file through
// image.Decode. file is the read buffer and *last the last decoded image,
// kept between frames as a camera keeps its own.
func loadFrame(path string, buf *qr.Frame, file *[]byte, last *image.Image) (*qr.Frame, error) {
	if ext := strings.ToLower(filepath.Ext(path)); ext != ".jpg" && ext != ".jpeg" {
		img, err := load(path)
		if err != nil {
			return nil, err
		}
		return qr.GrayFrame(img, buf), nil
	}
	data, err := readInto(path, file)
	if err != nil {
		return nil, err
	}
	img, err := jpegframe.DecodeImage(data, *last)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	*last = img
	return qr.GrayFrame(img, buf), nil
}

func readInto(path string, buf *[]byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if n := int(st.Size()); cap(*buf) < n {
		*buf = make([]byte, n)
	}
	data := (*buf)[:st.Size()]
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
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

// peer is an outside decoder: in one process over every file (qr_peer), or
// its command-line tool run once per file.
type peer struct {
	name    string
	cmd     []string
	parse   func(out []byte) string
	startup time.Duration // median time on a blank 32×32 image
	inproc  string        // the qr_peer program, when built: all files in one process
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

// runEach runs the peer's command-line tool once per file, start-up
// subtracted: the fallback when qr_peer is not built.
func (p *peer) runEach(ctx context.Context, dir string, entries []corpus.Entry, results []result, slot int) error {
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

func report(out io.Writer, entries []corpus.Entry, results []result, zbar, zxing *peer, quality int) {
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
	if zbar != nil && zxing != nil && zxing.inproc == "" {
		fmt.Fprintf(out, "\nPeers' start-up time, subtracted: zbarimg %s, ZXingReader %s.\n", ms(zbar.startup), ms(zxing.startup))
	}
	row := summarize(entries, results, zbar, zxing)
	row.JPEGQuality = quality
	fmt.Fprintf(out, "\nAll %d frames with a code, JPEG load included (ours: %s), one core each: ours %.2f s", row.Frames, jpegframe.Backend(), row.OursS)
	if zxing != nil {
		fmt.Fprintf(out, ", ZXing %.2f s (x%.2f)", row.ZXingS, row.OursS/row.ZXingS)
	}
	if zbar != nil {
		fmt.Fprintf(out, ", zbar %.2f s", row.ZbarS)
	}
	fmt.Fprintln(out, ".")
	// The last line, for make bench's table (cmd/benchtable).
	line, _ := json.Marshal(row)
	fmt.Fprintf(out, "%s\n", line)
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
