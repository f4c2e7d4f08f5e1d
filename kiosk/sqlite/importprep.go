package sqlite

import "github.com/accueil/accueil/kiosk"

// rowPrep is what an attendee's row stores besides the attendee's fields.
type rowPrep struct {
	code, hash, search string
}

// prepBatch is how many rows the preparing goroutine hands over at once:
// a channel send per row would cost more than the overlap saves.
const prepBatch = 1000

// prepareRows works out, on a goroutine of its own, each attendee's stored
// code, code hash (a SHA-256) and folded search text, in list order and in
// batches of prepBatch, and the search index's words: the import inserts
// one batch while the next is prepared, SQLite's work on one core beside
// the folding and hashing on the other. Closing stop ends the goroutine
// early; words waits for it to finish and returns the words.
func prepareRows(list []kiosk.Attendee, pol codePolicy, stop <-chan struct{}) (batches <-chan []rowPrep, words func() map[string][]string) {
	out := make(chan []rowPrep, 2)
	done := make(chan struct{})
	index := make(map[string][]string, 2*len(list))
	go func() {
		defer close(done)
		defer close(out)
		for lo := 0; lo < len(list); lo += prepBatch {
			batch := make([]rowPrep, 0, min(prepBatch, len(list)-lo))
			for _, a := range list[lo:min(lo+prepBatch, len(list))] {
				// Every code is stored as its hash; the code itself, and
				// so its search words, only where the policy keeps it.
				code, hash := pol.codeHashes(a)
				a.Code = code
				ws := searchWords(a)
				batch = append(batch, rowPrep{code: code, hash: hash, search: searchText(ws)})
				for _, w := range ws {
					if !unindexed[w] {
						index[w] = append(index[w], a.ID)
					}
				}
			}
			select {
			case out <- batch:
			case <-stop:
				return
			}
		}
	}()
	return out, func() map[string][]string {
		<-done
		return index
	}
}
