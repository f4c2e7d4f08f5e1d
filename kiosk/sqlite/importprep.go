package sqlite

import (
	"maps"
	"slices"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// rowPrep is what an attendee's row stores besides the attendee's fields.
type rowPrep struct {
	code, hash, search string
}

// prepBatch is how many rows the preparing goroutine hands over at once:
// a channel send per row would cost more than the overlap saves.
const prepBatch = 1000

// prepareRows works out, on a goroutine of its own, each attendee's stored
// code, code hash (a SHA-256) and folded search text, in list order and in
// batches of prepBatch, and then the search index's words as wordBatches:
// the import inserts one batch while the next is prepared, and the rows
// while the words are sorted, SQLite's work on one core beside the
// folding, hashing and sorting on the other. Closing stop ends the
// goroutine early; words waits for it to finish and returns the words: as
// insertWords takes them, or with sorted false, only as an index for
// IndexSearch to sort with other pages'.
func prepareRows(list []kiosk.Attendee, pol codePolicy, sorted bool, stop <-chan struct{}) (batches <-chan []rowPrep, words func() ([]string, wordIndex)) {
	out := make(chan []rowPrep, 2)
	done := make(chan struct{})
	index := make(wordIndex, 2*len(list))
	var wordJSON []string
	go func() {
		defer close(done)
		for lo := 0; lo < len(list); lo += prepBatch {
			batch := make([]rowPrep, 0, min(prepBatch, len(list)-lo))
			for _, a := range list[lo:min(lo+prepBatch, len(list))] {
				// Every code is stored as its hash; the code itself, and
				// so its search words, only where the policy keeps it.
				code, hash := pol.codeHashes(a)
				a.Code = code
				ws := searchWords(a)
				batch = append(batch, rowPrep{code: code, hash: hash, search: searchText(ws)})
				index.addAttendee(a.ID, ws)
			}
			select {
			case out <- batch:
			case <-stop:
				close(out)
				return
			}
		}
		close(out)
		select {
		case <-stop:
		default:
			if sorted {
				wordJSON = wordBatches(index)
			}
		}
	}()
	return out, func() ([]string, wordIndex) {
		<-done
		return wordJSON, index
	}
}

// wordIndex lists, for each indexed word, the attendees whose search text
// holds it.
type wordIndex map[string][]string

// addAttendee adds an attendee's words, but those too common to lead a
// search (unindexed).
func (x wordIndex) addAttendee(id string, words []string) {
	for _, w := range words {
		if !unindexed[w] {
			x[w] = append(x[w], id)
		}
	}
}

// add merges other's words into x.
func (x wordIndex) add(other wordIndex) {
	for w, ids := range other {
		x[w] = append(x[w], ids...)
	}
}

// wordBatchPairs is how many (word, id) pairs one statement of insertWords
// adds.
const wordBatchPairs = 2000

// wordBatches lays out the search index's words for insertWords: JSON
// arrays of [word, id] pairs, in index order, which appends to the B-tree
// instead of splitting pages all over it. Sorting the distinct words and
// then each word's ids (already in order when the file is) costs a
// fraction of sorting every pair.
func wordBatches(index wordIndex) []string {
	keys := slices.Sorted(maps.Keys(index))
	var out []string
	b := make([]byte, 0, 64*wordBatchPairs)
	n := 0
	for _, w := range keys {
		ids := index[w]
		slices.Sort(ids)
		for _, id := range ids {
			if n == 0 {
				b = append(b[:0], '[')
			} else {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = sqlitedb.AppendJSONString(b, w)
			b = append(b, ',')
			b = sqlitedb.AppendJSONString(b, id)
			b = append(b, ']')
			if n++; n == wordBatchPairs {
				out = append(out, string(append(b, ']')))
				n = 0
			}
		}
	}
	if n > 0 {
		out = append(out, string(append(b, ']')))
	}
	return out
}
