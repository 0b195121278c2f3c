// Package redis implements bot.Store and bot.Outbox on Redis (github.com/redis/go-redis/v9),
// so that any number of replicas can serve one short code. It owns the key schema below, the
// Lua scripts that keep each message's writes atomic, and the outbox streams the bot.Worker
// drains. It works on one server, behind Sentinel, and on Redis Cluster (see Open; or build any
// redis.UniversalClient and call New).
//
// # Key schema
//
// Every key starts with the prefix (default "fd") and a hash tag {N}: the shard of the texter,
// N = bot.ShardOf(texter, shards) with 16 shards by default. All keys one message writes share
// that tag, so each script touches one Cluster slot, and the outbox of a shard is one stream.
// <t> is the texter key (bot.Keys.TexterKey: an HMAC of the number, never the number).
//
//	fd:{N}:s:<t>   string  the session: "<version>:" + AES-GCM sealed binary record (the number,
//	                       alias, state, answers, ...). TTL: SessionTTL (72 h) after the last write.
//	fd:{N}:d:<t>   hash    dedupe: message id -> "<expires ms>:" + sealed replies given then.
//	                       TTL: DedupeTTL (24 h) after the last write; a record is void after its
//	                       own 24 h, and void records are deleted by a commit that finds 32 or more.
//	fd:{N}:o:<t>   string  "1" while the texter is opted out. No TTL: opt-outs are durable.
//	fd:{N}:l:<t>   hash    the rate window (bot.RateLimit): n = messages counted, message id ->
//	                       its position. TTL: the window (10 minutes by default) from its first
//	                       message.
//	fd:{N}:q       stream  the outbox: one entry per effect, field e = sealed JSON effect, consumer
//	                       group "workers". No TTL; entries are deleted once applied or
//	                       dead-lettered, so only undelivered effects live on.
//	fd:{N}:r       hash    retry records of outbox entries: id -> "attempts:first ms:not before ms".
//	                       No TTL; each field is deleted with its entry (an empty hash is no key).
//	fd:{N}:x       stream  dead letters: e = sealed effect, why = reason (no personal data),
//	                       n = attempts. Entries older than DeadLetterTTL (7 days) are trimmed
//	                       at each new dead letter, and the key expires DeadLetterTTL after the last.
//	fd:shards      string  the shard count the data was written with. No TTL, no personal data.
//	fd:st:<sid>    string  how far a sent SMS got (status callbacks), by Twilio's message id; no
//	                       personal data. TTL: 7 days.
//
// The coordinator console's keys (bot.FlowStore, bot.AuditLog, bot.SignInGuard, bot.Board) hold
// no texter data. Those written together share a hash tag:
//
//	fd:{flows}:n          string  the live flows version number; every replica GETs it every few
//	                              seconds (bot.FlowWatcher). No TTL.
//	fd:{flows}:v:<n>      hash    flows version n: author, at (ms), note, and file:<path> -> the
//	                              file's text for each flow file and transcript test. No TTL:
//	                              versions are kept for rollback. A publish WATCHes :n and writes
//	                              :v:<n+1> and :n in one MULTI.
//	fd:{flows}:draft:<a>  string  coordinator <a>'s draft: JSON {base, files, updated}. TTL:
//	                              bot.DraftTTL (30 days) after the last save.
//	fd:{flows}:audit      list    the audit log, JSON entries oldest first, trimmed to the newest
//	                              bot.AuditKeep (50,000). No TTL.
//	fd:{flows}:fail:<h>   string  failed console sign-ins for the account name whose SHA-256
//	                              starts with <h> (24 hex digits). TTL: the lockout window
//	                              from the last failure.
//	fd:{board}:h          hash    open handoffs for the console's live view: alias -> JSON
//	                              {alias, queue, opened, urgent}. Entries older than
//	                              bot.BoardKeep (72 h) are deleted when the board is read.
//	fd:{board}:c:<day>    hash    the day's counts (tips, opt_outs). TTL: bot.BoardKeep after
//	                              the last count.
//
// Nothing else is written. No key or value holds a phone number or a message in clear: the
// session, the replies and the effects are sealed with bot.Keys (AES-GCM, bound to the key they
// are stored under). Erasure (bot.Commit.Erase) deletes fd:{N}:s:<t>, fd:{N}:d:<t> and
// fd:{N}:l:<t>; only the opt-out stays, keyed by the HMAC alone.
//
// # Round trips
//
// Load is one pipeline (GET, HGET, EXISTS, and the rate count as an EVALSHA when a rate limit is
// set: LoadCounted) and Commit one EVALSHA, so an inbound message costs two round trips. Scripts are loaded when the store is made; after a Redis restart the first
// call of each falls back to EVAL once.
//
// # Order and conflicts
//
// Commit is a compare-and-set on the session version. Two messages of one texter at two
// replicas both land: the later commit fails with bot.ErrConflict and bot.Bot loads and applies
// it again on top of the first. There is no per-texter lock: a lock would cost two more round
// trips per message and, if its holder died, leave the texter waiting for its expiry, while it
// would not order messages better than the compare-and-set does (both order by who reaches Redis
// first; neither can know the provider's arrival order if a replica stalls).
//
// # Timeouts
//
// Every call is bounded by Options.Timeout (400 ms by default), and dial, read, write and pool
// waits by the same unless the URL sets them; context deadlines are honoured
// (ContextTimeoutEnabled). With Redis unreachable, bot.Bot answers with the fail-safe reply well
// within a second and recovers by itself when Redis is back.
package redis
