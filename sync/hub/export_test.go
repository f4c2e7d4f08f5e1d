package hub

// Hooks for the black-box tests of package hub_test.

// TrackedAuthAddresses is how many client addresses the wrong-token
// limiter holds.
func (s *Server) TrackedAuthAddresses() int { return s.authRate.tracked() }

// FailAuthFrom counts a wrong token from ip, as a handler does.
func (s *Server) FailAuthFrom(ip string) { s.authRate.fail(ip) }

// AuthTriesLeft is how many wrong tokens ip may still send now.
func (s *Server) AuthTriesLeft(ip string) float64 { return s.authRate.limiter(ip).Tokens() }
