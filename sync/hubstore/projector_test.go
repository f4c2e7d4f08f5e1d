package hubstore_test

import "testing"

func TestProjectorSwitch(t *testing.T) {
	s := open(t)
	steps := []struct {
		name    string
		on      bool
		wantKey bool
	}{
		{"off at first", false, false},
		{"on", true, true},
		{"on again keeps the key", true, true},
		{"off forgets it", false, false},
		{"on makes a new one", true, true},
	}
	var keys []string
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			key, err := s.SetProjector(ctx, st.on)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := s.ProjectorKey(ctx)
			if err != nil || stored != key || (key != "") != st.wantKey || (key != "" && len(key) < 32) {
				t.Fatalf("SetProjector(%v) = %q, stored %q, %v", st.on, key, stored, err)
			}
			keys = append(keys, key)
		})
	}
	if len(keys) == 5 && (keys[1] != keys[2] || keys[4] == keys[1]) {
		t.Errorf("keys along the way: %q", keys)
	}
}
