package console

import (
	"net/http"
	"sort"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// liveData is the read-only live view: counts and aliases only.
type liveData struct {
	Day          string
	AsOf         time.Time
	Now          time.Time
	Queues       []queueView
	Open, Urgent int
	Tips         int
	OptOuts      int
	LiveVersion  int64
}

type queueView struct {
	Name     string
	Handoffs []bot.OpenHandoff // oldest first
}

// Oldest is the longest wait in the queue.
func (q queueView) Oldest() time.Time { return q.Handoffs[0].Opened }

func (c *Console) home(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	now := c.now()
	day := now.Format("2006-01-02")
	b, err := c.deps.Store.Board(ctx, day)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	live, err := c.deps.Store.CurrentFlows(ctx)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := liveData{Day: day, AsOf: now, Now: now, Tips: b.Counts[bot.BoardTips], OptOuts: b.Counts[bot.BoardOptOuts], LiveVersion: live}
	byQueue := map[string]*queueView{}
	for _, h := range b.Handoffs {
		q := byQueue[h.Queue]
		if q == nil {
			q = &queueView{Name: h.Queue}
			byQueue[h.Queue] = q
		}
		q.Handoffs = append(q.Handoffs, h)
		d.Open++
		if h.Urgent {
			d.Urgent++
		}
	}
	for _, q := range byQueue {
		d.Queues = append(d.Queues, *q)
	}
	sort.Slice(d.Queues, func(i, j int) bool { return d.Queues[i].Name < d.Queues[j].Name })
	c.render(w, r, http.StatusOK, "home", s, "Live", d)
}
