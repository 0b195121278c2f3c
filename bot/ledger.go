package bot

import "context"

// Ledger records, for work that reaches the outside world (an SMS, a Slack post), that it began
// and that it finished, so that an applier retried after a crash can tell whether it already
// happened. Every applier whose work must happen at most once goes through it: SMSApplier
// (staff replies and notices), LateReplyApplier, and integrations/slack's PostOnce (handoff
// posts, texter messages and notes in a thread, tip posts and what tipsters add).
//
// # Protocol
//
// An applier calls Begin before it acts, and Done with what the far end answered (an SMS's
// provider id, a post's "<channel>:<ts>") once it did. Begin returns what the ledger held
// before:
//
//   - LedgerNone: nothing was started; the key is now begun: act, then Done (or Forget).
//   - LedgerBegun: an earlier attempt began and did not finish: the work may or may not have
//     happened. SMS appliers do not send again (SMSApplier asks the staff member "may not have
//     been sent", with Send again; LateReplyApplier drops it); PostOnce looks for its key in
//     Slack (the post carries it in its metadata) and posts only if it is not there.
//   - LedgerDone: it happened; the record's Value says with what. Nothing is done again; the
//     applier reports it as done.
//
// Forget is for work that surely did not happen (the provider refused it before taking it, or
// was never reached): the key goes back to none, and the worker's retry starts from scratch.
//
// # Keys
//
// A key names one piece of work, is unique per texter, and holds nothing of the number (a
// post's key is also in the post's Slack metadata). The keys, by applier:
//
//   - handoff post: "post:<handoff ref>"; value "<channel>:<ts>" of the post (it is also read
//     as where the thread is, before the commit that records the post).
//   - texter message, note in a thread: "in:<message id>", "plea:<message id>",
//     "consent:<message id>", "note:<message id>/flood"; value "<channel>:<ts>" of the reply.
//   - staff reply by SMS: "sms:<ts of the staff message>", one more "/again" per Send again;
//     notice to the texter: "close:", "transfer:", "afterhours:" or "hotline:" and the handoff's
//     ref; value the SMS's provider id.
//   - late reply from the backlog: "<message id>-late-<n>"; value the provider id.
//   - what a tipster adds to a tip: "add:<message id>"; value "<channel>:<ts>" of the reply.
//   - a tip's own post: the tip's code, kept on the tip itself (TipStore's BeginTipPost,
//     SetTipPosted; the slack applier adapts it to LedgerStore): a second store under the same
//     protocol, because a tip outlives its tipster's conversation.
//
// # Lifetimes
//
// The texter's ledger lives with their session: it is written only while the session exists
// (after an erasure or expiry Begin and Done write nothing and return ErrConversationGone, so
// nothing of an erased texter comes back), it is renewed by every commit (SessionTTL, 72 h),
// and erasure deletes it. So it never expires before its session, which is what at most once
// needs: an effect is applied only while its conversation exists (every applier does nothing
// for a gone one), and for all that time the ledger answers for it. The other lifetimes:
//
//   - the outbox worker retries an effect for at most its MaxAge after the commit (6 h; tips as
//     long as they are kept). MaxAge <= SessionTTL, so that a retry comes while the conversation
//     that made the effect still exists; a later one would find it gone and drop the effect:
//     never done twice, but perhaps never done.
//   - a handled inbound message's dedupe record lives DedupeTTL (24 h) from when it was handled,
//     not renewed: a provider's redelivery within it commits nothing. Effect keys are named from
//     the message's id, so a redelivery after that, while the session lives on (DedupeTTL <=
//     SessionTTL, and the session is renewed by every message), is stopped by the ledger: the
//     dedupe is the first guard, the ledger the one that lasts as long as the conversation.
//   - the Slack reconciler relays missed staff replies of the last Window (12 h), deduplicated
//     by their Slack ts (DedupeTTL). Window < DedupeTTL, so a reply found again is stopped by
//     its dedupe record before the desk acts on it twice; its SMS, keyed by the same ts, would be
//     stopped by the ledger besides.
//   - a tip's post record lives as long as the tip (TipRetention, 30 days), which is also its
//     effects' MaxAge; an addition's record is in the tipster's ledger, and after the tipster
//     erased their data the tip's Slack thread is its record (see Crashes).
//
// # Crashes
//
// What a crash (or a lost write) between two steps leads to:
//
//   - before Begin: nothing happened; the retry does the work once.
//   - between Begin and the send or post: the key is begun and nothing went out. An SMS is then
//     never sent by itself: the staff member is told it may not have been sent and can Send
//     again (a notice is noted, without a button; a late reply is dropped). A post is looked for,
//     not found, and made once.
//   - between the send or post and Done: it went out, the key is begun. An SMS is not sent
//     again: staff are told it may not have been sent (it was). A post is found by its key and
//     recorded; not posted twice. It is posted twice only if Slack cannot show it: more than
//     2,000 messages in the channel or thread since the effect, or the post's metadata lost.
//   - between Done and the outbox's ack: the retry finds it done and only reports it again
//     (the status-callback record, the check on the staff message: both idempotent).
//   - a refusal, then a failed Forget: the key stays begun, and the retry asks the staff member
//     rather than risk a second SMS.
//   - an erasure while a post or send is in flight: Done returns ErrConversationGone; the
//     post is redacted by the Erased effect, the SMS is not reported.
//   - a tip addition after its tipster's erasure: it has no ledger, so it is always handled as
//     begun: looked for in the tip's thread (its key is in the post's metadata) and posted only
//     if it is not there. A crash between the post and the ack finds it and posts nothing.
type Ledger struct {
	store LedgerStore
}

