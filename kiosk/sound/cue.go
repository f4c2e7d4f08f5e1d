package sound

import (
	"encoding/binary"
	"math"
	"sync"
)

// SampleRate is the sample rate of every cue, in Hz.
const SampleRate = 44100

// Cue names one of the kiosk's sounds.
type Cue int

const (
	// Accepted is a bright rising two-note chime: E5 then A5, bell-like.
	Accepted Cue = iota
	// AlreadyCheckedIn is a single, neutral mid tone (C5), half as loud as
	// Accepted (6 dB lower RMS level).
	AlreadyCheckedIn
	// Refused is a low, soft descending two-note figure (G4 then C4), not a
	// buzzer.
	Refused
	// Attention is three short mid pips (F#5): a staff note, or an error.
	Attention
	// Click is a 20 ms tick for key presses.
	Click

	numCues = iota
)

// String returns a short, file-name-safe name for the cue.
func (c Cue) String() string {
	switch c {
	case Accepted:
		return "accepted"
	case AlreadyCheckedIn:
		return "already-checked-in"
	case Refused:
		return "refused"
	case Attention:
		return "attention"
	case Click:
		return "click"
	}
	return "unknown"
}

func (c Cue) valid() bool { return c >= 0 && c < numCues }

// Render returns the cue as 16-bit little-endian signed PCM, mono, at
// SampleRate, with a short fade-in and fade-out (no clicks), at most about
// 600 ms long and peaking at or below -3 dBFS. It returns nil for an unknown
// cue. The PCM is computed once per process; each call returns a fresh copy.
func Render(c Cue) []byte {
	if !c.valid() {
		return nil
	}
	pcm := rendered()[c]
	return append(make([]byte, 0, len(pcm)), pcm...)
}

// rendered is every cue's PCM, computed once and shared (read-only).
var rendered = sync.OnceValue(func() [numCues][]byte {
	var all [numCues][]byte
	for c := range Cue(numCues) {
		all[c] = synth(design(c))
	}
	return all
})

// Musical pitches used by the cues (equal temperament, A4 = 440 Hz).
const (
	noteC4  = 261.63
	noteG4  = 392.00
	noteC5  = 523.25
	noteE5  = 659.26
	noteFs5 = 739.99
	noteA5  = 880.00
)

// partial is one sine component of a note, as a multiple of the note's
// frequency and a relative amplitude.
type partial struct{ mult, amp float64 }

// note is one sounding event of a cue. Times are in seconds.
type note struct {
	start, dur float64
	freq       float64
	partials   []partial
	attack     float64 // raised-cosine rise
	decay      float64 // exponential time constant after the attack; 0 = sustained
	release    float64 // raised-cosine fall at the end of the note
	gain       float64
}

// score is a whole cue: its length, its peak level and its notes.
type score struct {
	length float64 // seconds
	peakDB float64 // dBFS of the loudest sample
	notes  []note
}

var (
	bell  = []partial{{1, 1}, {2, 0.30}, {3, 0.12}, {4, 0.05}}
	warm  = []partial{{1, 1}, {2, 0.35}, {3, 0.18}, {4, 0.08}}
	plain = []partial{{1, 1}, {2, 0.15}}
	pip   = []partial{{1, 1}, {2, 0.20}, {3, 0.05}}
	tick  = []partial{{1, 1}, {1.5, 0.4}}
)

// design returns the score of a cue.
func design(c Cue) score {
	switch c {
	case Accepted:
		return score{length: 0.45, peakDB: -4, notes: []note{
			{start: 0, dur: 0.22, freq: noteE5, partials: bell, attack: 0.006, decay: 0.18, release: 0.06, gain: 0.9},
			{start: 0.13, dur: 0.32, freq: noteA5, partials: bell, attack: 0.006, decay: 0.22, release: 0.12, gain: 1},
		}}
	case AlreadyCheckedIn:
		return score{length: 0.30, peakDB: -14, notes: []note{
			{start: 0, dur: 0.30, freq: noteC5, partials: plain, attack: 0.02, decay: 0.35, release: 0.12, gain: 1},
		}}
	case Refused:
		return score{length: 0.54, peakDB: -6, notes: []note{
			{start: 0, dur: 0.22, freq: noteG4, partials: warm, attack: 0.01, decay: 0.5, release: 0.05, gain: 0.85},
			{start: 0.20, dur: 0.34, freq: noteC4, partials: warm, attack: 0.01, decay: 0.4, release: 0.15, gain: 1},
		}}
	case Attention:
		p := func(at float64) note {
			return note{start: at, dur: 0.08, freq: noteFs5, partials: pip, attack: 0.005, release: 0.025, gain: 1}
		}
		return score{length: 0.34, peakDB: -7, notes: []note{p(0), p(0.13), p(0.26)}}
	case Click:
		return score{length: 0.02, peakDB: -12, notes: []note{
			{start: 0, dur: 0.02, freq: 2000, partials: tick, attack: 0.001, decay: 0.004, release: 0.004, gain: 1},
		}}
	}
	panic("sound: no design for cue " + c.String())
}

// raisedCosine rises smoothly from 0 (x <= 0) to 1 (x >= 1).
func raisedCosine(x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	return 0.5 - 0.5*math.Cos(math.Pi*x)
}

// synth renders a score to PCM. It is deterministic: the same score gives the
// same bytes.
func synth(s score) []byte {
	n := int(math.Round(s.length * SampleRate))
	buf := make([]float64, n)
	for _, nt := range s.notes {
		first := int(math.Round(nt.start * SampleRate))
		count := int(math.Round(nt.dur * SampleRate))
		for i := 0; i < count && first+i < n; i++ {
			t := float64(i) / SampleRate
			env := raisedCosine(t / nt.attack)
			if nt.decay > 0 && t > nt.attack {
				env *= math.Exp(-(t - nt.attack) / nt.decay)
			}
			env *= raisedCosine((nt.dur - t) / nt.release)
			var v float64
			for _, p := range nt.partials {
				if f := nt.freq * p.mult; f < SampleRate/2 {
					v += p.amp * math.Sin(2*math.Pi*f*t)
				}
			}
			buf[first+i] += nt.gain * env * v
		}
	}
	// A final 3 ms fade at both ends of the whole cue: the first and last
	// samples are exactly zero whatever the notes do.
	edge := 0.003 * SampleRate
	for i := range buf {
		buf[i] *= raisedCosine(float64(i)/edge) * raisedCosine(float64(n-1-i)/edge)
	}
	var peak float64
	for _, v := range buf {
		peak = max(peak, math.Abs(v))
	}
	scale := 0.0
	if peak > 0 {
		scale = math.Pow(10, s.peakDB/20) * math.MaxInt16 / peak
	}
	out := make([]byte, 2*n)
	for i, v := range buf {
		binary.LittleEndian.PutUint16(out[2*i:], uint16(int16(math.Round(v*scale))))
	}
	return out
}
