package console

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// User is a coordinator account.
type User struct {
	Name string
	Hash []byte // bcrypt
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// MinPasswordLength is the shortest password HashPassword accepts.
const MinPasswordLength = 12

// ReadUsers reads an accounts file: one "name:bcrypt-hash" a line (as `frontdoor console
// hash-password` prints), blank lines and lines starting with # ignored. Names are lower-case
// letters, digits, '.', '_' and '-', at most 32.
func ReadUsers(r io.Reader) ([]User, error) {
	var users []User
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, hash, ok := strings.Cut(text, ":")
		switch {
		case !ok:
			return nil, fmt.Errorf("line %d: expected name:bcrypt-hash", line)
		case !nameRE.MatchString(name):
			return nil, fmt.Errorf("line %d: %q is not an account name (lower-case letters, digits, . _ -)", line, name)
		case seen[name]:
			return nil, fmt.Errorf("line %d: account %q is listed twice", line, name)
		}
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return nil, fmt.Errorf("line %d: the hash of %q is not a bcrypt hash: make one with frontdoor console hash-password", line, name)
		}
		seen[name] = true
		users = append(users, User{Name: name, Hash: []byte(hash)})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, errors.New("no accounts in the file")
	}
	return users, nil
}

// HashPassword returns a bcrypt hash of password, for the accounts file.
func HashPassword(password string) ([]byte, error) { return hashPassword(password, accountCost) }

// HashDevPassword hashes the made-up password of a --dev run (random, loopback only, forgotten at
// exit) at bcrypt's lowest cost, so a dev start is not held up by hashing.
func HashDevPassword(password string) ([]byte, error) { return hashPassword(password, bcrypt.MinCost) }

// accountCost is the bcrypt cost of accounts-file hashes: about a quarter second a guess.
const accountCost = 12

func hashPassword(password string, cost int) ([]byte, error) {
	if len([]rune(password)) < MinPasswordLength {
		return nil, fmt.Errorf("use at least %d characters", MinPasswordLength)
	}
	if len(password) > 72 {
		return nil, errors.New("use at most 72 bytes (bcrypt's limit)")
	}
	return bcrypt.GenerateFromPassword([]byte(password), cost)
}

// ValidName reports whether name can be an account name.
func ValidName(name string) bool { return nameRE.MatchString(name) }
