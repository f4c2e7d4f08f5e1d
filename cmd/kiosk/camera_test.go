package main

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenCamera runs on a machine without a webcam, as CI does.
func TestOpenCamera(t *testing.T) {
	tests := []struct {
		spec    string
		open    bool   // a source is returned
		errText string // in the error, "" for none
		logText string
	}{
		{"off", false, "", ""},
		{"auto", false, "", "no camera: badges are read with the scanner"},
		{"/dev/video-not-plugged-yet", true, "", "searching"},
		{"/dev/null", false, "not a video capture device", ""},
		{"dir:/nonexistent-folder", false, "camera folder", ""},
	}
	if len(videoNodesForTest()) > 0 {
		t.Skip("this machine has a camera")
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			var logs bytes.Buffer
			c, err := openCamera(tt.spec, slog.New(slog.NewTextHandler(&logs, nil)))
			defer c.close()
			if tt.errText == "" && err != nil || tt.errText != "" && (err == nil || !strings.Contains(err.Error(), tt.errText)) {
				t.Fatalf("error %v, want %q", err, tt.errText)
			}
			if (c != nil) != tt.open {
				t.Fatalf("source %v, want one: %v", c, tt.open)
			}
			if tt.open {
				c.close() // the searching state is reported before Close returns
			}
			if !strings.Contains(logs.String(), tt.logText) {
				t.Errorf("log %q, want %q", logs.String(), tt.logText)
			}
			if err != nil && strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error on several lines: %q", err)
			}
		})
	}
}

func videoNodesForTest() []string {
	nodes, _ := filepath.Glob("/dev/video*")
	return nodes
}
