package enroll

import "time"

// A key without its certificate makes LoadOrCreateCertificate wait for a
// creator that, in the tests, never comes.
func init() { creationWait = 500 * time.Millisecond }
