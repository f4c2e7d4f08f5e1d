package roster

import (
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadAttendees(t *testing.T) {
	for _, tc := range attendeeCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadAttendees(strings.NewReader(tc.input), nil)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want one containing %q", err, tc.err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error spans several lines: %q", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			var ids []string
			for _, a := range got.Attendees {
				ids = append(ids, a.ID)
			}
			if !slices.Equal(ids, tc.ids) {
				t.Errorf("ids = %q, want %q", ids, tc.ids)
			}
			checkProblems(t, got.Problems, tc.problems)
			checkWarnings(t, got.Warnings, tc.warnings)
			if tc.encoding != "" && got.Encoding != tc.encoding {
				t.Errorf("encoding = %q, want %q", got.Encoding, tc.encoding)
			}
			if tc.delimiter != 0 && got.Delimiter != tc.delimiter {
				t.Errorf("delimiter = %q, want %q", got.Delimiter, tc.delimiter)
			}
			if tc.check != nil && !t.Failed() {
				tc.check(t, got)
			}
		})
	}
}

// checkProblems matches problems one for one, in order; a row with several
// reasons is one Problem, matched by consecutive wants with the same line.
func checkProblems(t *testing.T, got []Problem, want []problem) {
	t.Helper()
	i := 0
	for j, w := range want {
		if j > 0 && want[j-1].line == w.line {
			i--
		}
		if i >= len(got) {
			t.Errorf("missing problem on line %d (%q); got %q", w.line, w.reason, got)
			return
		}
		if got[i].Line != w.line || !strings.Contains(got[i].Reason, w.reason) {
			t.Errorf("problem %d = %q, want line %d: ...%s...", i, got[i], w.line, w.reason)
		}
		i++
	}
	if i < len(got) {
		t.Errorf("unexpected problems: %q", got[i:])
	}
}

func checkWarnings(t *testing.T, got, want []string) {
	t.Helper()
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("no warning containing %q in %q", w, got)
		}
	}
	if len(want) == 0 && len(got) > 0 {
		t.Errorf("unexpected warnings: %q", got)
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Line: 12, Reason: `duplicate id "A0003" (first on line 5)`}
	if got, want := p.String(), `line 12: duplicate id "A0003" (first on line 5)`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestReadAttendeesWholeFileErrors(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		want string
	}{
		{"I/O error", iotest.ErrReader(io.ErrUnexpectedEOF), "reading roster: unexpected EOF"},
		{"too large", io.LimitReader(infinite{'\n'}, MaxFileSize+1), "larger than 64 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadAttendees(tc.r, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("exactly the limit is read", func(t *testing.T) {
		head := "id,first_name\nA1,a,"
		r := io.MultiReader(strings.NewReader(head), io.LimitReader(infinite{' '}, MaxFileSize-int64(len(head))))
		got, err := ReadAttendees(r, nil)
		if err != nil || len(got.Attendees) != 1 {
			t.Fatalf("got %d attendees, err %v", len(got.Attendees), err)
		}
	})
}
