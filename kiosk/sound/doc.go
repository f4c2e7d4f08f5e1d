// Package sound holds the kiosk's short, distinct sounds, generated in code (no
// third-party audio files), and plays them with oto
// (github.com/ebitengine/oto/v3). It is silent and harmless on a machine with
// no sound device.
//
// There are five cues: [Accepted], [AlreadyCheckedIn], [Refused], [Attention]
// and [Click]. [Render] gives a cue as PCM (16-bit little-endian signed, mono,
// [SampleRate] Hz); the PCM is computed once per process and shared.
//
// # Playing
//
// [New] opens the audio device once and returns a [Player]. [Player.Play]
// never blocks the caller: it only posts the cue to the audio goroutine, which
// cross-fades (5 ms) from whatever was playing to the new cue, so a new cue
// cuts the previous one without a click. Between posting and hearing there is
// about 0.1 s of buffering (oto's and ALSA's).
//
// # One audio context per process
//
// oto allows one context per process, and it cannot be closed. The package
// therefore keeps a single, package-level oto context, created by the first
// [New] (or [Player.SetEnabled]) that wants sound, and shared by every
// [Player]. When the last open Player is closed the context is suspended, and
// the next Player resumes it. ALSA reads its configuration ($HOME/.asoundrc
// among others) when that context is created, so a test that wants a silent
// sink must set HOME before the first New (see the package's tests, which use
// `pcm.!default { type null }`).
//
// # No sound device
//
// On Linux, oto's context creation succeeds even with no sound card; the failure
// only shows in the context's Err once it is ready. New waits for readiness
// (at most a couple of seconds), checks Err, and if the device failed it logs
// once (slog, level Warn) and returns a silent Player: Play does nothing and
// Available reports false. A device that fails later (unplugged) is handled
// the same way on the next Play. New never returns an error and never stops
// the kiosk.
//
// While the context is being created, ALSA library messages that it would
// print on stderr (for example "ALSA lib confmisc.c:855:(parse_card) cannot
// find card '0'" on a machine without /dev/snd) are silenced by installing a
// no-op ALSA error handler, and the default handler is put back once the
// device is open (or has failed). Messages printed by other libraries that
// ALSA may load (such as the PulseAudio or PipeWire plugins) cannot be
// silenced this way and may still reach stderr; they are harmless.
//
// Building this package needs cgo and the ALSA headers (Debian: libasound2-dev).
package sound
