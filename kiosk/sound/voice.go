package sound

import (
	"encoding/binary"
	"math"
	"sync/atomic"
)

// crossfade is how long, in samples, a cut-off cue takes to fade out under the
// next one (5 ms).
const crossfade = SampleRate * 5 / 1000

// stopCmd asks the voice to fade out whatever it plays, and then stay silent.
const stopCmd = -1

// voice is the endless io.Reader that oto plays: the current cue's PCM, then
// silence. Commands come in through pending (lock-free, so that Play never
// waits for the audio goroutine); everything else is owned by the goroutine
// that calls Read.
type voice struct {
	pending atomic.Int32 // 0: none; 1+cue: start that cue; stopCmd: fade out

	// Owned by the reader.
	cur     []byte // PCM being played, nil when silent
	pos     int    // byte offset in cur
	old     []byte // PCM being faded out after a cut
	oldPos  int    // byte offset in old
	oldLeft int    // samples of fade-out left

	finished atomic.Int64 // cues played to their end (observed by tests)
}

// trigger asks the voice to play c next, cutting what it plays. The last
// trigger before the next Read wins.
func (v *voice) trigger(c Cue) { v.pending.Store(int32(c) + 1) }

// stop asks the voice to fade out and stay silent.
func (v *voice) stop() { v.pending.Store(stopCmd) }

// Read fills b with the next samples. It never fails and never ends.
func (v *voice) Read(b []byte) (int, error) {
	n := len(b) &^ 1
	if cmd := v.pending.Swap(0); cmd != 0 {
		v.command(cmd)
	}
	if v.cur == nil && v.oldLeft == 0 {
		clear(b[:n])
		return n, nil
	}
	for i := 0; i < n; i += 2 {
		var s int32
		if v.cur != nil {
			s = int32(int16(binary.LittleEndian.Uint16(v.cur[v.pos:])))
			v.pos += 2
			if v.pos >= len(v.cur) {
				v.cur, v.pos = nil, 0
				v.finished.Add(1)
			}
		}
		if v.oldLeft > 0 {
			if v.oldPos < len(v.old) {
				o := int32(int16(binary.LittleEndian.Uint16(v.old[v.oldPos:])))
				s += o * int32(v.oldLeft) / crossfade
				v.oldPos += 2
			}
			v.oldLeft--
			if v.oldLeft == 0 {
				v.old, v.oldPos = nil, 0
			}
		}
		s = min(max(s, math.MinInt16), math.MaxInt16)
		binary.LittleEndian.PutUint16(b[i:], uint16(int16(s)))
	}
	return n, nil
}

// command applies a pending command: what was playing fades out over
// crossfade samples while the new cue (if any) starts.
func (v *voice) command(cmd int32) {
	if v.cur != nil {
		v.old, v.oldPos, v.oldLeft = v.cur, v.pos, crossfade
	}
	v.cur, v.pos = nil, 0
	if cmd > 0 {
		if c := Cue(cmd - 1); c.valid() {
			v.cur = rendered()[c]
		}
	}
}
