package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

var _ bot.FlowStore = (*Console)(nil)

// Fields of a flows version hash; each file is a field filePrefix + its path.
const (
	fieldAuthor = "author"
	fieldAt     = "at"
	fieldNote   = "note"
	filePrefix  = "file:"
)

// CurrentFlows implements bot.FlowStore: one GET.
func (s *Console) CurrentFlows(ctx context.Context) (int64, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.rdb.Get(ctx, s.ks.flowsCurrent()).Int64()
	if errors.Is(err, goredis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("error reading the flows version: %w", err)
	}
	return n, nil
}

// FlowVersion implements bot.FlowStore.
func (s *Console) FlowVersion(ctx context.Context, n int64) (bot.FlowVersion, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	h, err := s.rdb.HGetAll(ctx, s.ks.flowsVersion(n)).Result()
	if err != nil {
		return bot.FlowVersion{}, fmt.Errorf("error reading flows version %d: %w", n, err)
	}
	if len(h) == 0 {
		return bot.FlowVersion{}, bot.ErrNoFlowVersion
	}
	v := versionMeta(n, h[fieldAuthor], h[fieldAt], h[fieldNote])
	v.Files = bot.FlowFiles{}
	for k, val := range h {
		if p, ok := strings.CutPrefix(k, filePrefix); ok {
			v.Files[p] = []byte(val)
		}
	}
	return v, nil
}

func versionMeta(n int64, author, at, note string) bot.FlowVersion {
	ms, _ := strconv.ParseInt(at, 10, 64)
	return bot.FlowVersion{Number: n, Author: author, Published: time.UnixMilli(ms).UTC(), Note: note}
}

// FlowVersions implements bot.FlowStore: the live number, then one pipeline of HMGETs.
func (s *Console) FlowVersions(ctx context.Context, limit int) ([]bot.FlowVersion, error) {
	cur, err := s.CurrentFlows(ctx)
	if err != nil || cur == 0 {
		return nil, err
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	var cmds []*goredis.SliceCmd
	for n := cur; n >= 1 && len(cmds) < limit; n-- {
		cmds = append(cmds, pipe.HMGet(ctx, s.ks.flowsVersion(n), fieldAuthor, fieldAt, fieldNote))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("error listing the flows versions: %w", err)
	}
	out := make([]bot.FlowVersion, 0, len(cmds))
	for i, c := range cmds {
		vals := c.Val()
		str := func(j int) string { s, _ := vals[j].(string); return s }
		out = append(out, versionMeta(cur-int64(i), str(0), str(1), str(2)))
	}
	return out, nil
}

// PublishFlows implements bot.FlowStore: WATCH the live number, then MULTI: the version hash and
// the new number. Both keys share the {flows} hash tag, so this works on a Cluster.
func (s *Console) PublishFlows(ctx context.Context, v bot.FlowVersion, base int64) (int64, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	next := base + 1
	fields := []any{fieldAuthor, v.Author, fieldAt, v.Published.UnixMilli(), fieldNote, v.Note}
	for p, b := range v.Files {
		fields = append(fields, filePrefix+p, b)
	}
	cur := s.ks.flowsCurrent()
	err := s.rdb.Watch(ctx, func(tx *goredis.Tx) error {
		n, err := tx.Get(ctx, cur).Int64()
		if err != nil && !errors.Is(err, goredis.Nil) {
			return err
		}
		if n != base {
			return bot.ErrStaleFlows
		}
		_, err = tx.TxPipelined(ctx, func(p goredis.Pipeliner) error {
			p.Del(ctx, s.ks.flowsVersion(next)) // a leftover of a failed publish, if any
			p.HSet(ctx, s.ks.flowsVersion(next), fields...)
			p.Set(ctx, cur, next, 0)
			return nil
		})
		return err
	}, cur)
	switch {
	case errors.Is(err, goredis.TxFailedErr), errors.Is(err, bot.ErrStaleFlows):
		return 0, bot.ErrStaleFlows
	case err != nil:
		return 0, fmt.Errorf("error publishing flows: %w", err)
	}
	return next, nil
}

// draftRecord is a draft as stored.
type draftRecord struct {
	Base    int64             `json:"base"`
	Files   map[string]string `json:"files"`
	Updated int64             `json:"updated"` // ms
}

// SaveDraft implements bot.FlowStore.
func (s *Console) SaveDraft(ctx context.Context, owner string, d bot.Draft) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rec := draftRecord{Base: d.Base, Files: map[string]string{}, Updated: d.Updated.UnixMilli()}
	for p, b := range d.Files {
		rec.Files[p] = string(b)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := s.rdb.Set(ctx, s.ks.draft(owner), b, bot.DraftTTL).Err(); err != nil {
		return fmt.Errorf("error saving a draft: %w", err)
	}
	return nil
}

// Draft implements bot.FlowStore.
func (s *Console) Draft(ctx context.Context, owner string) (bot.Draft, bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := s.rdb.Get(ctx, s.ks.draft(owner)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return bot.Draft{}, false, nil
	}
	if err != nil {
		return bot.Draft{}, false, fmt.Errorf("error reading a draft: %w", err)
	}
	var rec draftRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return bot.Draft{}, false, fmt.Errorf("error reading a draft: %w", err)
	}
	d := bot.Draft{Base: rec.Base, Files: bot.FlowFiles{}, Updated: time.UnixMilli(rec.Updated).UTC()}
	for p, t := range rec.Files {
		d.Files[p] = []byte(t)
	}
	return d, true, nil
}

// DropDraft implements bot.FlowStore.
func (s *Console) DropDraft(ctx context.Context, owner string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return s.rdb.Del(ctx, s.ks.draft(owner)).Err()
}
