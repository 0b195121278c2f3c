package faults

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// Options configure a Fleet.
type Options struct {
	Replicas int    // how many serve processes; default 3
	RedisURL string // REDIS_URL of every replica; "" runs the in-memory store (one replica only makes sense)
	Spool    bool   // give each replica its own FRONTDOOR_SPOOL_DIR
	// Env is added to (and overrides) servetest.Env for every replica.
	Env map[string]string
	// Readiness, when set, makes the load balancer route only to replicas whose /readyz
	// answered 200 at its last check (every 100 ms), as a Kubernetes Service does; otherwise it
	// routes to every running replica.
	Readiness bool
}

// Fleet is N `frontdoor serve` processes on one store, with a fake Twilio and a fake Slack, and
// a load balancer in front: Text and Staff send to the replicas in turn, skipping dead ones and
// retrying another when a connection fails (as load balancers retry a refused connection).
type Fleet struct {
	T        testing.TB
	Twilio   *twiliotest.Server
	Slack    *slackfake.Server
	Replicas []*servetest.Replica
	// Env is the environment the replicas share (without the per-replica spool folder).
	Env map[string]string

	client *http.Client
	next   atomic.Int64
	ready  []atomic.Bool
	stop   chan struct{}
}

// Start builds the binary, starts the fakes and the replicas, and stops everything when the
// test ends.
func Start(t testing.TB, o Options) *Fleet {
	t.Helper()
	if o.Replicas == 0 {
		o.Replicas = 3
	}
	tw, sl := twiliotest.NewServer(), slackfake.New()
	t.Cleanup(tw.Close)
	t.Cleanup(sl.Close)
	env := servetest.Env(t, tw, sl)
	env["REDIS_URL"] = o.RedisURL
	env["FRONTDOOR_OUTBOX_MIN_IDLE"] = "5s"
	for k, v := range o.Env {
		env[k] = v
	}
	f := &Fleet{T: t, Twilio: tw, Slack: sl, Env: env, client: servetest.Client(15 * time.Second),
		ready: make([]atomic.Bool, o.Replicas), stop: make(chan struct{})}
	bin := servetest.Build(t)
	var wg sync.WaitGroup
	f.Replicas = make([]*servetest.Replica, o.Replicas)
	for i := range o.Replicas {
		e := env
		if o.Spool {
			e = clone(env)
			e["FRONTDOOR_SPOOL_DIR"] = t.TempDir()
		}
		wg.Go(func() { f.Replicas[i] = servetest.Start(t, bin, e) })
	}
	wg.Wait()
	for i := range f.ready {
		f.ready[i].Store(true)
	}
	if o.Readiness {
		go f.checkReadiness()
	}
	t.Cleanup(func() { close(f.stop) })
	return f
}

func clone(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkReadiness polls every replica's /readyz, as a load balancer's health check does.
func (f *Fleet) checkReadiness() {
	c := servetest.Client(time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-f.stop:
			return
		case <-tick.C:
		}
		for i, r := range f.Replicas {
			ok := false
			if base := r.Base(); base != "" {
				if resp, err := c.Get(base + "/readyz"); err == nil {
					resp.Body.Close()
					ok = resp.StatusCode == 200
				}
			}
			f.ready[i].Store(ok)
		}
	}
}

// ErrNoReplica means no replica was running (or ready) to take a request.
var ErrNoReplica = errors.New("no replica alive")

// pick calls try on the replicas in turn, from the next one, until one took the request; a
// connection error moves on to the next replica.
func (f *Fleet) pick(try func(base string) error) error {
	k := int(f.next.Add(1))
	var last error = ErrNoReplica
	for range 2 * len(f.Replicas) {
		i := k % len(f.Replicas)
		k++
		base := f.Replicas[i].Base()
		if base == "" || !f.ready[i].Load() {
			continue
		}
		err := try(base)
		if err == nil {
			return nil
		}
		last = err
		if !isConnError(err) {
			return err
		}
	}
	return last
}

func isConnError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "connection refused") || strings.Contains(s, "connection reset") ||
		strings.Contains(s, "EOF") || strings.Contains(s, "broken pipe")
}

// Text sends a signed SMS webhook through the load balancer.
func (f *Fleet) Text(sid, from, body string) (servetest.SMS, error) {
	var out servetest.SMS
	err := f.pick(func(base string) error {
		var err error
		out, err = servetest.PostSMS(f.client, base, servetest.SMSForm(sid, from, body))
		return err
	})
	return out, err
}

// TextTo sends a signed SMS webhook to replica i, without a load balancer.
func (f *Fleet) TextTo(i int, sid, from, body string) (servetest.SMS, error) {
	base := f.Replicas[i].Base()
	if base == "" {
		return servetest.SMS{}, fmt.Errorf("replica %d is not running", i)
	}
	return servetest.PostSMS(f.client, base, servetest.SMSForm(sid, from, body))
}

// Staff sends a signed Slack request (a path such as /slack/events) through the load balancer
// and returns the HTTP status.
func (f *Fleet) Staff(path, contentType, body string) (int, error) {
	status := 0
	err := f.pick(func(base string) error {
		resp, err := f.client.Do(servetest.SignedSlack(base, path, contentType, body))
		if err != nil {
			return err
		}
		resp.Body.Close()
		status = resp.StatusCode
		return nil
	})
	return status, err
}

// Logs joins every replica's log.
func (f *Fleet) Logs() string {
	var b strings.Builder
	for _, r := range f.Replicas {
		b.WriteString(r.Logs())
	}
	return b.String()
}

// IsFailSafe reports whether an answer is the fail-safe reply.
func IsFailSafe(a servetest.SMS) bool {
	return len(a.Replies) == 1 && a.Replies[0] == bot.FailSafeReply
}
