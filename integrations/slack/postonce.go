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
// worker crashes between the post and its acknowledgement, and returns where it is. The desk's
// ledger (bot.DeskStore) records that the post began and, once Slack answered, its thread; the
// message carries key in its metadata. A retry that finds the post begun but not recorded looks
// for the key in the channel's history since since (a minute of slack for clocks) before posting
// again. The handoff post uses it, and tips can: key must be unique per texter and hold nothing
// of the number (it is in Slack's metadata).
func PostOnce(ctx context.Context, api *slack.Client, ledger bot.DeskStore, texter, key, channel string,
	since time.Time, opts ...slack.MsgOption) (bot.Thread, error) {
	val, state, err := ledger.Ledger(ctx, texter, key)
	if err != nil {
		return bot.Thread{}, err
	}
	switch state {
	case bot.LedgerDone:
		return parseThread(val), nil
	case bot.LedgerBegun:
		ts, err := findPost(ctx, api, channel, key, since)
		if err != nil {
			return bot.Thread{}, err
		}
		if ts != "" {
			th := bot.Thread{Channel: channel, TS: ts}
			return th, ledger.SetLedger(ctx, texter, key, th.String())
		}
	default:
		if err := ledger.BeginLedger(ctx, texter, key); err != nil {
			return bot.Thread{}, err
		}
	}
	meta := slack.SlackMetadata{EventType: metaPost, EventPayload: map[string]any{"key": key}}
	ch, ts, err := api.PostMessageContext(ctx, channel, append(opts, slack.MsgOptionMetadata(meta))...)
	if err != nil {
		return bot.Thread{}, err
	}
	th := bot.Thread{Channel: ch, TS: ts}
	return th, ledger.SetLedger(ctx, texter, key, th.String())
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
		for _, m := range h.Messages {
			if m.Metadata.EventType == metaPost && m.Metadata.EventPayload["key"] == key {
				return m.Timestamp, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			break
		}
		p.Cursor = h.ResponseMetaData.NextCursor
	}
	return "", nil
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
