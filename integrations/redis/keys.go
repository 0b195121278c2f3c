package redis

import (
	"strconv"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// keyspace names the keys; the package doc lists them.
type keyspace struct {
	prefix string
	shards int
}

// texterKeys are the keys one Commit touches; they share the hash tag of the texter's shard.
type texterKeys struct {
	shard                                int
	session, dedupe, optOut, queue, rate string
	ledger, timers, claimed              string
	tipIndex, tipsOf                     string // the shard's tips by time; the texter's tips
	inFlight                             string // SMS attempts in flight (bot.SendGate)
	sentOf                               string // the ids of the SMS the desk sent the texter
	backlog                              string // messages waiting to be handled in order (bot.Backlog)
}

func (k keyspace) tag(shard int) string { return k.prefix + ":{" + strconv.Itoa(shard) + "}" }

func (k keyspace) texter(texter string) texterKeys {
	shard := bot.ShardOf(texter, k.shards)
	t := k.tag(shard)
	return texterKeys{shard: shard, session: t + ":s:" + texter, dedupe: t + ":d:" + texter,
		optOut: t + ":o:" + texter, queue: t + ":q", rate: t + ":l:" + texter,
		ledger: t + ":p:" + texter, timers: t + ":w", claimed: t + ":c",
		tipIndex: t + ":ti", tipsOf: t + ":tu:" + texter, inFlight: t + ":f:" + texter, sentOf: t + ":ss:" + texter,
		backlog: t + ":b:" + texter}
}

// tip is the key of a tip, in the shard of its code (which is its texter's: bot.TipStore).
func (k keyspace) tip(code string) string { return k.tipPrefix(bot.ShardOf(code, k.shards)) + code }

// tipPrefix is the prefix of the tip keys of a shard.
func (k keyspace) tipPrefix(shard int) string { return k.tag(shard) + ":tip:" }

// tipIndex is a shard's tips by the time they were filed.
func (k keyspace) tipIndex(shard int) string { return k.tag(shard) + ":ti" }

// thread is the key of a desk thread in a shard; a thread is looked up in every shard.
func (k keyspace) thread(shard int, th bot.Thread) string { return k.tag(shard) + ":t:" + th.String() }

func (k keyspace) timers(shard int) string { return k.tag(shard) + ":w" }

// backlogIndex lists a shard's texters with a backlog, scored by when they are due.
func (k keyspace) backlogIndex(shard int) string { return k.tag(shard) + ":bi" }
func (k keyspace) claimed(shard int) string      { return k.tag(shard) + ":c" }
func (k keyspace) sessions(shard int) string {
	return k.tag(shard) + ":s:" // the prefix of the shard's session keys
}

// sent is the conversation of a desk SMS, by the provider's message id, in its texter's shard;
// sentPrefix the prefix of a shard's. legacySent is where records were kept before (outside
// any shard, so erasure could not reach them); they are still read until they expire.
func (k keyspace) sent(shard int, sid string) string { return k.sentPrefix(shard) + sid }
func (k keyspace) sentPrefix(shard int) string       { return k.tag(shard) + ":sm:" }
func (k keyspace) legacySent(sid string) string      { return k.prefix + ":sm:" + sid }

// stats are a shard's counters of the UTC day of t (bot.StatsStore): one hash per shard and day,
// written by the commit script with the session, so in the texter's slot.
func (k keyspace) stats(shard int, t time.Time) string {
	return k.tag(shard) + ":st:" + bot.StatsDay(t)
}

// lease is a named lease for a periodic job.
func (k keyspace) lease(name string) string { return k.prefix + ":lease:" + name }

func (k keyspace) queue(shard int) string   { return k.tag(shard) + ":q" }
func (k keyspace) retries(shard int) string { return k.tag(shard) + ":r" }
func (k keyspace) dead(shard int) string    { return k.tag(shard) + ":x" }
func (k keyspace) hold(shard int) string    { return k.tag(shard) + ":h" }
func (k keyspace) meta() string             { return k.prefix + ":shards" }

// delivery is the status of one sent message, by its provider id (no personal data).
func (k keyspace) delivery(messageSid string) string { return k.prefix + ":st:" + messageSid }

// group is the consumer group of the outbox streams.
const group = "workers"

// The console's keys share the {flows} hash tag (a publish writes two of them in one MULTI);
// the live board's share {board}. None holds texter data.
func (k keyspace) flowsCurrent() string { return k.prefix + ":{flows}:n" }
func (k keyspace) flowsVersion(n int64) string {
	return k.prefix + ":{flows}:v:" + strconv.FormatInt(n, 10)
}
func (k keyspace) draft(owner string) string       { return k.prefix + ":{flows}:draft:" + owner }
func (k keyspace) audit() string                   { return k.prefix + ":{flows}:audit" }
func (k keyspace) signInFailures(id string) string { return k.prefix + ":{flows}:fail:" + id }
func (k keyspace) boardHandoffs() string           { return k.prefix + ":{board}:h" }
func (k keyspace) boardDay(day string) string      { return k.prefix + ":{board}:c:" + day }
