// Package browsertest drives Debian's headless Chromium for the tests that
// look at the organisers' dashboard as a browser does: the hub's own tests
// and the end-to-end ones with real kiosks. Tests only import it.
package browsertest

import (
	"context"
	"os"
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
