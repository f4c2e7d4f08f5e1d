package printing_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/printing"
)

// cupsPDF is a private CUPS scheduler with one cups-pdf queue.
type cupsPDF struct {
	socket string // what CUPS_SERVER names
	queue  string
	out    string // where cups-pdf writes the PDFs of this queue
}

// startCUPS starts a cupsd of the test's own (configuration, spool and
// socket in a temporary folder) with a cups-pdf queue whose PDFs land in a
// temporary folder too. It skips the test, saying why, only where cupsd
// cannot run.
func startCUPS(t *testing.T) *cupsPDF {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("CUPS test skipped: cupsd and the cups-pdf backend need root (run as root, as the venue's kiosks are set up)")
	}
	cupsd, err := exec.LookPath("cupsd")
	if err != nil {
		if cupsd, err = exec.LookPath("/usr/sbin/cupsd"); err != nil {
			t.Skip("CUPS test skipped: cupsd is not installed (Debian package cups)")
		}
	}
	const ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
	for _, need := range []string{"/usr/lib/cups/backend/cups-pdf", ppd} {
		if _, err := os.Stat(need); err != nil {
			t.Skipf("CUPS test skipped: %s missing (Debian package printer-driver-cups-pdf)", need)
		}
	}
	for _, tool := range []string{"lp", "lpstat", "lpadmin", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("cupsd is installed but %s is not: %v", tool, err)
		}
	}
	// A short folder name: a unix socket path holds at most 107 bytes.
	dir, err := os.MkdirTemp("", "cups")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// CUPS filters run as the unprivileged user lp: they must reach the
	// spool inside.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"root", "spool/tmp", "cache", "state", "log", "out"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	c := &cupsPDF{socket: filepath.Join(dir, "cups.sock"), queue: "AccueilTest" + randomHex(t), out: filepath.Join(dir, "out")}
	writeFile(t, filepath.Join(dir, "cupsd.conf"), fmt.Sprintf(`LogLevel warn
Listen %s
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
`, c.socket))
	writeFile(t, filepath.Join(dir, "cups-files.conf"), fmt.Sprintf(`ServerRoot %[1]s/root
RequestRoot %[1]s/spool
TempDir %[1]s/spool/tmp
CacheDir %[1]s/cache
StateDir %[1]s/state
ErrorLog %[1]s/log/error_log
AccessLog %[1]s/log/access_log
PageLog %[1]s/log/page_log
SystemGroup root
User lp
Group lp
`, dir))
	// cups-pdf reads /etc/cups/cups-pdf-NAME.conf for a queue whose device
	// is cups-pdf:/NAME: this queue's PDFs go to the test's folder, not to
	// root's ~/PDF.
	conf := "/etc/cups/cups-pdf-" + c.queue + ".conf"
	writeFile(t, conf, "Out "+c.out+"\nAnonDirName "+c.out+"\nGrp root\n")
	t.Cleanup(func() { os.Remove(conf) })

	cmd := exec.Command(cupsd, "-f", "-c", filepath.Join(dir, "cupsd.conf"), "-s", filepath.Join(dir, "cups-files.conf"))
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Skipf("CUPS test skipped: cupsd does not start: %v", err)
	}
	t.Cleanup(func() {
		_ = exec.Command("lpadmin", "-h", c.socket, "-x", c.queue).Run()
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	t.Setenv("CUPS_SERVER", c.socket)
	deadline := time.Now().Add(15 * time.Second)
	for {
		out, _ := exec.Command("lpstat", "-r").Output()
		if strings.Contains(string(out), "is running") {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "log/error_log"))
			t.Fatalf("cupsd did not answer within 15 s: %s\n%s", stderr.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	run(t, "lpadmin", "-p", c.queue, "-E", "-v", "cups-pdf:/"+c.queue, "-P", ppd)
	return c
}

func randomHex(t *testing.T) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
}

// scanPDF reads the QR code of a PDF's first page, as a scanner at the door
// would, with poppler and zbar; "" when those tools are missing.
func scanPDF(t *testing.T, path string) string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Logf("QR code of the printed badge not checked: %s missing", tool)
			return ""
		}
	}
	png := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-r", "200", "-png", "-singlefile", path, png)
	out, err := exec.Command("zbarimg", "--raw", "-q", png+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code on the printed badge: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// waitPDF waits for cups-pdf to write a PDF and returns its text and path.
func (c *cupsPDF) waitPDF(t *testing.T, seen int) (string, string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(c.out, "*.pdf"))
		if len(files) > seen {
			path := files[len(files)-1]
			// cups-pdf writes the file in place: wait until pdftotext reads it.
			if out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
				return string(out), path
			}
		}
		if time.Now().After(deadline) {
			out, _ := exec.Command("lpstat", "-W", "all", "-o").CombinedOutput()
			files, _ := filepath.Glob(filepath.Join(c.out, "*"))
			t.Fatalf("no PDF with text from cups-pdf after 60 s; files %q; jobs:\n%s", files, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Printing on a real CUPS queue backed by cups-pdf: the badge comes out as a
// PDF carrying the name, and each failure is a clear error.
func TestCUPSPrintsBadge(t *testing.T) {
	c := startCUPS(t)
	// CUPS_SERVER, from the environment, names the test's cupsd. Debian's
	// default PostScript renderer (gs) turns the badge's embedded fonts into
	// Type 3 glyphs: the same on paper, but pdftotext then reads no text;
	// pdftocairo keeps them as fonts.
	cups := printing.CUPS{Options: []string{"pdftops-renderer=pdftocairo"}}

	queues, err := cups.Printers(ctx)
	if err != nil || len(queues) != 1 || queues[0].Name != c.queue || queues[0].Default {
		t.Fatalf("printers %+v, %v", queues, err)
	}
	run(t, "lpadmin", "-d", c.queue)
	if queues, _ = cups.Printers(ctx); len(queues) != 1 || !queues[0].Default {
		t.Errorf("default printer not seen: %+v", queues)
	}

	st := newStore(t)
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A7", FirstName: "Hélène", LastName: "Martin",
		Organisation: "Ville de Lyon", Category: kiosk.CategorySpeaker, Language: kiosk.French, Code: "FAIC-0007"}}, nil); err != nil {
		t.Fatal(err)
	}
	b := printing.NewBadges(st, cups, badgepdf.Event{Name: "Forum", Dates: "4–5 juillet 2016", Venue: "Paris"}, c.queue)
	start := time.Now()
	rec, err := b.PrintBadge(ctx, "A7", false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rec.Job, c.queue+"-") {
		t.Errorf("job id %q", rec.Job)
	}
	text, path := c.waitPDF(t, 0)
	t.Logf("job %s: PDF out of cups-pdf %s after the print", rec.Job, time.Since(start).Round(time.Millisecond))
	if got := scanPDF(t, path); got != "" && got != "FAIC-0007" {
		t.Errorf("the printed badge's QR code reads %q, want FAIC-0007", got)
	}
	for _, want := range []string{"Hélène", "MARTIN", "Ville de Lyon"} {
		if !strings.Contains(strings.ToUpper(text), strings.ToUpper(want)) {
			t.Errorf("printed badge lacks %q:\n%s", want, text)
		}
	}

	tests := []struct {
		name    string
		cups    printing.CUPS
		printer string
		setup   []string
		want    error
	}{
		{"unknown printer", printing.CUPS{}, "NoSuchQueue", nil, printing.ErrUnknownPrinter},
		{"disabled printer", printing.CUPS{}, c.queue, []string{"cupsdisable", c.queue}, printing.ErrPrinterDisabled},
		{"printer refusing jobs", printing.CUPS{}, c.queue, []string{"cupsreject", c.queue}, printing.ErrNotAccepting},
		{"no scheduler", printing.CUPS{Server: filepath.Join(t.TempDir(), "none.sock")}, c.queue, nil, printing.ErrNoScheduler},
		{"lp missing", printing.CUPS{LP: "lp-not-installed", LPStat: "lpstat-not-installed"}, c.queue, nil, printing.ErrNoCUPS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				run(t, tt.setup[0], tt.setup[1:]...)
				t.Cleanup(func() { run(t, "cupsenable", c.queue); run(t, "cupsaccept", c.queue) })
			}
			_, err := tt.cups.Print(ctx, tt.printer, "badge test", strings.NewReader("%PDF-1.4\n"))
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") {
				t.Errorf("error on several lines: %q", msg)
			}
			t.Logf("%v", err)
		})
	}
	// A scheduler that never answers costs the desk the timeout, no more.
	hang := filepath.Join(t.TempDir(), "lpstat")
	writeFile(t, hang, "#!/bin/sh\nexec sleep 30\n")
	if err := os.Chmod(hang, 0o755); err != nil {
		t.Fatal(err)
	}
	slow := printing.CUPS{Timeout: 300 * time.Millisecond, LPStat: hang}
	start = time.Now()
	if _, err := slow.Printers(context.Background()); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("hung lpstat: %v after %s", err, time.Since(start))
	}
}
