// Package speech says a verdict aloud, for visitors who do not read the
// screen well: espeak-ng speaks French and English offline. Without
// espeak-ng the kiosk stays silent; speech never delays a verdict.
package speech

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"strings"
	"sync"
)

// voices are espeak-ng's voices for the kiosk's languages.
var voices = map[string]string{"fr": "fr-fr", "en": "en-gb"}

// Speaker runs espeak-ng, one utterance at a time: a new verdict cuts the
// one still being spoken, since the person it was for has moved on.
type Speaker struct {
	log  *slog.Logger
	path string // espeak-ng; "" when missing: silent
	// extra goes before the text on espeak-ng's command line; tests send
	// the sound to standard output (--stdout) instead of a sound card.
	extra []string

	mu      sync.Mutex
	seq     int       // the latest Say
	current *exec.Cmd // the utterance being spoken, nil when quiet
	done    chan struct{}
	// For tests: the last Say spoken, and how many espeak-ng ever ran at
	// once.
	lastSpoken, running, maxRunning int
}

// New finds espeak-ng; when it is missing it logs once and returns a
// Speaker that says nothing. A nil log means slog.Default().
func New(log *slog.Logger) *Speaker {
	if log == nil {
		log = slog.Default()
	}
	s := &Speaker{log: log.With("component", "speech")}
	path, err := exec.LookPath("espeak-ng")
	if err != nil {
		s.log.Warn("verdicts are not spoken: espeak-ng is not installed (Debian: apt install espeak-ng)")
		return s
	}
	s.path = path
	return s
}

// Available reports whether the Speaker can speak.
func (s *Speaker) Available() bool { return s.path != "" }

// Say speaks text in lang (fr or en; others fall back to French) and
// returns at once.
func (s *Speaker) Say(lang, text string) {
	if s.path == "" || strings.TrimSpace(text) == "" {
		return
	}
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	go s.speak(seq, lang, text)
}

func (s *Speaker) speak(seq int, lang, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq != s.seq {
		return // a newer verdict came meanwhile: it is the one to say
	}
	if s.current != nil {
		_ = s.current.Process.Kill()
		done := s.done
		s.mu.Unlock()
		<-done
		s.mu.Lock()
		if seq != s.seq {
			return
		}
	}
	cmd := exec.Command(s.path, s.args(lang, text)...)
	if err := cmd.Start(); err != nil {
		s.log.Warn("speak", "err", err)
		return
	}
	done := make(chan struct{})
	s.current, s.done, s.lastSpoken = cmd, done, seq
	s.running++
	s.maxRunning = max(s.maxRunning, s.running)
	go func() {
		err := cmd.Wait()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			s.log.Warn("speak", "err", err)
		}
		s.mu.Lock()
		if s.current == cmd {
			s.current = nil
		}
		s.running--
		s.mu.Unlock()
		close(done)
	}()
}

func (s *Speaker) args(lang, text string) []string {
	voice, ok := voices[lang]
	if !ok {
		voice = voices["fr"]
	}
	args := append([]string{"-v", voice}, s.extra...)
	// "--" keeps a name starting with a dash from being read as an option.
	return append(args, "--", text)
}

// WriteWAV speaks text into a WAV file instead of the sound card: a check
// of the voices at set-up, and of this package in its tests.
func (s *Speaker) WriteWAV(ctx context.Context, lang, text, path string) error {
	if s.path == "" {
		return errors.New("espeak-ng is not installed (Debian: apt install espeak-ng)")
	}
	args := append([]string{"-w", path}, s.args(lang, text)...)
	if out, err := exec.CommandContext(ctx, s.path, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("espeak-ng -w %s: %w: %s", path, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// quiet waits until nothing is being spoken.
func (s *Speaker) quiet() {
	for {
		s.mu.Lock()
		done, speaking := s.done, s.current != nil
		s.mu.Unlock()
		if !speaking {
			return
		}
		<-done
	}
}
