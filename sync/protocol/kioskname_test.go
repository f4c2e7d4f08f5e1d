package protocol

import (
	"strings"
	"testing"
)

func TestCheckKioskName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"entree-2", true},
		{"Accueil Havane 1", true},
		{"porte-plénière", true},
		{strings.Repeat("k", MaxKioskName), true},
		{"", false},
		{strings.Repeat("k", MaxKioskName+1), false},
		{" entree", false},
		{"entree ", false},
		{"-role", false},
		{"entree\n2", false},
		{"entree\x002", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckKioskName(tt.name)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckKioskName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "such as entree-2") {
				t.Errorf("message %q does not say what would be accepted", err)
			}
		})
	}
}
