//go:build linux

package v4l2

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/blackjack/webcam"
	"github.com/blackjack/webcam/ioctl"
)

// host is the machine's V4L2 cameras.
var host = system{open: openWebcam, list: videoNodes, capture: isCapture, none: ErrNoCamera}

// bufferCount is how many buffers the driver fills in turn: few, because
// the reader keeps only the newest frame anyway, and each one queued is
// latency.
const bufferCount = 3

func fourcc(s string) webcam.PixelFormat {
	return webcam.PixelFormat(uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24)
}

var (
	pixYUYV = fourcc("YUYV")
	pixMJPG = fourcc("MJPG")
	pixJPEG = fourcc("JPEG") // some cameras name their MJPEG so
)

// webcamDevice is a streaming blackjack webcam.
type webcamDevice struct {
	cam  *webcam.Webcam
	mode Mode
}

// videoNodes lists /dev/video0, /dev/video1, … in number order.
func videoNodes() []string {
	nodes, _ := filepath.Glob("/dev/video*")
	num := func(p string) int {
		n, err := strconv.Atoi(strings.TrimPrefix(p, "/dev/video"))
		if err != nil {
			return 1 << 30
		}
		return n
	}
	slices.SortFunc(nodes, func(a, b string) int { return num(a) - num(b) })
	return nodes
}

// v4l2Capability is struct v4l2_capability.
type v4l2Capability struct {
	driver       [16]uint8
	card         [32]uint8
	busInfo      [32]uint8
	version      uint32
	capabilities uint32
	deviceCaps   uint32
	reserved     [3]uint32
}

var vidiocQueryCap = ioctl.IoR('V', 0, unsafe.Sizeof(v4l2Capability{}))

// Capability bits of struct v4l2_capability.
const (
	capVideoCapture = 0x00000001
	capStreaming    = 0x04000000
	capDeviceCaps   = 0x80000000
)

// isCapture asks the driver what the node itself does. The library's
// check reads the whole device's capabilities, which a webcam's metadata
// node shares; the node's own are in device_caps. Querying needs no
// stream, so a camera in use answers too.
func isCapture(path string) bool {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer syscall.Close(fd)
	var c v4l2Capability
	if err := ioctl.Ioctl(uintptr(fd), vidiocQueryCap, uintptr(unsafe.Pointer(&c))); err != nil {
		return false
	}
	caps := c.capabilities
	if caps&capDeviceCaps != 0 {
		caps = c.deviceCaps
	}
	return caps&capVideoCapture != 0 && caps&capStreaming != 0
}

