package app

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registered for image.Decode
	_ "image/jpeg"
	_ "image/png"
	"os"
	"strconv"
	"strings"

	"github.com/accueil/accueil/kiosk/qr"
)

// decode runs `kiosk decode FILE...`: for each image file one line,
// FILE<TAB>payload or FILE<TAB>error: reason, read with the camera path's
// decoder. Exit status 0 if every file decoded, 1 if any did not, 2 without
// a file.
func (m *Main) decode(args []string) int {
	if len(args) == 0 || (len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help")) {
		fmt.Fprintf(m.Stderr, "Usage:\n  kiosk decode FILE...\n\nPrints, for each image file (PNG, JPEG or GIF), FILE<TAB>payload or FILE<TAB>error: reason.\n")
		return exitUsage
	}
	d := qr.NewDecoder()
	code := exitOK
	for _, name := range args {
		payload, err := decodeFile(d, name)
		if err != nil {
			code = exitFailure
			fmt.Fprintf(m.Stdout, "%s\terror: %s\n", name, oneLine(err.Error()))
			continue
		}
		fmt.Fprintf(m.Stdout, "%s\t%s\n", name, oneLine(payload))
	}
	return code
}

func decodeFile(d *qr.Decoder, name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("cannot read image: %w", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return "", fmt.Errorf("cannot read image: %w", err)
	}
	payload, err := d.DecodeImage(img)
	switch {
	case err == nil:
		return payload, nil
	case errors.Is(err, qr.ErrNotFound):
		return "", qr.ErrNotFound
	}
	return "", errors.New(strings.TrimPrefix(err.Error(), "qr decode: "))
}

// oneLine keeps the one-line-per-file output intact: text holding a tab or
// a line break is printed Go-quoted.
func oneLine(s string) string {
	if strings.ContainsAny(s, "\t\r\n") {
		return strconv.Quote(s)
	}
	return s
}
