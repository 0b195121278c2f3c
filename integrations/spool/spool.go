// Package spool keeps inbound messages in files while the store is down (bot.Spool), sealed with
// the texter encryption key, and hands them back in arrival order for a replay. A message is a
// file, written to a temporary name, synced and renamed, so a crash leaves whole messages or
// nothing. The folder must survive a restart of the process (a volume), and holds no clear text.
package spool

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultMax bounds how many messages wait, so that a long outage cannot fill the disk.
const DefaultMax = 20000

const ext = ".msg"

// ErrFull means the spool holds Max messages already.
var ErrFull = errors.New("the spool is full")

// Dir is a spool in a folder.
type Dir struct {
	path string
	keys *bot.Keys
	max  int
}

var _ bot.Spool = (*Dir)(nil)

// Open makes the folder if needed (mode 0700) and returns the spool.
func Open(path string, keys *bot.Keys) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(path, "unreadable"), 0o700); err != nil {
		return nil, fmt.Errorf("error opening the spool: %w", err)
	}
	return &Dir{path: path, keys: keys, max: DefaultMax}, nil
}

// Put implements bot.Spool.
func (d *Dir) Put(_ context.Context, m bot.Spooled) error {
	if n, err := d.Len(); err != nil || n >= d.max {
		if err != nil {
			return err
		}
		return ErrFull
	}
	plain, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("error encoding a spooled message: %w", err)
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := fmt.Sprintf("%020d-%s%s", m.Received.UnixNano(), hex.EncodeToString(suffix), ext)
	return d.write(name, d.keys.SealBound(plain, []byte(name)))
}

// write stores data durably under name: a temporary file, synced, renamed, and the folder synced.
func (d *Dir) write(name string, data []byte) error {
	tmp := filepath.Join(d.path, "."+name+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("error spooling a message: %w", err)
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("error spooling a message: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(d.path, name)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("error spooling a message: %w", err)
	}
	if dir, err := os.Open(d.path); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// Len counts the waiting messages.
func (d *Dir) Len() (int, error) {
	names, err := d.names()
	return len(names), err
}

func (d *Dir) names() ([]string, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, fmt.Errorf("error reading the spool: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ext) && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // the names start with the arrival time
	return names, nil
}

// Replay hands each waiting message, oldest first, to fn and removes it when fn returns nil. It
// stops at the first bot.ErrStillFailing (the store is still down: keep the rest in order),
// drops a message fn cannot handle at all (bot.ErrReplayFailed), and moves a file that cannot be
// read (another secret, damage) aside into unreadable/. It returns how many it removed.
func (d *Dir) Replay(ctx context.Context, fn func(bot.Spooled) error) (int, error) {
	names, err := d.names()
	if err != nil {
		return 0, err
	}
	done := 0
	for _, name := range names {
		if ctx.Err() != nil {
			return done, ctx.Err()
		}
		m, err := d.read(name)
		if err != nil {
			os.Rename(filepath.Join(d.path, name), filepath.Join(d.path, "unreadable", name))
			continue
		}
		if err := fn(m); errors.Is(err, bot.ErrStillFailing) {
			return done, err
		}
		if err := os.Remove(filepath.Join(d.path, name)); err != nil {
			return done, fmt.Errorf("error removing a replayed message: %w", err)
		}
		done++
	}
	return done, nil
}

func (d *Dir) read(name string) (bot.Spooled, error) {
	var m bot.Spooled
	data, err := os.ReadFile(filepath.Join(d.path, name))
	if err != nil {
		return m, err
	}
	plain, err := d.keys.OpenBound(data, []byte(name))
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(plain, &m)
}

// Oldest returns when the oldest waiting message arrived; zero when none waits.
func (d *Dir) Oldest() time.Time {
	names, err := d.names()
	if err != nil || len(names) == 0 {
		return time.Time{}
	}
	var ns int64
	fmt.Sscanf(names[0], "%020d", &ns)
	return time.Unix(0, ns)
}
