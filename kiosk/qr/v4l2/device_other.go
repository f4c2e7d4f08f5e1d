//go:build !linux

package v4l2

import "fmt"

// host has no cameras: V4L2 is Linux's.
var host = system{
	open:    func(path string) (device, error) { return nil, fmt.Errorf("%s: %w", path, ErrUnsupported) },
	list:    func() []string { return nil },
	capture: func(string) bool { return false },
	none:    fmt.Errorf("%w: %w", ErrNoCamera, ErrUnsupported),
}
