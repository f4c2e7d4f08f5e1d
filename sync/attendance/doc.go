// Package attendance makes the organisers' attendance documents, which
// name people and so stay behind the organisers' login: the attendance
// sheet of a General Meeting (who was present, represented by whom, or
// absent, with the quorum, ready to be signed and kept with the minutes)
// and attendance certificates (signed, with a QR code that
// VerifyCertificate checks offline). The hub's store supplies the facts;
// this package counts them by CONTRACT.md's rules and lays them out as CSV
// or PDF, in French or English.
package attendance
