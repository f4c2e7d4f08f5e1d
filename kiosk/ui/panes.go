package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// panes lays two panes side by side with a hairline between them. Fyne's
// split bar is a 12 px grey slab with a handle, and nobody drags it at a
// desk; a hidden leading pane gives all the room to the trailing one.
type panes struct {
	lead float32 // the leading pane's share of the width
}

func newPanes(lead float32, leading, trailing fyne.CanvasObject) *fyne.Container {
	return container.New(panes{lead: lead}, leading, widget.NewSeparator(), trailing)
}

func (p panes) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		if o.Visible() {
			m := o.MinSize()
			w += m.Width
			h = max(h, m.Height)
		}
	}
	return fyne.NewSize(w, h)
}

func (p panes) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	leading, line, trailing := objs[0], objs[1], objs[2]
	if !leading.Visible() {
		line.Resize(fyne.NewSize(0, 0))
		trailing.Move(fyne.NewPos(0, 0))
		trailing.Resize(size)
		return
	}
	lw := line.MinSize().Width
	x := float32(int((size.Width - lw) * p.lead))
	leading.Move(fyne.NewPos(0, 0))
	leading.Resize(fyne.NewSize(x, size.Height))
	line.Move(fyne.NewPos(x, 0))
	line.Resize(fyne.NewSize(lw, size.Height))
	trailing.Move(fyne.NewPos(x+lw, 0))
	trailing.Resize(fyne.NewSize(size.Width-x-lw, size.Height))
}
