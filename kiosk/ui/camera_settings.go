package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"
)

// The camera choices that are not devices, spelt as CONTRACT.md's -camera
// flag: the wiring opens a choice exactly as it opens the flag.
const (
	cameraOff  = "off"
	cameraAuto = "auto"
)

// cameraSetting is the settings' camera choice: none, automatic, each
// capture device present, and the current choice when it is none of these
// (a folder replayed for a demo, a webcam unplugged), so that saving other
// settings keeps it.
type cameraSetting struct {
	k       *Kiosk
	current string
	choice  *widget.Select
	specs   []string // each option's -camera value, in the options' order
}

func newCameraSetting(k *Kiosk) *cameraSetting {
	cs := &cameraSetting{k: k, current: k.staff.Camera}
	if cs.current == "" {
		cs.current = cameraAuto
	}
	cs.choice = widget.NewSelect(nil, nil)
	cs.setSpecs(nil)
	if k.staff.Cameras == nil {
		return cs
	}
	// Listing opens each video node, which wakes some webcams up: off the
	// UI goroutine, as the print queues are.
	go func() {
		devices := k.staff.Cameras()
		k.do(func() { cs.setSpecs(devices) })
	}()
	return cs
}

// setSpecs offers devices besides the fixed choices, keeping the option
// selected.
func (cs *cameraSetting) setSpecs(devices []string) {
	selected := cs.current
	if i := cs.choice.SelectedIndex(); i >= 0 && i < len(cs.specs) {
		selected = cs.specs[i]
	}
	specs := []string{cameraOff, cameraAuto}
	for _, d := range devices {
		if !slices.Contains(specs, d) {
			specs = append(specs, d)
		}
	}
	if !slices.Contains(specs, cs.current) {
		specs = append(specs, cs.current)
	}
	labels := make([]string, len(specs))
	for i, s := range specs {
		labels[i] = cs.label(s)
	}
	cs.specs = specs
	cs.choice.SetOptions(labels)
	cs.choice.SetSelectedIndex(slices.Index(specs, selected))
}

// label words a -camera value for staff.
func (cs *cameraSetting) label(spec string) string {
	switch spec {
	case cameraOff:
		return cs.k.t("camera_off")
	case cameraAuto:
		return cs.k.t("camera_auto")
	}
	if dir, ok := strings.CutPrefix(spec, "dir:"); ok {
		return cs.k.t("camera_dir", "path", dir)
	}
	return spec
}

// selected is the -camera value chosen.
func (cs *cameraSetting) selected() string {
	if i := cs.choice.SelectedIndex(); i >= 0 && i < len(cs.specs) {
		return cs.specs[i]
	}
	return cs.current
}

// changed reports whether staff chose another camera than the current one.
func (cs *cameraSetting) changed() bool {
	return cs.selected() != cs.current
}
