package sound

import (
	"testing"
)

// readAll reads n bytes from v in chunks of the size oto uses.
func readAll(t *testing.T, v *voice, n int) []byte {
	t.Helper()
	out := make([]byte, 0, n)
	chunk := make([]byte, playerBufferBytes)
	for len(out) < n {
		c := chunk[:min(len(chunk), n-len(out))]
		got, err := v.Read(c)
		if err != nil || got != len(c) {
			t.Fatalf("Read(%d bytes) = %d, %v", len(c), got, err)
		}
		out = append(out, c...)
	}
	return out
}

func maxStep(s []int16) int {
	m := 0
	for i := 1; i < len(s); i++ {
		m = max(m, abs(int(s[i])-int(s[i-1])))
	}
	return m
}

func TestVoicePlaysCueThenSilence(t *testing.T) {
	for c := range Cue(numCues) {
		t.Run(c.String(), func(t *testing.T) {
			var v voice
			if got := readAll(t, &v, 1000); peakOf(samples(got)) != 0 {
				t.Fatal("an idle voice is not silent")
			}
			v.trigger(c)
			pcm := Render(c)
			got := readAll(t, &v, len(pcm)+2*playerBufferBytes)
			if string(got[:len(pcm)]) != string(pcm) {
				t.Error("played PCM differs from Render")
			}
			if peakOf(samples(got[len(pcm):])) != 0 {
				t.Error("not silent after the cue")
			}
			if n := v.finished.Load(); n != 1 {
				t.Errorf("finished = %d, want 1", n)
			}
		})
	}
}

func TestVoiceCutCrossfades(t *testing.T) {
	acc, ref := samples(Render(Accepted)), samples(Render(Refused))
	// Cut Accepted where it is loudest in its first 100 ms: an abrupt cut
	// there would be a loud click.
	cut := 0
	for i := range SampleRate / 10 {
		if abs(int(acc[i])) > abs(int(acc[cut])) {
			cut = i
		}
	}

	var v voice
	v.trigger(Accepted)
	before := readAll(t, &v, 2*cut)
	v.trigger(Refused)
	after := readAll(t, &v, len(ref)*2)
	out := append(samples(before), samples(after)...)

	limit := max(maxStep(acc), maxStep(ref)) * 3 / 2
	if step := maxStep(out); step > limit {
		t.Errorf("largest sample-to-sample step %d at the cut, want <= %d (a click)", step, limit)
	}
	tail := samples(after)[crossfade:]
	for i, s := range tail {
		if s != ref[crossfade+i] {
			t.Fatalf("after the crossfade, sample %d is %d, want Refused's %d", i, s, ref[crossfade+i])
		}
	}
	if n := v.finished.Load(); n != 1 {
		t.Errorf("finished = %d, want 1 (the cut cue does not finish)", n)
	}
}

func TestVoiceStopFadesOut(t *testing.T) {
	var v voice
	v.trigger(Attention)
	before := samples(readAll(t, &v, 2000))
	v.stop()
	after := samples(readAll(t, &v, 4*crossfade))
	if peakOf(after[crossfade:]) != 0 {
		t.Error("not silent after stop")
	}
	if step := maxStep(append(before, after...)); step > maxStep(samples(Render(Attention)))*3/2 {
		t.Errorf("stop clicks: step %d", step)
	}
}

func TestVoiceOddRead(t *testing.T) {
	var v voice
	v.trigger(Click)
	b := make([]byte, 5)
	if n, err := v.Read(b); n != 4 || err != nil {
		t.Errorf("Read(5 bytes) = %d, %v; want 4, nil", n, err)
	}
}
