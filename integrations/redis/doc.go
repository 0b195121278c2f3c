// Package redis implements bot.Store and bot.Outbox on Redis (github.com/redis/go-redis/v9),
// so that any number of replicas can serve one short code. It owns the key schema below, the
// Lua scripts that keep each message's writes atomic, and the outbox streams the bot.Worker
// drains. It works on one server, behind Sentinel, and on Redis Cluster (see Open; or build any
// redis.UniversalClient and call New).
//
// # Parts
//
// Open and New return a Store: one connection (conn: the client, the sealing keys, the clock,
// the options and the key names) that hands out one part per concern. Each part's file owns the
// key builders and the scripts of its concern; whoever needs a part is given it at construction
// (cmd/frontdoor's backend has one field per part), never the Store.
//
//	Sessions    store.go, commit.go  bot.Store, bot.RateCounter: sessions, dedupe records,
//	                                 opt-outs, rate windows, erasure; the commit (commitScript)
//	Outbox      outbox.go            bot.Outbox: the streams, retry records, holds, dead letters
//	Desk        desk.go, closes.go   bot.DeskStore, bot.Leaser, bot.CloseLog: threads, ledger,
//	                                 timers, claims, sent SMS, leases, the close log
//	Backlog     backlog.go           bot.Backlog: messages spooled in an outage, per texter
//	Tips        tips.go              bot.TipStore: tip records, post ledger, additions, purge
//	Stats       stats.go             bot.StatsStore: the daily counters
//	Console     console.go, flows.go bot.FlowStore, AuditLog, SignInGuard, Board: the console's
//	Mailbox     mailbox.go           bot.Mailbox: the web chat's messages to visitors
//	SendGate    sendgate.go          bot.SendGate: SMS attempts in flight, with the opt-out
//	Deliveries  delivery.go          web.DeliveryTracker: how far each sent SMS got
//
// The texter's keys (keys.go: texterKeys) are shared: one message's outcome is one atomic
// write, so commitScript, which Sessions owns, also writes the keys of the outbox (the
// effects), the desk (thread, timers, claims, ledger TTL), the tips (a new tip, its index, the
// texter's tips), the stats (the day's counts) and, on erasure, the send gate's and the sent
// SMS keys. Load reads whether the texter has a backlog. scripts.go lists every script for
// New to load.
//
// # Key schema
//
// Every key starts with the prefix (default "fd") and a hash tag {N}: the shard of the texter,
// N = bot.ShardOf(texter, shards) with 16 shards by default. All keys one message writes share
// that tag, so each script touches one Cluster slot, and the outbox of a shard is one stream.
// <t> is the texter key (bot.Keys.TexterKey: an HMAC of the number, never the number).
//
//	fd:{N}:s:<t>   string  the session: "<version>:" + AES-GCM sealed binary record (the number,
//	                       alias, state, answers, the message that made Frontdoor offer a person
//	                       while the texter answers, ...). TTL: SessionTTL (72 h) after the last write.
//	fd:{N}:d:<t>   hash    dedupe: message id -> "<expires ms>:" + sealed replies given then.
//	                       TTL: DedupeTTL (24 h) after the last write; a record is void after its
//	                       own 24 h, and void records are deleted by a commit that finds 32 or more.
//	                       Shorter than the session (72 h): the Slack reconciler reads only the
//	                       last 12 h of a thread, so every staff reply it finds is still here
//	                       (integrations/slack.Reconciler says why).
//	fd:{N}:o:<t>   string  "1" while the texter is opted out. No TTL: opt-outs are durable.
//	fd:{N}:f:<t>   hash    SMS attempts to the texter in flight (bot.SendGate): random token ->
//	                       "1", set in one script with a check of the opt-out, deleted when the
//	                       attempt returns. TTL: bot.SendMarkTTL (15 s) after the last attempt.
//	fd:{N}:l:<t>   hash    the rate window (bot.RateLimit): n = messages counted, message id ->
//	                       its position. TTL: the window (10 minutes by default) from its first
//	                       message.
//	fd:{N}:q       stream  the outbox: one entry per effect, fields e = sealed JSON effect, t = the
//	                       texter key, k = "1" when erasure keeps the entry (a tip's post or
//	                       addition); consumer group "workers". No TTL; entries are deleted once
//	                       applied or dead-lettered, so only undelivered effects live on.
//	fd:{N}:h       string  which consumer holds the outbox shard and when it last claimed:
//	                       "<consumer> <ms>"; another consumer takes the shard over only when
//	                       that is MinIdle old (or the holder released it). No personal data.
//	                       TTL: a day after the last claim.
//	fd:{N}:r       hash    retry records of outbox entries: id -> "attempts:first ms:not before ms".
//	                       No TTL; each field is deleted with its entry (an empty hash is no key).
//	fd:{N}:x       stream  dead letters: e = sealed bot.Effect.Redacted (kind, alias, handoff,
//	                       thread, key, times: no texter key, no words), why = reason (no personal
//	                       data), n = attempts. Entries older than DeadLetterTTL (7 days) are trimmed
//	                       at each new dead letter, and the key expires DeadLetterTTL after the last.
//	fd:{N}:t:<c>:<ts> string  the staff desk thread <c>:<ts> (a Slack channel and the ts of the
//	                       handoff post): <t> while that handoff is open, "-" once it ended (so a
//	                       late reply can be told so). Written by the commit that records the
//	                       post; TTL: SessionTTL after the last commit. A thread is looked up in
//	                       every shard at once (one pipeline): Slack does not tell the shard.
//	fd:{N}:p:<t>   hash    the desk's ledger: key -> "0:" (begun) or "1:<value>" (done, e.g. the
//	                       ts of a post, the id of an SMS), so a retried effect does not post or
//	                       send twice. Written only while the session lives (a post in flight
//	                       during an erasure cannot bring it back). TTL: SessionTTL, renewed by
//	                       each commit.
//	fd:{N}:w       zset    escalation timers: <t> scored by Handoff.Due (ms); set and removed by
//	                       each commit from the session, leased by DueTimers. No TTL; members of
//	                       a gone session are dropped when found.
//	fd:{N}:c       zset    claimed handoffs: <t> scored by the claim time; kept by each commit.
//	                       No TTL; members of a gone session are dropped when found.
//	fd:{N}:tip:<code> hash the tip with receipt code <code> (bot.TipStore). N is the shard of
//	                       the code, which is its texter's: the engine draws codes so, and the
//	                       commit that submits the tip files it (and refuses a taken code) in its
//	                       one script. Fields: r = the sealed record (code, time, language,
//	                       channel, urgent, alias, answers); t = the sealed texter key, for
//	                       Ask tipster (deleted when the texter erases their data); p = the post
//	                       ledger, "0:" begun or "1:<channel>:<ts>" posted; n = how many
//	                       additions; a:<id> = a sealed addition (time, text), at most
//	                       bot.MaxTipAdditions. TTL: the tip retention (FRONTDOOR_TIP_RETENTION,
//	                       30 days) from filing; additions do not extend it.
//	fd:{N}:ti      zset    the shard's tip codes scored by filing time (ms), for export and the
//	                       purge. No TTL; each tip filed drops entries older than the retention,
//	                       and the purge drops the ones it deletes.
//	fd:{N}:tu:<t>  set     the codes of the tips texter <t> filed, so that erasure can drop <t>
//	                       from them. TTL: the tip retention after the texter's last tip.
//	fd:{N}:b:<t>   hash    the backlog (bot.Backlog): messages that replicas spooled while Redis
//	                       was down, waiting to be handled in arrival order: message id ->
//	                       "<arrival µs>:" + the sealed message (number and text). Each field is
//	                       deleted once its message is handled, within seconds of Redis's
//	                       return. TTL: SessionTTL from the last message deferred.
//	fd:{N}:bi      zset    the shard's texters with a backlog, scored by when they are due (ms):
//	                       Settle after the last message deferred, then pushed ahead by the lease
//	                       of the replica draining them. No TTL; a texter leaves with its last
//	                       message, and one whose backlog is gone is dropped when found.
//	fd:{N}:sm:<sid> string the conversation of an SMS the desk sent (texter, thread, staff message),
//	                       sealed, by Twilio's message id, for status callbacks, in the texter's
//	                       shard (a callback looks in every shard at once). Kept only while the
//	                       texter's session lives. TTL: 7 days. (Records written before were
//	                       fd:sm:<sid>; they are still read until they expire.)
//	fd:{N}:ss:<t>  set     the ids of the SMS the desk sent the texter, so erasure finds their
//	                       records. TTL: 7 days after the last.
//	fd:{N}:m:<t>   list    what staff sent web chat visitor <t> (Mailbox), each sealed bound to
//	                       the key, oldest first, at most bot.MaxWebMessages. Deleted by the
//	                       visitor's quick exit or DELETE. TTL: 24 h after the last.
//	fd:{N}:mp:<t>  string  "1" while visitor <t>'s page is open (it polls). TTL: 45 s.
//	fd:{N}:st:<day> hash   the shard's daily counters (bot.StatsStore) of UTC day YYYYMMDD:
//	                       counter name @ UTC hour -> count (conversations@09, tips:region:tx@14). The
//	                       commit script adds a commit's Counts in the same step as its session,
//	                       so a refused commit counts nothing. Names and numbers only: no texter
//	                       key, alias or text. TTL: FRONTDOOR_STATS_RETENTION (2 years) from the
//	                       day's last count. Stats sums the shards.
//	fd:lease:<n>   string  a periodic job's lease (the reconciler; the daily tip purge,
//	                       "tips-purge"). TTL: the lease.
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
//	fd:{closes}:log       zset    the conversations staff closed: JSON bot.CloseRecord (no
//	                              number, no texter key, no texter words), scored by the close
//	                              time in ms; records older than bot.CloseKeep (400 days) are
//	                              removed on each write (closes.go).
//
// Nothing else is written. No key or value holds a phone number or a message in clear: the
// session, the replies, the effects, the tips and the sent-message records are sealed with
// bot.Keys (AES-GCM, bound to the key, and field, they are stored under).
//
// # Erasure
//
// Erasure (bot.Commit.Erase, the texter's DELETE) happens in the one commit script, at once:
// it deletes fd:{N}:s:<t>, fd:{N}:d:<t>, fd:{N}:l:<t>, fd:{N}:p:<t>, fd:{N}:f:<t>,
// fd:{N}:tu:<t>, fd:{N}:ss:<t> and every fd:{N}:sm:<sid> listed there; removes <t> from the
// timers and the claimed list, and field t (the link to the texter) from each of their tips;
// marks the open thread closed ("-"); and deletes the texter's outbox entries still waiting
// (a Slack outage), but a tip's post and additions (field k). It then queues its own effects:
// the end of the handoff and the redaction of the texter's words in Slack (every thread of
// theirs in the session: bot.Session.Threads), which the worker applies within seconds while
// Slack is up. Dead letters never held the texter (bot.Effect.Redacted).
//
// What stays, by design:
//   - fd:{N}:o:<t>, when the texter had opted out: the opt-out, keyed by the HMAC of the number
//     alone, so that nothing is ever sent to them again. Nothing else is in it.
//   - their tips (fd:{N}:tip:<code>, fd:{N}:ti), without field t: the task force's
//     intelligence, holding no number and no link to the texter, until the retention ends.
//   - until applied: the erasure's own outbox entries, and a tip's post or addition still
//     waiting for Slack; they name the texter key until Slack took them.
//   - fd:{N}:b:<t>, the backlog: messages that arrived after the DELETE while Redis was down
//     (the backlog is handled in arrival order, and erasure leaves it alone); each is handled,
//     and deleted, right after it, within seconds.
//   - fd:{N}:t:<c>:<ts> of their threads, "-": a Slack thread marked closed, with nothing of
//     the texter, so that a late staff reply is told the conversation ended (SessionTTL).
//   - fd:st:<sid>: how far an SMS got, by Twilio's id; no personal data and, the sent record
//     gone, nothing that leads from it to the texter here (7 days).
//
// The deletion script reads the shard's outbox to find the texter's entries: O(entries waiting
// in the shard), which is small unless Slack has been down for long.
//
// # Round trips
//
// Load is one pipeline (GET, HGET, EXISTS of the opt-out and of the backlog, and the rate count
// as an EVALSHA when a rate limit is set: LoadCounted) and Commit one EVALSHA, so an inbound message costs two round trips, the one
// that submits a tip included. A message that starts with a tip code costs one more: the HGETALL
// of the tip, to see whether it is the texter's (TestTipRoundTrips). Scripts are loaded when the store is made; after a Redis restart the first
// call of each falls back to EVAL once.
//
// # The commit's payload
//
// Commit sends one script (commitScript, commit.go) a commitPayload: its fields tagged key go as
// KEYS (all in the texter's slot; a key the commit does not need is not sent), those tagged arg
// as name and value pairs in ARGV, then the sealed effects; the script reads them by name (K.x,
// A.x). A new field is the struct field and the Lua that reads it; TestCommitPayload checks each
// field arrives under its name.
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
//
// # Imports
//
// It imports bot and go-redis only. cmd/frontdoor imports it; no other integration does.
package redis
