package sound

import (
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var wavDir = flag.String("wav", "", "write every cue as a WAV file into this folder, to listen to (go test ./kiosk/sound -run TestWriteWAV -wav=DIR; the flag goes after the package)")

// writeWAV writes mono 16-bit PCM at SampleRate as a canonical WAV file.
func writeWAV(path string, pcm []byte) error {
	var b bytes.Buffer
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + len(pcm)))
	b.WriteString("WAVEfmt ")
	w(uint32(16))             // fmt chunk size
	w(uint16(1))              // PCM
	w(uint16(1))              // mono
	w(uint32(SampleRate))     // sample rate
	w(uint32(SampleRate * 2)) // byte rate
	w(uint16(2))              // block align
	w(uint16(16))             // bits per sample
	b.WriteString("data")
	w(uint32(len(pcm)))
	b.Write(pcm)
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// TestWriteWAV writes the cues as WAV files: into -wav=DIR for a person to
// listen to, or into a temporary folder to check the files.
func TestWriteWAV(t *testing.T) {
	dir := *wavDir
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for c := range Cue(numCues) {
		pcm := Render(c)
		path := filepath.Join(dir, c.String()+".wav")
		if err := writeWAV(path, pcm); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 44+len(pcm) || string(got[:4]) != "RIFF" || string(got[8:16]) != "WAVEfmt " ||
			binary.LittleEndian.Uint32(got[24:]) != SampleRate || !bytes.Equal(got[44:], pcm) {
			t.Errorf("%s: malformed WAV", path)
		}
		if *wavDir != "" {
			t.Logf("wrote %s (%d ms)", path, len(pcm)*1000/2/SampleRate)
		}
	}
}
