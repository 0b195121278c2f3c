package redis

import (
	"strconv"

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

func (k keyspace) sessions(shard int) string {
	return k.tag(shard) + ":s:" // the prefix of the shard's session keys
}

func (k keyspace) meta() string { return k.prefix + ":shards" }
