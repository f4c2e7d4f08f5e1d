//go:build race

package corpus_test

// The race detector makes the generator and the decoder several times
// slower: the tests then take a representative subset of the corpus.
const raceEnabled = true
