package slack

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/slack-go/slack"
)

// actionSay is the Prepared reply menu on a handoff post; each option's value is a reply's name.
const actionSay = "fd_say"

// guide answers /frontdoor guide [topic]: the coordinators' guidance of the running flows
// (guide/*.md), shown only to whoever asked.
func (in *Inbox) guide(topic string) slack.Msg {
	g := in.Desk.Flows().Guide()
	if len(g.Topics) == 0 {
		return slack.Msg{Text: "There is no guidance yet: coordinators write it in guide/ of the flows folder."}
	}
	t, ok := g.Topic(topic)
	if !ok {
		var b strings.Builder
		if topic != "" {
			b.WriteString("There is no topic called " + Escape(topic) + ".\n")
		}
		b.WriteString("*Guidance for staff*: `/frontdoor guide TOPIC`\n")
		for _, t := range g.Topics {
			b.WriteString("• `" + t.Name + "`: " + Escape(t.Title) + "\n")
		}
		return slack.Msg{Text: strings.TrimSpace(b.String())}
	}
	text := "*" + Escape(t.Title) + "*\n" + Mrkdwn(t.Body)
	var blocks []slack.Block
	for i, part := range splitText(text, maxBlockText) {
		blocks = append(blocks, section(part, "fd_guide_"+string(rune('a'+i))))
	}
	return slack.Msg{Text: t.Title, Blocks: slack.Blocks{BlockSet: blocks}}
}

// replies lists the prepared replies for /frontdoor say without a name.
func (in *Inbox) replies() string {
	set := in.Desk.Flows()
	g := set.Guide()
	if len(g.Replies) == 0 {
		return "There are no prepared replies: coordinators write them in guide/replies.yaml of the flows."
	}
	var b strings.Builder
	b.WriteString("*Prepared replies*: `/frontdoor say NAME` in the channel of the conversation you claimed, or the Prepared reply menu on its post. The texter gets it in their language.\n")
	for _, r := range g.Replies {
		b.WriteString("• `" + r.Name + "`: " + Escape(r.Text("en", set.Languages)) + "\n")
	}
	return strings.TrimSpace(b.String())
}

// sayCommand sends a prepared reply to the conversation the user claimed in this channel.
func (in *Inbox) sayCommand(ctx context.Context, sc slack.SlashCommand, name string) (slack.Msg, error) {
	if name == "" {
		return slack.Msg{Text: in.replies()}, nil
	}
	return in.actOnClaim(ctx, sc, bot.Action{Kind: bot.ActSay, Reply: name}, "the Prepared reply menu")
}

// actOnClaim does a on the one conversation the command's user claimed in its channel; with none
// or several it says so (with several, to use instead what on the post of the one they mean).
func (in *Inbox) actOnClaim(ctx context.Context, sc slack.SlashCommand, a bot.Action, what string) (slack.Msg, error) {
	mine, err := in.myClaims(ctx, sc)
	if err != nil {
		return slack.Msg{}, err
	}
	switch len(mine) {
	case 0:
		return slack.Msg{Text: "You have no claimed conversation in this channel: claim one first."}, nil
	case 1:
		a.ID, a.Thread, a.User = "cmd:"+sc.UserID+":"+sc.TriggerID, mine[0].Thread, sc.UserID
		out, err := in.Desk.Act(ctx, a)
		if err != nil {
			return slack.Msg{}, err
		}
		return slack.Msg{Text: out.Say}, nil
	}
	return slack.Msg{Text: "You have claimed several conversations in this channel: use " + what + " on the post of the one you mean."}, nil
}

// actionRefer is a Send button of the providers the owner was shown (value: the thread's ts and
// the provider's id), and, without a provider, the post's Refer button.
const actionRefer = "fd_refer"

// referCommand lists the providers for the conversation the user claimed in this channel:
// /frontdoor refer [SERVICE] [STATE]. The list, with a Send button for each, is shown in the
// conversation's thread.
func (in *Inbox) referCommand(ctx context.Context, sc slack.SlashCommand, args []string) (slack.Msg, error) {
	a := bot.Action{Kind: bot.ActRefer}
	if len(args) > 0 {
		a.Service = args[0]
	}
	if len(args) > 1 {
		a.State = args[1]
	}
	return in.actOnClaim(ctx, sc, a, "Refer")
}

// referButtons are the Send buttons of an OfferRefer notice.
func referButtons(offer string, th bot.Thread) []slack.BlockElement {
	ids, _ := strings.CutPrefix(offer, bot.OfferRefer+":")
	var out []slack.BlockElement
	for _, id := range strings.Split(ids, ",") {
		if id != "" {
			out = append(out, button(actionRefer, "Send "+id, th.TS+" "+id))
		}
	}
	return out
}

// replyMenu is the Prepared reply menu of a claimed handoff post.
func replyMenu(names []string) slack.BlockElement {
	var opts []*slack.OptionBlockObject
	for _, n := range names {
		opts = append(opts, slack.NewOptionBlockObject(n, plain(n), nil))
	}
	return slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Prepared reply…"), actionSay, opts...)
}

// replyNames are the running flows' prepared replies, for the post's menu (Slack takes 100).
func replyNames(g *flows.Guide) []string {
	var out []string
	for _, r := range g.Replies {
		if len(out) == 100 {
			break
		}
		out = append(out, r.Name)
	}
	return out
}

var (
	mdBold    = regexp.MustCompile(`\*\*([^*\n]+)\*\*`)
	mdLink    = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^)\s]+)\)`)
	mdHeading = regexp.MustCompile(`(?m)^#{1,6} +(.+)$`)
	mdBullet  = regexp.MustCompile(`(?m)^(\s*)[-*] `)
	mdQuote   = regexp.MustCompile(`(?m)^&gt; ?`)
)

// Mrkdwn turns the Markdown of a guidance file (coordinators' text) into Slack mrkdwn: escaped
// first, so that it can mention or link nothing by accident; then **bold**, headings, bullets,
// quotes and [links](https://...).
func Mrkdwn(md string) string {
	s := Escape(md)
	s = mdHeading.ReplaceAllString(s, "*$1*")
	s = mdBold.ReplaceAllString(s, "*$1*")
	s = mdLink.ReplaceAllString(s, "<$2|$1>")
	s = mdBullet.ReplaceAllString(s, "$1• ")
	s = mdQuote.ReplaceAllString(s, "> ")
	return s
}

// splitText cuts text into parts of at most n characters, at line breaks where it can.
func splitText(text string, n int) []string {
	var out []string
	for utf8.RuneCountInString(text) > n {
		r := []rune(text)
		cut := strings.LastIndex(string(r[:n]), "\n")
		if cut <= 0 {
			cut = len(string(r[:n]))
		}
		out = append(out, text[:cut])
		text = strings.TrimLeft(text[cut:], "\n")
	}
	return append(out, text)
}

// myClaims are the conversations the user of a slash command claimed in its channel.
func (in *Inbox) myClaims(ctx context.Context, sc slack.SlashCommand) ([]bot.Claim, error) {
	claims, err := in.Desk.Claims(ctx)
	if err != nil {
		return nil, err
	}
	var mine []bot.Claim
	for _, c := range claims {
		if c.Owner == sc.UserID && c.Thread.Channel == sc.ChannelID {
			mine = append(mine, c)
		}
	}
	return mine, nil
}
