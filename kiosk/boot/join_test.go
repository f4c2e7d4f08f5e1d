package boot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// TestJoin: what the hub gives is kept in the store; a folder of another
// event refuses the hub's, keeping its own; a failed enrollment changes
// nothing. The enroller stands for the hub client: boot decides only what
// the data folder may take.
func TestJoin(t *testing.T) {
	hubGives := boot.Enrollment{Hub: "10.0.0.2:8787", Kiosk: "door-1", Role: "self", Event: "faic2016",
		EventName: "FAIC 2016", TimeZone: "Europe/Paris", PublicKeys: []string{"k1", "k2"},
		Settings: map[string]string{"hub_addr": "10.0.0.2:8787", "hub_credential": "cred"}}
	gives := func(en boot.Enrollment, err error) boot.Enroller {
		return func(_ context.Context, code string) (boot.Enrollment, error) {
			if code != "ACC1-CODE" {
				t.Errorf("enroller given %q", code)
			}
			return en, err
		}
	}
	refused := errors.New("enroll: this code was already used")
	tests := []struct {
		name     string
		event    string // the folder's event before joining; "" for a fresh folder
		enroller boot.Enroller
		want     string // error text; "" for a join
	}{
		{"fresh folder", "", gives(hubGives, nil), ""},
		{"same event", "faic2016", gives(hubGives, nil), ""},
		{"another event", "autre2015", gives(hubGives, nil), `belongs to event "autre2015": use a new -data folder`},
		{"hub refuses", "", gives(boot.Enrollment{}, refused), "already used"},
		{"no hub client", "", nil, "no way to reach a hub"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := sqlite.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if tt.event != "" {
				if err := st.SetSettings(ctx, map[string]string{kiosk.SettingEvent: tt.event}); err != nil {
					t.Fatal(err)
				}
			}
			name, event, err := boot.Join(ctx, st, "ACC1-CODE", tt.enroller, nil)
			get := func(key string) string { v, _ := st.Setting(ctx, key); return v }
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want %q", err, tt.want)
				}
				if get(kiosk.SettingEvent) != tt.event || get("hub_credential") != "" || get(kiosk.SettingName) != "" {
					t.Errorf("a refused join changed the folder: event %q, credential %q, name %q",
						get(kiosk.SettingEvent), get("hub_credential"), get(kiosk.SettingName))
				}
				return
			}
			if err != nil || name != "door-1" || event != "faic2016" {
				t.Fatalf("Join = %q, %q, %v", name, event, err)
			}
			for key, want := range map[string]string{
				kiosk.SettingEvent: "faic2016", kiosk.SettingEventName: "FAIC 2016", kiosk.SettingTimeZone: "Europe/Paris",
				kiosk.SettingPublicKeys: "k1 k2", kiosk.SettingName: "door-1", "hub_addr": "10.0.0.2:8787", "hub_credential": "cred",
			} {
				if got := get(key); got != want {
					t.Errorf("setting %s = %q, want %q", key, got, want)
				}
			}
		})
	}
}
