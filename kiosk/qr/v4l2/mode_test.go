package v4l2

import "testing"

func discrete(sizes ...[2]int) []sizeRange {
	var out []sizeRange
	for _, s := range sizes {
		out = append(out, sizeRange{MinW: s[0], MaxW: s[0], MinH: s[1], MaxH: s[1]})
	}
	return out
}

// rates gives fps for listed sizes, 0 (unknown) for the others.
func rates(r map[[2]int]float64) func(w, h int) float64 {
	return func(w, h int) float64 { return r[[2]int{w, h}] }
}

func TestChooseMode(t *testing.T) {
	typical := []offer{
		// A common USB 2 webcam: YUYV is slow at 720p, MJPEG is not.
		{YUYV, discrete([2]int{640, 480}, [2]int{1280, 720}, [2]int{320, 240}),
			rates(map[[2]int]float64{{640, 480}: 30, {1280, 720}: 10, {320, 240}: 30})},
		{MJPEG, discrete([2]int{1920, 1080}, [2]int{1280, 720}, [2]int{640, 480}),
			rates(map[[2]int]float64{{1920, 1080}: 30, {1280, 720}: 30, {640, 480}: 30})},
	}
	tests := []struct {
		name    string
		offers  []offer
		want    Mode
		wantErr bool
	}{
		{"YUYV fast enough at 640×480 wins", typical, Mode{Format: YUYV, Width: 640, Height: 480, FPS: 30}, false},
		{"YUYV at 720p and 30 fps", []offer{
			{YUYV, discrete([2]int{1280, 720}, [2]int{640, 480}), rates(map[[2]int]float64{{1280, 720}: 30, {640, 480}: 30})},
			{MJPEG, discrete([2]int{1280, 720}), rates(map[[2]int]float64{{1280, 720}: 30})},
		}, Mode{Format: YUYV, Width: 1280, Height: 720, FPS: 30}, false},
		{"YUYV too slow: MJPEG at 720p", []offer{
			{YUYV, discrete([2]int{1280, 720}, [2]int{640, 480}), rates(map[[2]int]float64{{1280, 720}: 7.5, {640, 480}: 10})},
			typical[1],
		}, Mode{Format: MJPEG, Width: 1280, Height: 720, FPS: 30}, false},
		{"YUYV only below 640×480: MJPEG", []offer{
			{YUYV, discrete([2]int{320, 240}), rates(map[[2]int]float64{{320, 240}: 30})},
			typical[1],
		}, Mode{Format: MJPEG, Width: 1280, Height: 720, FPS: 30}, false},
		{"YUYV only, slow: taken anyway", []offer{
			{YUYV, discrete([2]int{1280, 720}), rates(map[[2]int]float64{{1280, 720}: 5})},
		}, Mode{Format: YUYV, Width: 1280, Height: 720, FPS: 5}, false},
		{"unknown rates count as fast", []offer{
			{YUYV, discrete([2]int{800, 600}, [2]int{640, 480}), nil},
		}, Mode{Format: YUYV, Width: 800, Height: 600}, false},
		{"stepwise range", []offer{
			{YUYV, []sizeRange{{MinW: 160, MaxW: 1920, StepW: 16, MinH: 120, MaxH: 1080, StepH: 8}}, nil},
		}, Mode{Format: YUYV, Width: 1280, Height: 720}, false},
		{"only larger than 720p: the smallest", []offer{
			{MJPEG, discrete([2]int{3840, 2160}, [2]int{1920, 1080}), nil},
		}, Mode{Format: MJPEG, Width: 1920, Height: 1080}, false},
		{"other formats ignored", []offer{
			{Format(9), discrete([2]int{640, 480}), nil},
			{MJPEG, discrete([2]int{640, 480}), nil},
		}, Mode{Format: MJPEG, Width: 640, Height: 480}, false},
		{"nothing usable", []offer{{Format(9), discrete([2]int{640, 480}), nil}}, Mode{}, true},
		{"no format at all", nil, Mode{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := chooseMode(tt.offers)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("chose %v, want %v", got, tt.want)
			}
		})
	}
}