// openWebcam opens path, picks its mode and starts streaming.
func openWebcam(path string) (device, error) {
	cam, err := webcam.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	started := false
	defer func() {
		if !started {
			cam.Close()
		}
	}()
	// The library checks the capabilities of the whole device, which a
	// webcam's metadata node shares; such a node lists no capture format.
	formats := cam.GetSupportedFormats()
	codes := map[Format]webcam.PixelFormat{}
	var offers []offer
	for code := range formats {
		var f Format
		switch code {
		case pixYUYV:
			f = YUYV
		case pixMJPG, pixJPEG:
			if _, seen := codes[MJPEG]; seen && code == pixJPEG {
				continue
			}
			f = MJPEG
		default:
			continue
		}
		codes[f] = code
		var sizes []sizeRange
		for _, s := range cam.GetSupportedFrameSizes(code) {
			sizes = append(sizes, sizeRange{MinW: int(s.MinWidth), MaxW: int(s.MaxWidth), StepW: int(s.StepWidth),
				MinH: int(s.MinHeight), MaxH: int(s.MaxHeight), StepH: int(s.StepHeight)})
		}
		offers = append(offers, offer{format: f, sizes: sizes, fps: func(w, h int) float64 {
			best := 0.0
			for _, r := range cam.GetSupportedFramerates(code, uint32(w), uint32(h)) {
				// A rate is listed as a frame interval, num/den seconds.
				if r.MinNumerator > 0 {
					best = max(best, float64(r.MinDenominator)/float64(r.MinNumerator))
				}
			}
			return best
		}})
	}
	if len(formats) == 0 {
		return nil, fmt.Errorf("%s: %w (it lists no capture format; webcams often have a second, metadata-only node)", path, ErrNotCapture)
	}
	mode, err := chooseMode(offers)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, _, _, err := cam.SetImageFormat(codes[mode.Format], uint32(mode.Width), uint32(mode.Height)); err != nil {
		return nil, fmt.Errorf("%s: set format %v: %w", path, mode, err)
	}
	// SetImageFormat returns the size asked for, not the one the driver
	// set: ask the driver.
	if w, h, stride, err := currentFormat(path); err == nil {
		mode.Width, mode.Height = w, h
		if mode.Format == YUYV {
			mode.Stride = stride
		}
	}
	if mode.FPS > 0 {
		// Some drivers start slower than they can go; a refusal keeps the
		// driver's rate.
		_ = cam.SetFramerate(float32(mode.FPS))
	}
	if err := cam.SetBufferCount(bufferCount); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := cam.StartStreaming(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	started = true
	return &webcamDevice{cam: cam, mode: mode}, nil
}

// openError names what is wrong with a node in words an operator can act
// on, keeping the errors callers test for.
func openError(path string, err error) error {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", path, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: %w (is the user in the video group?)", path, err)
	case errors.As(err, &errno) && errno == syscall.ENOTTY,
		err.Error() == "Not a video capture device",
		strings.Contains(err.Error(), "streaming I/O"):
		return fmt.Errorf("%s: %w (%v)", path, ErrNotCapture, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

func (d *webcamDevice) Mode() Mode { return d.mode }

func (d *webcamDevice) Read(wait time.Duration, dst []byte) ([]byte, error) {
	err := d.cam.WaitForFrame(uint32(wait.Milliseconds()))
	var timeout *webcam.Timeout
	switch {
	case errors.As(err, &timeout), errors.Is(err, syscall.EINTR):
		return dst, errNoFrame
	case err != nil:
		return dst, fmt.Errorf("wait for frame: %w", err)
	}
	frame, index, err := d.cam.GetFrame()
	switch {
	case errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.EINTR):
		return dst, errNoFrame
	case err != nil:
		// ENODEV once the camera is unplugged.
		return dst, fmt.Errorf("read frame: %w", err)
	}
	// The buffer goes back to the driver below, which fills it again: copy
	// the frame out first.
	dst = append(dst[:0], frame...)
	if err := d.cam.ReleaseFrame(index); err != nil {
		return dst, fmt.Errorf("release frame: %w", err)
	}
	return dst, nil
}

func (d *webcamDevice) Close() error { return d.cam.Close() }

// v4l2Format is struct v4l2_format with the pix member of its union; the
// pointer gives the union its 8-byte alignment on 64-bit machines.
type v4l2Format struct {
	typ   uint32
	union struct {
		pix struct {
			width, height, pixelformat, field, bytesPerLine, sizeImage uint32
			colorspace, priv, flags, ycbcrEnc, quantization, xferFunc  uint32
		}
		_ [200 - 48 - unsafe.Sizeof(uintptr(0))]byte
		_ unsafe.Pointer
	}
}

var vidiocGFmt = ioctl.IoRW('V', 4, unsafe.Sizeof(v4l2Format{}))

// currentFormat asks the driver, through a second handle, which frame
// size and row length it set.
func currentFormat(path string) (w, h, stride int, err error) {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, 0, err
	}
	defer syscall.Close(fd)
	f := v4l2Format{typ: 1} // V4L2_BUF_TYPE_VIDEO_CAPTURE
	if err := ioctl.Ioctl(uintptr(fd), vidiocGFmt, uintptr(unsafe.Pointer(&f))); err != nil {
		return 0, 0, 0, fmt.Errorf("VIDIOC_G_FMT: %w", err)
	}
	p := f.union.pix
	return int(p.width), int(p.height), int(p.bytesPerLine), nil
}
