package kiosk

import (
	"crypto/ed25519"
	"errors"
	"strings"
)

// Statements are other documents the hub signs with the event's key, such
// as attendance certificates. Each kind names its own context, which the
// signature covers: a statement's signature can never pass for a badge's,
// nor one kind's for another's, since the signed bytes start differently.
// Signing them with the badge key rather than a key of their own means the
// event's public keys, which every kiosk already holds and which a key
// rotation keeps, verify them offline.

// SignStatement signs msg for the given kind of statement ("certificate
// v1"…); it returns the signing key's id and the signature.
func (k PrivateKey) SignStatement(kind string, msg []byte) (keyID byte, sig []byte, err error) {
	if err := checkKind(kind); err != nil {
		return 0, nil, err
	}
	return k.Public().ID(), ed25519.Sign(k.key, statementBytes(kind, msg)), nil
}

// VerifyStatement reports whether one of keys, picked by keyID, signed msg
// as a statement of that kind.
func VerifyStatement(keys []PublicKey, kind string, msg []byte, keyID byte, sig []byte) bool {
	if checkKind(kind) != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	for _, k := range keys {
		if k.ID() == keyID && len(k.key) == ed25519.PublicKeySize && ed25519.Verify(k.key, statementBytes(kind, msg), sig) {
			return true
		}
	}
	return false
}

func checkKind(kind string) error {
	if kind == "" || strings.ContainsRune(kind, 0) || strings.HasPrefix(kind, "accueil badge") {
		return errors.New("sign statement: the kind must be a name of its own")
	}
	return nil
}

func statementBytes(kind string, msg []byte) []byte {
	b := make([]byte, 0, len("accueil statement: ")+len(kind)+1+len(msg))
	b = append(b, "accueil statement: "...)
	b = append(b, kind...)
	b = append(b, 0)
	return append(b, msg...)
}
