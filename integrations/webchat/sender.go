package webchat

import (
	"context"
	"fmt"
	"strings"

	"github.com/nhttf/frontdoor/bot"
)

// Sender delivers what staff send a web chat visitor: it puts it in the visitor's mailbox, where
// the page's poll finds it. A visitor whose page is closed gets nothing (bot.ErrVisitorLeft).
// It implements bot.Sender for "web:" addresses; wrap it in bot.GuardedSender, as for SMS.
type Sender struct {
	Keys    *bot.Keys
	Mailbox bot.Mailbox
}

var _ bot.Sender = Sender{}

// Send implements bot.Sender.
func (s Sender) Send(ctx context.Context, to, body, _ string) (string, error) {
	if bot.ChannelOf(to) != bot.ChannelWeb || !validToken(strings.TrimPrefix(to, addressPrefix)) {
		return "", &bot.PermanentError{Code: "not_web_chat", Err: fmt.Errorf("not a web chat address")}
	}
	texter := s.Keys.TexterKey(bot.ChannelWeb, to)
	present, err := s.Mailbox.Present(ctx, texter)
	switch {
	case err != nil:
		return "", err
	case !present:
		return "", bot.ErrVisitorLeft
	}
	seq, err := s.Mailbox.Post(ctx, texter, body)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("web-%d", seq), nil
}
