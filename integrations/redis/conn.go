package redis

import (
	"context"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// conn is what every part of the store shares: the one client, the keys that seal what is
// stored, the clock, the options and the key names. Each part (Sessions, Outbox, Desk, ...) is
// a conn seen through the methods of its concern.
type conn struct {
	rdb   goredis.UniversalClient
	keys  *bot.Keys
	clock bot.Clock
	opts  Options
	ks    keyspace
}

// bound limits one store call to Options.Timeout.
func (s *conn) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opts.Timeout)
}

// Store is the Redis connection Open or New made, and hands out the store's parts, one per
// concern, each owning its keys and scripts. The parts share the connection and are safe for
// concurrent use; any number of replicas may share one Redis.
type Store struct {
	conn  *conn
	owned bool // Close closes the client
}

// Sessions returns the sessions, dedupe records, opt-outs, rate windows and the commit.
func (s *Store) Sessions() *Sessions { return &Sessions{s.conn} }

// Outbox returns the outbox streams of effects.
func (s *Store) Outbox() *Outbox { return &Outbox{s.conn} }

// Desk returns the staff desk's threads, ledger, timers, claims, sent messages, leases and
// close log.
func (s *Store) Desk() *Desk { return &Desk{s.conn} }

// Backlog returns the spooled messages of every replica, ordered per texter.
func (s *Store) Backlog() *Backlog { return &Backlog{s.conn} }

// Tips returns the tips: records, post ledger, additions, export and purge.
func (s *Store) Tips() *Tips { return &Tips{s.conn} }

// Stats returns the daily counters.
func (s *Store) Stats() *Stats { return &Stats{s.conn} }

// Console returns the console's flow versions, drafts, audit log, sign-in lockout and live
// board.
func (s *Store) Console() *Console { return &Console{s.conn} }

// SendGate returns the SMS attempts in flight, checked with the opt-out.
func (s *Store) SendGate() *SendGate { return &SendGate{s.conn} }

// Mailbox returns the web chat's mailboxes.
func (s *Store) Mailbox() *Mailbox { return &Mailbox{s.conn} }

// Deliveries returns the delivery statuses of sent messages.
func (s *Store) Deliveries() *Deliveries { return &Deliveries{s.conn} }

// Close closes the connection if Open made it.
func (s *Store) Close() error {
	if s.owned {
		return s.conn.rdb.Close()
	}
	return nil
}
