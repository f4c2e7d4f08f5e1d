//go:build linux

package v4l2

import (
	"errors"
	"io/fs"
	"testing"
	"unsafe"
)

// These run against the real kernel: no webcam is needed to tell a
// missing node from one that is not a camera.
func TestOpenWebcamErrors(t *testing.T) {
	tests := []struct {
		path string
		want error
	}{
		{"/dev/video-absent-for-test", fs.ErrNotExist},
		{"/dev/null", ErrNotCapture},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			dev, err := openWebcam(tt.path)
			if !errors.Is(err, tt.want) {
				if dev != nil {
					dev.Close()
				}
				t.Fatalf("openWebcam: %v, want %v", err, tt.want)
			}
		})
	}
}

// A node that is missing, or answers no V4L2 query, is no camera to
// choose.
func TestIsCaptureRefuses(t *testing.T) {
	for _, path := range []string{"/dev/video-absent-for-test", "/dev/null"} {
		t.Run(path, func(t *testing.T) {
			if isCapture(path) {
				t.Errorf("isCapture(%s) = true", path)
			}
		})
	}
}

func TestFormatStructSize(t *testing.T) {
	// struct v4l2_format: 208 bytes on 64-bit machines, 204 on 32-bit.
	want := map[uintptr]uintptr{8: 208, 4: 204}[unsafe.Sizeof(uintptr(0))]
	if got := unsafe.Sizeof(v4l2Format{}); got != want {
		t.Errorf("v4l2Format is %d bytes, want %d", got, want)
	}
	if got := unsafe.Sizeof(v4l2Capability{}); got != 104 {
		t.Errorf("v4l2Capability is %d bytes, want 104", got)
	}
	if pixYUYV != 0x56595559 || pixMJPG != 0x47504a4d {
		t.Errorf("fourcc: YUYV %#x, MJPG %#x", pixYUYV, pixMJPG)
	}
}
