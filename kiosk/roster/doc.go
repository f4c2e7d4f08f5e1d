// Package roster reads the two spreadsheets an organiser brings to an event:
// the attendee list (roster CSV) and the list of checkpoints (checkpoints
// CSV), as described in CONTRACT.md.
//
// Those files come from whatever tool the organiser had at hand: registration
// platforms, Excel in French or English, LibreOffice, hand edits. So the
// readers are forgiving about form (comma or semicolon, UTF-8 with or without
// BOM or Windows-1252, column order and spelling of the header, CRLF, trailing
// empty cells) and strict about content: every row that cannot be trusted is
// reported with its physical line number and a reason, so that an operator can
// fix the file in one pass instead of one error at a time. Deciding whether to
// import anything when some rows are bad is left to the caller.
//
// Encoding detection: a file that is valid UTF-8 (or starts with a UTF-8 BOM)
// is read as UTF-8. Otherwise the file is read as Windows-1252, unless it is
// mostly UTF-8 with a few invalid bytes (more valid multi-byte UTF-8 sequences
// than invalid bytes): then it is read as UTF-8 and the rows holding the
// invalid bytes are reported, rather than turning every accent of the file
// into mojibake. A Warning says which choice was made in that mixed case.
package roster