// LedgerStore keeps a Ledger's records. DeskStore implements it for the texter's ledger
// (integrations/memory and integrations/redis; storetest.RunDesk is its contract).
type LedgerStore interface {
	// Ledger reads what is recorded for the texter under key.
	Ledger(ctx context.Context, texter, key string) (value string, state LedgerState, err error)
	// BeginLedger records key as begun, unless something is recorded already.
	BeginLedger(ctx context.Context, texter, key string) error
	// SetLedger records key as done with value.
	SetLedger(ctx context.Context, texter, key, value string) error
	// ForgetLedger drops what is recorded under key.
	ForgetLedger(ctx context.Context, texter, key string) error
}

// LedgerRecord is what the ledger holds for a key.
type LedgerRecord struct {
	State LedgerState
	Value string // when State is LedgerDone: what the far end answered
}

// NewLedger returns the ledger kept in store.
func NewLedger(store LedgerStore) Ledger {
	return Ledger{store: store}
}

// Check returns what the ledger holds for the texter's key, without changing it.
func (l Ledger) Check(ctx context.Context, texter, key string) (LedgerRecord, error) {
	value, state, err := l.store.Ledger(ctx, texter, key)
	return LedgerRecord{State: state, Value: value}, err
}

// Begin records that the work for key starts, unless the ledger knew of it already, and returns
// what it held before (see the protocol above). ErrConversationGone: the texter's session is
// gone, and nothing is to be done for them.
func (l Ledger) Begin(ctx context.Context, texter, key string) (LedgerRecord, error) {
	rec, err := l.Check(ctx, texter, key)
	if err != nil || rec.State != LedgerNone {
		return rec, err
	}
	return rec, l.store.BeginLedger(ctx, texter, key)
}

// Done records that the work for key happened, with what the far end answered.
// ErrConversationGone: the session went while it was under way; nothing was recorded.
func (l Ledger) Done(ctx context.Context, texter, key, value string) error {
	return l.store.SetLedger(ctx, texter, key, value)
}

// Forget drops key: the work surely did not happen, and may be started again from scratch.
func (l Ledger) Forget(ctx context.Context, texter, key string) error {
	return l.store.ForgetLedger(ctx, texter, key)
}
