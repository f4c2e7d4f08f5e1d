//go:build !unix

package headless

import "os"

// PollableInput returns in as it is: only Unix pipes are made pollable
// (see input_unix.go).
func PollableInput(in *os.File) (r *os.File, restore func()) { return in, func() {} }
