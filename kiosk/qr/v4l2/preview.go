package v4l2

import (
	"image"
	"image/color"
	"image/draw"
)

// PreviewCopy returns an RGBA copy of a frame for the screen, at most
// maxWidth wide (a half, a third… of the frame, nearest pixel). A preview
// keeps its image while the source reuses the frame's storage for the
// next one, and Fyne uploads RGBA textures fastest; a preview needs no
// more pixels than it shows. It allocates: call it at the preview's rate,
// not the camera's.
func PreviewCopy(img image.Image, maxWidth int) *image.RGBA {
	b := img.Bounds()
	step := 1
	if maxWidth > 0 {
		step = max(1, (b.Dx()+maxWidth-1)/maxWidth)
	}
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/step, b.Dy()/step))
	if step == 1 {
		draw.Draw(out, out.Rect, img, b.Min, draw.Src)
		return out
	}
	ycc, _ := img.(*image.YCbCr)
	for y := range out.Rect.Dy() {
		row := out.Pix[y*out.Stride : y*out.Stride+4*out.Rect.Dx()]
		sy := b.Min.Y + y*step
		for x := range out.Rect.Dx() {
			sx := b.Min.X + x*step
			var r, g, bl uint8
			if ycc != nil {
				ci := ycc.COffset(sx, sy)
				r, g, bl = color.YCbCrToRGB(ycc.Y[ycc.YOffset(sx, sy)], ycc.Cb[ci], ycc.Cr[ci])
			} else {
				c := color.RGBAModel.Convert(img.At(sx, sy)).(color.RGBA)
				r, g, bl = c.R, c.G, c.B
			}
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = r, g, bl, 0xff
		}
	}
	return out
}
