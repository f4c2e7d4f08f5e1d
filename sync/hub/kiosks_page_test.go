package hub_test

import (
	"image"
	"image/color"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/protocol"
)

// An organiser makes a kiosk's enrollment code from the dashboard (a
// phone): the page's QR code reads back as that code, and the code
// enrols the kiosk once.
func TestKiosksPageMakesEnrollmentCodes(t *testing.T) {
	var f *fixture
	f = newFixtureWith(t, func(c *hub.Config) {
		c.EnrollmentCode = func(token, standby string) (string, error) {
			return enroll.Code{Hub: strings.TrimPrefix(f.http.URL, "http://"), Token: token}.String(), nil
		}
	})
	c := noRedirect(&http.Client{})
	if code, _ := f.get("/kiosks", nil, ""); code != http.StatusOK {
		// Without a session the page sends to the login: followed by Go's
		// client, that is the login page itself.
		t.Logf("kiosk page without a session: %d", code)
	}
	cookie := f.login(c)
	code, page := f.get("/kiosks", cookie, "")
	if code != http.StatusOK || !strings.Contains(page, "Ajouter une borne") {
		t.Fatalf("kiosk page: %d", code)
	}
	csrf := csrfField.FindStringSubmatch(page)[1]
	post := func(form url.Values) (int, string) {
		req, _ := http.NewRequest("POST", f.http.URL+"/kiosks", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 64<<10)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	if code, _ := post(url.Values{"name": {"door-9"}, "role": {"self"}}); code != http.StatusForbidden {
		t.Errorf("a code made without the page's CSRF token: %d", code)
	}
	if code, body := post(url.Values{"csrf": {csrf}, "name": {"door-9"}, "role": {"boss"}}); code != http.StatusBadRequest || !strings.Contains(body, "role") {
		t.Errorf("an unknown role: %d", code)
	}
	// A name refused says what would be accepted, in the page's language.
	if code, body := post(url.Values{"csrf": {csrf}, "name": {"-porte"}, "role": {"self"}}); code != http.StatusBadRequest ||
		!strings.Contains(body, `data-i18n="error_kiosk_name"`) || !strings.Contains(body, "such as entree-2") {
		t.Errorf("a name with a leading '-': %d %s", code, body)
	}
	code, body := post(url.Values{"csrf": {csrf}, "name": {"door-9"}, "role": {"self"}})
	if code != http.StatusOK {
		t.Fatalf("make a code: %d %s", code, body)
	}
	text := regexp.MustCompile(`<code class="code">([^<]+)</code>`).FindStringSubmatch(body)
	if text == nil {
		t.Fatal("no code on the page")
	}
	// The QR drawn on the page reads back as the code.
	modules := regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(body, -1)
	size, _ := strconv.Atoi(regexp.MustCompile(`viewBox="0 0 (\d+)`).FindStringSubmatch(body)[1])
	const px = 6
	img := image.NewGray(image.Rect(0, 0, size*px, size*px))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, m := range modules {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		for dy := range px {
			for dx := range px {
				img.SetGray(x*px+dx, y*px+dy, color.Gray{})
			}
		}
	}
	got, err := qr.NewDecoder().DecodeImage(img)
	if err != nil || got != text[1] {
		t.Fatalf("QR on the page reads %q (%v), want %q", got, err, text[1])
	}
	parsed, err := enroll.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(f.http.URL+"/api/v1/enroll", "application/json", strings.NewReader(`{"token":"`+parsed.Token+`"}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("enroll with the page's code: %v %v", resp, err)
	}
	resp.Body.Close()
	kiosks, _ := f.store.Kiosks(ctx)
	if len(kiosks) != 1 || kiosks[0].Name != "door-9" || kiosks[0].Role != protocol.RoleSelf {
		t.Errorf("kiosks %+v", kiosks)
	}
}
