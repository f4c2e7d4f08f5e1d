package qr

import "testing"

// A symbol gozxing misses at 4 to 8 pixels a module, read at 3 (found by
// a test that signed with random keys); files get other scales to try.
func TestDecodeImageRareSymbol(t *testing.T) {
	const tok = "AC1:TAEGMYLJMMZDAMJWAVBDAMBUGIAEEQWUQOHGB3FQQWJPPVBPYTHP4CHMHCHPWS6T537XPIRGFDZMOYLZ7GOBVJTLBEIJWGOUSFDAVIQ7WDFEYJNYBATB7JQNVKMRVQQRAQ"
	d := NewDecoder()
	for _, px := range []int{4, 5, 6, 7, 8} {
		img, err := Encode(tok, px)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := d.DecodeImage(img); err != nil || got != tok {
			t.Errorf("%d px a module: %q, %v", px, got, err)
		}
	}
}
