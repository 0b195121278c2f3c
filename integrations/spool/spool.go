// Package spool keeps inbound messages in files while the store is down (bot.Spool), sealed with
// the texter encryption key, and hands them back in arrival order (Flush) once the store answers
// again. A message is a file, written to a temporary name, synced and renamed, so a crash leaves
// whole messages or nothing. The folder must survive a restart of the process (a volume), and
// holds no clear text.
//
// Imports: bot only. cmd/frontdoor imports it.
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
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultMax bounds how many messages wait, so that a long outage cannot fill the disk.
const DefaultMax = 20000

// flushBatch is how many messages Flush hands over at a time.
const flushBatch = 256

const ext = ".msg"

// ErrFull means the spool holds Max messages already.
var ErrFull = errors.New("the spool is full")

// Dir is a spool in a folder. It counts its messages in memory (the folder is listed once when
// it is opened and once per Flush, never per Put), so that a Put in the webhook path costs one
// file write, and the count never passes the maximum however many Puts run at once.
type Dir struct {
	path string
	keys *bot.Keys
	max  int

	mu     sync.Mutex
	n      int       // messages in the folder, and Puts under way
	oldest time.Time // arrival of the oldest waiting message; zero when none
}

var _ bot.Spool = (*Dir)(nil)

// Open makes the folder if needed (mode 0700) and returns the spool, with the messages a
// previous run left in it.
func Open(path string, keys *bot.Keys) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(path, "unreadable"), 0o700); err != nil {
		return nil, fmt.Errorf("error opening the spool: %w", err)
	}
	d := &Dir{path: path, keys: keys, max: DefaultMax}
	names, err := d.names()
	if err != nil {
		return nil, err
	}
	d.n = len(names)
	if len(names) > 0 {
		d.oldest = arrival(names[0])
	}
	return d, nil
}

// SetMax changes how many messages the spool keeps at most (DefaultMax).
func (d *Dir) SetMax(n int) { d.mu.Lock(); d.max = n; d.mu.Unlock() }

// Put implements bot.Spool.
func (d *Dir) Put(_ context.Context, m bot.Spooled) error {
	d.mu.Lock()
	if d.n >= d.max {
		d.mu.Unlock()
		return ErrFull
	}
	d.n++ // the place is taken before the write, so concurrent Puts cannot pass max
	d.mu.Unlock()
	err := d.put(m)
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		d.n--
		return err
	}
	if d.oldest.IsZero() || m.Received.Before(d.oldest) {
		d.oldest = m.Received
	}
	return nil
}

func (d *Dir) put(m bot.Spooled) error {
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

// Waiting implements bot.Spool: the count kept in memory.
func (d *Dir) Waiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n
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

// Flush implements bot.Spool: it hands the waiting messages, oldest first, in batches of up to
// 256 to fn, and removes a batch's files once fn returned nil. A file that cannot be read
// (another secret, damage) is moved aside into unreadable/. It stops at fn's first error, with
// that batch and the rest kept, and returns how many it removed.
func (d *Dir) Flush(ctx context.Context, fn func([]bot.Spooled) error) (int, error) {
	names, err := d.names()
	if err != nil {
		return 0, err
	}
	done := 0
	defer d.recount()
	for len(names) > 0 && ctx.Err() == nil {
		batch, files := d.readBatch(names)
		names = names[min(len(names), flushBatch):]
		if len(batch) == 0 {
			continue
		}
		if err := fn(batch); err != nil {
			return done, err
		}
		for _, name := range files {
			if err := os.Remove(filepath.Join(d.path, name)); err != nil {
				return done, fmt.Errorf("error removing a spooled message: %w", err)
			}
			d.taken(1)
			done++
		}
	}
	return done, ctx.Err()
}

// readBatch reads up to flushBatch of names; unreadable files are moved aside.
func (d *Dir) readBatch(names []string) ([]bot.Spooled, []string) {
	var batch []bot.Spooled
	var files []string
	for _, name := range names[:min(len(names), flushBatch)] {
		m, err := d.read(name)
		if err != nil {
			if os.Rename(filepath.Join(d.path, name), filepath.Join(d.path, "unreadable", name)) == nil {
				d.taken(1)
			}
			continue
		}
		batch, files = append(batch, m), append(files, name)
	}
	return batch, files
}

func (d *Dir) taken(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n -= n
}

// recount finds the oldest waiting message again after a Flush.
func (d *Dir) recount() {
	names, err := d.names()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		return
	}
	d.oldest = time.Time{}
	if len(names) > 0 {
		d.oldest = arrival(names[0])
	}
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
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.oldest
}

// arrival reads the arrival time at the start of a file name.
func arrival(name string) time.Time {
	var ns int64
	fmt.Sscanf(name, "%020d", &ns)
	return time.Unix(0, ns)
}
