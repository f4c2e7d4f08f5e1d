package hubcmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/accueil/accueil/kiosk/pin"
)

// pinSet keeps the staff PIN for every kiosk of the event: enrolled
// kiosks receive it hashed at enrollment and whenever it changes.
func (m *Main) pinSet(ctx context.Context, args []string) error {
	c := m.command("pin set", "-data DIR < PIN")
	c.dataFlag()
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if m.Stdin == nil {
		return usageError{errors.New("pin set: give the PIN on standard input, such as: echo 2468 | hub pin set -data DIR")}
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return usageError{errors.New("pin set: no PIN on standard input (4 to 8 digits, one line): echo 2468 | hub pin set -data DIR")}
	}
	code := strings.TrimSpace(line)
	if err := pin.ValidPIN(code); err != nil {
		return usageError{fmt.Errorf("pin set: %v (got %d characters)", err, len(code))}
	}
	hash, err := pin.Hash(code)
	if err != nil {
		return fmt.Errorf("pin set: %w", err)
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetStaffPIN(ctx, hash); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "staff PIN set: connected kiosks take it within a second, others when they next connect or enroll")
	return nil
}
