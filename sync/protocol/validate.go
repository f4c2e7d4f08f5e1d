package protocol

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ValidationError says which part of a message is wrong and why. Decode and
// Encode return it wrapped; errors.As finds it.
type ValidationError struct {
	// Field is the path to the bad value, such as "scans[3].verdict"; empty
	// for the frame as a whole.
	Field  string
	Reason string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// invalid builds a ValidationError; validators return the concrete pointer so
// that a nil result never becomes a non-nil error interface by accident.
func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// under puts the error's field below a parent, such as a list element. It is
// only called on failure, so a valid batch builds no path strings.
func (e *ValidationError) under(parent string) *ValidationError {
	if e.Field == "" {
		e.Field = parent
	} else {
		e.Field = parent + "." + e.Field
	}
	return e
}

// item is the path of a list element.
func item(list string, i int) string { return fmt.Sprintf("%s[%d]", list, i) }

// maxNameBytes bounds the names devices exchange (kiosk, epoch, checkpoint,
// role): they become SQL keys, log fields and export columns.
const maxNameBytes = 64

// stringRule is what a string field must satisfy.
type stringRule struct {
	required bool
	max      int // bytes; 0 leaves the bound to MaxFrameBytes
	// printable refuses control and invisible characters, which would make
	// two names look alike in a log or break a line-oriented export.
	printable bool
}

var (
	nameRule         = stringRule{required: true, max: maxNameBytes, printable: true}
	optionalNameRule = stringRule{max: maxNameBytes, printable: true}
	// eventRule matches what a badge token can carry (kiosk.Token.Event).
	eventRule = stringRule{required: true, max: 255, printable: true}
	textRule  = stringRule{}
)

// checkString is the one place string fields are checked. Decoded strings
// are always valid UTF-8 (Decode refuses other frames and encoding/json
// replaces bad escapes), but Encode also sees strings built in Go, which
// encoding/json would silently alter.
func checkString(field, s string, r stringRule) *ValidationError {
	switch {
	case s == "" && r.required:
		return invalid(field, "empty")
	case r.max > 0 && len(s) > r.max:
		return invalid(field, "%d bytes, more than %d", len(s), r.max)
	case !utf8.ValidString(s):
		return invalid(field, "invalid UTF-8 %.32q", s)
	}
	if r.printable {
		for _, c := range s {
			if !unicode.IsPrint(c) {
				return invalid(field, "unprintable character %U in %.32q", c, s)
			}
		}
	}
	return nil
}

func checkNonNegative(field string, n int64) *ValidationError {
	if n < 0 {
		return invalid(field, "negative value %d", n)
	}
	return nil
}

// checkTime refuses a missing time, and a time Encode could not write back
// as it came (see checkOptionalTime).
func checkTime(field string, t time.Time) *ValidationError {
	if t.IsZero() {
		return invalid(field, "missing time")
	}
	return checkOptionalTime(field, t)
}

// checkOptionalTime refuses what RFC 3339 cannot carry: time.Parse accepts
// an offset of +24:00 that MarshalJSON then refuses, and a Go time whose zone
// has an offset in seconds (old local mean times) would be written a few
// seconds off.
func checkOptionalTime(field string, t time.Time) *ValidationError {
	_, offset := t.Zone()
	switch {
	case t.IsZero():
		return nil
	case offset <= -24*3600 || offset >= 24*3600 || offset%60 != 0:
		return invalid(field, "time zone offset of %d s cannot be written in RFC 3339", offset)
	case t.Year() < 0 || t.Year() > 9999:
		return invalid(field, "year %d out of RFC 3339's range", t.Year())
	}
	return nil
}

// firstError returns the first failed check, so that a validator reads as a
// list of rules rather than a ladder of ifs.
func firstError(checks ...*ValidationError) *ValidationError {
	for _, e := range checks {
		if e != nil {
			return e
		}
	}
	return nil
}

// jsonError turns an encoding/json error into a ValidationError. Fields are
// named below data, as validation names them; encoding/json gives the path
// without list indexes ("data.scans.seq"), so the byte offset locates it.
func jsonError(err error) *ValidationError {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalid("", "invalid JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.As(err, &typ):
		field := typ.Field
		if rest, ok := strings.CutPrefix(field, "data."); ok {
			field = rest
		}
		return invalid(field, "JSON %s where %s was expected (byte %d)", typ.Value, typ.Type, typ.Offset)
	}
	return invalid("", "%v", err)
}
