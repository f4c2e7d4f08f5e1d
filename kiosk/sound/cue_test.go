package sound

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
)

// samples decodes 16-bit little-endian PCM.
func samples(pcm []byte) []int16 {
	s := make([]int16, len(pcm)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(pcm[2*i:]))
	}
	return s
}

func peakOf(s []int16) int {
	p := 0
	for _, v := range s {
		p = max(p, abs(int(v)))
	}
	return p
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// goertzel returns the signal's power at frequency f (Hz).
func goertzel(s []int16, f float64) float64 {
	coeff := 2 * math.Cos(2*math.Pi*f/SampleRate)
	var s1, s2 float64
	for _, v := range s {
		s0 := float64(v) + coeff*s1 - s2
		s2, s1 = s1, s0
	}
	return s1*s1 + s2*s2 - coeff*s1*s2
}

// dominant returns the frequency with the most power between 100 Hz and
// 4 kHz, on a grid of 1% steps.
func dominant(s []int16) float64 {
	best, bestPower := 0.0, -1.0
	for f := 100.0; f <= 4000; f *= 1.01 {
		if p := goertzel(s, f); p > bestPower {
			best, bestPower = f, p
		}
	}
	return best
}

func near(f, want, tolerance float64) bool { return math.Abs(f-want) <= want*tolerance }

var cueTable = []struct {
	cue          Cue
	minMS, maxMS int
	fundamentals []float64 // the dominant frequency must be one of these
	minPeakDBFS  float64   // not silent
}{
	{Accepted, 300, 600, []float64{noteE5, noteA5}, -8},
	{AlreadyCheckedIn, 150, 600, []float64{noteC5}, -18},
	{Refused, 300, 600, []float64{noteG4, noteC4}, -10},
	{Attention, 250, 600, []float64{noteFs5}, -11},
	{Click, 15, 30, []float64{2000}, -16},
}

const minus3dBFS = 23197 // 32767 * 10^(-3/20)

func TestRender(t *testing.T) {
	if len(cueTable) != numCues {
		t.Fatalf("table has %d cues, package %d", len(cueTable), numCues)
	}
	for _, tc := range cueTable {
		t.Run(tc.cue.String(), func(t *testing.T) {
			pcm := Render(tc.cue)
			if len(pcm)%2 != 0 {
				t.Fatalf("odd byte count %d", len(pcm))
			}
			s := samples(pcm)
			ms := len(s) * 1000 / SampleRate
			if ms < tc.minMS || ms > tc.maxMS {
				t.Errorf("lasts %d ms, want %d..%d", ms, tc.minMS, tc.maxMS)
			}

			peak := peakOf(s)
			if peak > minus3dBFS {
				t.Errorf("peak %d (%.2f dBFS) above -3 dBFS", peak, dbfs(peak))
			}
			if dbfs(peak) < tc.minPeakDBFS {
				t.Errorf("peak %.2f dBFS, want at least %.0f dBFS", dbfs(peak), tc.minPeakDBFS)
			}

			// Fades: the ends are silent and the first and last 0.25 ms stay
			// well below the peak.
			if first, last := abs(int(s[0])), abs(int(s[len(s)-1])); first > peak/100 || last > peak/100 {
				t.Errorf("first sample %d, last %d: want near zero (peak %d)", first, last, peak)
			}
			edge := SampleRate / 4000
			if head, tail := peakOf(s[:edge]), peakOf(s[len(s)-edge:]); head > peak/4 || tail > peak/4 {
				t.Errorf("first 0.25 ms peaks at %d, last at %d: no fade (peak %d)", head, tail, peak)
			}

			f := dominant(s)
			ok := false
			for _, want := range tc.fundamentals {
				ok = ok || near(f, want, 0.03)
			}
			if !ok {
				t.Errorf("dominant frequency %.1f Hz, want one of %v", f, tc.fundamentals)
			}

			// Deterministic, and each call is a copy.
			again := Render(tc.cue)
			if !bytes.Equal(pcm, again) {
				t.Error("two renders differ")
			}
			if fresh := synth(design(tc.cue)); !bytes.Equal(pcm, fresh) {
				t.Error("a fresh synthesis differs from the cached PCM")
			}
			pcm[len(pcm)/2] ^= 0xff
			if bytes.Equal(pcm, Render(tc.cue)) {
				t.Error("Render returns shared memory")
			}
		})
	}
}

func dbfs(peak int) float64 { return 20 * math.Log10(float64(peak)/math.MaxInt16) }

func TestCuesDistinct(t *testing.T) {
	dom := map[Cue]float64{}
	names := map[string]bool{}
	for c := range Cue(numCues) {
		dom[c] = dominant(samples(Render(c)))
		if names[c.String()] || c.String() == "unknown" {
			t.Errorf("cue %d has a duplicate or unknown name %q", c, c.String())
		}
		names[c.String()] = true
	}
	for a := range Cue(numCues) {
		for b := a + 1; b < numCues; b++ {
			if bytes.Equal(Render(a), Render(b)) {
				t.Errorf("%v and %v render the same PCM", a, b)
			}
			// More than a semitone apart.
			if ratio := max(dom[a], dom[b]) / min(dom[a], dom[b]); ratio < 1.059 {
				t.Errorf("%v (%.0f Hz) and %v (%.0f Hz) have nearly the same dominant frequency", a, dom[a], b, dom[b])
			}
		}
	}
	t.Logf("dominant frequencies: %v", dom)

	// "Already checked in" is about half as loud as "accepted": 6 dB lower
	// RMS level.
	if d := rmsDB(Render(Accepted)) - rmsDB(Render(AlreadyCheckedIn)); d < 5 || d > 7 {
		t.Errorf("already-checked-in is %.1f dB below accepted (RMS), want about 6", d)
	}
	// No cue is much louder than "accepted": a refusal must not embarrass.
	for c := range Cue(numCues) {
		if d := rmsDB(Render(c)) - rmsDB(Render(Accepted)); d > 3 {
			t.Errorf("%v is %.1f dB louder than accepted (RMS)", c, d)
		}
	}
}

// rmsDB is the RMS level of PCM in dBFS.
func rmsDB(pcm []byte) float64 {
	var sum float64
	s := samples(pcm)
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return 20 * math.Log10(math.Sqrt(sum/float64(len(s)))/math.MaxInt16)
}

func TestRenderUnknown(t *testing.T) {
	for _, c := range []Cue{-1, numCues, 99} {
		if pcm := Render(c); pcm != nil {
			t.Errorf("Render(%d) = %d bytes, want nil", c, len(pcm))
		}
		if c.String() != "unknown" {
			t.Errorf("Cue(%d).String() = %q", c, c.String())
		}
	}
}
