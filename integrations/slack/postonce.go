package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
)

// PostOnce posts a top-level message to channel at most once for (texter, key), even if the
// worker crashes between the post and its acknowledgement, and returns where it is. The ledger
// (bot.Ledger, which has the contract: the texter's, or a tip's post record) records that the
// post began and, once Slack answered, its thread; the message carries key in its metadata. A retry that finds the post begun but not recorded looks for the key in the
// channel's history since since (a minute of slack for clocks) before posting again. The handoff
// post and the tip post use it: key must be unique per texter and hold nothing of the number (it
// is in Slack's metadata).
func PostOnce(ctx context.Context, api *slack.Client, ledger bot.Ledger, texter, key, channel string,
	since time.Time, opts ...slack.MsgOption) (bot.Thread, error) {
	find := func() (string, error) { return findPost(ctx, api, channel, key, since) }
	return postOnce(ctx, api, ledger, texter, key, channel, find, opts, slack.SlackMetadata{EventType: metaPost})
}

// PostOnceInThread is PostOnce for a reply in thread th; it returns the reply's channel and ts.
// After a crash it looks for the key among the thread's replies.
func PostOnceInThread(ctx context.Context, api *slack.Client, ledger bot.Ledger, texter, key string, th bot.Thread,
	since time.Time, opts ...slack.MsgOption) (bot.Thread, error) {
	return postOnceInThread(ctx, api, ledger, texter, key, th, since, slack.SlackMetadata{EventType: metaPost}, opts)
}

// postOnceInThread is PostOnceInThread with the message's metadata: meta gains the key.
func postOnceInThread(ctx context.Context, api *slack.Client, ledger bot.Ledger, texter, key string, th bot.Thread,
	since time.Time, meta slack.SlackMetadata, opts []slack.MsgOption) (bot.Thread, error) {
	find := func() (string, error) { return findReply(ctx, api, th, key, since) }
	return postOnce(ctx, api, ledger, texter, key, th.Channel, find, append(opts, slack.MsgOptionTS(th.TS)), meta)
}

func postOnce(ctx context.Context, api *slack.Client, ledger bot.Ledger, texter, key, channel string,
	find func() (string, error), opts []slack.MsgOption, meta slack.SlackMetadata) (bot.Thread, error) {
	before, err := ledger.Begin(ctx, texter, key)
	if err != nil {
		return bot.Thread{}, err
	}
	switch before.State {
	case bot.LedgerDone:
		return parseThread(before.Value), nil
	case bot.LedgerBegun: // posted, perhaps, before a crash: look for it
		ts, err := find()
		if err != nil {
			return bot.Thread{}, err
		}
		if ts != "" {
			th := bot.Thread{Channel: channel, TS: ts}
			return th, ledger.Done(ctx, texter, key, th.String())
		}
	}
	payload := map[string]any{"key": key}
	for k, v := range meta.EventPayload {
		payload[k] = v
	}
	meta.EventPayload = payload
	ch, ts, err := api.PostMessageContext(ctx, channel, append(opts, slack.MsgOptionMetadata(meta))...)
	if err != nil {
		return bot.Thread{}, err
	}
	th := bot.Thread{Channel: ch, TS: ts}
	return th, ledger.Done(ctx, texter, key, th.String())
}

// findPost looks for the app's post carrying key in the channel since a time; "" if none.
func findPost(ctx context.Context, api *slack.Client, channel, key string, since time.Time) (string, error) {
	p := &slack.GetConversationHistoryParameters{ChannelID: channel, Oldest: slackTS(since.Add(-time.Minute)),
		Limit: 200, IncludeAllMetadata: true}
	for range 10 {
		h, err := api.GetConversationHistoryContext(ctx, p)
		if err != nil {
			return "", fmt.Errorf("error reading the channel to find a post: %w", err)
		}
		if ts := withKey(h.Messages, key); ts != "" {
			return ts, nil
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			break
		}
		p.Cursor = h.ResponseMetaData.NextCursor
	}
	return "", nil
}

// findReply looks for the app's reply carrying key in a thread since a time; "" if none.
func findReply(ctx context.Context, api *slack.Client, th bot.Thread, key string, since time.Time) (string, error) {
	p := &slack.GetConversationRepliesParameters{ChannelID: th.Channel, Timestamp: th.TS,
		Oldest: slackTS(since.Add(-time.Minute)), Limit: 200, IncludeAllMetadata: true}
	for range 10 {
		msgs, more, cursor, err := api.GetConversationRepliesContext(ctx, p)
		if err != nil {
			return "", fmt.Errorf("error reading a thread to find a reply: %w", err)
		}
		if ts := withKey(msgs, key); ts != "" {
			return ts, nil
		}
		if !more || cursor == "" {
			break
		}
		p.Cursor = cursor
	}
	return "", nil
}

// withKey returns the ts of the app's message carrying key in its metadata; "" if none.
func withKey(msgs []slack.Message, key string) string {
	for _, m := range msgs {
		if (m.Metadata.EventType == metaPost || m.Metadata.EventType == metaTexter) && m.Metadata.EventPayload["key"] == key {
			return m.Timestamp
		}
	}
	return ""
}

// parseThread reads Thread.String.
func parseThread(s string) bot.Thread {
	ch, ts, _ := strings.Cut(s, ":")
	return bot.Thread{Channel: ch, TS: ts}
}

// slackTS writes a time as a Slack ts.
func slackTS(t time.Time) string {
	return strconv.FormatInt(t.Unix(), 10) + "." + fmt.Sprintf("%06d", t.Nanosecond()/1000)
}
