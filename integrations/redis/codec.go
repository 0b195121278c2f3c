package redis

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// The session is stored as a compact binary record (sealed as a whole), not JSON: it keeps an
// idle session small. Times are whole milliseconds; LastInbound, Started and the handoff's times
// are stored as differences from Updated, which are small. Format 2 added the staff desk's
// handoff fields (Ref, thread, owner, escalation, held reply); format 3 the code of the tip a
// handoff follows up; format 4 the owner's replies that may not have been sent and, at the end,
// the question pending outside flows, its plea, the question a first text answered, the
// handoff's 911 line and consent to later texts, and the threads of earlier handoffs. Older
// records still decode.
const sessionFormat = 4

// Flags of format 4's flags byte.
const (
	flagWarned = 1 << iota
	flagMayText
)

const (
	flagUrgent = 1 << iota
	flagHandoff
	flagHandoffUrgent
	flagEscalated
	flagHotline
	flagHeld
)

var errFormat = errors.New("stored session has an unknown format")

func encodeSession(s bot.Session) []byte {
	b := make([]byte, 0, 96)
	b = append(b, sessionFormat)
	for _, str := range []string{s.Address, string(s.Channel), s.Alias, s.Lang, s.Flow, s.State} {
		b = appendString(b, str)
	}
	b = binary.AppendUvarint(b, uint64(max(s.Tries, 0)))
	b = append(b, sessionFlags(s))
	base := millis(s.Updated)
	b = binary.AppendVarint(b, base)
	b = binary.AppendVarint(b, millis(s.LastInbound)-base)
	b = binary.AppendVarint(b, millis(s.Started)-base)
	if h := s.Handoff; h != nil {
		b = appendString(b, h.Queue)
		b = binary.AppendVarint(b, millis(h.Opened)-base)
		for _, str := range []string{h.Ref, h.Thread.Channel, h.Thread.TS, h.Owner} {
			b = appendString(b, str)
		}
		b = binary.AppendVarint(b, millis(h.Claimed)-base)
		b = binary.AppendVarint(b, millis(h.Due)-base)
		if h.Held != nil {
			b = appendString(appendString(appendString(b, h.Held.TS), h.Held.User), h.Held.Text)
		}
		b = appendString(b, h.Tip)
		b = binary.AppendUvarint(b, uint64(len(h.Unsure)))
		for _, u := range h.Unsure {
			b = appendString(appendString(appendString(b, u.TS), u.User), u.Text)
			b = binary.AppendUvarint(b, uint64(max(u.Again, 0)))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(s.Answers)))
	for _, k := range slices.Sorted(maps.Keys(s.Answers)) {
		b = appendString(appendString(b, k), s.Answers[k])
	}
	b = appendString(appendString(appendString(b, s.Pending), s.Plea), s.Skip)
	var more byte
	if h := s.Handoff; h != nil && h.Warned {
		more |= flagWarned
	}
	if h := s.Handoff; h != nil && h.MayText {
		more |= flagMayText
	}
	b = append(b, more)
	b = binary.AppendUvarint(b, uint64(len(s.Threads)))
	for _, th := range s.Threads {
		b = appendString(appendString(b, th.Channel), th.TS)
	}
	return b
}

func sessionFlags(s bot.Session) byte {
	var flags byte
	set := func(on bool, f byte) {
		if on {
			flags |= f
		}
	}
	set(s.Urgent, flagUrgent)
	if h := s.Handoff; h != nil {
		set(true, flagHandoff)
		set(h.Urgent, flagHandoffUrgent)
		set(h.Escalated, flagEscalated)
		set(h.Hotline, flagHotline)
		set(h.Held != nil, flagHeld)
	}
	return flags
}

func decodeSession(b []byte) (bot.Session, error) {
	r := reader{b: b}
	format := r.byte()
	if format < 1 || format > sessionFormat {
		return bot.Session{}, errFormat
	}
	var s bot.Session
	var ch string
	for _, p := range []*string{&s.Address, &ch, &s.Alias, &s.Lang, &s.Flow, &s.State} {
		*p = r.string()
	}
	s.Channel = bot.Channel(ch)
	s.Tries = int(r.uvarint())
	flags := r.byte()
	s.Urgent = flags&flagUrgent != 0
	base := r.varint()
	s.Updated, s.LastInbound, s.Started = fromMillis(base), fromMillis(base+r.varint()), fromMillis(base+r.varint())
	if flags&flagHandoff != 0 {
		s.Handoff = &bot.Handoff{Queue: r.string(), Urgent: flags&flagHandoffUrgent != 0}
		s.Handoff.Opened = fromMillis(base + r.varint())
		if format >= 2 {
			decodeDesk(&r, s.Handoff, flags, base)
		}
		if format >= 3 {
			s.Handoff.Tip = r.string()
		}
		if format >= 4 {
			s.Handoff.Unsure = decodeUnsure(&r)
		}
	}
	if n := r.uvarint(); n > 0 && r.err == nil {
		s.Answers = make(map[string]string, min(n, 64))
		for range n {
			k := r.string()
			s.Answers[k] = r.string()
			if r.err != nil {
				break
			}
		}
	}
	if format >= 4 {
		s.Pending, s.Plea, s.Skip = r.string(), r.string(), r.string()
		more := r.byte()
		if h := s.Handoff; h != nil {
			h.Warned, h.MayText = more&flagWarned != 0, more&flagMayText != 0
		}
		s.Threads = decodeThreads(&r)
	}
	return s, r.err
}

// decodeThreads reads the threads of earlier handoffs (format 4).
func decodeThreads(r *reader) []bot.Thread {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return nil
	}
	out := make([]bot.Thread, 0, min(n, bot.MaxThreads))
	for range n {
		th := bot.Thread{Channel: r.string(), TS: r.string()}
		if r.err != nil {
			break
		}
		out = append(out, th)
	}
	return out
}

// decodeDesk reads the handoff's desk fields (format 2).
func decodeDesk(r *reader, h *bot.Handoff, flags byte, base int64) {
	h.Ref, h.Thread.Channel, h.Thread.TS, h.Owner = r.string(), r.string(), r.string(), r.string()
	h.Claimed, h.Due = fromMillis(base+r.varint()), fromMillis(base+r.varint())
	h.Escalated, h.Hotline = flags&flagEscalated != 0, flags&flagHotline != 0
	if flags&flagHeld != 0 {
		h.Held = &bot.Held{TS: r.string(), User: r.string(), Text: r.string()}
	}
}

// decodeUnsure reads the replies that may not have been sent (format 4).
func decodeUnsure(r *reader) []bot.Held {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return nil
	}
	out := make([]bot.Held, 0, min(n, bot.MaxUnsure))
	for range n {
		u := bot.Held{TS: r.string(), User: r.string(), Text: r.string(), Again: int(r.uvarint())}
		if r.err != nil {
			break
		}
		out = append(out, u)
	}
	return out
}

// encodeReplies and decodeReplies store the replies of a handled message.
func encodeReplies(replies []string) []byte {
	b := binary.AppendUvarint(nil, uint64(len(replies)))
	for _, s := range replies {
		b = appendString(b, s)
	}
	return b
}

func decodeReplies(b []byte) ([]string, error) {
	r := reader{b: b}
	n := r.uvarint()
	var out []string
	for i := uint64(0); i < n && r.err == nil; i++ {
		out = append(out, r.string())
	}
	return out, r.err
}

// millis is t in Unix milliseconds; the zero time is stored as 0.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errShort = errors.New("stored record is truncated")

// reader decodes what the append functions wrote; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.err = errShort
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errShort
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
