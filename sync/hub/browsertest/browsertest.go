// Package browsertest drives Debian's headless Chromium for the tests that
// look at the organisers' dashboard as a browser does: the hub's own tests
// and the end-to-end ones with real kiosks. Tests only import it.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// Browser starts headless Chromium with a fresh profile, or skips the test
// saying why when it is not installed. Chromium's own connections to the
// internet are switched off: a venue network has none.
func Browser(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		t.Skipf("chromium is not installed at %s (apt-get install chromium): browser tests skipped", ChromiumPath)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(ChromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancel)
	bctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(bctx); err != nil { // starts the browser, no timeout on this context
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// Within runs steps with a deadline.
func Within(ctx context.Context, d time.Duration, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// Text returns the text of the element with that id.
func Text(t testing.TB, ctx context.Context, id string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("text of #%s: %v", id, err)
	}
	return s
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// WaitFor polls a JavaScript condition every 10 ms until it holds, for at
// most d.
func WaitFor(ctx context.Context, d time.Duration, cond string) error {
	return Within(ctx, d+time.Second, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(10*time.Millisecond),
		chromedp.WithPollingTimeout(d)))
}

// Login opens the dashboard at base and logs in with token through the
// page's form, as an organiser does.
func Login(ctx context.Context, base, token string) error {
	return Within(ctx, 20*time.Second,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), token),
		// The form's answer is a new page: wait for it to load.
		func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.ID("login")))(ctx, t)
			return chromedp.Void{}, err
		},
	)
}

// AxePath is where .ci/deps.sh puts axe-core, relative to the repository.
const AxePath = "build/axe-core/axe.min.js"

// Violation is one WCAG rule a page breaks, as axe-core reports it.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v Violation) String() string {
	s := fmt.Sprintf("%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		s += fmt.Sprintf("\n\t%v %s", n.Target, n.HTML)
	}
	return s
}

// Axe runs axe-core's WCAG 2.x A and AA rules (2.0, 2.1 and 2.2) on the
// page the browser shows and returns what it breaks. axe-core is injected
// through DevTools, so the page's Content-Security-Policy stays as it is
// on the day. Without axe-core the test is skipped, saying how to get it,
// except under CI, where that is a failure.
func Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot(t), AxePath))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core missing (%v): .ci/deps.sh test fetches it", err)
		}
		t.Skipf("axe-core missing (%v): run .ci/deps.sh test (make test does)", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe.run's answer: %v", err)
	}
	return vs
}

// repoRoot is the folder holding go.mod, above the test's own folder.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
