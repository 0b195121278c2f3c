package memory

import (
	"context"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// tips is the tips' part of the store (bot.TipStore); the Store's mutex guards it.
type tips struct {
	byCode    map[string]*tipEntry
	byTexter  map[string]map[string]bool // texter -> codes, for erasure
	retention time.Duration
}

type tipEntry struct {
	tip     bot.Tip
	expires time.Time
}

func newTips() tips {
	return tips{byCode: map[string]*tipEntry{}, byTexter: map[string]map[string]bool{}, retention: bot.DefaultTipRetention}
}

var _ bot.TipStore = (*Store)(nil)

// SetTipRetention changes how long a tip is kept after it was filed.
func (m *Store) SetTipRetention(d time.Duration) { m.mu.Lock(); m.tips.retention = d; m.mu.Unlock() }

// tipTaken reports whether a commit's tip code is in use; the caller holds m.mu.
func (m *Store) tipTaken(c bot.Commit, now time.Time) bool {
	if c.Tip == nil {
		return false
	}
	_, ok := m.liveTip(c.Tip.Code, now)
	return ok
}

// fileTip keeps a commit's tip; the caller holds m.mu.
func (m *Store) fileTip(c bot.Commit, now time.Time) {
	if c.Tip == nil {
		return
	}
	t := cloneTip(*c.Tip)
	t.Post, t.Posted, t.Additions = bot.LedgerNone, bot.Thread{}, nil
	m.tips.byCode[t.Code] = &tipEntry{tip: t, expires: now.Add(m.tips.retention)}
	if m.tips.byTexter[c.Texter] == nil {
		m.tips.byTexter[c.Texter] = map[string]bool{}
	}
	m.tips.byTexter[c.Texter][t.Code] = true
}

// unlinkTips drops an erased texter from their tips; the caller holds m.mu.
func (m *Store) unlinkTips(texter string) {
	for code := range m.tips.byTexter[texter] {
		if e, ok := m.tips.byCode[code]; ok {
			e.tip.Texter = ""
		}
	}
	delete(m.tips.byTexter, texter)
}

// liveTip returns the tip with code unless it expired; the caller holds m.mu.
func (m *Store) liveTip(code string, now time.Time) (*tipEntry, bool) {
	e, ok := m.tips.byCode[code]
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return e, true
}

// Tip implements bot.TipStore.
func (m *Store) Tip(_ context.Context, code string) (bot.Tip, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.liveTip(code, m.clock.Now())
	if !ok {
		return bot.Tip{}, bot.ErrNoTip
	}
	return cloneTip(e.tip), nil
}

// BeginTipPost implements bot.TipStore.
func (m *Store) BeginTipPost(_ context.Context, code string) error {
	return m.withTip(code, func(t *bot.Tip) {
		if t.Post == bot.LedgerNone {
			t.Post = bot.LedgerBegun
		}
	})
}

// SetTipPosted implements bot.TipStore.
func (m *Store) SetTipPosted(_ context.Context, code string, th bot.Thread) error {
	return m.withTip(code, func(t *bot.Tip) { t.Post, t.Posted = bot.LedgerDone, th })
}

// AddToTip implements bot.TipStore.
func (m *Store) AddToTip(_ context.Context, code string, a bot.TipAddition) error {
	return m.withTip(code, func(t *bot.Tip) {
		if len(t.Additions) < bot.MaxTipAdditions && !slices.ContainsFunc(t.Additions, func(x bot.TipAddition) bool { return x.ID == a.ID }) {
			t.Additions = append(t.Additions, a)
			sort.SliceStable(t.Additions, func(i, j int) bool {
				x, y := t.Additions[i], t.Additions[j]
				return x.At.Before(y.At) || (x.At.Equal(y.At) && x.ID < y.ID)
			})
		}
	})
}

func (m *Store) withTip(code string, fn func(*bot.Tip)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.liveTip(code, m.clock.Now())
	if !ok {
		return bot.ErrNoTip
	}
	fn(&e.tip)
	return nil
}

// Tips implements bot.TipStore.
func (m *Store) Tips(_ context.Context, since time.Time) ([]bot.Tip, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	var out []bot.Tip
	for code := range m.tips.byCode {
		if e, ok := m.liveTip(code, now); ok && !e.tip.Submitted.Before(since) {
			out = append(out, cloneTip(e.tip))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Submitted.Equal(out[j].Submitted) {
			return out[i].Submitted.Before(out[j].Submitted)
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}

// PurgeTips implements bot.TipStore.
func (m *Store) PurgeTips(_ context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now, n := m.clock.Now(), 0
	m.purgeTipIndex(now) // expired tips are not counted, as in the Redis store
	for code, e := range m.tips.byCode {
		if e.tip.Submitted.Before(before) {
			delete(m.tips.byCode, code)
			n++
		}
	}
	m.purgeTipIndex(now)
	return n, nil
}

// purgeTipIndex forgets expired tips and the texters' links to tips that are gone; the caller
// holds m.mu.
func (m *Store) purgeTipIndex(now time.Time) {
	for code, e := range m.tips.byCode {
		if !now.Before(e.expires) {
			delete(m.tips.byCode, code)
		}
	}
	for tx, codes := range m.tips.byTexter {
		for code := range codes {
			if _, ok := m.tips.byCode[code]; !ok {
				delete(codes, code)
			}
		}
		if len(codes) == 0 {
			delete(m.tips.byTexter, tx)
		}
	}
}

func cloneTip(t bot.Tip) bot.Tip {
	t.Answers = maps.Clone(t.Answers)
	t.Additions = slices.Clone(t.Additions)
	return t
}
